// The attackers: one process, one attack at a time, each from one address (X-Forwarded-For over
// loopback, which the node trusts), bounded in count and time and stopping by itself. Sockets are raw
// WebSockets speaking Engine.IO 4 / Socket.IO 5 by hand, so they can do what no stock client does:
// stop reading, send past any budget, ignore what they are told.

import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
import { ATTACK_SETTINGS, ATTACKER_ADDRESS, PRIVATE_CHANNEL, PUBLISHER_ADDRESS, type AttackName, type AttackOrder, type AttackReport, type AttackerMessage } from './messages.js';


const CONNECT_TIMEOUT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (message: AttackerMessage) => process.send!(message);
const wrongKey = () => `guess-${randomBytes(18).toString('base64url')}`;

class Tally {
  sent = 0;
  accepted = 0;
  refused = 0;
  disconnects = 0;
  errors = 0;
  bytesReceived = 0;
  readonly detail: Record<string, number> = {};
  private readonly samples = new Set<string>();

  count(key: string, by = 1): void {
    this.detail[key] = (this.detail[key] ?? 0) + by;
  }

  error(message: string): void {
    this.errors++;
    this.count(`error: ${message}`);
    if (this.samples.size < 5) this.samples.add(message);
  }

  report(attack: AttackName, elapsedMs: number): AttackReport {
    const { sent, accepted, refused, disconnects, errors, bytesReceived, detail } = this;
    return { kind: 'report', attack, elapsedMs, sent, accepted, refused, disconnects, errors, bytesReceived, detail, errorSamples: [...this.samples] };
  }
}

/** A Socket.IO connection spoken by hand over a raw WebSocket. */
class RawClient {
  bytes = 0;
  closed = false;
  /** Closed by us (terminate), as opposed to by the node. */
  ending = false;
  /** Socket.IO packets (the Engine.IO `4` stripped): `0…` connect, `1` disconnect, `3<id>[…]` ack, `4…` connect error. */
  onPacket: (packet: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      const text = data.toString();
      if (text === '2') this.send('3');
      else if (text[0] === '4') this.onPacket(text.slice(1));
    });
    ws.on('close', () => {
      this.closed = true;
      this.onClose();
    });
  }

  private get socket(): NetSocket {
    return (this.ws as unknown as { _socket: NetSocket })._socket;
  }

  /** Stops reading: what the node sends piles up in the kernel's buffers, then in the node's. */
  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  send(packet: string): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(packet);
    return true;
  }

  terminate(): void {
    this.ending = true;
    this.ws.terminate();
  }
}

type Connect = { ok: true; client: RawClient } | { ok: false; kind: 'refused' | 'connect_error' | 'error'; reason: string };

/** Handshakes (`/socket.io/?EIO=4&transport=websocket`, then `40` with the auth, if any) and waits for the namespace's answer. */
function connect(url: string, address: string, auth?: object): Promise<Connect> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers: { 'X-Forwarded-For': address },
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    const client = new RawClient(ws);
    let done = false;
    const finish = (result: Connect) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!result.ok) client.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, kind: 'error', reason: 'handshake timeout' }), CONNECT_TIMEOUT_MS);
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      finish({ ok: false, kind: 'refused', reason: `http ${res.statusCode}` });
    });
    ws.on('error', (error) => finish({ ok: false, kind: 'error', reason: error.message }));
    ws.on('open', () => client.send(auth ? `40${JSON.stringify(auth)}` : '40'));
    client.onPacket = (packet) => {
      if (packet[0] === '0') finish({ ok: true, client });
      else if (packet[0] === '4') finish({ ok: false, kind: 'connect_error', reason: /"message":"([^"]*)"/.exec(packet)?.[1] ?? packet.slice(0, 60) });
    };
    client.onClose = () => finish({ ok: false, kind: 'error', reason: 'closed during the handshake' });
  });
}

const subscribePacket = (id: number, channel: string) => `42${id}["subscribe",{"channel":"${channel}"}]`;
const unsubscribePacket = (id: number, channel: string) => `42${id}["unsubscribe","${channel}"]`;

/** An ack (`3<id>[result]`): its id and whether it said ok, else its error code. */
function parseAck(packet: string): { id: number; ok: boolean; code?: string; snapshot: boolean } | undefined {
  const match = /^3(\d+)\[\{"ok":(true|false)/.exec(packet);
  if (!match) return undefined;
  const ok = match[2] === 'true';
  const head = packet.slice(0, 200);
  return { id: Number(match[1]), ok, code: ok ? undefined : /"code":"([a-z_]+)"/.exec(head)?.[1], snapshot: head.includes('"mode":"snapshot"') };
}

function countAck(tally: Tally, ack: NonNullable<ReturnType<typeof parseAck>>): void {
  if (ack.ok) {
    tally.accepted++;
    if (ack.snapshot) tally.count('snapshots');
  } else {
    tally.refused++;
    tally.count(`ack ${ack.code}`);
  }
}

function countFailure(tally: Tally, result: Extract<Connect, { ok: false }>): void {
  if (result.kind === 'error') tally.error(result.reason);
  else {
    tally.refused++;
    tally.count(`${result.kind === 'refused' ? 'handshake' : 'connect_error'} ${result.reason}`);
  }
}

const waitUntil = (condition: () => boolean, timeoutMs: number) =>
  new Promise<void>((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => (condition() || performance.now() > deadline ? resolve() : setTimeout(check, 10));
    check();
  });

/**
 * 1. Sockets that stop reading and send subscribe/unsubscribe (each subscribe after an unsubscribe is
 * answered with a whole snapshot) far past any budget. They cannot see a disconnect while they do not
 * read, so each works in sessions: connect, stop reading, send for `sessionMs`, then read what came
 * (acks, a disconnect) and start again.
 */
async function floodPaused(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { sockets, eventsPerSecond, sessionMs } = ATTACK_SETTINGS.floodPaused;
  const worker = async () => {
    while (performance.now() < end) {
      const result = await connect(order.url, ATTACKER_ADDRESS);
      if (!result.ok) {
        countFailure(tally, result);
        await sleep(100);
        continue;
      }
      const { client } = result;
      tally.count('sessions');
      let cutOff = false;
      client.onPacket = (packet) => {
        const ack = parseAck(packet);
        if (ack) countAck(tally, ack);
        else if (packet[0] === '1') cutOff = true;
      };
      client.pause();
      const started = performance.now();
      const sessionEnd = Math.min(end, started + sessionMs);
      let id = 0;
      while (performance.now() < sessionEnd && !client.closed) {
        const due = Math.floor(((performance.now() - started) / 1000) * eventsPerSecond);
        for (; id < due; id++) {
          if (!client.send(id % 2 === 0 ? subscribePacket(id, order.channel) : unsubscribePacket(id, order.channel))) break;
          tally.sent++;
        }
        await sleep(10);
      }
      client.resume();
      await waitUntil(() => client.closed, 300);
      if (cutOff || (client.closed && !client.ending)) tally.disconnects++;
      tally.bytesReceived += client.bytes;
      client.terminate();
    }
  };
  await Promise.all(Array.from({ length: sockets }, worker));
}

/**
 * 2. One socket that reads its acks and subscribes/unsubscribes as fast as the node allows: the next
 * as soon as the last is answered, a short pause after each `rate_limited`; reconnects when cut off.
 */
async function floodReading(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { backoffMs } = ATTACK_SETTINGS.floodReading;
  while (performance.now() < end) {
    const result = await connect(order.url, ATTACKER_ADDRESS);
    if (!result.ok) {
      countFailure(tally, result);
      await sleep(backoffMs);
      continue;
    }
    const { client } = result;
    tally.count('connections');
    let waiting: ((ack: ReturnType<typeof parseAck>) => void) | undefined;
    client.onPacket = (packet) => {
      const ack = parseAck(packet);
      if (ack) waiting?.(ack);
    };
    client.onClose = () => waiting?.(undefined);
    let subscribed = false;
    for (let id = 0; performance.now() < end && !client.closed; id++) {
      const answered = new Promise<ReturnType<typeof parseAck>>((resolve) => {
        waiting = resolve;
        setTimeout(() => resolve(undefined), 5000);
      });
      if (!client.send(subscribed ? unsubscribePacket(id, order.channel) : subscribePacket(id, order.channel))) break;
      tally.sent++;
      const ack = await answered;
      if (!ack) {
        if (!client.closed) tally.error('no ack within 5 s');
        break;
      }
      countAck(tally, ack);
      if (ack.ok) subscribed = !subscribed;
      else if (ack.code === 'rate_limited') await sleep(backoffMs);
    }
    if (client.closed && !client.ending) tally.disconnects++;
    tally.bytesReceived += client.bytes;
    client.terminate();
  }
}

/** 3. Up to `connections` sockets from the one address, `inFlight` handshakes at a time, held open to the end. */
async function connectionFlood(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { connections, inFlight } = ATTACK_SETTINGS.connectionFlood;
  const held: RawClient[] = [];
  let attempts = 0;
  const lane = async () => {
    while (attempts < connections && performance.now() < end) {
      attempts++;
      tally.sent++;
      const result = await connect(order.url, ATTACKER_ADDRESS);
      if (!result.ok) {
        countFailure(tally, result);
        continue;
      }
      tally.accepted++;
      held.push(result.client);
      result.client.onClose = () => {
        if (!result.client.ending) tally.disconnects++;
      };
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  tally.count('held at the end', held.filter((client) => !client.closed).length);
  await sleep(end - performance.now());
  for (const client of held) {
    tally.bytesReceived += client.bytes;
    client.terminate();
  }
}

type HttpAnswer = { status: number; bytes: number } | { error: string };

function httpRequest(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = request({ host: hostname, port, method, path, headers, agent, timeout: 10_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, bytes }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}

function countHttp(tally: Tally, answer: HttpAnswer): void {
  if ('error' in answer) return tally.error(answer.error);
  tally.bytesReceived += answer.bytes;
  tally.count(`http ${answer.status}`);
  if (answer.status < 300) tally.accepted++;
  else tally.refused++;
}

/**
 * 4. Wrong keys from the honest publisher's own address: as bearer tokens on the API (`whoami`, a
 * publish), as `?key=` on a private channel's feed, and in Socket.IO handshakes (`auth: { key }`).
 */
async function keyGuessing(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { httpLoops, socketLoops } = ATTACK_SETTINGS.keyGuessing;
  const agent = new Agent({ keepAlive: true, maxSockets: httpLoops });
  const forwarded = { 'X-Forwarded-For': PUBLISHER_ADDRESS };
  const guesses = [
    () => ['GET', '/api/whoami', { ...forwarded, Authorization: `Bearer ${wrongKey()}` }] as const,
    () => ['POST', `/api/channels/${order.channel}/headlines`, { ...forwarded, Authorization: `Bearer ${wrongKey()}`, 'Content-Type': 'application/json' }, '{"text":"guess"}'] as const,
    () => ['GET', `/api/channels/${PRIVATE_CHANNEL}/feed.json?key=${wrongKey()}`, forwarded] as const,
  ];
  const httpLoop = async (lane: number) => {
    for (let round = lane; performance.now() < end; round++) {
      const [method, path, headers, body] = guesses[round % guesses.length]();
      tally.sent++;
      countHttp(tally, await httpRequest(agent, order.url, method, path, headers, body));
    }
  };
  const socketLoop = async () => {
    while (performance.now() < end) {
      tally.sent++;
      const result = await connect(order.url, PUBLISHER_ADDRESS, { key: wrongKey() });
      if (result.ok) {
        tally.accepted++;
        result.client.terminate();
      } else countFailure(tally, result);
    }
  };
  await Promise.all([...Array.from({ length: httpLoops }, (_, lane) => httpLoop(lane)), ...Array.from({ length: socketLoops }, socketLoop)]);
  agent.destroy();
}

/**
 * 5. Sockets that subscribe and never read again while headlines are published, and keep asking for
 * the snapshot (unsubscribe, subscribe) within the event budget, so what they leave unread grows
 * fast; a socket the node cuts off connects again.
 */
async function slowConsumer(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { sockets, eventsPerSecond } = ATTACK_SETTINGS.slowConsumer;
  const worker = async () => {
    while (performance.now() < end) {
      const result = await connect(order.url, ATTACKER_ADDRESS, { batches: true });
      if (!result.ok) {
        countFailure(tally, result);
        await sleep(500);
        continue;
      }
      const { client } = result;
      tally.accepted++;
      client.pause();
      for (let id = 0; performance.now() < end && !client.closed; id++) {
        if (!client.send(id % 2 === 0 ? subscribePacket(id, order.channel) : unsubscribePacket(id, order.channel))) break;
        tally.sent++;
        await sleep(1000 / eventsPerSecond);
      }
      if (client.closed && !client.ending) tally.disconnects++;
      client.terminate();
    }
  };
  await Promise.all(Array.from({ length: sockets }, worker));
}

/** 6. Anonymous reads of the channel's headlines, as fast as a few keep-alive loops go. */
async function readFlood(order: AttackOrder, tally: Tally, end: number): Promise<void> {
  const { loops } = ATTACK_SETTINGS.readFlood;
  const agent = new Agent({ keepAlive: true, maxSockets: loops });
  const loop = async () => {
    while (performance.now() < end) {
      tally.sent++;
      countHttp(tally, await httpRequest(agent, order.url, 'GET', `/api/channels/${order.channel}/headlines`, { 'X-Forwarded-For': ATTACKER_ADDRESS }));
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  agent.destroy();
}

const ATTACK_RUNNERS: Record<AttackName, (order: AttackOrder, tally: Tally, end: number) => Promise<void>> = {
  'subscribe-flood-paused': floodPaused,
  'subscribe-flood-reading': floodReading,
  'connection-flood': connectionFlood,
  'key-guessing': keyGuessing,
  'slow-consumer': slowConsumer,
  'http-read-flood': readFlood,
};

if (process.send) {
  process.on('message', async (order: AttackOrder | { kind: 'close' }) => {
    if (order.kind === 'close') return void process.disconnect();
    const tally = new Tally();
    const started = performance.now();
    try {
      await ATTACK_RUNNERS[order.attack](order, tally, started + order.durationMs);
    } catch (error) {
      tally.error(`attack failed: ${(error as Error).message}`);
    }
    send(tally.report(order.attack, performance.now() - started));
  });
  send({ kind: 'ready' });
}
