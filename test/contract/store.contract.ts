import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StoredChannel } from '../../server/channels/record.js';
import { compareCursors } from '../../server/cursor.js';
import type { Change, Headline } from '../../server/protocol.js';
import { IdempotencyKeyReusedError, type HeadlineStore, type StoreLimits } from '../../server/store/store.js';

export type StoreFactory = (limits?: Partial<StoreLimits>) => Promise<HeadlineStore>;

let sequence = 0;
function headline(overrides: Partial<Headline> = {}): Headline {
  sequence++;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString();
  return {
    id: `h${sequence}-${randomBytes(3).toString('hex')}`,
    text: `عنوان رقم ${sequence}`,
    urgent: false,
    lang: 'ar',
    dir: 'rtl',
    publishedAt: at,
    updatedAt: at,
    rev: 1,
    ...overrides,
  };
}

/** Until the clock has moved on by a millisecond or more. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() <= start + 1) await new Promise((resolve) => setImmediate(resolve));
}

const freshChannel = () => `t-${randomBytes(5).toString('hex')}`;

function channelRecord(channel: string, overrides: Partial<StoredChannel> = {}): StoredChannel {
  return {
    channel,
    title: 'الأفق: عاجل',
    description: 'آخر الأخبار العاجلة من "الأفق" & شركائها',
    lang: 'ar',
    dir: 'rtl',
    link: 'https://alofoq.example/news?x=1&y=2',
    label: 'عاجل',
    rev: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'alice',
    ...overrides,
  };
}

async function allChanges(store: HeadlineStore, channel: string, from = '0-0'): Promise<Change[]> {
  const result = await store.changesSince(channel, from);
  assert.equal(result.kind, 'changes');
  return result.kind === 'changes' ? result.changes : [];
}

/** The behaviour every HeadlineStore must have; run against the embedded store and against Redis. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let store: HeadlineStore;
    const extra: HeadlineStore[] = [];
    const withLimits = async (limits: Partial<StoreLimits>) => {
      const limited = await factory(limits);
      extra.push(limited);
      return limited;
    };

    before(async () => {
      store = await factory();
    });
    after(async () => {
      await Promise.all([store, ...extra].map((s) => s.close()));
    });

    it('registers channels', async () => {
      const a = freshChannel();
      const b = freshChannel();
      assert.equal(await store.hasChannel(a), false);
      await store.addChannels([a, b]);
      await store.addChannels([a]);
      assert.equal(await store.hasChannel(a), true);
      const listed = await store.listChannels();
      assert.ok(listed.includes(a) && listed.includes(b));
    });

    it('adds a channel with its record, once', async () => {
      const channel = freshChannel();
      const record = channelRecord(channel);
      assert.deepEqual(await store.readChannelRecords([channel]), new Map(), 'no record before');
      assert.equal(await store.createChannel(record), 'created');
      assert.equal(await store.hasChannel(channel), true, 'the channel is registered');
      assert.ok((await store.listChannels()).includes(channel));
      assert.deepEqual(await store.readChannelRecords([channel]), new Map([[channel, record]]));
      assert.equal(await store.createChannel(channelRecord(channel, { title: 'another' })), 'exists');
      assert.deepEqual((await store.readChannelRecords([channel])).get(channel), record, 'the second add changed nothing');
    });

    it('refuses to add a channel that is registered without a record, and writes nothing', async () => {
      const channel = freshChannel();
      await store.addChannels([channel]);
      assert.equal(await store.createChannel(channelRecord(channel)), 'exists');
      assert.deepEqual(await store.readChannelRecords([channel]), new Map());
    });

    it('writes a record only at the expected revision, and only for a registered channel', async () => {
      const configured = freshChannel();
      await store.addChannels([configured]);
      const { link: _, ...withoutLink } = channelRecord(configured, { lang: 'en', dir: 'ltr', label: 'Breaking', title: 'World' });
      const first: StoredChannel = withoutLink;
      assert.equal(await store.writeChannelRecord(first, 1), 'conflict', 'nothing is stored yet: only revision 0 matches');
      assert.equal(await store.writeChannelRecord(first, 0), 'written');
      const read = (await store.readChannelRecords([configured])).get(configured)!;
      assert.deepEqual(read, first);
      assert.equal('link' in read, false, 'an absent link stays absent');
      const second = { ...first, rev: 2, title: 'World news' };
      assert.equal(await store.writeChannelRecord(second, 0), 'conflict');
      assert.equal(await store.writeChannelRecord(second, 1), 'written');
      assert.deepEqual((await store.readChannelRecords([configured])).get(configured), second);
      const unregistered = freshChannel();
      assert.equal(await store.writeChannelRecord(channelRecord(unregistered), 0), 'missing');
      assert.equal(await store.hasChannel(unregistered), false, 'a record write registers nothing');
      assert.deepEqual(await store.readChannelRecords([unregistered]), new Map());
    });

    it('reads the records of many channels at once, leaving out those without one', async () => {
      const [a, b, c] = [freshChannel(), freshChannel(), freshChannel()];
      await store.createChannel(channelRecord(a));
      await store.addChannels([b]);
      await store.createChannel(channelRecord(c, { title: 'C' }));
      const records = await store.readChannelRecords([a, b, c, freshChannel()]);
      assert.deepEqual([...records.keys()].sort(), [a, c].sort());
      assert.equal(records.get(c)!.title, 'C');
    });

    it('publishes: the snapshot holds the headline at the cursor of its change', async () => {
      const channel = freshChannel();
      const empty = await store.snapshot(channel);
      assert.deepEqual(empty, { channel, cursor: '0-0', headlines: [] });
      const item = headline({ url: 'https://example.com/a', urgent: true });
      const result = await store.publish(channel, item, { actor: 'alice' });
      assert.equal(result.replayed, false);
      assert.deepEqual(result.headline, item);
      const snapshot = await store.snapshot(channel);
      assert.equal(snapshot.cursor, result.cursor);
      assert.deepEqual(snapshot.headlines, [item]);
      assert.deepEqual(await store.getHeadline(channel, item.id), item);
      const [change] = await allChanges(store, channel);
      assert.deepEqual({ ...change, at: undefined }, { cursor: result.cursor, channel, type: 'publish', id: item.id, headline: item, at: undefined });
    });

    it('orders headlines newest first', async () => {
      const channel = freshChannel();
      const items = [headline(), headline(), headline()];
      for (const item of [items[1], items[0], items[2]]) await store.publish(channel, item, { actor: 'alice' });
      const { headlines } = await store.snapshot(channel);
      assert.deepEqual(headlines.map((h) => h.id), [items[2].id, items[1].id, items[0].id]);
    });

    it('gives every change a strictly increasing cursor', async () => {
      const channel = freshChannel();
      const cursors: string[] = [];
      for (let i = 0; i < 20; i++) cursors.push((await store.publish(channel, headline(), { actor: 'alice' })).cursor);
      for (let i = 1; i < cursors.length; i++) assert.ok(compareCursors(cursors[i - 1], cursors[i]) < 0);
    });

    it('replaces a headline only at the expected revision', async () => {
      const channel = freshChannel();
      const item = headline();
      await store.publish(channel, item, { actor: 'alice' });
      const corrected = { ...item, text: 'نص مصحح', rev: 2 };
      assert.equal(await store.replace(channel, corrected, 5, 'bob'), 'conflict');
      assert.equal(await store.replace(channel, { ...corrected, id: 'nope' }, 1, 'bob'), 'missing');
      const result = await store.replace(channel, corrected, 1, 'bob');
      assert.ok(typeof result === 'object');
      assert.deepEqual((await store.snapshot(channel)).headlines, [corrected]);
      const changes = await allChanges(store, channel);
      assert.deepEqual(changes.map((c) => c.type), ['publish', 'update']);
      assert.deepEqual(changes[1].headline, corrected);
      assert.deepEqual(Object.keys(changes[1]).sort(), ['at', 'channel', 'cursor', 'headline', 'id', 'type'], 'no key name in a change readers get');
    });

    it('retracts a headline once', async () => {
      const channel = freshChannel();
      const keep = headline();
      const gone = headline();
      await store.publish(channel, keep, { actor: 'alice' });
      await store.publish(channel, gone, { actor: 'alice' });
      const result = await store.retract(channel, gone.id, 'alice');
      assert.ok(typeof result === 'object');
      assert.equal(await store.retract(channel, gone.id, 'alice'), 'missing');
      assert.deepEqual((await store.snapshot(channel)).headlines, [keep]);
      assert.equal(await store.getHeadline(channel, gone.id), undefined);
      const last = (await allChanges(store, channel)).at(-1)!;
      assert.deepEqual([last.type, last.id, last.headline, last.cursor], ['retract', gone.id, undefined, result.cursor]);
    });

    it('expires headlines whose time has come, exactly once', async () => {
      const channel = freshChannel();
      const now = Date.now();
      const soon = headline({ expiresAt: new Date(now + 1000).toISOString() });
      const later = headline({ expiresAt: new Date(now + 60_000).toISOString() });
      const never = headline();
      for (const item of [soon, later, never]) await store.publish(channel, item, { actor: 'alice' });
      assert.equal(await store.expireDue(now), 0);
      const [first, second] = await Promise.all([store.expireDue(now + 2000), store.expireDue(now + 2000)]);
      assert.equal(first + second, 1);
      assert.deepEqual((await store.snapshot(channel)).headlines.map((h) => h.id).sort(), [later.id, never.id].sort());
      const expired = (await allChanges(store, channel)).filter((c) => c.type === 'expire');
      assert.deepEqual(expired.map((c) => c.id), [soon.id]);
      const [entry] = await store.readAudit({ channels: [channel], limit: 1 });
      assert.deepEqual([entry.action, entry.actor, entry.id, entry.text], ['expire', 'system', soon.id, soon.text], 'the audit keeps the expired text');
    });

    it('moves and clears an expiry when a headline is replaced', async () => {
      const channel = freshChannel();
      const now = Date.now();
      const item = headline({ expiresAt: new Date(now + 1000).toISOString() });
      await store.publish(channel, item, { actor: 'alice' });
      await store.replace(channel, { ...item, rev: 2, expiresAt: undefined }, 1, 'alice');
      assert.equal(await store.expireDue(now + 5000), 0);
      await store.replace(channel, { ...item, rev: 3, expiresAt: new Date(now + 10_000).toISOString() }, 2, 'alice');
      assert.equal(await store.expireDue(now + 5000), 0);
      assert.equal(await store.expireDue(now + 11_000), 1);
    });

    it('keeps a bounded number of headlines; the oldest drop off as evict changes', async () => {
      const limited = await withLimits({ maxHeadlines: 3 });
      const channel = freshChannel();
      const items = Array.from({ length: 5 }, () => headline());
      const published = [];
      for (const item of items) published.push(await limited.publish(channel, item, { actor: 'alice' }));
      assert.deepEqual((await limited.snapshot(channel)).headlines.map((h) => h.id), [items[4].id, items[3].id, items[2].id]);
      const changes = await allChanges(limited, channel);
      assert.deepEqual(
        published.map((result) => result.cursor),
        changes.filter((c) => c.type === 'publish').map((c) => c.cursor),
        'a publish answers with its own cursor, also when it evicts',
      );
      assert.deepEqual(
        changes.filter((c) => c.type === 'evict').map((c) => c.id),
        [items[0].id, items[1].id],
      );
      const evictions = (await limited.readAudit({ channels: [channel], limit: 10 })).filter((e) => e.action === 'evict');
      assert.deepEqual(
        evictions.map((e) => [e.actor, e.id, e.text]).reverse(),
        [['system', items[0].id, items[0].text], ['system', items[1].id, items[1].text]],
        'the audit keeps the text of what was pushed out',
      );
      assert.deepEqual((await limited.snapshot(channel)).cursor, changes.at(-1)!.cursor);
    });

    it('resumes from any cursor with exactly the later changes, in order', async () => {
      const channel = freshChannel();
      const items = Array.from({ length: 6 }, () => headline());
      for (const item of items) await store.publish(channel, item, { actor: 'alice' });
      await store.retract(channel, items[2].id, 'alice');
      await store.replace(channel, { ...items[4], rev: 2, text: 'تصحيح' }, 1, 'alice');
      const all = await allChanges(store, channel);
      assert.equal(all.length, 8);
      for (let i = 0; i < all.length; i++) {
        const rest = await allChanges(store, channel, all[i].cursor);
        assert.deepEqual(rest, all.slice(i + 1));
      }
      const page = await store.changesSince(channel, '0-0', 3);
      assert.ok(page.kind === 'changes');
      assert.deepEqual(page.changes, all.slice(0, 3));
      assert.equal(page.cursor, all[2].cursor);
    });

    it('answers stale for a cursor older than the retained log or from elsewhere', async () => {
      const limited = await withLimits({ logLength: 5 });
      const channel = freshChannel();
      const cursors: string[] = [];
      for (let i = 0; i < 10; i++) cursors.push((await limited.publish(channel, headline(), { actor: 'alice' })).cursor);
      assert.deepEqual(await limited.changesSince(channel, cursors[0]), { kind: 'stale' });
      assert.deepEqual(await limited.changesSince(channel, '0-0'), { kind: 'stale' });
      const recent = await limited.changesSince(channel, cursors[4]);
      assert.ok(recent.kind === 'changes');
      assert.equal(recent.changes.length, 5);
      assert.deepEqual(await limited.changesSince(channel, '99999999999999-0'), { kind: 'stale' });
      assert.deepEqual(await limited.changesSince(freshChannel(), '0-0'), { kind: 'changes', cursor: '0-0', changes: [] });
      assert.deepEqual(await limited.changesSince(freshChannel(), cursors[0]), { kind: 'stale' });
    });

    it('answers stale for a cursor from before the log began (a store that lost its data)', async () => {
      const elsewhere = (await store.publish(freshChannel(), headline(), { actor: 'alice' })).cursor;
      const channel = freshChannel();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.publish(channel, headline(), { actor: 'alice' });
      await store.publish(channel, headline(), { actor: 'alice' });
      assert.deepEqual(await store.changesSince(channel, elsewhere), { kind: 'stale' });
      const all = await store.changesSince(channel, '0-0');
      assert.ok(all.kind === 'changes' && all.changes.length === 2, 'the origin cursor still reads the whole log');
    });

    it('answers stale for a cursor the log does not hold, though newer entries follow it (a history lost in a failover)', async () => {
      const channel = freshChannel();
      const first = (await store.publish(channel, headline(), { actor: 'alice' })).cursor;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = (await store.publish(channel, headline(), { actor: 'alice' })).cursor;
      const [ms, seq] = first.split('-').map(Number);
      const lost = `${ms}-${seq + 1}`;
      assert.ok(compareCursors(lost, first) > 0 && compareCursors(lost, second) < 0);
      const control = await store.changesSince(channel, first);
      assert.ok(control.kind === 'changes' && control.changes.length === 1, 'the control: a cursor the log holds reads what follows');
      assert.deepEqual(await store.changesSince(channel, lost), { kind: 'stale' });
    });

    it('reads changes as they happen across channels, blocking until one comes', async () => {
      const a = freshChannel();
      const b = freshChannel();
      const positions = new Map([[a, '0-0'], [b, '0-0']]);
      const pending = store.readChanges(positions, 3000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const item = headline();
      const { cursor } = await store.publish(b, item, { actor: 'alice' });
      const { changes, readTo } = await pending;
      assert.deepEqual(changes.map((c) => [c.channel, c.id, c.cursor]), [[b, item.id, cursor]]);
      assert.deepEqual([...readTo], [[b, cursor]]);
      await store.publish(a, headline(), { actor: 'alice' });
      await store.publish(a, headline(), { actor: 'alice' });
      const next = await store.readChanges(new Map([[a, '0-0'], [b, cursor]]), 0);
      assert.deepEqual(next.changes.map((c) => c.channel), [a, a]);
      assert.deepEqual([...next.readTo.keys()], [a]);
    });

    it('stops blocking when interrupted', async () => {
      const started = Date.now();
      const pending = store.readChanges(new Map([[freshChannel(), '0-0']]), 5000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      store.interruptRead();
      assert.deepEqual((await pending).changes, []);
      assert.ok(Date.now() - started < 4000);
    });

    it('publishes once per idempotency key', async () => {
      const channel = freshChannel();
      const key = (name: string, digest = 'd1') => ({ key: name, digest });
      const first = await store.publish(channel, headline(), { actor: 'alice', idempotency: key('key-0001') });
      const again = await store.publish(channel, headline(), { actor: 'alice', idempotency: key('key-0001') });
      assert.equal(again.replayed, true);
      assert.deepEqual(again.headline, first.headline);
      assert.equal(again.cursor, first.cursor);
      assert.equal((await store.snapshot(channel)).headlines.length, 1);
      const other = await store.publish(channel, headline(), { actor: 'alice', idempotency: key('key-0002') });
      assert.equal(other.replayed, false);
    });

    it('refuses a key reused by the same caller with another body, and stores nothing', async () => {
      const channel = freshChannel();
      const first = await store.publish(channel, headline(), { actor: 'alice', idempotency: { key: 'key-0001', digest: 'body-a' } });
      const before = await store.snapshot(channel);
      const changesBefore = await allChanges(store, channel);
      const auditBefore = await store.readAudit({ channels: [channel], limit: 10 });
      const different = headline({ text: 'عنوان آخر' });
      await assert.rejects(
        store.publish(channel, different, { actor: 'alice', idempotency: { key: 'key-0001', digest: 'body-b' } }),
        IdempotencyKeyReusedError,
      );
      assert.deepEqual(await store.snapshot(channel), before, 'the headline list is unchanged');
      assert.equal(await store.getHeadline(channel, different.id), undefined);
      assert.deepEqual(await allChanges(store, channel), changesBefore, 'nothing logged');
      assert.deepEqual(await store.readAudit({ channels: [channel], limit: 10 }), auditBefore, 'nothing audited');
      const replay = await store.publish(channel, headline(), { actor: 'alice', idempotency: { key: 'key-0001', digest: 'body-a' } });
      assert.equal(replay.replayed, true, 'the record still replays its own body');
      assert.deepEqual(replay.headline, first.headline);
    });

    it("keeps each caller's keys apart: another caller's same key publishes its own headline", async () => {
      const channel = freshChannel();
      const alices = headline();
      const bobs = headline({ byline: 'Bob Haddad' });
      const first = await store.publish(channel, alices, { actor: 'alice', idempotency: { key: 'shared-key-1', digest: 'same' } });
      const bob = await store.publish(channel, bobs, { actor: 'bob', idempotency: { key: 'shared-key-1', digest: 'same' } });
      assert.equal(bob.replayed, false);
      assert.deepEqual(bob.headline, bobs);
      assert.notEqual(bob.cursor, first.cursor);
      const carols = await store.publish(channel, headline(), { actor: 'carol', idempotency: { key: 'shared-key-1', digest: 'other' } });
      assert.equal(carols.replayed, false, 'nor does another body from a third caller conflict');
      assert.deepEqual((await store.snapshot(channel)).headlines.map((h) => h.id).sort(), [alices.id, bobs.id, carols.headline.id].sort());
      const bobAgain = await store.publish(channel, headline(), { actor: 'bob', idempotency: { key: 'shared-key-1', digest: 'same' } });
      assert.deepEqual([bobAgain.replayed, bobAgain.headline.id], [true, bobs.id], "bob's replay is bob's own headline");
      const audit = await store.readAudit({ channels: [channel], limit: 10 });
      assert.deepEqual(audit.map((e) => [e.actor, e.id]).reverse(), [['alice', alices.id], ['bob', bobs.id], ['carol', carols.headline.id]]);
    });

    it("merges several channels' audit logs newest first, and every registered channel's when none is named", async () => {
      const roomy = await withLimits({ maxHeadlines: 1000 });
      const [a, b] = [freshChannel(), freshChannel()];
      await roomy.addChannels([a, b]);
      const cursors: string[] = [];
      for (let i = 0; i < 205; i++) cursors.push((await roomy.publish(a, headline(), { actor: 'alice' })).cursor);
      // Across channels, newest first is to the millisecond (on a Cluster each channel is timed by its own node): the last three in milliseconds of their own.
      for (const channel of [b, a, b]) {
        await nextMillisecond();
        cursors.push((await roomy.publish(channel, headline(), { actor: 'bob' })).cursor);
      }
      const merged = await roomy.readAudit({ channels: [a, b], limit: 500 });
      const ms = (cursor: string) => Number(cursor.split('-')[0]);
      assert.deepEqual(merged.map((e) => e.cursor).sort(), [...cursors].sort(), 'every entry once, across pages');
      assert.ok(merged.every((e, i) => i === 0 || ms(e.cursor!) <= ms(merged[i - 1].cursor!)), 'newest first');
      assert.deepEqual(merged.slice(0, 3).map((e) => e.channel), [b, a, b]);
      assert.deepEqual(merged.filter((e) => e.channel === a).map((e) => e.cursor), cursors.filter((_, i) => i !== 205 && i !== 207).reverse());
      assert.deepEqual((await roomy.readAudit({ limit: 3 })).map((e) => e.cursor), cursors.slice(-3).reverse());
      assert.deepEqual((await roomy.readAudit({ channels: [b], limit: 10 })).map((e) => e.cursor), [cursors.at(-1), cursors.at(-3)]);
    });

    it('records every change in the audit log, newest first', async () => {
      const channel = freshChannel();
      const item = headline();
      const published = await store.publish(channel, item, { actor: 'alice' });
      await store.replace(channel, { ...item, rev: 2, text: 'مصحح' }, 1, 'bob');
      const retracted = await store.retract(channel, item.id, 'carol');
      const entries = await store.readAudit({ channels: [channel], limit: 10 });
      assert.deepEqual(entries.map((e) => [e.action, e.actor, e.id]), [
        ['retract', 'carol', item.id],
        ['update', 'bob', item.id],
        ['publish', 'alice', item.id],
      ]);
      assert.equal(entries[2].cursor, published.cursor);
      assert.equal(entries[0].cursor, typeof retracted === 'object' ? retracted.cursor : '');
      assert.deepEqual(entries.map((e) => e.text), ['مصحح', 'مصحح', item.text], 'every entry keeps the text as it was, the retraction too');
      assert.ok(entries.every((e) => !Number.isNaN(Date.parse(e.at))));
      assert.equal((await store.readAudit({ channels: [channel], limit: 1 })).length, 1);
    });
  });
}
