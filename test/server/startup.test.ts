import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer } from '../../server/app.js';
import { TestRedis } from '../harness/redis.js';
import { makeStore, silentLogger, testConfig, waitFor } from '../harness/server.js';

let redis: TestRedis;
before(async () => {
  redis = await TestRedis.start();
});
after(async () => {
  await redis.destroy();
});

test('registers the configured channels once Redis answers, even when it was not connected yet at start-up', async () => {
  // As in server/main.ts: the store is created and the server started without waiting for Redis.
  const store = makeStore(redis.url);
  const server = createServer(testConfig, { store, logger: silentLogger });
  const { port } = await server.listen(0, '127.0.0.1');
  try {
    const status = () => fetch(`http://127.0.0.1:${port}/api/channels/ar-main/headlines`).then((response) => response.status);
    await waitFor(async () => (await status()) === 200, 5000, 'the channel to be registered');
    assert.equal(await status(), 200);
  } finally {
    await server.close();
    await store.close();
  }
});
