import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Headline } from '../../server/protocol.js';
import { connectRedis, type RedisConnection } from '../../server/store/redis-connection.js';
import { keys, RedisStore } from '../../server/store/redis.js';
import { NOTE_DUE } from '../../server/store/redis-scripts.js';
import { StoreLayoutError } from '../../server/store/store.js';
import { freePort, TestRedis } from '../harness/redis.js';
import { TestRedisCluster } from '../harness/redis-cluster.js';
import { silentLogger, waitFor } from '../harness/server.js';

const freshChannel = () => `l-${randomBytes(5).toString('hex')}`;

function headline(overrides: Partial<Headline> = {}): Headline {
  const at = new Date().toISOString();
  return { id: `h-${randomBytes(4).toString('hex')}`, text: 'عنوان', urgent: false, lang: 'ar', dir: 'rtl', publishedAt: at, updatedAt: at, rev: 1, ...overrides };
}

/** Every key on every primary that matches `pattern`. */
async function keysMatching(redis: RedisConnection, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const send of await redis.primaries()) {
    let cursor = '0';
    do {
      const [next, batch] = (await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000'])) as [string, string[]];
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
  }
  return found.sort();
}

for (const mode of ['single', 'cluster'] as const) describe(`Redis key layout (${mode})`, () => {
  let redis: TestRedis | TestRedisCluster;
  /** The test's own connection, to look at and change keys as another system (or a crash) would. */
  let raw: RedisConnection;
  const stores: RedisStore[] = [];
  const openStore = async (options: { migrate?: boolean } = {}) => {
    const store = RedisStore.create(redis.topology, silentLogger, {}, options);
    stores.push(store);
    await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
    return store;
  };
  const send = (key: string, ...args: string[]) => raw.send(key, args);

  before(async () => {
    redis = mode === 'single' ? await TestRedis.start() : await TestRedisCluster.start();
    raw = connectRedis(redis.topology, silentLogger);
    await waitFor(() => raw.send(undefined, ['PING']).then(() => true, () => false), 5000, 'redis');
  });
  after(async () => {
    await Promise.all([...stores.map((store) => store.close()), raw.close()]);
    await redis.destroy();
  });

  it("keeps every key of a channel under the channel's hash tag, in one slot", async () => {
    const store = await openStore();
    const channel = freshChannel();
    await store.createChannel({ channel, title: 't', description: 'd', lang: 'ar', dir: 'rtl', label: 'عاجل', rev: 1 });
    const item = headline({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await store.publish(channel, item, { actor: 'alice', idempotency: { key: 'layout-key-1', digest: 'd' } });
    await store.replace(channel, { ...item, rev: 2, text: 'مصحح' }, 1, 'alice');
    await store.publish(channel, headline(), { actor: 'alice' });
    const written = await keysMatching(raw, `*${channel}*`);
    assert.ok(written.length >= 8, `the channel's keys: ${written.join(', ')}`);
    for (const key of written) assert.ok(key.startsWith(`ajel:{ch:${channel}}:`), `${key} carries the channel's hash tag`);
    if (mode === 'cluster') {
      const slots = new Set(await Promise.all(written.map((key) => send(key, 'CLUSTER', 'KEYSLOT', key))));
      assert.equal(slots.size, 1, 'one slot');
    }
  });

  it('expires a headline whose note in ajel:{expiring} was lost (a node died between the two steps): the next node to sweep repairs it', async () => {
    const store = await openStore();
    const channel = freshChannel();
    await store.addChannels([channel]);
    const now = Date.now();
    const item = headline({ expiresAt: new Date(now + 1000).toISOString() });
    await store.publish(channel, item, { actor: 'alice' });
    assert.equal(await send(keys.expiring, 'ZSCORE', keys.expiring, channel), String(now + 1000), 'the write noted its expiry');
    await send(keys.expiring, 'ZREM', keys.expiring, channel);
    assert.equal(await store.expireDue(now + 2000), 1, "this node's first sweep repairs the index");
    const other = await openStore();
    const later = headline({ expiresAt: new Date(now + 3000).toISOString() });
    await store.publish(channel, later, { actor: 'alice' });
    await send(keys.expiring, 'ZREM', keys.expiring, channel);
    assert.equal(await store.expireDue(now + 4000), 0, 'a node that repaired a minute ago has not seen it yet');
    assert.equal(await other.expireDue(now + 4000), 1, 'a node sweeping for the first time repairs it');
    assert.deepEqual((await store.snapshot(channel)).headlines, []);
  });

  it('keeps the newest view of a channel in ajel:{expiring}, whatever order the notes arrive in', async () => {
    const channel = freshChannel();
    const note = (view: string, due: string) => send(keys.expiring, 'EVAL', NOTE_DUE, '2', keys.expiring, keys.expiringView, channel, view, due);
    assert.equal(await note('200-1', '5000'), 1);
    assert.equal(await note('200-0', 'none'), 0, 'a note read at an older position changes nothing');
    assert.equal(await send(keys.expiring, 'ZSCORE', keys.expiring, channel), '5000');
    assert.equal(await note('200-1', '4000'), 1, 'one read at the same position applies');
    assert.equal(await note('300-0', 'none'), 1);
    assert.equal(await send(keys.expiring, 'ZSCORE', keys.expiring, channel), null);
  });

  it('does not list a channel whose creation stopped after its index entry, and creates it when asked again', async () => {
    const store = await openStore();
    const channel = freshChannel();
    await send(keys.channels, 'SADD', keys.channels, channel);
    assert.equal(await store.hasChannel(channel), false);
    assert.ok(!(await store.listChannels()).includes(channel));
    assert.equal(await store.createChannel({ channel, title: 't', description: 'd', lang: 'en', dir: 'ltr', label: 'Breaking', rev: 1 }), 'created');
    assert.ok((await store.listChannels()).includes(channel));
  });

  describe('data in the untagged layout of earlier versions', () => {
    const channel = 'old-news';
    const old = (part: string) => `ajel:ch:${channel}:${part}`;
    const item = headline({ id: 'old-1', text: 'خبر قديم', expiresAt: new Date(Date.now() + 500).toISOString() });
    const kept = headline({ id: 'old-2', text: 'خبر باق' });
    const idempotency = keys.idempotency(channel, 'alice', 'old-key-0001').replace(`ajel:{ch:${channel}}:`, `ajel:ch:${channel}:`);
    let firstCursor = '';

    /** What an Ajel node of an earlier version left in Redis: two headlines, their log and audit, a record, an idempotency record. */
    async function writeOldLayout() {
      await send('ajel:channels', 'SADD', 'ajel:channels', channel, 'ar-main');
      await send(old('items'), 'HSET', old('items'), item.id, JSON.stringify(item), kept.id, JSON.stringify(kept));
      await send(old('order'), 'ZADD', old('order'), String(Date.parse(item.publishedAt)), item.id, String(Date.parse(kept.publishedAt)), kept.id);
      await send(old('expiry'), 'ZADD', old('expiry'), String(Date.parse(item.expiresAt!)), item.id);
      await send('ajel:expiring', 'ZADD', 'ajel:expiring', String(Date.parse(item.expiresAt!)), channel);
      firstCursor = (await send(old('log'), 'XADD', old('log'), '*', 'type', 'publish', 'id', item.id, 'headline', JSON.stringify(item), 'at', item.publishedAt)) as string;
      const second = (await send(old('log'), 'XADD', old('log'), '*', 'type', 'publish', 'id', kept.id, 'headline', JSON.stringify(kept), 'at', kept.publishedAt)) as string;
      for (const [entry, cursor] of [[item, firstCursor], [kept, second]] as const) {
        await send('ajel:audit', 'XADD', 'ajel:audit', '*', 'at', entry.publishedAt, 'actor', 'alice', 'action', 'publish', 'channel', channel, 'id', entry.id, 'cursor', cursor, 'text', entry.text);
      }
      await send(old('meta'), 'SET', old('meta'), JSON.stringify({ channel, title: 'Old news', description: 'd', lang: 'ar', dir: 'rtl', label: 'عاجل', rev: 2 }));
      await send(idempotency, 'SET', idempotency, JSON.stringify({ cursor: second, digest: 'body-digest', headline: kept }), 'EX', '3600');
    }

    it('refuses to start on it, saying how to move it', async () => {
      await writeOldLayout();
      const store = await openStore({ migrate: true });
      const refused = await openStore();
      await assert.rejects(refused.prepare(), (error: Error) => {
        assert.ok(error instanceof StoreLayoutError);
        assert.match(error.message, /ajel:channels, ajel:expiring, ajel:audit/);
        assert.match(error.message, mode === 'single' ? /AJEL_REDIS_MIGRATE=on/ : /on a single Redis first/);
        return true;
      });
      if (mode === 'cluster') await assert.rejects(store.prepare(), StoreLayoutError, 'a Cluster cannot RENAME across slots: it is moved on one Redis first');
      assert.equal(await send(old('items'), 'EXISTS', old('items')), 1, 'nothing was touched');
    });

    it('moves it when asked, finishing a move that was cut short, and serves it as before', { skip: mode === 'cluster' && 'moved on a single Redis' }, async () => {
      // A move cut short: the log already under its new name, the first audit entry already copied.
      await send(old('log'), 'RENAME', old('log'), keys.log(channel));
      const [[firstId, firstFields]] = (await send('ajel:audit', 'XRANGE', 'ajel:audit', '-', '+', 'COUNT', '1')) as Array<[string, string[]]>;
      await send(keys.audit(channel), 'XADD', keys.audit(channel), firstId, ...firstFields);
      const store = await openStore({ migrate: true });
      await store.prepare();
      assert.deepEqual(await keysMatching(raw, 'ajel:ch:*'), [], 'no untagged channel key is left');
      for (const key of ['ajel:channels', 'ajel:expiring', 'ajel:audit']) assert.equal(await send(key, 'EXISTS', key), 0, `${key} is gone`);
      assert.deepEqual((await store.snapshot(channel)).headlines.map((h) => h.id).sort(), [item.id, kept.id]);
      const since = await store.changesSince(channel, firstCursor);
      assert.ok(since.kind === 'changes' && since.changes.length === 1 && since.changes[0].id === kept.id, "a reader's cursor still counts");
      assert.deepEqual((await store.readAudit({ channels: [channel], limit: 10 })).map((e) => e.id), [kept.id, item.id], 'the audit, each entry once');
      assert.equal((await store.readChannelRecords([channel])).get(channel)?.title, 'Old news');
      assert.ok((await store.listChannels()).includes(channel));
      const replay = await store.publish(channel, headline(), { actor: 'alice', idempotency: { key: 'old-key-0001', digest: 'body-digest' } });
      assert.equal(replay.replayed, true, 'an idempotency key used before the move still replays');
      assert.ok(Number(await send(keys.idempotency(channel, 'alice', 'old-key-0001'), 'TTL', keys.idempotency(channel, 'alice', 'old-key-0001'))) > 3000, 'and keeps its expiry');
      assert.equal(await store.expireDue(Date.parse(item.expiresAt!) + 1), 1, 'the expiry schedule came along');
      await store.prepare();
      assert.equal((await store.readAudit({ channels: [channel], limit: 10 })).length, 3, 'a second start moves nothing again');
    });

    it('stops the server with exit code 2 and the reason on stderr', { skip: mode === 'cluster' && 'the same check as on one Redis' }, async () => {
      await send('ajel:channels', 'SADD', 'ajel:channels', channel);
      const port = await freePort();
      const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: (redis as TestRedis).url, AJEL_EDITOR_KEYS: 'alice:layout-test-key', NODE_ENV: '', LOG_LEVEL: 'silent' };
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      await send('ajel:channels', 'DEL', 'ajel:channels');
      assert.equal(code, 2);
      assert.match(stderr, /^ajel: Redis holds Ajel data in the key layout of earlier versions \(ajel:channels, .*AJEL_REDIS_MIGRATE=on/);
    });
  });
});
