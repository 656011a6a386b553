import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { io } from 'socket.io-client';
import { createServer } from '../../server/app.js';
import { RedisStore } from '../../server/store/redis.js';
import { connectReader } from '../harness/reader.js';
import { TestRedis } from '../harness/redis.js';
import { EDITOR_KEY, PARTNER_KEY, publish, silentLogger, startNode, testConfig, waitFor, type RunningNode } from '../harness/server.js';

/** An Engine.IO long-polling client that can stop polling: the server then queues everything for it. */
class PollingClient {
  private sid = '';

  constructor(private readonly url: string) {}

  async open(): Promise<void> {
    const handshake = await this.get();
    this.sid = JSON.parse(handshake.slice(1)).sid;
    await this.post('40{"batches":true}');
    assert.match(await this.get(), /^40/);
  }

  async subscribe(channel: string): Promise<string> {
    await this.post(`420["subscribe",{"channel":"${channel}"}]`);
    return this.get();
  }

  async get(): Promise<string> {
    const response = await fetch(this.endpoint());
    return response.text();
  }

  private async post(body: string): Promise<void> {
    const response = await fetch(this.endpoint(), { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } });
    assert.equal(response.status, 200, await response.text());
  }

  private endpoint(): string {
    return `${this.url}/socket.io/?EIO=4&transport=polling${this.sid ? `&sid=${this.sid}` : ''}`;
  }
}

async function refusalsOf(node: RunningNode, budget: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`, { headers: { Authorization: 'Bearer metrics-key-123' } })).text();
  return Number(new RegExp(`^ajel_refusals_total\\{budget="${budget}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

const sockets = (node: RunningNode) => node.server.io.of('/').sockets.size;
const LONG_TEXT = 'خبر عاجل '.repeat(30).trim().slice(0, 270);

describe('the live edge under hostile clients', () => {
  let node: RunningNode;

  before(async () => {
    node = await startNode({
      config: { metricsKey: 'metrics-key-123', budgets: { socketEventsPerSecond: 5, socketBufferBytes: 32 * 1024, connectionsPerAddress: 50 } },
    });
  });
  after(async () => {
    await node.close();
  });

  it('disconnects a reader that leaves more than its buffer unread, while a reader that reads gets everything', async () => {
    const reader = await connectReader(node.url);
    await reader.subscribe('ar-main');
    const idle = new PollingClient(node.url);
    await idle.open();
    assert.match(await idle.subscribe('ar-main'), /^430\[\{"ok":true/);
    assert.equal(sockets(node), 2);

    const published: string[] = [];
    for (let i = 0; i < 80; i++) published.push((await publish(node.url, 'ar-main', { text: `${LONG_TEXT} ${i}` })).body.headline.id);

    await waitFor(() => sockets(node) === 1, 5000, 'the idle reader to be cut off');
    await waitFor(() => published.every((id) => reader.received.some((change) => change.type === 'publish' && change.id === id)), 5000, 'every headline at the reading reader');
    assert.ok(reader.socket.connected, 'the reader that reads stays connected');
    assert.ok((await refusalsOf(node, 'slow_consumer')) >= 1);
    reader.close();
  });

  it('answers events over the budget with rate_limited, then disconnects a socket that keeps going', async () => {
    const socket = io(node.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const answers: Array<{ ok: boolean; error?: { code: string } }> = [];
    // Answered before the flood: a subscribe's answer waits for the channel's snapshot, which the flood's disconnect would cut short.
    answers.push(await socket.timeout(5000).emitWithAck('subscribe', { channel: 'ar-sport' }));
    for (let i = 0; i < 30 && socket.connected; i++) {
      socket.emit('subscribe', { channel: 'ar-sport' }, (answer: (typeof answers)[number]) => answers.push(answer));
    }
    assert.equal(await disconnected, 'io server disconnect');
    assert.ok(answers.some((answer) => answer.ok), 'events within the budget are served');
    assert.ok(answers.some((answer) => answer.error?.code === 'rate_limited'), 'the first events over it are answered');
    assert.ok((await refusalsOf(node, 'socket_events')) >= 1);
    socket.close();
  });

  it('answers a repeat subscribe without a second snapshot', async () => {
    const reader = await connectReader(node.url);
    const first = await reader.subscribe('en-world');
    const again = await reader.subscribe('en-world');
    assert.equal(first.ok && first.mode, 'snapshot');
    assert.deepEqual(again.ok && again.mode === 'changes' ? again.changes : again, []);
    const other = await reader.subscribe('ar-sport');
    assert.equal(other.ok && other.mode, 'snapshot', 'a channel not yet watched still gets its snapshot');
    reader.close();
  });
});

describe('connection caps', () => {
  it('refuses the connection after the per-address cap with 429, while another address is served', async () => {
    const node = await startNode({ config: { metricsKey: 'metrics-key-123', budgets: { connectionsPerAddress: 3 } } });
    try {
      const readers = await Promise.all([1, 2, 3].map(() => connectReader(node.url)));
      const refused = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`);
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'too_many_connections');
      const elsewhere = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      assert.equal(elsewhere.status, 200, 'another client address behind the trusted proxy has its own share');

      const socket = io(node.url, { transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      assert.ok(error, 'a WebSocket handshake over the cap is refused too');
      socket.close();
      readers[0].close();
      await waitFor(async () => (await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`)).status === 200, 5000, 'a freed place');
      assert.ok((await refusalsOf(node, 'connections_per_address')) >= 2);
      for (const reader of readers) reader.close();
    } finally {
      await node.close();
    }
  });

  it('sheds load with 503 once the node is full', async () => {
    const node = await startNode({ config: { budgets: { maxConnections: 2 } } });
    try {
      const readers = await Promise.all([1, 2].map(() => connectReader(node.url)));
      const refused = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`, { headers: { 'X-Forwarded-For': '203.0.113.10' } });
      assert.equal(refused.status, 503);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'server_busy');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      for (const reader of readers) reader.close();
    } finally {
      await node.close();
    }
  });
});

describe('keys and the failed sign-in limiter', () => {
  let node: RunningNode;

  before(async () => {
    node = await startNode({ config: { budgets: { failedAuthPerMinute: 5 } } });
  });
  after(async () => {
    await node.close();
  });

  const whoami = (key: string, from = '198.51.100.1', scheme = 'Bearer') =>
    fetch(`${node.url}/api/whoami`, { headers: { Authorization: `${scheme} ${key}`, 'X-Forwarded-For': from } });

  it('blocks guesses from an address while a valid key from that address still passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await whoami(`guess-${i}-xxxx`)).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(statuses.at(-1), 429);

    assert.equal((await whoami(EDITOR_KEY)).status, 200);
    const published = await fetch(`${node.url}/api/channels/ar-main/headlines`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${EDITOR_KEY}`, 'Content-Type': 'application/json', 'X-Forwarded-For': '198.51.100.1' },
      body: JSON.stringify({ text: 'Still publishing while guesses are blocked' }),
    });
    assert.equal(published.status, 201);
    const feed = await fetch(`${node.url}/api/channels/ar-private/feed.rss`, { headers: { Authorization: `Bearer ${PARTNER_KEY}`, 'X-Forwarded-For': '198.51.100.1' } });
    assert.equal(feed.status, 200, 'a partner key passes too');
    assert.equal((await whoami('guess-9-xxxx', '198.51.100.2')).status, 401, 'another address has its own budget');
  });

  it('counts wrong keys in the socket handshake against the same budget, and lets a valid key connect', async () => {
    const from = '198.51.100.3';
    const handshake = (key: string) =>
      new Promise<{ connected: boolean; message?: string; data?: { code?: string } }>((resolve) => {
        const socket = io(node.url, { transports: ['polling'], reconnection: false, forceNew: true, auth: { key }, extraHeaders: { 'X-Forwarded-For': from } });
        socket.once('connect', () => {
          socket.close();
          resolve({ connected: true });
        });
        socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
          socket.close();
          resolve({ connected: false, message: error.message, data: error.data });
        });
      });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await handshake(`wrong-${i}-xxxx`));
    assert.equal(answers[0].data?.code, 'invalid_key');
    assert.equal(answers.at(-1)!.data?.code, 'rate_limited');
    assert.equal((await whoami('wrong-http-xxxx', from)).status, 429, 'the HTTP API sees the same exhausted budget');
    assert.deepEqual(await handshake(PARTNER_KEY), { connected: true });
  });

  it('takes the bearer scheme in any case', async () => {
    assert.equal((await whoami(EDITOR_KEY, '198.51.100.4', 'bearer')).status, 200);
    assert.equal((await whoami(EDITOR_KEY, '198.51.100.4', 'BEARER')).status, 200);
  });

  it('takes keys only in the Authorization header', async () => {
    for (const key of [EDITOR_KEY, PARTNER_KEY]) {
      const inQuery = await fetch(`${node.url}/api/channels/ar-private/feed.rss?key=${key}`);
      assert.equal(inQuery.status, 400);
      assert.equal(((await inQuery.json()) as { error: { code: string } }).error.code, 'key_in_url');
    }
    assert.equal((await fetch(`${node.url}/api/whoami?key=${EDITOR_KEY}`)).status, 400);
    assert.equal((await fetch(`${node.url}/api/audit?key=${EDITOR_KEY}`)).status, 400);
    const inHeader = await fetch(`${node.url}/api/channels/ar-private/feed.rss`, { headers: { Authorization: `Bearer ${EDITOR_KEY}` } });
    assert.equal(inHeader.status, 200);
  });

  it('counts the client address from the trusted proxy only', async () => {
    const direct = await startNode({ config: { trustProxy: false, budgets: { failedAuthPerMinute: 2 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${direct.url}/api/whoami`, { headers: { Authorization: `Bearer nope-${i}-xxxx`, 'X-Forwarded-For': `192.0.2.${i}` } });
        statuses.push(response.status);
      }
      assert.deepEqual(statuses, [401, 401, 429], 'a forged X-Forwarded-For does not buy a new budget');
    } finally {
      await direct.close();
    }
  });
});

describe('HTTP budgets', () => {
  it('limits anonymous reads per address, never a reader with a valid key', async () => {
    const node = await startNode({ config: { budgets: { readsPerMinute: 10 } } });
    try {
      const read = (headers: Record<string, string> = {}) => fetch(`${node.url}/api/channels/ar-main/headlines`, { headers });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await read()).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
      assert.equal(statuses.at(-1), 429);
      assert.equal((await read({ Authorization: `Bearer ${PARTNER_KEY}` })).status, 200);
      assert.equal((await read({ 'X-Forwarded-For': '203.0.113.20' })).status, 200, 'another address reads on');
      assert.equal((await read({ Authorization: 'Bearer wrong-key-xxxx' })).status, 401, 'a wrong key does not skip the budget');
    } finally {
      await node.close();
    }
  });

  it('refuses an over-long URL with 414', async () => {
    const node = await startNode();
    try {
      const response = await fetch(`${node.url}/api/channels/ar-main/headlines?x=${'a'.repeat(3000)}`);
      assert.equal(response.status, 414);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'uri_too_long');
    } finally {
      await node.close();
    }
  });
});

describe('keys stored in Redis', () => {
  let redis: TestRedis;
  let node: RunningNode;
  const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

  before(async () => {
    redis = await TestRedis.start();
    node = await startNode({ redisUrl: redis.url });
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.hSet('ajel:keys', {
      [hashOf('good-stored-key')]: JSON.stringify({ name: 'stored-partner', role: 'partner', channels: ['ar-private'] }),
      [hashOf('string-channels-key')]: JSON.stringify({ name: 'sneaky', role: 'partner', channels: 'ar-private-and-ar-main' }),
      [hashOf('null-channels-key')]: JSON.stringify({ name: 'broken', role: 'partner', channels: null }),
      [hashOf('not-json-key')]: '{name: broken',
    });
    await client.close();
  });
  after(async () => {
    await node.close();
    await redis.destroy();
  });

  const readPrivate = (key: string) => fetch(`${node.url}/api/channels/ar-private/headlines`, { headers: { Authorization: `Bearer ${key}` } });

  it('accepts a well-formed stored key and ignores malformed ones, never answering 500', async () => {
    assert.equal((await readPrivate('good-stored-key')).status, 200);
    for (const key of ['string-channels-key', 'null-channels-key', 'not-json-key']) {
      assert.equal((await readPrivate(key)).status, 401, key);
    }
  });
});

describe('readiness', () => {
  it('says ready only once the configured channels are registered, and serves them from then on', async () => {
    const redis = await TestRedis.start();
    await redis.stop();
    const store = RedisStore.create(redis.url, silentLogger);
    const server = createServer(testConfig, { store, logger: silentLogger });
    const { port } = await server.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    try {
      const starting = await fetch(`${url}/readyz`);
      assert.equal(starting.status, 503);
      assert.equal(((await starting.json()) as { error: { code: string } }).error.code, 'starting');
      assert.notEqual((await fetch(`${url}/api/channels/ar-main/headlines`)).status, 404, 'a configured channel is never unknown');

      await redis.start();
      await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, 10_000, 'readiness');
      assert.equal((await fetch(`${url}/api/channels/ar-main/headlines`)).status, 200);
      assert.equal((await publish(url, 'ar-main', { text: 'ready to serve' })).status, 201);
    } finally {
      await server.close();
      await store.close();
      await redis.destroy();
    }
  });

  it('finishes a write that is in flight when the shutdown starts', async () => {
    const node = await startNode();
    let closing: Promise<void> | undefined;
    node.server.http.once('request', () => {
      closing = node.server.close();
    });
    const answer = await publish(node.url, 'ar-main', { text: 'نُشر أثناء الإغلاق' });
    await closing;
    assert.equal(answer.status, 201);
    const { headlines } = await node.store.snapshot('ar-main');
    assert.ok(headlines.some((headline) => headline.id === answer.body.headline.id), 'acknowledged and stored');
    await node.store.close();
  });

  it('turns /readyz 503 at the start of a shutdown, then tells its sockets to reconnect', async () => {
    const node = await startNode();
    const reader = await connectReader(node.url);
    await reader.subscribe('ar-main');
    assert.equal((await fetch(`${node.url}/readyz`)).status, 200);
    const reason = new Promise<string>((resolve) => reader.socket.once('disconnect', resolve));
    const closing = node.server.close(300);
    const draining = await fetch(`${node.url}/readyz`);
    assert.equal(draining.status, 503);
    assert.equal(((await draining.json()) as { error: { code: string } }).error.code, 'draining');
    assert.equal(await reason, 'transport close', 'a transport close, which the client follows by reconnecting');
    await closing;
    await node.store.close();
  });
});
