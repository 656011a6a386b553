import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Partner } from '../../server/partners/partner.js';
import type { HeadlineStore } from '../../server/store/store.js';

function partner(overrides: Partial<Partner> = {}): Partner {
  const at = new Date().toISOString();
  return {
    id: `p-${randomBytes(4).toString('hex')}`,
    name: 'صحيفة الشريك',
    channels: ['ar-main'],
    origins: ['https://partner.example', 'https://*.partner.example'],
    status: 'active',
    createdAt: at,
    updatedAt: at,
    rev: 1,
    credentials: [{ kid: 'k1', kind: 'secret', secret: randomBytes(32).toString('base64url'), createdAt: at }],
    ...overrides,
  };
}

/** Partner records, the same in every HeadlineStore; run against the embedded store and against Redis. */
export function partnersContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`partner records: ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('adds a partner once and reads it back whole', async () => {
      const added = partner();
      assert.equal(await store.createPartner(added), 'created');
      assert.equal(await store.createPartner({ ...added, name: 'another' }), 'exists');
      assert.deepEqual(await store.getPartner(added.id), added);
      assert.equal(await store.getPartner('p-none'), undefined);
    });

    it('replaces a partner only at the revision the writer read', async () => {
      const added = partner();
      await store.createPartner(added);
      const revoked = { ...added, status: 'revoked' as const, rev: 2 };
      assert.equal(await store.replacePartner(revoked, 1), 'replaced');
      assert.equal(await store.replacePartner({ ...added, name: 'stale', rev: 2 }, 1), 'conflict');
      assert.equal(await store.replacePartner(partner({ rev: 2 }), 1), 'missing');
      assert.deepEqual(await store.getPartner(added.id), revoked);
    });

    it('lists every partner by id', async () => {
      const b = partner({ id: `zz-${randomBytes(4).toString('hex')}-b` });
      const a = partner({ id: b.id.replace(/-b$/, '-a') });
      await store.createPartner(b);
      await store.createPartner(a);
      const ids = (await store.listPartners()).map((p) => p.id);
      assert.ok(ids.indexOf(a.id) !== -1 && ids.indexOf(a.id) < ids.indexOf(b.id), 'a before b');
      assert.deepEqual([...ids].sort(), ids);
    });

    it("adds up a partner's use per day, across nodes, with distinct pages", async () => {
      const id = `usage-${randomBytes(4).toString('hex')}`;
      await store.addPartnerUsage(id, '2026-12-01', { connections: 2, deliveries: 10, pages: ['https://p.example/a', 'https://p.example/b'] });
      await store.addPartnerUsage(id, '2026-12-01', { connections: 1, deliveries: 5, pages: ['https://p.example/a'] });
      await store.addPartnerUsage(id, '2026-12-02', { connections: 1, deliveries: 0, pages: [] });
      await store.addPartnerUsage(`${id}-other`, '2026-12-01', { connections: 9, deliveries: 9, pages: ['https://q.example/'] });
      assert.deepEqual(await store.readPartnerUsage(id, ['2026-12-01', '2026-12-02', '2026-12-03']), [
        { day: '2026-12-01', connections: 3, deliveries: 15, pages: 2 },
        { day: '2026-12-02', connections: 1, deliveries: 0, pages: 0 },
        { day: '2026-12-03', connections: 0, deliveries: 0, pages: 0 },
      ]);
    });

    it('sums the live readers that each node reported lately, and forgets a node that stopped reporting', async () => {
      const id = `live-${randomBytes(4).toString('hex')}`;
      const now = Date.now();
      await store.reportLiveReaders('node-a', new Map([[id, 3]]), now);
      await store.reportLiveReaders('node-b', new Map([[id, 4]]), now - 1000);
      await store.reportLiveReaders('node-c', new Map([[id, 50]]), now - 60_000);
      assert.equal(await store.liveReaders(id, now), 7, 'node-c stopped reporting a minute ago');
      await store.reportLiveReaders('node-a', new Map([[id, 1]]), now);
      assert.equal(await store.liveReaders(id, now), 5, "a node's new report replaces its last");
      assert.equal(await store.liveReaders('nobody', now), 0);
    });

    it('moves the version with every write and not with a refused one', async () => {
      const added = partner();
      const v0 = await store.partnersVersion();
      await store.createPartner(added);
      const v1 = await store.partnersVersion();
      assert.notEqual(v1, v0);
      await store.createPartner(added);
      await store.replacePartner({ ...added, rev: 2 }, 7);
      assert.equal(await store.partnersVersion(), v1, 'refused writes leave the version');
      await store.replacePartner({ ...added, rev: 2 }, 1);
      assert.notEqual(await store.partnersVersion(), v1);
    });
  });
}
