import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Headline } from '../../server/protocol.js';
import type { RedisTopology } from '../../server/store/redis-connection.js';
import { RedisStore } from '../../server/store/redis.js';
import { connectReader, type TestReader } from '../harness/reader.js';
import { TestRedisSentinel } from '../harness/redis-sentinel.js';
import { authHeaders, silentLogger, startNode, waitFor, type RunningNode } from '../harness/server.js';

const DURABILITY = { minReplicas: 1, waitTimeoutMs: 500 };
/** Failovers in the burst test: one in `npm test`; the long chaos run sets more (README, Running in production). */
const ROUNDS = Number(process.env.AJEL_FAILOVER_ROUNDS ?? 1);

async function post(node: RunningNode, channel: string, text: string, key: string) {
  const response = await fetch(`${node.url}/api/channels/${channel}/headlines`, {
    method: 'POST',
    headers: { ...authHeaders(), 'Idempotency-Key': key },
    body: JSON.stringify({ text }),
  });
  return { status: response.status, body: (await response.json()) as { headline: Headline; error?: { code: string } } };
}

describe('Ajel on a Sentinel-managed Redis (a primary, 2 replicas, 3 sentinels), each write on a replica before it is acknowledged', () => {
  let group: TestRedisSentinel;
  let nodes: RunningNode[];

  before(async () => {
    group = await TestRedisSentinel.start({ replicas: 2, sentinels: 3, appendfsync: 'always' });
    const topology: RedisTopology = {
      mode: 'sentinel',
      sentinels: group.sentinels.map((entry) => ({ host: entry.split(':')[0], port: Number(entry.split(':')[1]) })),
      masterName: group.masterName,
    };
    nodes = await Promise.all(
      [0, 1].map(() => startNode({ store: RedisStore.create(topology, silentLogger, { maxHeadlines: 1000 }, { durability: DURABILITY }) })),
    );
    let warmUp: Awaited<ReturnType<typeof post>> | undefined;
    await waitFor(async () => (warmUp = await post(nodes[0], 'ar-sport', 'أول خبر', 'warm-up-write')).status < 300, 15_000, 'the nodes to find the primary').catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(warmUp)}`);
    });
  });
  after(async () => {
    await Promise.all((nodes ?? []).map((node) => node.close()));
    await group?.destroy();
  });

  it('answers 503 while no replica confirms a write, and the retry with its idempotency key publishes it once when one does', async () => {
    const stopped = await group.stopReplicas();
    const refused = await post(nodes[0], 'ar-sport', 'خبر لم يتأكد', 'unconfirmed-write');
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    for (const port of stopped) await group.restart(port);
    let retried = await post(nodes[1], 'ar-sport', 'خبر لم يتأكد', 'unconfirmed-write');
    await waitFor(async () => (retried = await post(nodes[1], 'ar-sport', 'خبر لم يتأكد', 'unconfirmed-write')).status < 300, 20_000, 'a replica to confirm');
    assert.equal(retried.status, 200, 'the first write, replayed once it is on a replica');
    const listed = (await (await fetch(`${nodes[0].url}/api/channels/ar-sport/headlines`)).json()) as { headlines: Headline[] };
    assert.equal(listed.headlines.filter((headline) => headline.text === 'خبر لم يتأكد').length, 1, 'published once');
  });

  it('loses no acknowledged headline when the primary is killed during a burst, and every reader converges', async (t) => {
    const CHANNEL = 'ar-main';
    const readers: TestReader[] = [];
    for (const node of [...nodes, ...nodes]) {
      const reader = await connectReader(node.url);
      await reader.subscribe(CHANNEL);
      readers.push(reader);
    }
    const acknowledged: Headline[] = [];
    const statuses = new Map<number, number>();
    const failovers: string[] = [];
    let kills = 0;
    let afterKill = 0;
    let killStarted = 0;
    const publisher = async (name: string) => {
      for (let i = 0; kills < ROUNDS || afterKill < 20; i++) {
        for (let attempt = 0; ; attempt++) {
          const { status, body } = await post(nodes[i % 2], CHANNEL, `${name} ${i}`, `${name}-${i}-failover`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 201 || status === 200) {
            acknowledged.push(body.headline);
            if (kills > 0 && afterKill++ === 0) failovers[kills - 1] += `, writes back ${Date.now() - killStarted} ms after the kill began`;
            break;
          }
          assert.equal(status, 503, `only 503 (retry) is acceptable, got ${status}: ${JSON.stringify(body)}`);
          assert.ok(attempt < 400, 'a publish kept failing');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (i > 2000 * ROUNDS) throw new Error('writes never resumed');
      }
    };
    const publishing = Promise.all([publisher('first'), publisher('second')]);
    for (let round = 0; round < ROUNDS; round++) {
      const before = acknowledged.length;
      await waitFor(() => acknowledged.length >= before + 20, 30_000, 'traffic before the kill');
      killStarted = Date.now();
      const { killed, promoted } = await group.killPrimary();
      assert.notEqual(promoted, killed);
      failovers.push(`${killed} killed, ${promoted} promoted`);
      afterKill = 0;
      kills++;
      // The killed server comes back as a replica, so that the next round has two again.
      if (round < ROUNDS - 1) await group.restart(killed);
    }
    await publishing;

    const ids = acknowledged.map((headline) => headline.id);
    assert.equal(new Set(ids).size, ids.length, 'no idempotency key published twice');
    const listed = (await (await fetch(`${nodes[1].url}/api/channels/${CHANNEL}/headlines`)).json()) as { headlines: Headline[] };
    assert.deepEqual(listed.headlines.map((h) => h.id).sort(), [...ids].sort(), 'every acknowledged headline, once, and nothing else');
    for (const reader of readers) {
      if (!reader.socket.connected) {
        // Dropped by its node because the log lost what it had been sent: it resumes as the widget does.
        const cursor = reader.cursor(CHANNEL);
        reader.socket.connect();
        await waitFor(() => reader.socket.connected, 5_000, 'the reader back');
        await reader.subscribe(CHANNEL, cursor);
      }
      await waitFor(() => reader.state.get(CHANNEL)!.headlines.size === ids.length, 15_000, 'every reader to converge');
      assert.deepEqual([...reader.state.get(CHANNEL)!.headlines.keys()].sort(), [...ids].sort());
      reader.close();
    }
    t.diagnostic(`${failovers.join('; ')}; ${ids.length} acknowledged; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});
