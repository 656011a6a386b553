import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PUSH_SHARDS, subscriptionId, type PushSubscriptionRecord } from '../../server/push/subscription.js';
import type { HeadlineStore } from '../../server/store/store.js';

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function subscription(endpoint: string): PushSubscriptionRecord {
  return { id: subscriptionId(endpoint), endpoint, p256dh: 'p', auth: 'a', createdAt: new Date(0).toISOString() };
}

/** Readers' push subscriptions and alerts' sent marks (server/push/), the same in every HeadlineStore. */
export function pushContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`push subscriptions: ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('adds a subscription once, refreshes it, removes it, and refuses one over the channel\'s most', async () => {
      const channel = fresh('push');
      const first = subscription('https://push.example/1');
      assert.equal(await store.addPushSubscription(channel, first, 2), 'added');
      assert.equal(await store.addPushSubscription(channel, { ...first, auth: 'b' }, 2), 'exists');
      assert.equal(await store.addPushSubscription(channel, subscription('https://push.example/2'), 2), 'added');
      assert.equal(await store.addPushSubscription(channel, subscription('https://push.example/3'), 2), 'full');
      assert.equal(await store.countPushSubscriptions(channel), 2);
      const all = (await Promise.all(PUSH_SHARDS.map((shard) => store.readPushSubscriptions(channel, shard, '', 10)))).flat();
      assert.equal(all.find((record) => record.id === first.id)?.auth, 'b', 'the refreshed keys are kept');
      assert.equal(await store.removePushSubscription(channel, first.id), true);
      assert.equal(await store.removePushSubscription(channel, first.id), false);
      assert.equal(await store.countPushSubscriptions(channel), 1);
      assert.equal(await store.countPushSubscriptions(fresh('push')), 0);
    });

    it('reads each shard in id order, page after page, each subscription in exactly one shard', async () => {
      const channel = fresh('push');
      const added = Array.from({ length: 60 }, (_, index) => subscription(`https://push.example/${index}`));
      for (const record of added) await store.addPushSubscription(channel, record, 1000);
      const seen: string[] = [];
      for (const shard of PUSH_SHARDS) {
        let after = '';
        for (;;) {
          const page = await store.readPushSubscriptions(channel, shard, after, 2);
          if (page.length === 0) break;
          assert.ok(page.every((record) => record.id.startsWith(shard)), `shard ${shard} holds only its ids`);
          assert.deepEqual(page.map((record) => record.id), page.map((record) => record.id).sort());
          assert.ok(page[0].id > after);
          seen.push(...page.map((record) => record.id));
          after = page.at(-1)!.id;
        }
      }
      assert.deepEqual(seen.sort(), added.map((record) => record.id).sort());
    });

    it('remembers which subscriptions an alert reached, per alert, for as long as asked', async () => {
      const channel = fresh('push');
      assert.deepEqual(await store.unsentPushes(channel, 'alert-1', ['a', 'b', 'c']), ['a', 'b', 'c']);
      await store.markPushSent(channel, 'alert-1', ['a', 'c'], 300);
      assert.deepEqual(await store.unsentPushes(channel, 'alert-1', ['a', 'b', 'c']), ['b']);
      assert.deepEqual(await store.unsentPushes(channel, 'alert-2', ['a']), ['a'], 'another alert is another batch');
      await sleep(400);
      assert.deepEqual(await store.unsentPushes(channel, 'alert-1', ['a', 'b', 'c']), ['a', 'b', 'c'], 'forgotten after its time');
    });
  });
}
