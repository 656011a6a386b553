// A Web Push service on a local port, as a browser vendor runs one: takes messages for the
// subscriptions the test created (with their own keys), checks the application server's VAPID
// signature (RFC 8292) and decrypts each message (RFC 8291, aes128gcm) with the subscription's
// private key, so a test sees exactly what a browser would get.

import { createDecipheriv, createECDH, createHmac, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

export interface ReceivedPush {
  subscription: string;
  ttl: number;
  urgency?: string;
  topic?: string;
  /** The decrypted message, parsed. */
  message: any;
  vapid: { subject: string; publicKey: string };
}

export interface TestSubscription {
  id: string;
  /** What a browser sends to the application server: `PushSubscription.toJSON()`. */
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188 §2: the content-encryption key and nonce, then AES-128-GCM of one record. */
export function decryptPush(body: Buffer, browser: ECDH, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const keyIdLength = body[20];
  const serverPublic = body.subarray(21, 21 + keyIdLength);
  const record = body.subarray(21 + keyIdLength);
  const prkKey = hmac(auth, browser.computeSecret(serverPublic));
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.getPublicKey(), serverPublic]);
  const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(-16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('the last record does not end with the 0x02 delimiter');
  return padded.subarray(0, end);
}

async function verifyVapid(authorization: string | undefined, audience: string): Promise<ReceivedPush['vapid']> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`no VAPID authorization: ${authorization}`);
  const [, token, key] = match;
  const point = Buffer.from(key, 'base64url');
  const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') };
  if (decodeProtectedHeader(token).alg !== 'ES256') throw new Error('VAPID tokens are ES256');
  const { payload } = await jwtVerify(token, await importJWK(jwk, 'ES256'), { audience });
  if (!payload.exp || payload.exp - Date.now() / 1000 > 24 * 3600) throw new Error('a VAPID token lives at most 24 hours');
  return { subject: String(payload.sub), publicKey: key };
}

export class TestPushService {
  readonly received: ReceivedPush[] = [];
  /** Problems with what the application server sent (bad signature, undecryptable): none is expected. */
  readonly faults: string[] = [];
  private readonly browsers = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  /** Subscription id → the statuses to answer with, in turn, before 201. */
  private readonly answers = new Map<string, number[]>();
  private readonly gone = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<TestPushService> {
    let service!: TestPushService;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void service.take(req.url ?? '', req.headers, Buffer.concat(chunks)).then(([status]) => res.writeHead(status).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    service = new TestPushService(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return service;
  }

  /** A new browser's subscription: its keys are kept here to decrypt what it is sent. */
  subscribe(): TestSubscription {
    const id = randomBytes(8).toString('hex');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.browsers.set(id, { ecdh, auth });
    return { id, json: { endpoint: `${this.origin}/push/${id}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
  }

  /** The next sends to `id` get these statuses, then 201 again. */
  answerWith(id: string, statuses: number[]): void {
    this.answers.set(id, [...statuses]);
  }

  /** The browser unsubscribed: the push service answers 410 from now on. */
  unsubscribe(id: string): void {
    this.gone.add(id);
  }

  receivedBy(id: string): ReceivedPush[] {
    return this.received.filter((push) => push.subscription === id);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async take(path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<[number]> {
    const id = /^\/push\/([0-9a-f]+)$/.exec(path)?.[1];
    const browser = id && this.browsers.get(id);
    if (!id || !browser) return [404];
    if (this.gone.has(id)) return [410];
    const queued = this.answers.get(id);
    if (queued?.length) return [queued.shift()!];
    try {
      if (headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${headers['content-encoding']}`);
      const vapid = await verifyVapid(headers.authorization as string | undefined, this.origin);
      const message = JSON.parse(decryptPush(body, browser.ecdh, browser.auth).toString('utf8'));
      const ttl = Number(headers.ttl);
      if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`TTL ${headers.ttl}`);
      this.received.push({ subscription: id, ttl, urgency: headers.urgency as string | undefined, topic: headers.topic as string | undefined, message, vapid });
      return [201];
    } catch (error) {
      this.faults.push(`${id}: ${(error as Error).message}`);
      return [400];
    }
  }
}
