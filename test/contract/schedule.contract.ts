import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HeadlineService } from '../../server/headlines/service.js';
import type { ScheduledHeadline } from '../../server/protocol.js';
import { PUBLISH_WORK, ScheduleService, scheduledKey, schedulerActor } from '../../server/schedule/service.js';
import { publishDigest } from '../../server/headlines/service.js';
import type { HeadlineStore } from '../../server/store/store.js';
import { silentLogger } from '../harness/server.js';

const freshChannel = () => `t-${randomBytes(5).toString('hex')}`;

function held(channel: string, overrides: Partial<ScheduledHeadline> = {}): ScheduledHeadline {
  const now = new Date().toISOString();
  return {
    id: `s-${randomBytes(4).toString('hex')}`,
    channel,
    publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    text: 'عنوان مجدول',
    urgent: false,
    scheduledBy: 'alice',
    scheduledAt: now,
    updatedAt: now,
    rev: 1,
    publishing: false,
    ...overrides,
  };
}

async function publishesOf(store: HeadlineStore, channel: string, id: string): Promise<number> {
  const changes = await store.changesSince(channel, '0-0');
  assert.equal(changes.kind, 'changes');
  return changes.kind === 'changes' ? changes.changes.filter((change) => change.type === 'publish' && change.id === id).length : 0;
}

/** Held headlines (server/schedule/), the same in every HeadlineStore, and their publishing through due work. */
export function scheduleContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`scheduled publishing: ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('holds headlines per channel, soonest first, up to the bound, none of them visible to readers', async () => {
      const channel = freshChannel();
      const other = freshChannel();
      await store.addChannels([channel, other]);
      const later = held(channel, { publishAt: '2026-12-30T10:00:00.000Z', url: 'https://example.com/a', lang: 'ar', dir: 'rtl', ttl: 600, byline: 'Alice' });
      const sooner = held(channel, { publishAt: '2026-12-30T09:00:00.000Z', urgent: true, expiresAt: '2026-12-31T00:00:00.000Z' });
      assert.equal(await store.holdHeadline(later, 2), 'held');
      assert.equal(await store.holdHeadline(sooner, 2), 'held');
      assert.equal(await store.holdHeadline(later, 5), 'exists');
      assert.equal(await store.holdHeadline(held(channel), 2), 'full', 'bounded per channel');
      assert.equal(await store.holdHeadline(held(other), 2), 'held', 'another channel has its own bound');
      assert.deepEqual(await store.listHeld(channel), [sooner, later]);
      assert.deepEqual(await store.getHeld(channel, later.id), later);
      assert.equal(await store.getHeld(other, later.id), undefined);
      assert.deepEqual((await store.snapshot(channel)).headlines, []);
      assert.equal(await store.getHeadline(channel, later.id), undefined);
    });

    it('edits by revision and cancels, with audit entries of each', async () => {
      const channel = freshChannel();
      await store.addChannels([channel]);
      const first = held(channel);
      await store.holdHeadline(first, 10);
      const edited = { ...first, text: 'نص معدل', rev: 2, updatedAt: new Date().toISOString() };
      assert.equal(await store.editHeld({ ...edited, rev: 3 }, 2, 'bob'), 'conflict');
      assert.equal(await store.editHeld(edited, 1, 'bob'), 'edited');
      assert.equal(await store.editHeld(edited, 1, 'bob'), 'conflict', 'the old revision is gone');
      assert.equal(await store.editHeld(held(channel), 1, 'bob'), 'missing');
      assert.deepEqual(await store.getHeld(channel, first.id), edited);
      assert.equal(await store.cancelHeld(channel, first.id, 'carol'), 'cancelled');
      assert.equal(await store.cancelHeld(channel, first.id, 'carol'), 'missing');
      assert.deepEqual(await store.listHeld(channel), []);
      const audit = await store.readAudit({ channels: [channel], limit: 10 });
      assert.deepEqual(audit.map((entry) => [entry.action, entry.actor, entry.id, entry.text, entry.channel]), [
        ['schedule_cancel', 'carol', first.id, 'نص معدل', channel],
        ['schedule_edit', 'bob', first.id, 'نص معدل', channel],
        ['schedule', 'alice', first.id, 'عنوان مجدول', channel],
      ]);
    });

    it('marks one as being published only at its revision, and then refuses edits and cancels until it is released', async () => {
      const channel = freshChannel();
      await store.addChannels([channel]);
      const one = held(channel, { rev: 2 });
      await store.holdHeadline(one, 10);
      assert.equal(await store.startPublishingHeld(channel, one.id, 1), 'conflict');
      assert.equal(await store.startPublishingHeld(channel, 'nope', 1), 'missing');
      const marked = { ...one, publishing: true };
      assert.deepEqual(await store.startPublishingHeld(channel, one.id, 2), marked);
      assert.deepEqual(await store.startPublishingHeld(channel, one.id, 1), marked, 'a retry gets it whatever revision it read');
      assert.equal(await store.editHeld({ ...one, rev: 3 }, 2, 'bob'), 'publishing');
      assert.equal(await store.cancelHeld(channel, one.id, 'bob'), 'publishing');
      assert.deepEqual(await store.getHeld(channel, one.id), marked);
      await store.releaseHeld(channel, one.id);
      assert.equal(await store.getHeld(channel, one.id), undefined);
      assert.deepEqual(await store.listHeld(channel), []);
    });

    it('publishes a due headline once, under its id, through the publish due work; a claim that lapsed mid-publish is retried and publishes nothing new', async () => {
      const channel = freshChannel();
      await store.addChannels([channel]);
      let now = Date.now();
      const headlines = new HeadlineService(store, { urgentTtlSeconds: 60, now: () => now });
      const schedule = new ScheduleService(store, headlines, silentLogger, { now: () => now });
      const task = schedule.publishTask();
      const { held: one } = await schedule.hold(channel, { text: 'Scheduled one', urgent: true, publishAt: new Date(now + 60_000).toISOString() }, { name: 'alice', byline: 'Alice' });
      const { held: two } = await schedule.hold(channel, { text: 'Scheduled two', urgent: false, publishAt: new Date(now + 120_000).toISOString() }, { name: 'alice' });
      assert.equal(await task.run(now + 59_999), 0, 'nothing is due yet');
      assert.deepEqual((await store.snapshot(channel)).headlines, []);

      now += 60_000;
      assert.equal(await task.run(now), 1);
      const [published] = (await store.snapshot(channel)).headlines;
      assert.deepEqual([published.id, published.text, published.urgent, published.byline, published.publishedAt], [one.id, 'Scheduled one', true, 'Alice', new Date(now).toISOString()]);
      assert.equal(published.expiresAt, new Date(now + 60_000).toISOString(), "an urgent one's lifetime runs from its publishing");
      assert.equal(await store.getHeld(channel, one.id), undefined);
      assert.equal(await store.getWork(PUBLISH_WORK, `${channel} ${one.id}`), undefined);
      const [entry] = await store.readAudit({ channels: [channel], limit: 1 });
      assert.deepEqual([entry.action, entry.actor, entry.id], ['publish', schedulerActor('alice'), one.id]);

      // A node claims the second when due, marks it and publishes it, then dies before it finishes.
      now += 60_000;
      const [claimed] = await store.claimDueWork(PUBLISH_WORK, now, 10, 1);
      assert.equal(claimed.id, `${channel} ${two.id}`);
      const marked = await store.startPublishingHeld(channel, two.id, 1);
      assert.ok(typeof marked === 'object');
      const input = { text: marked.text, urgent: marked.urgent };
      await store.publish(channel, headlines.compose(input, { name: schedulerActor('alice') }, now, two.id), {
        idempotency: { key: scheduledKey(two.id), digest: publishDigest(input) },
        actor: schedulerActor('alice'),
      });
      assert.equal(await task.run(now + 5), 1, 'the lapsed claim is taken over');
      assert.equal(await publishesOf(store, channel, two.id), 1, 'published once');
      assert.equal(await publishesOf(store, channel, one.id), 1);
      assert.equal(await store.getHeld(channel, two.id), undefined);
    });

    it('does nothing for due work whose headline was cancelled, and waits for one whose time was moved later', async () => {
      const channel = freshChannel();
      await store.addChannels([channel]);
      let now = Date.now();
      const headlines = new HeadlineService(store, { urgentTtlSeconds: 60, now: () => now });
      const schedule = new ScheduleService(store, headlines, silentLogger, { now: () => now });
      const task = schedule.publishTask();
      const { held: gone } = await schedule.hold(channel, { text: 'Cancelled', urgent: false, publishAt: new Date(now + 1000).toISOString() }, { name: 'alice' });
      const { held: moved } = await schedule.hold(channel, { text: 'Moved', urgent: false, publishAt: new Date(now + 1000).toISOString() }, { name: 'alice' });
      // As if the node died between the steps: the record is gone or later, the wake-up still at the old time.
      assert.equal(await store.cancelHeld(channel, gone.id, 'bob'), 'cancelled');
      assert.equal(await store.editHeld({ ...moved, publishAt: new Date(now + 5000).toISOString(), rev: 2 }, 1, 'bob'), 'edited');
      now += 1000;
      assert.equal(await task.run(now), 1, 'the cancelled one is done with');
      assert.equal(await store.getWork(PUBLISH_WORK, `${channel} ${gone.id}`), undefined);
      assert.equal((await store.getWork(PUBLISH_WORK, `${channel} ${moved.id}`))?.dueAt, now + 4000, 'put back to its new time');
      assert.deepEqual((await store.snapshot(channel)).headlines, []);
      now += 4000;
      assert.equal(await task.run(now), 1);
      assert.deepEqual((await store.snapshot(channel)).headlines.map((headline) => headline.id), [moved.id]);
    });
  });
}
