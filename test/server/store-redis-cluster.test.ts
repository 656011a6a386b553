import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StoreUnavailableError } from '../../server/store/store.js';
import { partnersContract } from '../contract/partners.contract.js';
import { storeContract } from '../contract/store.contract.js';
import { freePort } from '../harness/redis.js';
import { TestRedisCluster } from '../harness/redis-cluster.js';
import { makeStore, waitFor } from '../harness/server.js';

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
