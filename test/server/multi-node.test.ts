import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../server/auth/keys.js';
import { connectRedis, type RedisConnection } from '../../server/store/redis-connection.js';
import { keys } from '../../server/store/redis.js';
import { PUBLISH } from '../../server/store/redis-scripts.js';
import { TestRedis } from '../harness/redis.js';
import { TestRedisCluster } from '../harness/redis-cluster.js';
import { connectReader } from '../harness/reader.js';
import { authHeaders, publish, silentLogger, startNode, waitFor, type RunningNode } from '../harness/server.js';

for (const mode of ['single', 'cluster'] as const) describe(`several nodes on ${mode === 'single' ? 'one Redis' : 'a Redis Cluster'}`, () => {
  let redis: TestRedis | TestRedisCluster;
  let nodeA: RunningNode;
  let nodeB: RunningNode;
  /** Another system's connection to the same Redis. */
  let other: RedisConnection;

  before(async () => {
    redis = mode === 'single' ? await TestRedis.start() : await TestRedisCluster.start();
    [nodeA, nodeB] = await Promise.all([startNode({ redisUrl: redis.topology }), startNode({ redisUrl: redis.topology })]);
    other = connectRedis(redis.topology, silentLogger);
    await waitFor(() => other.send(undefined, ['PING']).then(() => true, () => false), 5000, 'redis');
  });
  after(async () => {
    await Promise.all([nodeA.close(), nodeB.close(), other.close()]);
    await redis.destroy();
  });

  it('pushes a publish, correction and retraction through node A to readers of node B', async () => {
    const onB = await connectReader(nodeB.url);
    const onA = await connectReader(nodeA.url);
    await onB.subscribe('ar-main');
    await onA.subscribe('ar-main');
    const created = await publish(nodeA.url, 'ar-main', { text: 'من العقدة أ' });
    const id = created.body.headline.id;
    await fetch(`${nodeA.url}/api/channels/ar-main/headlines/${id}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ urgent: true }) });
    await fetch(`${nodeB.url}/api/channels/ar-main/headlines/${id}`, { method: 'DELETE', headers: authHeaders() });
    for (const reader of [onA, onB]) {
      await waitFor(() => reader.received.length === 3, 3000, 'three pushes');
      assert.deepEqual(reader.received.map((c) => c.type), ['publish', 'update', 'retract']);
    }
    assert.deepEqual(onA.received, onB.received, 'both audiences see the same changes with the same cursors');
    onA.close();
    onB.close();
  });

  it('lets a reader resume on another node with the cursor it had', async () => {
    const first = await connectReader(nodeA.url);
    await first.subscribe('en-world');
    await publish(nodeA.url, 'en-world', { text: 'Seen on A' });
    await waitFor(() => first.received.length === 1, 3000);
    const cursor = first.cursor('en-world')!;
    first.close();
    const missed = await publish(nodeA.url, 'en-world', { text: 'Missed while moving' });
    const second = await connectReader(nodeB.url);
    const result = await second.subscribe('en-world', cursor);
    assert.ok(result.ok && result.mode === 'changes');
    assert.deepEqual(result.changes.map((c) => c.cursor), [missed.body.cursor]);
    second.close();
  });

  it('pushes a change written into Redis by another system', async () => {
    const reader = await connectReader(nodeB.url);
    await reader.subscribe('ar-sport');
    const now = new Date().toISOString();
    const headline = {
      id: `ext-${randomBytes(4).toString('hex')}`,
      text: 'خبر من نظام آخر\u202e',
      urgent: false,
      lang: 'ar',
      dir: 'rtl',
      publishedAt: now,
      updatedAt: now,
      publishedBy: 'wire-service',
      updatedBy: 'wire-service',
      rev: 1,
    };
    const channel = 'ar-sport';
    await other.send(keys.items(channel), [
      'EVAL', PUBLISH, '5',
      keys.items(channel), keys.order(channel), keys.expiry(channel), keys.log(channel), keys.audit(channel),
      channel, now, 'wire-service', '1000', '10000',
      headline.id, JSON.stringify(headline), String(Date.parse(now)), '', '50', '',
    ]);
    const malformed = (await other.send(keys.log(channel), ['XADD', keys.log(channel), '*', 'type', 'publish', 'id', 'bad id!', 'headline', '{not json'])) as string;
    await waitFor(() => reader.received.length === 1, 3000, 'the external change');
    // A raw XADD publishes no wake-up: on a Cluster the follower finds it at its next full read (within 5 s).
    await waitFor(() => nodeB.server.follower.activeFeed(channel)?.cursor === malformed, 6000, 'the follower to move past the malformed entry');
    assert.equal(reader.received[0].id, headline.id);
    assert.equal(reader.received[0].headline!.text, 'خبر من نظام آخر', 'spoofing controls are stripped on the way out');
    assert.ok(!JSON.stringify(reader.received[0]).includes('wire-service'), "the writer's name is not passed on to readers");
    await publish(nodeA.url, channel, { text: 'بعد المدخل التالف' });
    await waitFor(() => reader.received.length === 2, 3000, 'changes after a malformed entry');
    reader.close();
  });

  it('accepts editor keys stored hashed in Redis, limited to their channels', async () => {
    await other.send(keys.storedKeys, ['HSET', keys.storedKeys, hashSecret('carol-stored-key').toString('hex'), JSON.stringify({ name: 'carol', role: 'editor', channels: ['en-world'], byline: 'Carol Nasser' })]);
    // A byline that could disguise itself makes the stored key no key at all.
    await other.send(keys.storedKeys, ['HSET', keys.storedKeys, hashSecret('dave-stored-key').toString('hex'), JSON.stringify({ name: 'dave', role: 'editor', byline: 'Dave\u202e' })]);
    const allowed = await publish(nodeB.url, 'en-world', { text: 'Written with a stored key' }, 'carol-stored-key');
    assert.equal(allowed.status, 201);
    assert.equal(allowed.body.headline.byline, 'Carol Nasser');
    assert.ok(!JSON.stringify(allowed.body).includes('carol'), 'the key name stays in the audit log');
    assert.equal((await publish(nodeB.url, 'en-world', { text: 'Dave writes' }, 'dave-stored-key')).status, 401);
    const refused = await publish(nodeB.url, 'ar-main', { text: 'ليس لها' }, 'carol-stored-key');
    assert.equal(refused.status, 403);
  });
});
