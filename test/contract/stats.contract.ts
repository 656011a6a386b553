import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Headline } from '../../server/protocol.js';
import type { HeadlineCounts, HeadlineStore, StoreLimits } from '../../server/store/store.js';

let sequence = 0;
function headline(overrides: Partial<Headline> = {}): Headline {
  sequence++;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString();
  return { id: `c${sequence}-${randomBytes(3).toString('hex')}`, text: `عنوان ${sequence}`, urgent: false, lang: 'ar', dir: 'rtl', publishedAt: at, updatedAt: at, rev: 1, ...overrides };
}

const freshChannel = () => `t-${randomBytes(5).toString('hex')}`;
const counts = (seen: number, clicked: number, partners: HeadlineCounts['partners'] = {}): HeadlineCounts => ({ seen, clicked, partners });

/** Readers' counts of headlines (server/stats/), the same in every HeadlineStore. */
export function statsContract(name: string, factory: (limits?: Partial<StoreLimits>) => Promise<HeadlineStore>): void {
  describe(`headline counts: ${name}`, () => {
    const stores: HeadlineStore[] = [];
    const open = async (limits?: Partial<StoreLimits>) => {
      const store = await factory(limits);
      stores.push(store);
      return store;
    };
    after(() => Promise.all(stores.map((store) => store.close())));

    it('adds impressions and clicks of live headlines, in total and per partner', async () => {
      const store = await open();
      const channel = freshChannel();
      await store.addChannels([channel]);
      const a = headline();
      const b = headline();
      await store.publish(channel, a, { actor: 'alice' });
      await store.publish(channel, b, { actor: 'alice' });
      await store.addHeadlineCounts(channel, { impressions: [a.id, b.id], clicks: [a.id] });
      await store.addHeadlineCounts(channel, { impressions: [a.id], clicks: [] }, 'ledger');
      await store.addHeadlineCounts(channel, { impressions: [], clicks: [a.id] }, 'ledger');
      const read = await store.readHeadlineCounts(channel);
      assert.deepEqual(read.get(a.id), counts(2, 2, { ledger: { seen: 1, clicked: 1 } }));
      assert.deepEqual(read.get(b.id), counts(1, 0));
      assert.equal(read.size, 2);
    });

    it('ignores ids that are not live headlines of the channel, so nothing else is ever stored', async () => {
      const store = await open();
      const channel = freshChannel();
      const other = freshChannel();
      await store.addChannels([channel, other]);
      const live = headline();
      await store.publish(other, live, { actor: 'alice' });
      await store.addHeadlineCounts(channel, { impressions: ['made-up', live.id], clicks: ['made-up'] });
      assert.equal((await store.readHeadlineCounts(channel)).size, 0);
      assert.equal((await store.readHeadlineCounts(other)).size, 0);
    });

    it('drops a headline\'s counts when it is retracted, expires or is pushed out, and a republished id starts again', async () => {
      const store = await open({ maxHeadlines: 2 });
      const channel = freshChannel();
      await store.addChannels([channel]);
      const pushedOut = headline();
      const retracted = headline();
      const expiring = headline({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
      await store.publish(channel, pushedOut, { actor: 'alice' });
      await store.publish(channel, retracted, { actor: 'alice' });
      await store.addHeadlineCounts(channel, { impressions: [pushedOut.id, retracted.id], clicks: [retracted.id] }, 'ledger');
      await store.publish(channel, expiring, { actor: 'alice' });
      await store.addHeadlineCounts(channel, { impressions: [expiring.id], clicks: [] });
      assert.deepEqual([...(await store.readHeadlineCounts(channel)).keys()].sort(), [expiring.id, retracted.id].sort(), 'the pushed-out headline kept its counts');

      await store.retract(channel, retracted.id, 'alice');
      assert.deepEqual([...(await store.readHeadlineCounts(channel)).keys()], [expiring.id], 'the retracted headline kept its counts');
      await store.expireDue(Date.now() + 120_000);
      assert.equal((await store.readHeadlineCounts(channel)).size, 0, 'the expired headline kept its counts');

      await store.publish(channel, { ...retracted, publishedAt: new Date().toISOString() }, { actor: 'alice' });
      await store.addHeadlineCounts(channel, { impressions: [retracted.id], clicks: [] });
      assert.deepEqual((await store.readHeadlineCounts(channel)).get(retracted.id), counts(1, 0));
    });
  });
}
