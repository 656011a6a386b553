import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { POLL_WORK, pollLease } from '../../server/ingest/poller.js';
import { parseOutboundAllow } from '../../server/net/address-policy.js';
import type { ServerConfig } from '../../server/app.js';
import { ajel, assertFailure } from '../harness/cli.js';
import { TestRedis } from '../harness/redis.js';
import { ADMIN_KEY, authHeaders, EDITOR_KEY, makeStore, startNode, waitFor, type RunningNode } from '../harness/server.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real feed server on a free port: each test sets what it answers and reads what it was asked. */
class FeedServer {
  handler: Handler = (_req, res) => void res.writeHead(404).end();
  readonly requests: IncomingMessage[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FeedServer> {
    let feed!: FeedServer;
    const server = createServer((req, res) => {
      feed.requests.push(req);
      feed.handler(req, res);
    });
    feed = new FeedServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return feed;
  }

  url(path = '/feed', host = '127.0.0.1'): string {
    return `http://${host}:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Item {
  guid: string;
  title: string;
  link?: string;
  /** Minutes ago. */
  age?: number;
  category?: string;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rss(items: Item[], lang = 'ar'): string {
  const entries = items.map((item) => `<item><title>${escapeXml(item.title)}</title><guid isPermaLink="false">${item.guid}</guid>${item.link ? `<link>${escapeXml(item.link)}</link>` : ''}<pubDate>${new Date(Date.now() - (item.age ?? 1) * 60_000).toUTCString()}</pubDate>${item.category ? `<category>${item.category}</category>` : ''}</item>`);
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Newsroom</title><link>https://news.example/</link><description>d</description><language>${lang}</language>${entries.join('')}</channel></rss>`;
}

const serve = (body: string, type = 'application/rss+xml', headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': type, ...headers }).end(body);
};

const freshChannel = () => `in-${randomBytes(4).toString('hex')}`;

const ingestConfig = (overrides: Partial<ServerConfig> = {}): Partial<ServerConfig> => ({
  outboundAllow: parseOutboundAllow(['127.0.0.1']),
  // Polls happen when a test asks (poll-now): no test lasts the interval.
  ingest: { intervalMs: 60_000, timeoutMs: 1000, maxBytes: 64 * 1024, maxRedirects: 2, firstPollItems: 3, firstPollMaxAgeMs: 3_600_000 },
  ...overrides,
});

async function api(node: RunningNode, method: string, path: string, body?: unknown, key = ADMIN_KEY): Promise<{ status: number; body: any }> {
  const response = await fetch(`${node.url}${path}`, { method, headers: authHeaders(key), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function addSource(node: RunningNode, fields: Record<string, unknown>): Promise<any> {
  const added = await api(node, 'POST', '/api/sources', fields);
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return added.body;
}

const stateOf = async (node: RunningNode, id: string) => (await api(node, 'GET', `/api/sources/${id}`)).body.state;

/** Waits until the source has been polled `count` times in all. */
async function polled(node: RunningNode, id: string, count: number): Promise<any> {
  let state: any;
  await waitFor(async () => (state = await stateOf(node, id)).counts.polls >= count, 8000, `poll ${count} of ${id}`);
  return state;
}

/** Asks for a poll now and waits until it is done. */
async function pollNow(node: RunningNode, id: string): Promise<any> {
  const before = (await stateOf(node, id)).counts.polls;
  assert.equal((await api(node, 'POST', `/api/sources/${id}/poll`)).status, 202);
  return polled(node, id, before + 1);
}

const headlinesOf = async (node: RunningNode, channel: string) => ((await (await fetch(`${node.url}/api/channels/${channel}/headlines`)).json()) as any).headlines as any[];

async function auditOf(node: RunningNode, channel: string): Promise<any[]> {
  return ((await (await fetch(`${node.url}/api/audit?channel=${channel}&limit=100`, { headers: authHeaders(EDITOR_KEY) })).json()) as any).entries;
}

describe('feed sources polled on one node', () => {
  let node: RunningNode;
  let feed: FeedServer;
  before(async () => {
    node = await startNode({ config: ingestConfig() });
    feed = await FeedServer.start();
  });
  after(async () => {
    await node.close();
    await feed.close();
  });

  it('publishes only a few recent items at the first poll, then new items, corrections and removals, each once', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    const items: Item[] = [
      { guid: 'g6', title: 'عاجل: انفجار في الميناء', link: 'https://news.example/6', age: 1 },
      { guid: 'g5', title: 'الخبر الخامس', age: 2, category: 'Breaking' },
      { guid: 'g4', title: 'الخبر الرابع', link: 'javascript:alert(1)', age: 3 },
      { guid: 'g3', title: 'الخبر الثالث', age: 4 },
      { guid: 'g2', title: 'الخبر الثاني', age: 5 },
      { guid: 'old', title: 'خبر قديم', age: 3 * 24 * 60 },
    ];
    feed.handler = (req, res) => serve(rss(items))(req, res);
    const { source } = await addSource(node, { channel, url: feed.url(), urgentPrefix: 'عاجل:', urgentCategories: ['breaking'], retractRemoved: true });
    const first = await polled(node, source.id, 1);
    assert.equal(first.counts.published, 3, 'at most 3 at the first poll');
    let live = await headlinesOf(node, channel);
    assert.deepEqual(live.map((h) => h.text), ['انفجار في الميناء', 'الخبر الخامس', 'الخبر الرابع'], 'the newest three, newest on top, the urgent prefix stripped');
    assert.deepEqual(live.map((h) => h.urgent), [true, true, false], 'urgent by prefix and by category');
    assert.equal(live[0].url, 'https://news.example/6');
    assert.equal(live[2].url, undefined, 'a link that is not http(s) is dropped');
    assert.equal(live[0].lang, 'ar', "the feed's language");

    items.unshift({ guid: 'g7', title: 'الخبر السابع', age: 0 });
    items[2] = { ...items[2], title: 'الخبر الخامس مصححا' };
    items.splice(3, 1);
    await pollNow(node, source.id);
    live = await headlinesOf(node, channel);
    assert.deepEqual(live.map((h) => h.text), ['الخبر السابع', 'انفجار في الميناء', 'الخبر الخامس مصححا'], 'new item published, title corrected, removed item retracted');
    const corrected = live[2];
    assert.equal(corrected.rev, 2, 'the same headline, corrected');

    const state = await pollNow(node, source.id);
    assert.deepEqual(state.counts, { polls: 3, published: 4, corrected: 1, retracted: 1, skipped: 0 });
    assert.equal((await headlinesOf(node, channel)).length, 3, 'polling the same feed again publishes nothing');
    const audit = await auditOf(node, channel);
    assert.deepEqual([...new Set(audit.map((entry) => entry.actor))], [`source:${source.id}`], 'every write is the source’s in the audit log');
    assert.deepEqual(audit.map((entry) => entry.action).sort(), ['publish', 'publish', 'publish', 'publish', 'retract', 'update']);
  });

  it('sends ETag and Last-Modified back and changes nothing on a 304', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    const body = rss([{ guid: 'c1', title: 'خبر أول' }]);
    const modified = new Date(Date.now() - 60_000).toUTCString();
    feed.handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === modified) return void res.writeHead(304).end();
      serve(body, 'application/rss+xml', { ETag: '"v1"', 'Last-Modified': modified })(req, res);
    };
    const { source } = await addSource(node, { channel, url: feed.url('/conditional') });
    await polled(node, source.id, 1);
    const state = await pollNow(node, source.id);
    const last = feed.requests.at(-1)!;
    assert.equal(last.headers['if-none-match'], '"v1"');
    assert.equal(last.headers['if-modified-since'], modified);
    assert.equal(state.etag, '"v1"', 'kept through the 304');
    assert.equal(state.failures, 0);
    assert.equal(state.counts.published, 1);
    assert.equal((await headlinesOf(node, channel)).length, 1);
  });

  it('skips items that fail validation with the last error, publishes the rest, and keeps polling after a broken feed', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    feed.handler = serve(rss([{ guid: 'h0', title: 'خبر أول' }]));
    const { source } = await addSource(node, { channel, url: feed.url('/hostile') });
    await polled(node, source.id, 1);
    feed.handler = serve(rss([
      { guid: 'h1', title: 'خبر سليم' },
      { guid: 'h2', title: '<script>alert(1)</script>' },
      { guid: 'h3', title: 'مقلوب \u202e النص' },
      { guid: 'h4', title: 'x'.repeat(400) },
      { guid: 'h0', title: 'خبر أول' },
    ]));
    let state = await pollNow(node, source.id);
    assert.deepEqual((await headlinesOf(node, channel)).map((h) => h.text), ['خبر سليم', 'خبر أول']);
    assert.equal(state.counts.skipped, 3);
    assert.match(state.lastError.message, /and 2 more skipped/);

    feed.handler = serve('<rss version="2.0"><channel><item><title>broken</titl');
    state = await pollNow(node, source.id);
    assert.equal(state.failures, 1);
    assert.match(state.lastError.message, /not an RSS, Atom or JSON Feed/);

    feed.handler = serve(`<rss version="2.0"><channel>${'<item><title>padding</title></item>'.repeat(3000)}</channel></rss>`);
    state = await pollNow(node, source.id);
    assert.match(state.lastError.message, /too_large/, 'a feed larger than AJEL_INGEST_MAX_BYTES');
    assert.equal(state.failures, 2);

    feed.handler = serve(rss([{ guid: 'h5', title: 'خبر بعد العطل' }, { guid: 'h1', title: 'خبر سليم' }]));
    state = await pollNow(node, source.id);
    assert.equal(state.failures, 0, 'the poller carried on');
    assert.deepEqual((await headlinesOf(node, channel)).map((h) => h.text), ['خبر بعد العطل', 'خبر سليم', 'خبر أول']);
  });

  it('gives up on a slow feed at the timeout, backs off after 500s, honours Retry-After, and follows redirects within the limit', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    const stalled: ServerResponse[] = [];
    feed.handler = (_req, res) => void stalled.push(res);
    const { source } = await addSource(node, { channel, url: feed.url('/slow') });
    let state = await polled(node, source.id, 1);
    assert.match(state.lastError.message, /timeout/);
    for (const res of stalled) res.destroy();

    feed.handler = (_req, res) => void res.writeHead(500).end('oops');
    state = await pollNow(node, source.id);
    assert.match(state.lastError.message, /HTTP 500/);
    assert.equal(state.failures, 2);
    const wait = state.nextPollAt - Date.now();
    assert.ok(wait > 200_000 && wait <= 240_000, `after two failures in a row the next poll waits 4 intervals (${wait} ms)`);

    feed.handler = (_req, res) => void res.writeHead(503, { 'Retry-After': '7200' }).end();
    state = await pollNow(node, source.id);
    assert.match(state.lastError.message, /HTTP 503/);
    assert.ok(state.nextPollAt - Date.now() > 7_000_000, 'Retry-After is honoured');

    feed.handler = (req, res) => {
      if (req.url === '/slow') return void res.writeHead(302, { Location: '/moved' }).end();
      if (req.url === '/moved') return void res.writeHead(301, { Location: '/final' }).end();
      serve(rss([{ guid: 'r1', title: 'وصل بعد تحويلين' }]))(req, res);
    };
    state = await pollNow(node, source.id);
    assert.equal(state.failures, 0);
    assert.deepEqual((await headlinesOf(node, channel)).map((h) => h.text), ['وصل بعد تحويلين']);

    feed.handler = (req, res) => void res.writeHead(302, { Location: `${req.url}x` }).end();
    state = await pollNow(node, source.id);
    assert.match(state.lastError.message, /too_many_redirects/);
  });

  it('refuses bad sources with a clear 4xx and adds nothing', async () => {
    const before = (await api(node, 'GET', '/api/sources')).body.sources.length;
    assert.equal((await api(node, 'GET', '/api/sources', undefined, EDITOR_KEY)).status, 403, 'an editor key is not an admin key');
    assert.equal((await fetch(`${node.url}/api/sources`)).status, 401);
    for (const [fields, code] of [
      [{ channel: 'nope-none', url: feed.url() }, 'unknown_channel'],
      [{ channel: 'ar-main', url: 'ftp://news.example/feed' }, 'invalid_field'],
      [{ channel: 'ar-main' }, 'invalid_field'],
      [{ channel: 'ar-main', url: feed.url(), surprise: 1 }, 'unknown_field'],
      [{ channel: 'ar-main', kind: 'push', url: feed.url() }, 'invalid_field'],
    ] as const) {
      const refused = await api(node, 'POST', '/api/sources', fields);
      assert.equal(refused.status, 400, JSON.stringify(fields));
      assert.equal(refused.body.error.code, code, JSON.stringify(refused.body));
    }
    assert.equal((await api(node, 'GET', '/api/sources')).body.sources.length, before);
  });

  it('pauses, resumes and removes a source', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    feed.handler = serve(rss([{ guid: 'p1', title: 'خبر' }]));
    const { source } = await addSource(node, { channel, url: feed.url('/paused'), paused: true });
    assert.equal((await api(node, 'POST', `/api/sources/${source.id}/poll`)).status, 409, 'a paused source is not polled');
    const resumed = await api(node, 'POST', `/api/sources/${source.id}/resume`);
    assert.equal(resumed.body.source.paused, false);
    await polled(node, source.id, 1);
    assert.equal((await api(node, 'POST', `/api/sources/${source.id}/pause`)).body.source.paused, true);
    assert.equal((await api(node, 'DELETE', `/api/sources/${source.id}`)).status, 200);
    assert.equal((await api(node, 'GET', `/api/sources/${source.id}`)).status, 404);
  });
});

describe('the private-address rule for feeds', () => {
  it('refuses a source on 127.0.0.1 without AJEL_OUTBOUND_ALLOW, at the add and at every poll', async () => {
    const node = await startNode({ config: ingestConfig({ outboundAllow: undefined }) });
    const feed = await FeedServer.start();
    try {
      feed.handler = serve(rss([{ guid: 's1', title: 'داخلي' }]));
      const refused = await api(node, 'POST', '/api/sources', { channel: 'ar-main', url: feed.url() });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'address_not_allowed');
      const { source } = await addSource(node, { channel: 'ar-main', url: feed.url('/feed', 'localhost') });
      const state = await polled(node, source.id, 1);
      assert.match(state.lastError.message, /address_not_allowed/);
      assert.equal(feed.requests.length, 0, 'the feed server was never reached');
      assert.equal(state.counts.published, 0);
    } finally {
      await node.close();
      await feed.close();
    }
  });
});

describe('feed sources on several nodes of one Redis', () => {
  let redis: TestRedis;
  let feed: FeedServer;
  before(async () => {
    redis = await TestRedis.start();
    feed = await FeedServer.start();
  });
  after(async () => {
    await feed.close();
    await redis.destroy();
  });

  it('publishes each item once when two nodes poll the same source', async () => {
    const [a, b] = await Promise.all([startNode({ redisUrl: redis.url, config: ingestConfig() }), startNode({ redisUrl: redis.url, config: ingestConfig() })]);
    try {
      const channel = freshChannel();
      await a.store.addChannels([channel]);
      feed.handler = serve(rss([{ guid: 'm1', title: 'خبر واحد' }, { guid: 'm2', title: 'خبر ثان' }]));
      const { source } = await addSource(a, { channel, url: feed.url('/shared') });
      await polled(a, source.id, 1);
      feed.handler = serve(rss([{ guid: 'm3', title: 'خبر ثالث' }, { guid: 'm1', title: 'خبر واحد' }, { guid: 'm2', title: 'خبر ثان' }]));
      await Promise.all([api(a, 'POST', `/api/sources/${source.id}/poll`), api(b, 'POST', `/api/sources/${source.id}/poll`)]);
      await polled(b, source.id, 2);
      await Promise.all([pollNow(a, source.id), pollNow(b, source.id)]);
      assert.deepEqual((await headlinesOf(b, channel)).map((h) => h.text), ['خبر ثالث', 'خبر واحد', 'خبر ثان']);
      assert.equal((await auditOf(a, channel)).filter((entry) => entry.action === 'publish').length, 3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('polls a source with one node at a time, even when a poll is asked for while another node polls it', async () => {
    const slowFeeds = ingestConfig({ ingest: { ...ingestConfig().ingest, timeoutMs: 20_000 } });
    const [a, b] = await Promise.all([startNode({ redisUrl: redis.url, config: slowFeeds }), startNode({ redisUrl: redis.url, config: slowFeeds })]);
    try {
      const channel = freshChannel();
      await a.store.addChannels([channel]);
      let inFlight = 0;
      let mostInFlight = 0;
      let release: (() => void) | undefined;
      feed.handler = (req, res) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        res.on('close', () => inFlight--);
        const answer = () => serve(rss([{ guid: 'l1', title: 'خبر' }]))(req, res);
        if (release) answer();
        else release = answer;
      };
      const { source } = await addSource(a, { channel, url: feed.url('/leased') });
      await waitFor(() => release !== undefined, 5000, 'the first poll to reach the feed');
      // While the first poll waits on the feed, a poll is asked for again: the due item is claimable at once.
      await api(b, 'POST', `/api/sources/${source.id}/poll`);
      // The claimant finds the lease held and puts the item back at once: the claim may be gone before a look sees it, the attempt counted.
      await waitFor(async () => {
        const work = await a.store.getWork(POLL_WORK, source.id);
        return work?.claim !== '' || work.attempts > 1 || mostInFlight > 1;
      }, 20_000, 'the new poll to be claimed');
      await waitFor(async () => (await a.store.getWork(POLL_WORK, source.id))?.attempts! > 1 || mostInFlight > 1, 5000, 'the claimant to find the lease held');
      release!();
      await polled(a, source.id, 2);
      assert.equal(mostInFlight, 1, 'never two polls of one source at once');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('takes over the poll of a node that died holding its claim and lease', async () => {
    const channel = freshChannel();
    const dead = makeStore(redis.url);
    await waitFor(() => dead.ping().then(() => true, () => false), 5000, 'redis');
    feed.handler = serve(rss([{ guid: 'd1', title: 'خبر بعد وفاة عقدة' }]));
    const at = new Date().toISOString();
    const id = `s-${randomBytes(4).toString('hex')}`;
    await dead.addChannels([channel]);
    await dead.createSource({ id, channel, kind: 'feed', url: feed.url('/orphaned'), mapping: { keepPrefix: false, urgentCategories: [] }, paused: false, retractRemoved: false, createdAt: at, updatedAt: at, rev: 1 });
    await dead.scheduleWork(POLL_WORK, id, Date.now(), '');
    assert.equal((await dead.claimDueWork(POLL_WORK, Date.now(), 10, 1500)).length, 1);
    assert.equal(await dead.acquireLease(pollLease(id), 'dead-node', 1500), true);
    await dead.close();
    const survivor = await startNode({ redisUrl: redis.url, config: ingestConfig() });
    try {
      const state = await polled(survivor, id, 1);
      assert.equal(state.counts.published, 1);
      assert.deepEqual((await headlinesOf(survivor, channel)).map((h) => h.text), ['خبر بعد وفاة عقدة']);
    } finally {
      await survivor.close();
    }
  });

  it('keeps what it has seen across a restart: nothing is published again', async () => {
    const channel = freshChannel();
    feed.handler = serve(rss([{ guid: 'k1', title: 'قبل إعادة التشغيل' }]), 'application/rss+xml', { ETag: '"k"' });
    const first = await startNode({ redisUrl: redis.url, config: ingestConfig() });
    let id: string;
    try {
      await first.store.addChannels([channel]);
      id = (await addSource(first, { channel, url: feed.url('/restart') })).source.id;
      await polled(first, id, 1);
    } finally {
      await first.close();
    }
    const second = await startNode({ redisUrl: redis.url, config: ingestConfig() });
    try {
      feed.handler = serve(rss([{ guid: 'k1', title: 'قبل إعادة التشغيل' }]));
      const state = await pollNow(second, id);
      assert.equal(feed.requests.at(-1)!.headers['if-none-match'], '"k"', 'the poll state survived');
      assert.equal(state.counts.published, 1);
      assert.equal((await headlinesOf(second, channel)).length, 1);
    } finally {
      await second.close();
    }
  });
});

describe('webhooks in', () => {
  let node: RunningNode;
  before(async () => {
    node = await startNode({ config: ingestConfig() });
  });
  after(() => node.close());

  function standardHeaders(secret: string, body: string, id: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
  }

  const push = (id: string, body: string, headers: Record<string, string>) => fetch(`${node.url}/api/ingest/${id}`, { method: 'POST', headers, body });

  it('publishes a signed headline once, however often it is replayed, and refuses unsigned, stale and badly signed calls', async () => {
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    const added = await addSource(node, { channel, kind: 'push', urgentPrefix: 'عاجل:' });
    const { id } = added.source;
    assert.match(added.secret, /^whsec_/);
    assert.equal((await api(node, 'GET', `/api/sources/${id}`)).body.source.pushSecret, undefined, 'the secret is shown once');

    const body = JSON.stringify({ text: 'عاجل: خبر من نظام التحرير', url: 'https://news.example/cms/1' });
    const refusals: Array<[Record<string, string>, string]> = [
      [{ 'Content-Type': 'application/json' }, 'unsigned'],
      [standardHeaders(added.secret, body, 'msg_1', Math.floor(Date.now() / 1000) - 600), 'stale_signature'],
      [standardHeaders(`whsec_${randomBytes(32).toString('base64')}`, body, 'msg_1'), 'bad_signature'],
      [{ ...standardHeaders(added.secret, body, 'msg_1'), 'webhook-id': 'msg_2' }, 'bad_signature'],
    ];
    for (const [headers, code] of refusals) {
      const response = await push(id, body, headers);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as any).error.code, code);
    }
    assert.equal((await headlinesOf(node, channel)).length, 0, 'nothing written');

    const accepted = await push(id, body, standardHeaders(added.secret, body, 'msg_1'));
    assert.equal(accepted.status, 200);
    assert.equal(((await accepted.json()) as any).published, 1);
    const replayed = await push(id, body, standardHeaders(added.secret, body, 'msg_1'));
    assert.equal(replayed.status, 200);
    assert.equal(((await replayed.json()) as any).published, 0);
    const live = await headlinesOf(node, channel);
    assert.deepEqual(live.map((h) => [h.text, h.urgent, h.url]), [['خبر من نظام التحرير', true, 'https://news.example/cms/1']]);
    assert.equal((await auditOf(node, channel))[0].actor, `source:${id}`);

    const github = JSON.stringify({ id: 'cms-2', text: 'خبر عبر توقيع جيت هب' });
    const hub = `sha256=${createHmac('sha256', added.secret).update(github).digest('hex')}`;
    const viaGithub = await push(id, github, { 'Content-Type': 'application/json', 'X-Hub-Signature-256': hub, 'X-GitHub-Delivery': 'd-1' });
    assert.equal(viaGithub.status, 200);
    const badHub = await push(id, github.replace('جيت', 'XXX'), { 'Content-Type': 'application/json', 'X-Hub-Signature-256': hub, 'X-GitHub-Delivery': 'd-2' });
    assert.equal(badHub.status, 401);
    assert.equal((await headlinesOf(node, channel)).length, 2);

    const hostile = JSON.stringify({ text: 'مقلوب \u202e النص' });
    const refused = await push(id, hostile, standardHeaders(added.secret, hostile, 'msg_3'));
    assert.equal(refused.status, 400, 'a pushed headline is validated as an editor’s');
    assert.equal((await headlinesOf(node, channel)).length, 2);
  });

  it('answers an address past its refused pushes with 429, and still takes a valid push from it', async () => {
    const limited = await startNode({ config: ingestConfig({ budgets: { failedAuthPerMinute: 10 } }) });
    try {
      const channel = freshChannel();
      await limited.store.addChannels([channel]);
      const added = await addSource(limited, { channel, kind: 'push' });
      const body = JSON.stringify({ text: 'خبر موقع من نظام التحرير' });
      const forged = standardHeaders(`whsec_${randomBytes(32).toString('base64')}`, body, 'msg_forged');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await fetch(`${limited.url}/api/ingest/${added.source.id}`, { method: 'POST', headers: forged, body })).status);
        statuses.push((await fetch(`${limited.url}/api/ingest/s-guess${i}`, { method: 'POST', headers: forged, body })).status);
      }
      assert.deepEqual(statuses.slice(0, 10), [401, 404, 401, 404, 401, 404, 401, 404, 401, 404], 'refused on their merits within the budget');
      assert.deepEqual(statuses.slice(10), [429, 429], 'then limited');
      const valid = await fetch(`${limited.url}/api/ingest/${added.source.id}`, { method: 'POST', headers: standardHeaders(added.secret, body, 'msg_ok'), body });
      assert.equal(valid.status, 200, 'a valid push is never limited');
      assert.equal((await headlinesOf(limited, channel)).length, 1);
    } finally {
      await limited.close();
    }
  });
});

describe('ajel sources', () => {
  let node: RunningNode;
  let feed: FeedServer;
  before(async () => {
    node = await startNode({ config: ingestConfig() });
    feed = await FeedServer.start();
  });
  after(async () => {
    await node.close();
    await feed.close();
  });

  it('takes a feed from one command to the ticker, and shows, pauses, resumes and removes it', async () => {
    const env = { AJEL_SERVER: node.url, AJEL_KEY: ADMIN_KEY };
    const channel = freshChannel();
    await node.store.addChannels([channel]);
    feed.handler = serve(rss([{ guid: 'cli-1', title: 'عاجل: من سطر الأوامر', link: 'https://news.example/cli' }, { guid: 'cli-0', title: 'قديم جدا', age: 180 }]));
    const added = await ajel(['sources', 'add', '--channel', channel, feed.url('/cli'), '--urgent-prefix', 'عاجل:', '--retract-removed'], env);
    assert.equal(added.code, 0, added.stderr);
    const id = /^added (\S+)\n/.exec(added.stdout)?.[1];
    assert.ok(id, added.stdout);
    assert.match(added.stdout, /urgent when the title starts with "عاجل:" \(stripped\); items that leave the feed are retracted/);
    await polled(node, id, 1);
    assert.deepEqual((await headlinesOf(node, channel)).map((h) => [h.text, h.urgent]), [['من سطر الأوامر', true]], 'only items newer than the first-poll age');

    const shown = await ajel(['sources', 'show', id], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /\(ok, revision 1\)/);
    assert.match(shown.stdout, /last error: {3}none/);
    assert.match(shown.stdout, /1 polls, 1 published, 0 corrected, 0 retracted, 0 skipped/);
    const listed = await ajel(['sources', 'list', '--json'], env);
    assert.ok(JSON.parse(listed.stdout).sources.some((s: any) => s.source.id === id));

    assert.match((await ajel(['sources', 'pause', id], env)).stdout, /^paused /);
    assert.match((await ajel(['sources', 'show', id], env)).stdout, /\(paused, revision 2\)/);
    assert.match((await ajel(['sources', 'resume', id], env)).stdout, /^resumed /);
    await polled(node, id, 2);
    assert.match((await ajel(['sources', 'remove', id], env)).stdout, /^removed /);
    assertFailure(await ajel(['sources', 'show', id], env), 5, /no source/);

    assertFailure(await ajel(['sources', 'add', '--channel', channel], env), 2, /usage: ajel sources add/);
    assertFailure(await ajel(['sources', 'list'], { ...env, AJEL_KEY: EDITOR_KEY }), 4, /admin key/);
    assertFailure(await ajel(['sources', 'add', '--channel', channel, 'http://10.1.2.3/feed'], env), 3, /private address/);
  });
});
