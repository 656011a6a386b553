import { after, before } from 'node:test';
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

storeContract('Redis', async (limits) => {
  const store = makeStore(redis.url, limits);
  await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
  return store;
});
