import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Change, ScheduledHeadline } from '../../server/protocol.js';
import { connectReader, type TestReader } from '../harness/reader.js';
import { freePort, TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, PARTNER_KEY, publish, SPORT_EDITOR_KEY, startNode, waitFor, type RunningNode } from '../harness/server.js';

/** Reads with a key, which spend no anonymous read budget. */
const reading = { Authorization: `Bearer ${EDITOR_KEY}` };
const FEEDS = ['json', 'rss', 'atom'] as const;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const unique = (text: string) => `${text} ${randomBytes(3).toString('hex')}`;

async function api(url: string, method: string, path: string, body?: unknown, key = EDITOR_KEY) {
  const response = await fetch(`${url}${path}`, { method, headers: authHeaders(key), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

async function scheduled(url: string, channel: string): Promise<ScheduledHeadline[]> {
  const { status, body } = await api(url, 'GET', `/api/channels/${channel}/scheduled`);
  assert.equal(status, 200);
  return body.scheduled;
}

async function snapshotIds(url: string, channel: string): Promise<string[]> {
  const body = (await (await fetch(`${url}/api/channels/${channel}/headlines`, { headers: reading })).json()) as { headlines: Array<{ id: string }> };
  return body.headlines.map((headline) => headline.id);
}

/** The changes a reader was pushed about one headline. */
const pushedAbout = (reader: TestReader, id: string): Change[] => reader.received.filter((change) => change.id === id);

/** How long after its time a headline went out (ms). */
const lateness = (publishedAt: string, publishAt: string) => Date.parse(publishedAt) - Date.parse(publishAt);

describe('scheduled publishing on one node', () => {
  let node: RunningNode;
  let reader: TestReader;
  before(async () => {
    node = await startNode();
    reader = await connectReader(node.url);
    await reader.subscribe('ar-main');
  });
  after(async () => {
    reader.close();
    await node.close();
  });

  it('holds a headline unseen by readers, the snapshot and the feeds, then publishes it once, within a second of its time', async () => {
    const publishAt = inMs(1500);
    const text = unique('عاجل مجدول');
    const held = await publish(node.url, 'ar-main', { text, urgent: true, publishAt });
    assert.equal(held.status, 202);
    assert.deepEqual([held.body.channel, held.body.text, held.body.urgent, held.body.publishAt, held.body.rev, held.body.publishing, held.body.scheduledBy], ['ar-main', text, true, publishAt, 1, false, 'alice']);
    const id = held.body.id as string;
    assert.deepEqual((await scheduled(node.url, 'ar-main')).map((h) => h.id), [id]);
    assert.deepEqual((await api(node.url, 'GET', `/api/channels/ar-main/scheduled/${id}`)).body, held.body);

    assert.ok(!(await snapshotIds(node.url, 'ar-main')).includes(id), 'not in the snapshot');
    assert.equal((await fetch(`${node.url}/api/channels/ar-main/headlines/${id}`, { headers: reading })).status, 404);
    /** Each feed's body: the texts are Arabic and a hex tag, which XML and JSON carry as they are. */
    const feedBodies = () => Promise.all(FEEDS.map(async (format) => (await fetch(`${node.url}/api/channels/ar-main/feed.${format}`, { headers: reading })).text()));
    for (const body of await feedBodies()) assert.ok(!body.includes(text), 'not in the feeds');
    assert.deepEqual(pushedAbout(reader, id), [], 'nothing pushed');

    await waitFor(() => pushedAbout(reader, id).length > 0, 5000, 'the scheduled headline to be pushed');
    const [change] = pushedAbout(reader, id);
    assert.equal(change.type, 'publish');
    assert.deepEqual([change.headline!.text, change.headline!.urgent], [text, true]);
    assert.ok(Date.parse(change.headline!.publishedAt) >= Date.parse(publishAt), 'not before its time');
    assert.ok(lateness(change.headline!.publishedAt, publishAt) < 1000, `within a second (${lateness(change.headline!.publishedAt, publishAt)} ms late)`);
    assert.ok((await snapshotIds(node.url, 'ar-main')).includes(id));
    for (const body of await feedBodies()) assert.ok(body.includes(text), 'in the feeds now');
    assert.deepEqual(await scheduled(node.url, 'ar-main'), [], 'no longer held');
    assert.equal((await api(node.url, 'GET', `/api/channels/ar-main/scheduled/${id}`)).status, 404);

    // A later headline out tells that the scheduler has swept past this one again: still one publish.
    const sentinel = await publish(node.url, 'ar-main', { text: unique('sentinel'), publishAt: inMs(300) });
    await waitFor(() => pushedAbout(reader, sentinel.body.id).length > 0, 5000, 'the sentinel');
    assert.equal(pushedAbout(reader, id).length, 1, 'published once');
  });

  it('edits a held headline by revision (its text and time) and cancels another, which never goes out', async () => {
    const cancelled = await publish(node.url, 'ar-main', { text: unique('to cancel'), publishAt: inMs(800) });
    const edited = await publish(node.url, 'ar-main', { text: unique('first draft'), publishAt: inMs(60_000) });
    const id = edited.body.id as string;
    const stale = await api(node.url, 'PATCH', `/api/channels/ar-main/scheduled/${id}`, { text: 'x', rev: 2 });
    assert.deepEqual([stale.status, stale.body.error.code], [409, 'conflict']);
    const newText = unique('final draft');
    const newTime = inMs(1200);
    const patched = await api(node.url, 'PATCH', `/api/channels/ar-main/scheduled/${id}`, { text: newText, publishAt: newTime, url: 'https://example.com/story', rev: 1 });
    assert.equal(patched.status, 200);
    assert.deepEqual([patched.body.text, patched.body.publishAt, patched.body.url, patched.body.rev], [newText, newTime, 'https://example.com/story', 2]);

    const gone = await api(node.url, 'DELETE', `/api/channels/ar-main/scheduled/${cancelled.body.id}`);
    assert.deepEqual([gone.status, gone.body.cancelled], [200, true]);
    assert.equal((await api(node.url, 'DELETE', `/api/channels/ar-main/scheduled/${cancelled.body.id}`)).status, 404);

    await waitFor(() => pushedAbout(reader, id).length > 0, 5000, 'the edited headline');
    const [change] = pushedAbout(reader, id);
    assert.deepEqual([change.headline!.text, change.headline!.url], [newText, 'https://example.com/story']);
    assert.ok(lateness(change.headline!.publishedAt, newTime) >= 0 && lateness(change.headline!.publishedAt, newTime) < 1000, 'at its new time');
    assert.deepEqual(pushedAbout(reader, cancelled.body.id), [], 'the cancelled one was due before the edited one went out, and did not');
    assert.ok(!(await snapshotIds(node.url, 'ar-main')).includes(cancelled.body.id));

    const entries = (await api(node.url, 'GET', '/api/audit?channel=ar-main&limit=20')).body.entries as Array<{ action: string; actor: string; id: string }>;
    const about = (headline: string) => entries.filter((entry) => entry.id === headline).map((entry) => [entry.action, entry.actor]);
    assert.deepEqual(about(id), [['publish', 'scheduler:alice'], ['schedule_edit', 'alice'], ['schedule', 'alice']]);
    assert.deepEqual(about(cancelled.body.id), [['schedule_cancel', 'alice'], ['schedule', 'alice']]);
  });

  it('refuses bad input with a 4xx and holds nothing', async () => {
    const channel = 'en-world';
    const cases: Array<[unknown, number, string]> = [
      [{ text: 'Past', publishAt: inMs(-1000) }, 422, 'publish_at_past'],
      [{ text: 'Too far', publishAt: inMs(31 * 24 * 3600 * 1000) }, 422, 'publish_at_too_far'],
      [{ text: 'Malformed', publishAt: 'tomorrow at nine' }, 400, 'invalid_field'],
      [{ text: 'Malformed', publishAt: 1_800_000_000_000 }, 400, 'invalid_field'],
      [{ text: 'Unknown', publishAt: inMs(60_000), colour: 'red' }, 400, 'unknown_field'],
      [{ text: '', publishAt: inMs(60_000) }, 400, 'invalid_field'],
      [{ text: 'Expires before its time', publishAt: inMs(120_000), expiresAt: inMs(60_000) }, 400, 'invalid_input'],
      [{ text: 'مكتوب بالعربية', dir: 'ltr', publishAt: inMs(60_000) }, 400, 'dir_contradicts_text'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await publish(node.url, channel, body);
      assert.deepEqual([answer.status, answer.body.error?.code], [status, code], JSON.stringify(body));
    }
    const anonymous = await fetch(`${node.url}/api/channels/${channel}/headlines`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'x', publishAt: inMs(60_000) }) });
    assert.equal(anonymous.status, 401);
    assert.equal((await publish(node.url, channel, { text: 'Not my channel', publishAt: inMs(60_000) }, SPORT_EDITOR_KEY)).status, 403);
    assert.equal((await api(node.url, 'PATCH', `/api/channels/${channel}/scheduled/nope`, { text: 'x' })).status, 404);
    assert.deepEqual(await scheduled(node.url, channel), [], 'nothing held');

    const one = await publish(node.url, channel, { text: 'Held', publishAt: inMs(60_000) });
    for (const [patch, status, code] of [
      [{ publishAt: inMs(-5) }, 422, 'publish_at_past'],
      [{}, 400, 'empty_update'],
      [{ rev: 1 }, 400, 'empty_update'],
      [{ text: 'x', rev: 'one' }, 400, 'invalid_field'],
      [{ nonsense: true }, 400, 'unknown_field'],
    ] as Array<[unknown, number, string]>) {
      const answer = await api(node.url, 'PATCH', `/api/channels/${channel}/scheduled/${one.body.id}`, patch);
      assert.deepEqual([answer.status, answer.body.error?.code], [status, code], JSON.stringify(patch));
    }
    assert.deepEqual(await scheduled(node.url, channel), [one.body], 'unchanged');
    assert.equal((await api(node.url, 'GET', `/api/channels/${channel}/scheduled`, undefined, PARTNER_KEY)).status, 403, 'held headlines are for editors');
    assert.equal((await api(node.url, 'GET', `/api/channels/${channel}/scheduled`, undefined, SPORT_EDITOR_KEY)).status, 403, "of the channel");
    assert.equal((await api(node.url, 'DELETE', `/api/channels/${channel}/scheduled/${one.body.id}`, undefined, SPORT_EDITOR_KEY)).status, 403);
    assert.equal((await api(node.url, 'DELETE', `/api/channels/${channel}/scheduled/${one.body.id}`)).status, 200);
  });

  it('replays a retry with the same Idempotency-Key and refuses the key for another body', async () => {
    const headers = { ...authHeaders(), 'Idempotency-Key': `retry-${randomBytes(6).toString('hex')}` };
    const body = { text: unique('once'), publishAt: inMs(60_000) };
    const send = (payload: unknown) => fetch(`${node.url}/api/channels/ar-sport/headlines`, { method: 'POST', headers, body: JSON.stringify(payload) });
    const first = await send(body);
    const again = await send(body);
    assert.deepEqual([first.status, again.status, again.headers.get('idempotent-replayed')], [202, 200, 'true']);
    assert.equal(((await again.json()) as any).id, ((await first.json()) as any).id);
    const other = await send({ ...body, text: 'another' });
    assert.equal(other.status, 422);
    assert.equal((await scheduled(node.url, 'ar-sport')).length, 1);
  });
});

describe('scheduled headlines per channel are bounded', () => {
  it('holds 200 and answers the next 429 too_many_scheduled, holding nothing more', async () => {
    const node = await startNode();
    try {
      const publishAt = inMs(3_600_000);
      for (let i = 0; i < 200; i++) assert.equal((await publish(node.url, 'ar-sport', { text: `held ${i}`, publishAt })).status, 202);
      const over = await publish(node.url, 'ar-sport', { text: 'one too many', publishAt });
      assert.deepEqual([over.status, over.body.error.code], [429, 'too_many_scheduled']);
      assert.equal((await scheduled(node.url, 'ar-sport')).length, 200);
      assert.equal((await publish(node.url, 'ar-main', { text: 'another channel', publishAt })).status, 202, 'per channel');
      assert.equal((await publish(node.url, 'ar-sport', { text: 'published now' })).status, 201, 'publishing now is not held');
    } finally {
      await node.close();
    }
  });
});

describe('scheduled publishing across nodes on one Redis', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start();
  });
  after(() => redis.destroy());

  it('publishes once when two nodes sweep, and every node pushes it', async () => {
    const [nodeA, nodeB] = await Promise.all([startNode({ redisUrl: redis.url }), startNode({ redisUrl: redis.url })]);
    const readers = await Promise.all([connectReader(nodeA.url), connectReader(nodeB.url)]);
    try {
      await Promise.all(readers.map((reader) => reader.subscribe('ar-main')));
      const publishAts = [inMs(1000), inMs(1100), inMs(1200)];
      const ids: string[] = [];
      for (const publishAt of publishAts) ids.push((await publish(nodeA.url, 'ar-main', { text: unique('shared'), publishAt })).body.id as string);
      const last = ids.at(-1)!;
      await waitFor(() => readers.every((reader) => pushedAbout(reader, last).length > 0), 5000, 'both readers to be pushed the last one');
      const sentinel = await publish(nodeB.url, 'ar-main', { text: unique('sentinel'), publishAt: inMs(600) });
      await waitFor(() => readers.every((reader) => pushedAbout(reader, sentinel.body.id).length > 0), 5000, 'the sentinel');
      for (const [i, id] of ids.entries()) {
        for (const reader of readers) {
          const pushed = pushedAbout(reader, id);
          assert.equal(pushed.length, 1, 'published once');
          assert.ok(lateness(pushed[0].headline!.publishedAt, publishAts[i]) < 1000);
        }
      }
      const log = await nodeA.store.changesSince('ar-main', '0-0');
      assert.equal(log.kind === 'changes' && log.changes.filter((change) => ids.includes(change.id)).length, 3, 'one publish each in the log');
    } finally {
      for (const reader of readers) reader.close();
      await Promise.all([nodeA.close(), nodeB.close()]);
    }
  });

  it('publishes on time from another node when the node that accepted it was killed', async () => {
    const port = await freePort();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AJEL_') && name !== 'REDIS_URL'));
    const env = { ...clean, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, AJEL_EDITOR_KEYS: `alice:${EDITOR_KEY}`, AJEL_CHANNELS: 'ar-main', AJEL_DEMO: 'off', NODE_ENV: '' };
    const accepting: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => accepting.once('exit', resolve));
    const urlA = `http://127.0.0.1:${port}`;
    const nodeB = await startNode({ redisUrl: redis.url });
    const reader = await connectReader(nodeB.url);
    try {
      await waitFor(() => fetch(`${urlA}/readyz`).then((response) => response.ok, () => false), 20_000, 'the spawned node');
      await reader.subscribe('ar-main');
      const publishAt = inMs(1500);
      const held = await publish(urlA, 'ar-main', { text: unique('orphan'), publishAt });
      assert.equal(held.status, 202);
      accepting.kill('SIGKILL');
      await exited;
      await waitFor(() => pushedAbout(reader, held.body.id).length > 0, 5000, 'the other node to publish it');
      const [change] = pushedAbout(reader, held.body.id);
      assert.ok(lateness(change.headline!.publishedAt, publishAt) >= 0 && lateness(change.headline!.publishedAt, publishAt) < 1000, 'within a second');
      assert.deepEqual(await scheduled(nodeB.url, 'ar-main'), []);
    } finally {
      accepting.kill('SIGKILL');
      reader.close();
      await nodeB.close();
    }
  });
});
