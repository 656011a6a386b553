import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { ServerConfig } from '../../server/app.js';
import { parseOutboundAllow } from '../../server/net/address-policy.js';
import type { WebhookEvent } from '../../server/protocol.js';
import type { WebhookAttempt, WebhookDeadLetter, WebhookView } from '../../server/webhooks/endpoint.js';
import { ajel } from '../harness/cli.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, publish, SPORT_EDITOR_KEY, startNode, waitFor, type RunningNode } from '../harness/server.js';

interface Received {
  id: string;
  event: WebhookEvent;
  /** The answer this request got. */
  status: number;
}

/**
 * A receiver as a customer would write one: it verifies every request's signature with the
 * standardwebhooks library (a request that does not verify is answered 401 and counted), answers
 * what `answer` says, and handles each `webhook-id` once.
 */
class Receiver {
  readonly requests: Received[] = [];
  readonly unverified: string[] = [];
  /** Handled events, repeats of a `webhook-id` dropped, as the README tells receivers to. */
  readonly handled: Received[] = [];
  answer: (request: number) => number | Promise<number> = () => 200;
  secret = '';
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(host = '127.0.0.1', onRequest?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = createServer((req, res) => {
      if (onRequest?.(req, res)) return;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void receiver!.take(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new Receiver(server, `http://${host}:${port}/hooks`);
    return receiver;
  }

  private async take(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    let event: WebhookEvent;
    try {
      event = new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as WebhookEvent;
    } catch (error) {
      this.unverified.push((error as Error).message);
      res.writeHead(401).end();
      return;
    }
    const id = String(req.headers['webhook-id']);
    const status = await this.answer(this.requests.length);
    const received = { id, event, status };
    this.requests.push(received);
    if (status >= 200 && status < 300 && !this.handled.some((seen) => seen.id === id)) this.handled.push(received);
    res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const FAST_RETRIES: Partial<NonNullable<ServerConfig['webhooks']>> = { retryBaseMs: 30, retryMaxMs: 100, maxAttempts: 4, disableAfterDeadLetters: 2, leaseMs: 1000, timeoutMs: 3000 };
const LOCAL: Partial<ServerConfig> = { outboundAllow: parseOutboundAllow(['127.0.0.1']), webhooks: FAST_RETRIES };

async function call(node: RunningNode, method: string, path: string, body?: unknown, key = EDITOR_KEY) {
  const response = await fetch(`${node.url}${path}`, { method, headers: authHeaders(key), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function register(node: RunningNode, receiver: Receiver, channels: string[]): Promise<WebhookView> {
  const created = await call(node, 'POST', '/api/webhooks', { url: receiver.url, channels, description: 'newsroom bot' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.equal(created.body.webhook.secret, undefined, 'the secret is shown once, beside the endpoint');
  receiver.secret = created.body.secret;
  return created.body.webhook;
}

const headlineIdOf = (event: WebhookEvent) => (event.type === 'resync' || event.type === 'ping' ? undefined : event.data.id);
const summary = (events: Received[]) => events.map(({ event }) => `${event.type}:${headlineIdOf(event) ?? ''}`);

async function publishText(node: RunningNode, channel: string, text: string): Promise<string> {
  const published = await publish(node.url, channel, { text });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  return published.body.headline.id;
}

describe('webhooks: every change, signed, in order', () => {
  let node: RunningNode;
  let receiver: Receiver;
  before(async () => {
    receiver = await Receiver.start();
    node = await startNode({ config: LOCAL, limits: { maxHeadlines: 2 } });
  });
  after(async () => {
    await node.close();
    await receiver.close();
  });

  it('POSTs publish, update, retract, expire and evict to the endpoint, each verified with its secret, with the change in data', async () => {
    const endpoint = await register(node, receiver, ['ar-main']);
    assert.deepEqual([endpoint.channels, endpoint.enabled, endpoint.failures], [['ar-main'], true, 0]);
    await publishText(node, 'en-world', 'not a channel of the endpoint');
    const a = await publishText(node, 'ar-main', 'أ');
    const b = await publishText(node, 'ar-main', 'ب');
    assert.equal((await call(node, 'PATCH', `/api/channels/ar-main/headlines/${a}`, { text: 'أ مصحح' })).status, 200);
    assert.equal((await call(node, 'DELETE', `/api/channels/ar-main/headlines/${b}`)).status, 200);
    const now = new Date().toISOString();
    await node.store.publish('ar-main', { id: 'soon-gone', text: 'ج', urgent: false, lang: 'ar', dir: 'rtl', publishedAt: now, updatedAt: now, expiresAt: new Date(Date.now() + 100).toISOString(), rev: 1 }, { actor: 'test' });
    await waitFor(() => receiver.handled.some(({ event }) => event.type === 'expire'), 5000, 'the expiry');
    const d = await publishText(node, 'ar-main', 'د');
    const e = await publishText(node, 'ar-main', 'هـ');
    await waitFor(() => receiver.handled.length === 9, 5000, 'nine events');
    assert.deepEqual(summary(receiver.handled), [
      `publish:${a}`, `publish:${b}`, `update:${a}`, `retract:${b}`, 'publish:soon-gone', 'expire:soon-gone', `publish:${d}`, `publish:${e}`, `evict:${a}`,
    ]);
    assert.deepEqual(receiver.unverified, []);
    assert.equal(receiver.requests.length, 9, 'each once');
    const update = receiver.handled[2].event;
    assert.equal(update.type, 'update');
    if (update.type === 'update') assert.equal(update.data.headline?.text, 'أ مصحح');
    const cursors = receiver.handled.map(({ event }) => (event.data as { cursor: string }).cursor);
    assert.deepEqual(receiver.handled.map(({ id }) => id), cursors.map((cursor) => `msg_ar-main_${cursor}`), 'the webhook-id is derived from the change');
  });

  it('refuses a forged signature at the receiver: the secret is what signs', async () => {
    const other = await Receiver.start();
    try {
      await register(node, other, ['en-world']);
      other.secret = 'whsec_' + Buffer.from('not the secret at all').toString('base64');
      await publishText(node, 'en-world', 'signed with the real secret');
      await waitFor(() => other.unverified.length > 0, 5000, 'a refused signature');
      assert.deepEqual(other.handled, []);
    } finally {
      await other.close();
    }
  });
});

describe('webhooks: retries, restarts and two nodes on one Redis', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start();
  });
  after(() => redis.destroy());

  it('retries an event the receiver answers 500 to, with the same webhook-id, and then delivers every event in order', async () => {
    const receiver = await Receiver.start();
    const node = await startNode({ redisUrl: redis.url, config: LOCAL });
    try {
      receiver.answer = (request) => (request < 3 ? 500 : 200);
      await register(node, receiver, ['ar-sport', 'ar-main']);
      const ids = [];
      for (const [channel, text] of [['ar-sport', 'one'], ['ar-main', 'two'], ['ar-sport', 'three'], ['ar-main', 'four']]) ids.push(await publishText(node, channel, text));
      await waitFor(() => receiver.handled.length === 4, 10_000, 'all four');
      assert.deepEqual(summary(receiver.handled), ids.map((id) => `publish:${id}`), 'in order across the channels');
      assert.deepEqual(receiver.requests.slice(0, 4).map(({ id }) => id), Array(4).fill(receiver.handled[0].id), 'the failed event was retried as itself');
      assert.equal(receiver.requests.length, 3 + 4, 'nothing sent twice once answered 2xx');
      const webhook = (await call(node, 'GET', '/api/webhooks')).body.webhooks[0] as WebhookView;
      assert.equal(webhook.failures, 0);
      assert.equal(webhook.failingSince, undefined, 'the failure is over');
      const { attempts } = (await call(node, 'GET', `/api/webhooks/${webhook.id}/deliveries`)).body as { attempts: WebhookAttempt[] };
      assert.deepEqual(attempts.slice(-4).map((attempt) => [attempt.attempt, attempt.ok, attempt.status]), [[4, true, 200], [3, false, 500], [2, false, 500], [1, false, 500]]);
    } finally {
      await node.close();
      await receiver.close();
      await cleanUp(redis);
    }
  });

  it('keeps going after a node stops mid-way and another starts: the event in flight is sent again as itself, the rest once', async () => {
    const receiver = await Receiver.start();
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = await startNode({ redisUrl: redis.url, config: LOCAL });
    let second: RunningNode | undefined;
    try {
      // The third event is held until the first node is gone; its answer then reaches no one.
      receiver.answer = async (request) => {
        if (request === 2) await held;
        return 200;
      };
      await register(first, receiver, ['ar-main']);
      const ids = [];
      for (const text of ['1', '2', '3', '4', '5']) ids.push(await publishText(first, 'ar-main', text));
      await waitFor(() => receiver.requests.length === 2, 5000, 'two delivered');
      // Its store goes first, as in a crash: the node cannot move its cursor past the event in flight.
      await first.store.close();
      const stopped = first.server.close();
      release!();
      await stopped;
      second = await startNode({ redisUrl: redis.url, config: LOCAL });
      await waitFor(() => receiver.handled.length === 5, 10_000, 'the other three');
      assert.deepEqual(summary(receiver.handled), ids.map((id) => `publish:${id}`));
      const sent = receiver.requests.map(({ id }) => id);
      assert.deepEqual(sent.filter((id, i) => sent.indexOf(id) !== i), [receiver.handled[2].id], 'only the event in flight came twice');
    } finally {
      release!();
      await second?.close();
      await receiver.close();
      await cleanUp(redis);
    }
  });

  it('delivers each event once with two nodes sharing the endpoint', async () => {
    const receiver = await Receiver.start();
    const [a, b] = await Promise.all([startNode({ redisUrl: redis.url, config: LOCAL }), startNode({ redisUrl: redis.url, config: LOCAL })]);
    try {
      await register(a, receiver, ['ar-main']);
      const ids = [];
      for (let n = 0; n < 12; n++) ids.push(await publishText(n % 2 ? a : b, 'ar-main', `n${n}`));
      await waitFor(() => receiver.handled.length === 12, 10_000, 'twelve');
      assert.deepEqual(summary(receiver.handled), ids.map((id) => `publish:${id}`));
      assert.equal(receiver.requests.length, 12, 'none twice');
    } finally {
      await Promise.all([a.close(), b.close()]);
      await receiver.close();
      await cleanUp(redis);
    }
  });
});

/** Removes the endpoints a test registered, so the next test's receiver is the only one. */
async function cleanUp(redis: TestRedis): Promise<void> {
  const node = await startNode({ redisUrl: redis.url, config: LOCAL });
  try {
    for (const webhook of (await call(node, 'GET', '/api/webhooks')).body.webhooks as WebhookView[]) {
      assert.equal((await call(node, 'DELETE', `/api/webhooks/${webhook.id}`)).status, 200);
    }
  } finally {
    await node.close();
  }
}

describe('webhooks: a trimmed log, dead letters, replays', () => {
  let node: RunningNode;
  let receiver: Receiver;
  before(async () => {
    receiver = await Receiver.start();
    node = await startNode({ config: LOCAL, limits: { logLength: 4 } });
  });
  after(async () => {
    await node.close();
    await receiver.close();
  });

  it('sends a resync with the channel as it is when the log was trimmed past the cursor, then the changes after it', async () => {
    const endpoint = await register(node, receiver, ['ar-sport']);
    assert.equal((await call(node, 'PATCH', `/api/webhooks/${endpoint.id}`, { enabled: false })).body.webhook.disabledReason, 'paused by alice');
    const missed = [];
    for (let n = 0; n < 6; n++) missed.push(await publishText(node, 'ar-sport', `missed ${n}`));
    const resumed = await call(node, 'POST', `/api/webhooks/${endpoint.id}/enable`);
    assert.equal(resumed.body.webhook.enabled, true);
    await waitFor(() => receiver.handled.length === 1, 5000, 'the resync');
    const after = await publishText(node, 'ar-sport', 'after the gap');
    await waitFor(() => receiver.handled.length === 2, 5000, 'the change after it');
    const [resync, next] = receiver.handled.map(({ event }) => event);
    assert.equal(resync.type, 'resync');
    if (resync.type === 'resync') {
      assert.equal(resync.data.channel, 'ar-sport');
      assert.deepEqual(resync.data.headlines.map((headline) => headline.id).sort(), [...missed].sort(), 'every live headline of the channel');
      assert.equal(receiver.handled[0].id, `msg_ar-sport_resync_${resync.data.cursor}`);
    }
    assert.deepEqual([next.type, headlineIdOf(next)], ['publish', after]);
  });

  it('gives an event up after its attempts into the dead letters, moves on, disables the endpoint after repeated failure, and replays the dead letters', async () => {
    const failing = await Receiver.start();
    try {
      failing.answer = () => 503;
      const endpoint = await register(node, failing, ['en-world']);
      const ids = [await publishText(node, 'en-world', 'first'), await publishText(node, 'en-world', 'second'), await publishText(node, 'en-world', 'third')];
      await waitFor(async () => !(await call(node, 'GET', `/api/webhooks/${endpoint.id}`)).body.webhook.enabled, 10_000, 'the endpoint disabled');
      const disabled = (await call(node, 'GET', `/api/webhooks/${endpoint.id}`)).body.webhook as WebhookView;
      assert.equal(disabled.disabledReason, '2 events in a row went to the dead letters');
      assert.equal(disabled.failures, 2);
      assert.equal(failing.requests.length, 2 * FAST_RETRIES.maxAttempts!, 'each event was tried maxAttempts times, the third not at all');
      const deliveries = (await call(node, 'GET', `/api/webhooks/${endpoint.id}/deliveries`)).body as { deadLetters: WebhookDeadLetter[] };
      assert.deepEqual(deliveries.deadLetters.map((letter) => [headlineIdOf(letter.event), letter.attempts, letter.lastStatus]), [[ids[1], 4, 503], [ids[0], 4, 503]]);

      failing.answer = () => 204;
      const replay = await call(node, 'POST', `/api/webhooks/${endpoint.id}/replay`);
      assert.deepEqual(replay.body, { webhook: endpoint.id, requeued: 2 });
      assert.equal((await call(node, 'POST', `/api/webhooks/${endpoint.id}/enable`)).status, 200);
      await waitFor(() => failing.handled.length === 3, 5000, 'the replays and the third');
      assert.deepEqual(summary(failing.handled), ids.map((id) => `publish:${id}`), 'the dead letters first, then on from the cursor');
      assert.deepEqual(failing.handled.slice(0, 2).map(({ id }) => id), deliveries.deadLetters.map((letter) => letter.eventId).reverse(), 'replayed as themselves');
      const enabled = (await call(node, 'GET', `/api/webhooks/${endpoint.id}`)).body.webhook as WebhookView;
      assert.deepEqual([enabled.enabled, enabled.failures, enabled.disabledReason], [true, 0, undefined]);
      assert.deepEqual((await call(node, 'GET', `/api/webhooks/${endpoint.id}/deliveries`)).body.deadLetters, []);

      const replayFrom = await call(node, 'POST', `/api/webhooks/${endpoint.id}/replay`, { channel: 'en-world', cursor: failing.handled[0].event.data && (failing.handled[0].event.data as { cursor: string }).cursor });
      assert.equal(replayFrom.status, 200, JSON.stringify(replayFrom.body));
      await waitFor(() => failing.requests.length === 2 * 4 + 3 + 2, 5000, 'the changes after that cursor again');
      assert.deepEqual(failing.requests.slice(-2).map(({ id }) => id), failing.handled.slice(1).map(({ id }) => id));
    } finally {
      await failing.close();
    }
  });

  it('sends a ping on test and reports what the receiver answered', async () => {
    const pinged = await Receiver.start();
    try {
      const endpoint = await register(node, pinged, ['ar-main']);
      pinged.answer = () => 418;
      const test = await call(node, 'POST', `/api/webhooks/${endpoint.id}/test`);
      assert.equal(test.status, 200);
      assert.equal(test.body.ok, false);
      assert.equal(test.body.status, 418);
      assert.equal(pinged.requests[0].event.type, 'ping');
      assert.deepEqual(pinged.requests[0].event.data, { endpoint: endpoint.id });
      const { attempts } = (await call(node, 'GET', `/api/webhooks/${endpoint.id}/deliveries`)).body as { attempts: WebhookAttempt[] };
      assert.deepEqual(attempts.map((attempt) => [attempt.type, attempt.status, attempt.eventId]), [['ping', 418, test.body.eventId]]);
    } finally {
      await pinged.close();
    }
  });
});

describe('webhooks: unsafe URLs and bad requests', () => {
  let open: RunningNode;
  let receiver: Receiver;
  before(async () => {
    receiver = await Receiver.start();
    open = await startNode({ config: { webhooks: FAST_RETRIES } });
  });
  after(async () => {
    await open.close();
    await receiver.close();
  });

  it('refuses an endpoint on a private address without AJEL_OUTBOUND_ALLOW, and http to a public host', async () => {
    for (const url of [receiver.url, receiver.url.replace('http:', 'https:'), 'https://localhost/hooks', 'https://[::1]/hooks', 'https://10.1.2.3/hooks', 'https://169.254.169.254/latest', 'http://example.com/hooks', 'ftp://example.com/x', 'not a url']) {
      const refused = await call(open, 'POST', '/api/webhooks', { url, channels: ['ar-main'] });
      assert.equal(refused.status, 422, `${url}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'unsafe_url');
      assert.equal(refused.body.error.field, 'url');
    }
    assert.deepEqual((await call(open, 'GET', '/api/webhooks')).body.webhooks, [], 'nothing was registered');
  });

  it('does not follow a redirect to a private address', async () => {
    const target = await Receiver.start();
    const redirecting = await Receiver.start('localhost', (_req, res) => {
      res.writeHead(307, { location: target.url }).end();
      return true;
    });
    const node = await startNode({ config: { outboundAllow: parseOutboundAllow(['localhost']), webhooks: FAST_RETRIES } });
    try {
      const created = await call(node, 'POST', '/api/webhooks', { url: redirecting.url, channels: ['ar-main'] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const test = await call(node, 'POST', `/api/webhooks/${created.body.webhook.id}/test`);
      assert.deepEqual([test.body.ok, test.body.status], [false, 307]);
      await publishText(node, 'ar-main', 'through a redirect');
      await waitFor(async () => (await call(node, 'GET', `/api/webhooks/${created.body.webhook.id}/deliveries`)).body.attempts.length >= 3, 5000, 'delivery attempts');
      assert.equal(target.requests.length + target.unverified.length, 0, 'the private address never got a request');
    } finally {
      await node.close();
      await redirecting.close();
      await target.close();
    }
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const allowed = await startNode({ config: LOCAL });
    try {
      const cases: Array<[unknown, number, string, string?]> = [
        [{ url: receiver.url, channels: ['no-such-channel'] }, 404, 'unknown_channel'],
        [{ url: receiver.url, channels: [] }, 400, 'invalid_field'],
        [{ url: receiver.url, channels: ['ar-main'], secret: 'mine' }, 400, 'unknown_field'],
        [{ channels: ['ar-main'] }, 400, 'invalid_field'],
        [{ url: receiver.url, channels: ['ar-main'] }, 403, 'forbidden', SPORT_EDITOR_KEY],
        [{ url: receiver.url, channels: ['ar-main'] }, 401, 'unauthorized', 'wrong-key'],
      ];
      for (const [body, status, code, key] of cases) {
        const refused = await call(allowed, 'POST', '/api/webhooks', body, key);
        assert.equal(refused.status, status, JSON.stringify([body, refused.body]));
        assert.equal(refused.body.error.code, code);
      }
      assert.deepEqual((await call(allowed, 'GET', '/api/webhooks')).body.webhooks, []);
      const sport = await call(allowed, 'POST', '/api/webhooks', { url: receiver.url, channels: ['ar-sport'] }, SPORT_EDITOR_KEY);
      assert.equal(sport.status, 201, 'an editor of a channel registers for it');
      const main = await call(allowed, 'POST', '/api/webhooks', { url: receiver.url, channels: ['ar-main'] });
      assert.deepEqual((await call(allowed, 'GET', '/api/webhooks', undefined, SPORT_EDITOR_KEY)).body.webhooks.map((w: WebhookView) => w.id), [sport.body.webhook.id], 'and sees only those of its channels');
      assert.equal((await call(allowed, 'GET', `/api/webhooks/${main.body.webhook.id}`, undefined, SPORT_EDITOR_KEY)).status, 404);
      assert.equal((await call(allowed, 'GET', '/api/webhooks/wh_0000000000000000')).status, 404);
      assert.equal((await call(allowed, 'PATCH', `/api/webhooks/${main.body.webhook.id}`, { url: 'https://10.0.0.1/x' })).status, 422);
      assert.equal((await call(allowed, 'PATCH', `/api/webhooks/${main.body.webhook.id}`, { channels: ['nope'] })).status, 404);
      assert.equal((await call(allowed, 'PATCH', `/api/webhooks/${main.body.webhook.id}`, { rev: 7, description: 'x' })).status, 409);
      assert.equal((await call(allowed, 'POST', `/api/webhooks/${main.body.webhook.id}/replay`, { channel: 'ar-sport', cursor: '1-0' })).status, 404);
      assert.equal((await call(allowed, 'POST', `/api/webhooks/${main.body.webhook.id}/replay`, { channel: 'ar-main', cursor: 'yesterday' })).status, 400);
      assert.equal((await call(allowed, 'GET', `/api/webhooks/${main.body.webhook.id}/deliveries?limit=5000`)).status, 400);
      const unchanged = (await call(allowed, 'GET', `/api/webhooks/${main.body.webhook.id}`)).body.webhook as WebhookView;
      assert.deepEqual([unchanged.url, unchanged.channels, unchanged.rev], [receiver.url, ['ar-main'], 1]);
      assert.deepEqual((await call(allowed, 'DELETE', `/api/webhooks/${main.body.webhook.id}`)).body, { removed: main.body.webhook.id });
      assert.equal((await call(allowed, 'GET', `/api/webhooks/${main.body.webhook.id}`)).status, 404);
    } finally {
      await allowed.close();
    }
  });
});

describe('ajel webhooks', () => {
  let node: RunningNode;
  let receiver: Receiver;
  before(async () => {
    receiver = await Receiver.start();
    node = await startNode({ config: LOCAL });
  });
  after(async () => {
    await node.close();
    await receiver.close();
  });

  it('adds an endpoint (the secret printed once), shows it, pings it, lists its deliveries, pauses, resumes and removes it', async () => {
    const env = { AJEL_SERVER: node.url, AJEL_KEY: EDITOR_KEY };
    const added = await ajel(['webhooks', 'add', '--channel', 'ar-main,en-world', receiver.url, '--description', 'CMS mirror', '--json'], env);
    assert.equal(added.code, 0, added.stderr);
    const { webhook, secret } = JSON.parse(added.stdout) as { webhook: WebhookView; secret: string };
    assert.deepEqual(webhook.channels, ['ar-main', 'en-world']);
    receiver.secret = secret;
    const shown = await ajel(['webhooks', 'show', webhook.id], env);
    assert.match(shown.stdout, new RegExp(`${webhook.id}  ${receiver.url.replace(/[/.]/g, '\\$&')}  ← ar-main, en-world`));
    assert.doesNotMatch(shown.stdout, /whsec_/, 'the secret is never shown again');
    const pinged = await ajel(['webhooks', 'test', webhook.id], env);
    assert.equal(pinged.code, 0, pinged.stderr);
    assert.match(pinged.stdout, /the endpoint took the ping msg_ping_/);
    assert.equal(receiver.handled.at(-1)?.event.type, 'ping', 'the receiver verified the ping with the printed secret');
    const deliveries = await ajel(['webhooks', 'deliveries', webhook.id], env);
    assert.match(deliveries.stdout, /msg_ping_\S+ +ping +try 1 +ok 200/);
    const paused = await ajel(['webhooks', 'pause', webhook.id], env);
    assert.match(paused.stdout, /paused/);
    assert.match((await ajel(['webhooks', 'list'], env)).stdout, new RegExp(`${webhook.id}  disabled: paused by alice`));
    await ajel(['webhooks', 'resume', webhook.id], env);
    await publishText(node, 'en-world', 'after the pause');
    await waitFor(() => receiver.handled.some(({ event }) => event.type === 'publish'), 5000, 'delivery after resuming');
    const removed = await ajel(['webhooks', 'remove', webhook.id], env);
    assert.equal(removed.code, 0);
    assert.match((await ajel(['webhooks', 'list'], env)).stdout, /no webhook endpoints yet/);
    const unknown = await ajel(['webhooks', 'show', 'wh_0000000000000000'], env);
    assert.notEqual(unknown.code, 0);
  });
});
