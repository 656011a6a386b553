import { after, before } from 'node:test';
import { partnersContract } from '../contract/partners.contract.js';
import { storeContract } from '../contract/store.contract.js';
import { TestRedis } from '../harness/redis.js';
import { makeStore, waitFor } from '../harness/server.js';

let redis: TestRedis;
before(async () => {
  redis = await TestRedis.start();
});
after(async () => {
  await redis.destroy();
});

async function connect(limits?: Parameters<typeof makeStore>[1]) {
  const store = makeStore(redis.url, limits);
  await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
  return store;
}

storeContract('Redis', connect);
partnersContract('Redis', () => connect());
