import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { keys } from '../../server/store/redis.js';
import { partnersContract } from '../contract/partners.contract.js';
import { sourcesContract } from '../contract/sources.contract.js';
import { statsContract } from '../contract/stats.contract.js';
import { scheduleContract } from '../contract/schedule.contract.js';
import { storeContract } from '../contract/store.contract.js';
import { webhooksContract } from '../contract/webhooks.contract.js';
import { workContract } from '../contract/work.contract.js';
import { pushContract } from '../contract/push.contract.js';
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
workContract('Redis', () => connect());
pushContract('Redis', () => connect());
webhooksContract('Redis', () => connect());
sourcesContract('Redis', () => connect());
scheduleContract('Redis', () => connect());
statsContract('Redis', connect);

describe('Redis channel records written by another system', () => {
  it('reads one that does not parse as none, and lets the next edit (at revision 0) replace it', async () => {
    const store = makeStore(redis.url);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
      await store.addChannels(['hand-made', 'other-slug']);
      await raw.set(keys.record('hand-made'), '{"channel":"hand-made","title":');
      await raw.set(keys.record('other-slug'), JSON.stringify({ channel: 'hand-made', title: 't', description: 'd', lang: 'en', dir: 'ltr', label: 'l', rev: 3 }));
      assert.deepEqual(await store.readChannelRecords(['hand-made', 'other-slug']), new Map());
      const record = { channel: 'hand-made', title: 'Mended', description: 'd', lang: 'en', dir: 'ltr' as const, label: 'Breaking', rev: 1 };
      assert.equal(await store.writeChannelRecord(record, 0), 'written');
      assert.deepEqual((await store.readChannelRecords(['hand-made'])).get('hand-made'), record);
      await raw.set(keys.record('hand-made'), JSON.stringify({ ...record, link: 'javascript:alert(1)' }));
      assert.deepEqual(await store.readChannelRecords(['hand-made']), new Map(), 'nor a link that is not http(s)');
      assert.equal(await store.writeChannelRecord({ ...record, rev: 2 }, 0), 'written', 'and the next edit replaces it');
      assert.equal(await store.writeChannelRecord({ ...record, channel: 'other-slug' }, 0), 'written', "a record naming another channel is none of this one's");
    } finally {
      await raw.close();
      await store.close();
    }
  });
});

