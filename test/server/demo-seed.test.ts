import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PARTNER, seedDemoPartner } from '../../server/demo-seed.js';
import type { HeadlineStore } from '../../server/store/store.js';
import { TestRedis } from '../harness/redis.js';
import { makeStore, waitFor } from '../harness/server.js';

// The demo partner as `npm start` registers it, on the embedded store and again at each start on Redis (AJEL_DEMO=on).
describe('the demo partner, registered by the demo', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start();
  });
  after(async () => {
    await redis?.destroy();
  });

  for (const kind of ['memory', 'redis'] as const) {
    it(`is registered for the private wire with a secret only its server gets, and registered again keeps that secret (${kind})`, async () => {
      const store: HeadlineStore = makeStore(kind === 'redis' ? redis.url : undefined);
      try {
        if (kind === 'redis') await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
        const first = await seedDemoPartner(store, ['http://localhost:8081']);
        const stored = (await store.getPartner(DEMO_PARTNER.id))!;
        assert.deepEqual([stored.status, stored.channels, stored.origins], ['active', DEMO_PARTNER.channels, ['http://localhost:8081']]);
        assert.deepEqual(stored.credentials.map((credential) => credential.kid), [first.kid]);
        assert.ok(first.secret.length >= 32, 'a long random secret');
        // A later start, on another port, after the partner was revoked meanwhile.
        assert.equal(await store.replacePartner({ ...stored, status: 'revoked', rev: stored.rev + 1 }, stored.rev), 'replaced');
        const again = await seedDemoPartner(store, ['http://localhost:9091']);
        assert.deepEqual(again, first, 'the same credential');
        const restored = (await store.getPartner(DEMO_PARTNER.id))!;
        assert.deepEqual([restored.status, restored.origins, restored.rev], ['active', ['http://localhost:9091'], stored.rev + 2]);
      } finally {
        await store.close();
      }
    });
  }
});
