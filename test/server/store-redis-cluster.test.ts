import { after, before } from 'node:test';
import { partnersContract } from '../contract/partners.contract.js';
import { storeContract } from '../contract/store.contract.js';
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
