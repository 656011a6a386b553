import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareCursors } from '../../server/cursor.js';
import type { Change } from '../../server/protocol.js';
import { TestRedis } from '../harness/redis.js';
import { connectReader } from '../harness/reader.js';
import { authHeaders, PARTNER_KEY, publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

const strip = (changes: Change[]) => changes.map(({ cursor, type, id, headline }) => ({ cursor, type, id, text: headline?.text }));

async function storeChanges(node: RunningNode, channel: string, after: string): Promise<Change[]> {
  const result = await node.store.changesSince(channel, after);
  assert.equal(result.kind, 'changes');
  return result.kind === 'changes' ? result.changes : [];
}

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`live push on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url, limits: { logLength: 50 } });
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    it('pushes a publish to a subscribed client', async () => {
      const reader = await connectReader(node.url);
      const snapshot = await reader.subscribe('ar-main');
      assert.ok(snapshot.ok && snapshot.mode === 'snapshot');
      const created = await publish(node.url, 'ar-main', { text: 'خبر مباشر', urgent: true });
      await waitFor(() => reader.received.length === 1, 3000, 'the push');
      const [change] = reader.received;
      assert.equal(change.type, 'publish');
      assert.equal(change.cursor, created.body.cursor);
      assert.deepEqual(change.headline, created.body.headline);
      reader.close();
    });

    it('serves several channels on one connection, each only its own changes', async () => {
      const reader = await connectReader(node.url);
      await reader.subscribe('ar-main');
      await reader.subscribe('en-world');
      await publish(node.url, 'en-world', { text: 'World news' });
      await publish(node.url, 'ar-main', { text: 'خبر محلي' });
      await publish(node.url, 'ar-sport', { text: 'خبر رياضي' });
      // Positive controls: a later headline on a watched channel arrives after anything that should not.
      const controlled = async (text: string) => {
        const control = await publish(node.url, 'ar-main', { text });
        await waitFor(() => reader.received.some((c) => c.id === control.body.headline.id), 3000, text);
      };
      await controlled('ضابط أول');
      assert.deepEqual(reader.received.map((c) => c.channel).sort(), ['ar-main', 'ar-main', 'en-world']);
      const left = await reader.socket.emitWithAck('unsubscribe', 'en-world');
      assert.deepEqual(left, { ok: true });
      await publish(node.url, 'en-world', { text: 'Not for this reader' });
      await controlled('ضابط ثان');
      assert.deepEqual(reader.received.map((c) => c.channel).sort(), ['ar-main', 'ar-main', 'ar-main', 'en-world']);
      reader.close();
    });

    it('answers the channels the handshake asks for at connection, then pushes their changes', async () => {
      const reader = await connectReader(node.url, { subscribe: [{ channel: 'ar-main' }, { channel: 'en-world' }] });
      const [main, world] = await Promise.all([reader.answer('ar-main'), reader.answer('en-world')]);
      assert.ok(main.ok && main.mode === 'snapshot' && world.ok && world.mode === 'snapshot');
      assert.deepEqual(main.headlines, (await node.store.snapshot('ar-main')).headlines);
      const created = await publish(node.url, 'en-world', { text: 'Pushed after the handshake' });
      await waitFor(() => reader.received.some((c) => c.id === created.body.headline.id), 3000, 'the push');
      const later = await reader.subscribe('ar-sport');
      assert.ok(later.ok, 'subscribe still works for later channels');
      reader.close();
    });

    it('resumes a handshake subscription from its cursor with exactly what was missed', async () => {
      const reader = await connectReader(node.url, { subscribe: [{ channel: 'ar-sport' }] });
      await reader.answer('ar-sport');
      const cursor = reader.cursor('ar-sport')!;
      reader.close();
      const missed = await publish(node.url, 'ar-sport', { text: 'فاته أثناء الانقطاع' });
      const back = await connectReader(node.url, { subscribe: [{ channel: 'ar-sport', cursor }] });
      const result = await back.answer('ar-sport');
      assert.ok(result.ok && result.mode === 'changes', JSON.stringify(result));
      // The node's feed may not have read the change from Redis yet: then it comes pushed, once.
      await waitFor(() => back.cursor('ar-sport') === missed.body.cursor, 3000, 'the missed change');
      const got = [...result.changes, ...back.received];
      assert.deepEqual(strip(got), strip(await storeChanges(node, 'ar-sport', cursor)));
      assert.deepEqual(got.map((c) => c.id), [missed.body.headline.id]);
      back.close();
    });

    it('refuses in the handshake answers what subscribe refuses, and the handshake itself when it is malformed or the key is bad', async () => {
      const reader = await connectReader(node.url, {
        subscribe: [{ channel: 'ar-main' }, { channel: 'no-such-channel' }, { channel: 'ar-private' }, { channel: 'en-world', cursor: 'nonsense' }],
      });
      const codes = await Promise.all(['ar-main', 'no-such-channel', 'ar-private', 'en-world'].map(async (c) => {
        const result = await reader.answer(c);
        return result.ok ? 'ok' : result.error.code;
      }));
      assert.deepEqual(codes, ['ok', 'unknown_channel', 'forbidden', 'invalid_cursor']);
      reader.close();
      const partner = await connectReader(node.url, { key: PARTNER_KEY, subscribe: [{ channel: 'ar-private' }] });
      assert.ok((await partner.answer('ar-private')).ok, 'a partner key reads the private channel');
      partner.close();
      const refusal = (options: Parameters<typeof connectReader>[1]) =>
        connectReader(node.url, options).then((r) => (r.close(), 'connected'), (error: Error & { data?: { code?: string } }) => error.data?.code);
      assert.equal(await refusal({ key: 'not-a-real-key', subscribe: [{ channel: 'ar-private' }] }), 'invalid_key');
      assert.equal(await refusal({ key: PARTNER_KEY, origin: 'https://page.example', subscribe: [{ channel: 'ar-private' }] }), 'key_in_page');
      assert.equal(await refusal({ subscribe: [{ channel: 'ar-main' }, { channel: 'ar-main' }] }), 'invalid_subscribe');
      const many = Array.from({ length: 17 }, (_, i) => ({ channel: `c-${i}` }));
      assert.equal(await refusal({ subscribe: many }), 'too_many_subscriptions');
    });

    it('gives a reader that comes back with its cursor exactly what it missed', async () => {
      const reader = await connectReader(node.url);
      await reader.subscribe('ar-sport');
      const kept = await publish(node.url, 'ar-sport', { text: 'قبل الانقطاع' });
      await waitFor(() => reader.received.length === 1, 3000);
      const cursor = reader.cursor('ar-sport')!;
      reader.close();

      const missed = await publish(node.url, 'ar-sport', { text: 'أثناء الانقطاع' });
      await fetch(`${node.url}/api/channels/ar-sport/headlines/${kept.body.headline.id}`, {
        method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ text: 'قبل الانقطاع (مصحح)' }),
      });
      await fetch(`${node.url}/api/channels/ar-sport/headlines/${missed.body.headline.id}`, { method: 'DELETE', headers: authHeaders() });

      const back = await connectReader(node.url);
      const result = await back.subscribe('ar-sport', cursor);
      assert.ok(result.ok && result.mode === 'changes');
      assert.deepEqual(strip(result.changes), strip(await storeChanges(node, 'ar-sport', cursor)));
      assert.deepEqual(result.changes.map((c) => c.type), ['publish', 'update', 'retract']);
      assert.equal(result.cursor, result.changes.at(-1)!.cursor);
      const live = await publish(node.url, 'ar-sport', { text: 'بعد العودة' });
      await waitFor(() => back.received.length === 1, 3000);
      assert.equal(back.received[0].cursor, live.body.cursor);
      back.close();
    });

    it('fetches from the store a gap older than the node remembers', async () => {
      const channel = 'en-world';
      const early = await publish(node.url, channel, { text: 'Before anyone watched' });
      const later = await publish(node.url, channel, { text: 'Still nobody' });
      // A node that has never followed the channel, whatever earlier tests did: only the store can answer.
      const fresh = await startNode({ redisUrl: redis?.url, store: storeKind === 'memory' ? node.store : undefined });
      try {
        const reader = await connectReader(fresh.url);
        const result = await reader.subscribe(channel, early.body.cursor);
        assert.ok(result.ok && result.mode === 'changes', 'the changes after the cursor, not a snapshot');
        assert.deepEqual(result.changes.map((change) => change.id), [later.body.headline.id]);
        assert.deepEqual(reader.headlines(channel).map((h) => h.text), ['Still nobody']);
        reader.close();
      } finally {
        if (storeKind === 'redis') await fresh.close();
        else await fresh.server.close();
      }
    });

    it('answers a cursor older than the retained log with a fresh snapshot', async () => {
      const reader = await connectReader(node.url);
      const first = await reader.subscribe('ar-main');
      assert.ok(first.ok);
      const old = first.cursor;
      for (let i = 0; i < 60; i++) await publish(node.url, 'ar-main', { text: `خبر رقم ${i}` });
      reader.close();
      const node2 = await startNode({ redisUrl: redis?.url, store: storeKind === 'memory' ? node.store : undefined, limits: { logLength: 50 } });
      try {
        const result = await (await connectReader(node2.url)).subscribe('ar-main', old);
        assert.ok(result.ok && result.mode === 'snapshot', 'a fresh node has no memory, and the log was trimmed');
        assert.deepEqual(result.headlines, (await node.store.snapshot('ar-main')).headlines);
      } finally {
        if (storeKind === 'redis') await node2.close();
        else await node2.server.close();
      }
    });

    it('loses and repeats nothing while readers join during a burst of writes', async () => {
      const channel = 'ar-sport';
      const initial = await node.store.snapshot(channel);
      const start = initial.cursor;
      const writers = Array.from({ length: 60 }, (_, i) => publish(node.url, channel, { text: `دفعة ${i}` }));
      const readers = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 5));
          const reader = await connectReader(node.url);
          if (i % 2 === 0) {
            // A reader that had the snapshot at `start` and resumes from there.
            reader.state.set(channel, { cursor: start, headlines: new Map(initial.headlines.map((h) => [h.id, h])) });
            await reader.subscribe(channel, start);
          } else {
            await reader.subscribe(channel);
          }
          return reader;
        }),
      );
      await Promise.all(writers);
      const expected = await node.store.snapshot(channel);
      for (const reader of readers) {
        await waitFor(() => reader.cursor(channel) === expected.cursor, 10_000, `reader ${readers.indexOf(reader)} to catch up`);
        const cursors = reader.received.map((c) => c.cursor);
        for (let i = 1; i < cursors.length; i++) assert.ok(compareCursors(cursors[i - 1], cursors[i]) < 0, 'no duplicates, in order');
        assert.deepEqual(
          reader.headlines(channel).map((h) => h.id).sort(),
          expected.headlines.map((h) => h.id).sort(),
        );
        reader.close();
      }
    });

    it('lets a partner key read a private channel over the socket', async () => {
      const anonymous = await connectReader(node.url);
      const refused = await anonymous.subscribe('ar-private');
      assert.ok(!refused.ok && refused.error.code === 'forbidden');
      anonymous.close();
      const partner = await connectReader(node.url, { key: PARTNER_KEY });
      const allowed = await partner.subscribe('ar-private');
      assert.ok(allowed.ok);
      partner.close();
      await assert.rejects(connectReader(node.url, { key: 'not-a-real-key' }));
    });

    it('pushes expiries like any other change', async () => {
      const reader = await connectReader(node.url);
      await reader.subscribe('en-world');
      const created = await publish(node.url, 'en-world', { text: 'Short-lived', ttl: 10 });
      await waitFor(() => reader.received.length === 1, 3000);
      await node.store.expireDue(Date.parse(created.body.headline.expiresAt) + 1);
      await waitFor(() => reader.received.length === 2, 3000, 'the expiry push');
      assert.deepEqual([reader.received[1].type, reader.received[1].id], ['expire', created.body.headline.id]);
      reader.close();
    });

    it('stops at once while following a channel, without waiting out the blocking read', async () => {
      const extra = await startNode({ redisUrl: redis?.url });
      const reader = await connectReader(extra.url);
      await reader.subscribe('en-world');
      reader.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await extra.close();
      const took = Date.now() - started;
      assert.ok(took < 2500, `closing took ${took} ms; the follower's blocking read lasts 5 s`);
    });

    it('sends a publish into a full channel with the eviction it causes in one message, and one each to older readers', async () => {
      const small = await startNode({ redisUrl: redis?.url, limits: { maxHeadlines: 2 } });
      const channel = 'ar-sport';
      try {
        for (const text of ['الأول', 'الثاني']) await publish(small.url, channel, { text });
        const batched = await connectReader(small.url);
        const single = await connectReader(small.url, { batches: false });
        await batched.subscribe(channel);
        await single.subscribe(channel);
        const created = await publish(small.url, channel, { text: 'الثالث' });
        await waitFor(() => batched.received.length === 2 && single.received.length === 2, 3000, 'the publish and the eviction');
        assert.deepEqual(batched.messages.map((message) => message.map((change) => change.type)), [['publish', 'evict']]);
        assert.deepEqual(single.messages.map((message) => message.map((change) => change.type)), [['publish'], ['evict']]);
        assert.deepEqual(batched.received, single.received);
        assert.equal(batched.received[0].id, created.body.headline.id);
        assert.equal(batched.received[0].cursor, created.body.cursor);
        assert.deepEqual(batched.headlines(channel).map((headline) => headline.text).sort(), ['الثالث', 'الثاني'].sort());
        batched.close();
        single.close();
      } finally {
        await small.close();
      }
    });
  });
}
