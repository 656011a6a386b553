import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { initialPollState, MAX_SEEN_ITEMS, type SeenItem, type Source } from '../../server/ingest/source.js';
import type { HeadlineStore } from '../../server/store/store.js';

function source(overrides: Partial<Source> = {}): Source {
  const at = new Date().toISOString();
  return {
    id: `s-${randomBytes(4).toString('hex')}`,
    channel: 'ar-main',
    kind: 'feed',
    url: 'https://news.example/feed.xml',
    mapping: { urgentPrefix: 'عاجل:', keepPrefix: false, urgentCategories: ['breaking'] },
    paused: false,
    retractRemoved: false,
    createdAt: at,
    updatedAt: at,
    rev: 1,
    ...overrides,
  };
}

const seen = (key: string, seenAt: number, overrides: Partial<SeenItem> = {}): SeenItem => ({ key, headlineId: `h-${key}`, titleDigest: `d-${key}`, seenAt, ...overrides });
const byKey = (items: SeenItem[]) => [...items].sort((a, b) => (a.key < b.key ? -1 : 1));

/** Feed sources, their poll state and the items they delivered, the same in every HeadlineStore. */
export function sourcesContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`feed sources: ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('adds a source once, reads it back whole and lists it', async () => {
      const added = source({ kind: 'push', url: undefined, pushSecret: 'whsec_c2VjcmV0' });
      delete added.url;
      assert.equal(await store.createSource(added), 'created');
      assert.equal(await store.createSource({ ...added, channel: 'en-world' }), 'exists');
      assert.deepEqual(await store.getSource(added.id), added);
      assert.equal(await store.getSource('s-none'), undefined);
      assert.ok((await store.listSources()).some((listed) => listed.id === added.id && listed.channel === 'ar-main'));
    });

    it('replaces a source only at the revision the writer read', async () => {
      const added = source();
      await store.createSource(added);
      const paused = { ...added, paused: true, rev: 2 };
      assert.equal(await store.replaceSource(paused, 1), 'replaced');
      assert.equal(await store.replaceSource({ ...added, rev: 2 }, 1), 'conflict');
      assert.equal(await store.replaceSource(source(), 1), 'missing');
      assert.deepEqual(await store.getSource(added.id), paused);
    });

    it('keeps poll state, and removes it with the source and its items', async () => {
      const added = source();
      await store.createSource(added);
      assert.equal(await store.readPollState(added.id), undefined);
      const state = { ...initialPollState(), etag: '"v2"', lastModified: 'Fri, 04 Dec 2026 12:00:00 GMT', nextPollAt: 1234, failures: 2, started: true, lastError: { message: 'HTTP 500', at: new Date().toISOString() } };
      state.counts.published = 3;
      await store.writePollState(added.id, state);
      assert.deepEqual(await store.readPollState(added.id), state);
      await store.recordSeenItems(added.id, [seen('a', 1)]);
      assert.equal(await store.deleteSource(added.id), true);
      assert.equal(await store.deleteSource(added.id), false);
      assert.equal(await store.getSource(added.id), undefined);
      assert.equal(await store.readPollState(added.id), undefined);
      assert.deepEqual(await store.readSeenItems(added.id), []);
      assert.ok(!(await store.listSources()).some((listed) => listed.id === added.id));
      await store.writePollState(added.id, state);
      await store.recordSeenItems(added.id, [seen('b', 2)]);
      assert.equal(await store.readPollState(added.id), undefined, 'a poll that ends after its source was removed writes nothing');
      assert.deepEqual(await store.readSeenItems(added.id), []);
    });

    it('remembers the items a source delivered, each by its key, the last seen kept within MAX_SEEN_ITEMS', async () => {
      const added = source();
      await store.createSource(added);
      await store.recordSeenItems(added.id, [seen('a', 1), seen('b', 2)]);
      await store.recordSeenItems(added.id, [seen('a', 3, { titleDigest: 'changed', gone: true })]);
      assert.deepEqual(byKey(await store.readSeenItems(added.id)), [seen('a', 3, { titleDigest: 'changed', gone: true }), seen('b', 2)]);
      const many = Array.from({ length: MAX_SEEN_ITEMS }, (_, i) => seen(`n${i}`, 10 + i));
      await store.recordSeenItems(added.id, many);
      const kept = await store.readSeenItems(added.id);
      assert.equal(kept.length, MAX_SEEN_ITEMS);
      assert.ok(!kept.some((item) => item.key === 'a' || item.key === 'b'), 'the least recently seen are forgotten');
      const other = source();
      await store.createSource(other);
      assert.deepEqual(await store.readSeenItems(other.id), [], "one source's items are not another's");
    });
  });
}
