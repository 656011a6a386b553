import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareCursors } from '../../server/cursor.js';
import type { TestRedis } from '../harness/redis.js';
import { connectReader } from '../harness/reader.js';
import { publish, startTwoNodes, waitFor, type RunningNode, type TwoNodes } from '../harness/server.js';

describe('a Redis outage', () => {
  let cluster: TwoNodes;
  let redis: TestRedis;
  let nodeA: RunningNode;
  let nodeB: RunningNode;

  before(async () => {
    cluster = await startTwoNodes();
    ({ redis, nodeA, nodeB } = cluster);
  });
  after(() => cluster.close());

  it('keeps serving readers, refuses writes with 503, and catches readers up without loss afterwards', async () => {
    const reader = await connectReader(nodeA.url);
    await reader.subscribe('ar-main');
    const before = await publish(nodeA.url, 'ar-main', { text: 'قبل العطل' });
    await waitFor(() => reader.received.length === 1, 3000, 'the first push');

    await redis.stop();

    const refused = await fetch(`${nodeA.url}/api/channels/ar-main/headlines`, {
      method: 'POST',
      headers: { Authorization: 'Bearer alice-secret-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'أثناء العطل' }),
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '2');
    assert.equal(((await refused.json()) as any).error.code, 'store_unavailable');

    assert.equal((await fetch(`${nodeA.url}/healthz`)).status, 200, 'the process stays up');
    assert.equal((await fetch(`${nodeA.url}/readyz`)).status, 503, 'but is not ready');
    const stale = await fetch(`${nodeA.url}/api/channels/ar-main/headlines`);
    assert.equal(stale.status, 200, 'a followed channel is still readable');
    assert.ok(stale.headers.get('ajel-stale'));
    assert.equal(((await stale.json()) as any).cursor, before.body.cursor);
    const staleFeed = await fetch(`${nodeA.url}/api/channels/ar-main/feed.rss`);
    assert.equal(staleFeed.status, 200, "and its feed, with the channel's record as this node last read it");
    assert.ok(staleFeed.headers.get('ajel-stale'));

    assert.ok(reader.socket.connected, 'connected readers stay connected');
    const newcomer = await connectReader(nodeA.url);
    const served = await newcomer.subscribe('ar-main');
    assert.ok(served.ok && served.mode === 'snapshot', 'a newcomer gets what the node has');
    assert.ok(served.headlines.some((h) => h.id === before.body.headline.id));

    await redis.start();

    // Node B writes as soon as it can, likely before node A has reconnected its follower.
    const written: string[] = [];
    await waitFor(async () => (await publish(nodeB.url, 'ar-main', { text: 'بعد العودة 1' })).status === 201, 15_000, 'node B to write again');
    for (const text of ['بعد العودة 2', 'بعد العودة 3']) written.push((await publish(nodeB.url, 'ar-main', { text })).body.cursor);

    const expected = await nodeB.store.snapshot('ar-main');
    assert.ok(expected.headlines.some((h) => h.id === before.body.headline.id), 'the data survived the restart');
    for (const client of [reader, newcomer]) {
      await waitFor(() => client.cursor('ar-main') === expected.cursor, 15_000, 'readers to catch up');
      const cursors = client.received.map((c) => c.cursor);
      for (let i = 1; i < cursors.length; i++) assert.ok(compareCursors(cursors[i - 1], cursors[i]) < 0, 'no duplicates');
      assert.deepEqual(client.headlines('ar-main').map((h) => h.id).sort(), expected.headlines.map((h) => h.id).sort());
      client.close();
    }
    assert.equal(reader.received.length, 4, 'the first push and the three written after the restart');

    await waitFor(async () => (await fetch(`${nodeA.url}/readyz`)).status === 200, 10_000, 'node A ready');
    assert.equal((await publish(nodeA.url, 'ar-main', { text: 'عاد كل شيء' })).status, 201);
  });

  it('follows a log that came back shorter from a snapshot: readers drop what is no longer history', async () => {
    const channel = 'ar-sport';
    const kept = await publish(nodeB.url, channel, { text: 'خبر يبقى' });
    assert.equal(kept.status, 201);
    await redis.stop();
    const copy = redis.copyData();
    await redis.start();
    const lost: string[] = [];
    await waitFor(async () => (await publish(nodeB.url, channel, { text: 'خبر سيضيع 1' })).status === 201, 15_000, 'node B to write again');
    lost.push((await nodeB.store.snapshot(channel)).headlines.find((h) => h.text === 'خبر سيضيع 1')!.id);
    lost.push((await publish(nodeB.url, channel, { text: 'خبر سيضيع 2' })).body.headline.id);

    const reader = await connectReader(nodeA.url);
    await reader.subscribe(channel);
    await waitFor(() => lost.every((id) => reader.headlines(channel).some((h) => h.id === id)), 15_000, 'the reader to have what will be lost');

    // The server comes back without the last two writes, as a promoted replica would.
    await redis.stop();
    redis.restoreData(copy);
    await redis.start();
    await waitFor(() => !reader.socket.connected, 15_000, 'node A to drop the readers of a channel whose history shrank');
    const after = await (async () => {
      let answer: Awaited<ReturnType<typeof publish>> | undefined;
      await waitFor(async () => (answer = await publish(nodeB.url, channel, { text: 'بعد الاستعادة' })).status === 201, 15_000, 'writes again');
      return answer!.body.headline.id;
    })();

    const cursor = reader.cursor(channel);
    reader.socket.connect();
    await waitFor(() => reader.socket.connected, 5000, 'the reader back');
    const resumed = await reader.subscribe(channel, cursor);
    assert.ok(resumed.ok && resumed.mode === 'snapshot', 'a cursor the log no longer holds is answered with a snapshot');
    const expected = (await nodeB.store.snapshot(channel)).headlines.map((h) => h.id).sort();
    assert.deepEqual(expected, [kept.body.headline.id, after].sort());
    assert.deepEqual(reader.headlines(channel).map((h) => h.id).sort(), expected, 'nothing lost on screen any more, and the new one');

    const newcomer = await connectReader(nodeA.url);
    await newcomer.subscribe(channel);
    assert.deepEqual(newcomer.headlines(channel).map((h) => h.id).sort(), expected, "node A's own feed of the channel was read again");
    newcomer.close();
    reader.close();
  });
});
