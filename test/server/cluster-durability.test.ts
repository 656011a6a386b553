import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Headline } from '../../server/protocol.js';
import { keys } from '../../server/store/redis-keys.js';
import { RedisStore } from '../../server/store/redis.js';
import { askNode, TestRedisCluster } from '../harness/redis-cluster.js';
import { authHeaders, silentLogger, startNode, waitFor, type RunningNode } from '../harness/server.js';

const DURABILITY = { minReplicas: 1, waitTimeoutMs: 500 };

async function post(node: RunningNode, channel: string, text: string, key: string) {
  const response = await fetch(`${node.url}/api/channels/${channel}/headlines`, {
    method: 'POST',
    headers: { ...authHeaders(), 'Idempotency-Key': key },
    body: JSON.stringify({ text }),
  });
  return { status: response.status, body: (await response.json()) as { headline: Headline; cursor: string; error?: { code: string } } };
}

/** The cursors of a channel's log as one server of the Cluster holds them (a replica answers after READONLY). */
async function logOn(port: number, channel: string): Promise<string[]> {
  return askNode(port, async (client) => {
    await client.sendCommand(['READONLY']);
    const entries = await client.sendCommand<Array<[string, string[]]>>(['XRANGE', keys.log(channel), '-', '+']);
    return entries.map(([cursor]) => cursor);
  });
}

describe('Ajel on a Redis Cluster with a replica per primary, each write on a replica before it is acknowledged', () => {
  let cluster: TestRedisCluster;
  let node: RunningNode;

  before(async () => {
    cluster = await TestRedisCluster.start({ primaries: 3, replicas: 1 });
    node = await startNode({ store: RedisStore.create(cluster.topology, silentLogger, {}, { durability: DURABILITY }) });
  });
  after(async () => {
    await node?.close();
    await cluster?.destroy();
  });

  it('acknowledges a write once its primary\'s replica has it, and answers 503 for the channels whose replica is gone while the others carry on', async () => {
    const [main, sport] = await Promise.all([cluster.serversOf(keys.log('ar-main')), cluster.serversOf(keys.log('ar-sport'))]);
    const other = ['en-world', 'ar-private'];
    // Two channels on different primaries: the test config's channels spread over the three.
    const [elsewhere] = await Promise.all(other.map(async (channel) => ({ channel, servers: await cluster.serversOf(keys.log(channel)) }))).then((found) =>
      [...found, { channel: 'ar-sport', servers: sport }].filter((entry) => entry.servers.primary !== main.primary),
    );
    assert.ok(elsewhere, 'a configured channel on another primary than ar-main');
    assert.equal(main.replicas.length, 1);

    let first: Awaited<ReturnType<typeof post>> | undefined;
    await waitFor(async () => (first = await post(node, 'ar-main', 'أول خبر', 'first-write')).status < 300, 15_000, 'the replicas to be in sync').catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(first)}`);
    });
    assert.equal(first!.status, 201);
    assert.ok((await logOn(main.replicas[0], 'ar-main')).includes(first!.body.cursor), 'the acknowledged write is on the replica');

    await cluster.kill(main.replicas[0]);
    const refused = await post(node, 'ar-main', 'خبر بلا نسخة', 'unreplicated-write');
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.equal(refused.body.error?.code, 'store_unavailable');
    const carriedOn = await post(node, elsewhere.channel, 'خبر في قناة أخرى', 'other-primary-write');
    assert.equal(carriedOn.status, 201, JSON.stringify(carriedOn.body));
    assert.ok((await logOn(elsewhere.servers.replicas[0], elsewhere.channel)).includes(carriedOn.body.cursor));
  });
});
