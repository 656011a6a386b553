import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HeadlineStore } from '../../server/store/store.js';

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The background-work mechanisms of design.md, the same in every HeadlineStore. */
export function workContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`background work (due work, leases, consumer cursors): ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('claims only what is due, earliest first, and each item once while its claim holds', async () => {
      const kind = fresh('kind');
      await store.scheduleWork(kind, 'later', 5000, 'L');
      await store.scheduleWork(kind, 'second', 2000, 'B');
      await store.scheduleWork(kind, 'first', 1000, 'A');
      const claimed = await store.claimDueWork(kind, 3000, 10, 60_000);
      assert.deepEqual(claimed.map((item) => [item.id, item.dueAt, item.payload, item.attempts]), [['first', 1000, 'A', 1], ['second', 2000, 'B', 1]]);
      assert.notEqual(claimed[0].claim, claimed[1].claim);
      assert.deepEqual(await store.claimDueWork(kind, 3000, 10, 60_000), [], 'claimed items are not claimed again');
      assert.deepEqual((await store.claimDueWork(kind, 6000, 1, 60_000)).map((item) => item.id), ['later'], 'at most `limit`');
    });

    it('makes an item due again when its claim lapses, and then only the new holder can finish it', async () => {
      const kind = fresh('kind');
      await store.scheduleWork(kind, 'job', 1000, 'payload');
      const [first] = await store.claimDueWork(kind, 1000, 10, 500);
      assert.deepEqual(await store.claimDueWork(kind, 1499, 10, 500), []);
      const [second] = await store.claimDueWork(kind, 1500, 10, 500);
      assert.equal(second.id, 'job');
      assert.equal(second.attempts, 2);
      assert.equal(await store.completeWork(kind, first), false, "the lapsed holder's finish is refused");
      assert.equal(await store.retryWork(kind, first, 9999), false, "and so is its retry");
      assert.ok(await store.getWork(kind, 'job'), 'still scheduled');
      assert.equal(await store.completeWork(kind, second), true);
      assert.equal(await store.getWork(kind, 'job'), undefined);
      assert.deepEqual(await store.claimDueWork(kind, 99_999, 10, 500), [], 'done work is gone');
    });

    it('retries with a new due time and payload, keeping the count of attempts', async () => {
      const kind = fresh('kind');
      await store.scheduleWork(kind, 'job', 1000, 'v1');
      const [claimed] = await store.claimDueWork(kind, 1000, 10, 60_000);
      assert.equal(await store.retryWork(kind, claimed, 4000, 'v2'), true);
      assert.deepEqual(await store.claimDueWork(kind, 3999, 10, 60_000), []);
      const [again] = await store.claimDueWork(kind, 4000, 10, 60_000);
      assert.deepEqual([again.payload, again.attempts, again.dueAt], ['v2', 2, 4000]);
      assert.equal(await store.retryWork(kind, again, 5000), true);
      assert.equal((await store.getWork(kind, 'job'))?.payload, 'v2', 'a retry without a payload keeps it');
    });

    it('replaces an item scheduled again, and cancels one', async () => {
      const kind = fresh('kind');
      await store.scheduleWork(kind, 'job', 1000, 'old');
      const [claimed] = await store.claimDueWork(kind, 1000, 10, 60_000);
      await store.scheduleWork(kind, 'job', 2000, 'new');
      assert.equal(await store.completeWork(kind, claimed), false, 'the claim on the old item is gone');
      assert.deepEqual(await store.getWork(kind, 'job'), { id: 'job', dueAt: 2000, payload: 'new', attempts: 0, claim: '' });
      assert.equal(await store.cancelWork(kind, 'job'), true);
      assert.equal(await store.cancelWork(kind, 'job'), false);
      assert.deepEqual(await store.claimDueWork(kind, 99_999, 10, 60_000), []);
    });

    it('gives a lease to one owner at a time, renews it for its owner, and frees it on release or expiry', async () => {
      const duty = fresh('duty');
      assert.equal(await store.acquireLease(duty, 'node-a', 300), true);
      assert.equal(await store.acquireLease(duty, 'node-b', 300), false);
      assert.equal(await store.acquireLease(duty, 'node-a', 300), true, 'renewed by its owner');
      await store.releaseLease(duty, 'node-b');
      assert.equal(await store.acquireLease(duty, 'node-b', 300), false, 'a release by another owner does nothing');
      await store.releaseLease(duty, 'node-a');
      assert.equal(await store.acquireLease(duty, 'node-b', 300), true, 'released');
      await sleep(450);
      assert.equal(await store.acquireLease(duty, 'node-a', 300), true, 'expired');
    });

    it("moves a consumer's cursor only from where it was, per channel, and forgets it", async () => {
      const consumer = fresh('consumer');
      assert.equal(await store.readConsumerCursor(consumer, 'ar-main'), undefined);
      assert.equal(await store.advanceConsumerCursor(consumer, 'ar-main', '5-0', '6-0'), false, 'nothing stored yet');
      assert.equal(await store.advanceConsumerCursor(consumer, 'ar-main', undefined, '6-0'), true);
      assert.equal(await store.advanceConsumerCursor(consumer, 'ar-main', undefined, '7-0'), false, 'moved by someone else');
      assert.equal(await store.advanceConsumerCursor(consumer, 'ar-main', '6-0', '7-0'), true);
      assert.equal(await store.advanceConsumerCursor(consumer, 'ar-sport', undefined, '1-0'), true);
      assert.equal(await store.readConsumerCursor(consumer, 'ar-main'), '7-0');
      assert.equal(await store.readConsumerCursor(consumer, 'ar-sport'), '1-0');
      await store.dropConsumerCursors(consumer);
      assert.equal(await store.readConsumerCursor(consumer, 'ar-main'), undefined);
    });
  });
}
