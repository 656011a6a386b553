import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCluster, type RedisClusterType } from 'redis';
import { connectRedis } from '../../server/store/redis-connection.js';
import { changesChannel } from '../../server/store/redis-keys.js';
import { NotifiedLogReader } from '../../server/store/redis-log-readers.js';
import { StoreUnavailableError } from '../../server/store/store.js';
import { partnersContract } from '../contract/partners.contract.js';
import { sourcesContract } from '../contract/sources.contract.js';
import { statsContract } from '../contract/stats.contract.js';
import { scheduleContract } from '../contract/schedule.contract.js';
import { storeContract } from '../contract/store.contract.js';
import { webhooksContract } from '../contract/webhooks.contract.js';
import { workContract } from '../contract/work.contract.js';
import { pushContract } from '../contract/push.contract.js';
import { freePort } from '../harness/redis.js';
import { TestRedisCluster } from '../harness/redis-cluster.js';
import { makeStore, silentLogger, waitFor } from '../harness/server.js';

let cluster: TestRedisCluster;
before(async () => {
  cluster = await TestRedisCluster.start();
});
after(async () => {
  await cluster.destroy();
});

async function connect(limits?: Parameters<typeof makeStore>[1]) {
  const store = makeStore(cluster.topology, limits);
  await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis cluster');
  return store;
}

storeContract('Redis Cluster', connect);
partnersContract('Redis Cluster', () => connect());
workContract('Redis Cluster', () => connect());
pushContract('Redis Cluster', () => connect());
webhooksContract('Redis Cluster', () => connect());
sourcesContract('Redis Cluster', () => connect());
scheduleContract('Redis Cluster', () => connect());
statsContract('Redis Cluster', connect);

describe('Redis Cluster seeds', () => {
  it('connects through any seed that answers, and fails fast with StoreUnavailableError while none does', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const unreachable = makeStore({ mode: 'cluster', seeds: [dead] });
    const through = makeStore({ mode: 'cluster', seeds: [dead, cluster.seeds[1]] });
    try {
      await assert.rejects(unreachable.ping(), StoreUnavailableError);
      await assert.rejects(unreachable.publish('ar-main', { id: 'x-1', text: 't', urgent: false, lang: 'ar', dir: 'rtl', publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString(), rev: 1 }, { actor: 'alice' }), StoreUnavailableError);
      await waitFor(() => through.ping().then(() => true, () => false), 5000, 'the cluster through its second seed');
      await through.addChannels(['seeded']);
      assert.equal(await through.hasChannel('seeded'), true);
    } finally {
      await Promise.all([unreachable.close(), through.close()]);
    }
  });
});

describe('Redis Cluster log reader', () => {
  it('reads again, without waiting out its block, when a wake-up comes while it is reading', async () => {
    const store = await connect();
    const redis = connectRedis(cluster.topology, silentLogger);
    const client = createCluster({ rootNodes: cluster.seeds.map((url) => ({ url })) }) as RedisClusterType;
    await client.connect();
    try {
      const channel = `t-${randomBytes(5).toString('hex')}`;
      const woken: string[] = [];
      // The reader's own subscription is on the same connection: once this listener has heard the wake-up, so has the reader.
      await client.SUBSCRIBE(changesChannel(channel), (cursor) => void woken.push(cursor));
      let duringRead: (() => Promise<void>) | undefined = async () => {
        const { cursor } = await store.publish(channel, { id: 'during-read', text: 't', urgent: false, lang: 'ar', dir: 'rtl', publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString(), rev: 1 }, { actor: 'alice' });
        await waitFor(() => woken.includes(cursor), 5000, 'the wake-up');
      };
      // A write lands, and its wake-up arrives, after the XREAD has read the log and before its answer is taken.
      const reader = new NotifiedLogReader(client, async (key, args) => {
        const reply = await redis.send(key, args);
        const hook = duringRead;
        duringRead = undefined;
        await hook?.();
        return reply;
      });
      const started = Date.now();
      const read = await reader.read(new Map([[channel, '0-0']]), 10_000);
      assert.deepEqual(read.map(([name, entries]) => [name, entries.length]), [[channel, 1]]);
      assert.ok(Date.now() - started < 5000, 'it did not wait out its block');
    } finally {
      await Promise.all([store.close(), redis.close(), client.close()]);
    }
  });
});
