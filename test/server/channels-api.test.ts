import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelRecord } from '../../server/protocol.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, PARTNER_KEY, publish, SPORT_EDITOR_KEY, startNode, type RunningNode } from '../harness/server.js';

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`channel records over HTTP on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url, config: { channels: ['ar-main', 'ar-sport', 'en-world', 'ar-private', 'desk-1'], channelLanguage: 'fr' } });
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    const record = async (channel: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${node.url}/api/channels/${channel}`, { headers });
      return { status: response.status, body: (await response.json()) as any };
    };
    const add = async (body: unknown, key = EDITOR_KEY, headers: Record<string, string> = authHeaders(key)) => {
      const response = await fetch(`${node.url}/api/channels`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any, location: response.headers.get('location') };
    };
    const update = async (channel: string, body: unknown, key = EDITOR_KEY) => {
      const response = await fetch(`${node.url}/api/channels/${channel}`, { method: 'PATCH', headers: authHeaders(key), body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any };
    };
    const fresh = () => `c-${storeKind}-${Math.random().toString(36).slice(2, 10)}`;

    it('describes configured channels by their slug until an editor does: language and direction from the prefix, else AJEL_CHANNEL_LANGUAGE', async () => {
      const ar = await record('ar-sport');
      assert.equal(ar.status, 200);
      assert.deepEqual(
        [ar.body.channel, ar.body.lang, ar.body.dir, ar.body.label, ar.body.rev, ar.body.private, ar.body.link],
        ['ar-sport', 'ar', 'rtl', 'عاجل', 0, false, undefined],
      );
      assert.match(ar.body.title, /ar-sport/);
      const en = (await record('en-world')).body;
      assert.deepEqual([en.lang, en.dir, en.label], ['en', 'ltr', 'Breaking']);
      const desk = (await record('desk-1')).body;
      assert.deepEqual([desk.lang, desk.dir], ['fr', 'ltr'], 'a slug without a language takes the configured one');
    });

    it('keeps a configured channel\'s language whatever is published to it', async () => {
      assert.equal((await publish(node.url, 'ar-sport', { text: 'Final score: 2-1' })).status, 201);
      assert.deepEqual([(await record('ar-sport')).body.lang, (await record('ar-sport')).body.dir], ['ar', 'rtl']);
    });

    it('answers 404 for an unknown channel and keeps private ones to keys that may read them', async () => {
      assert.equal((await record('no-such-channel')).status, 404);
      assert.equal((await record('no-such-channel')).body.error.code, 'unknown_channel');
      assert.equal((await record('ar-private')).status, 403);
      const partner = await record('ar-private', { Authorization: `Bearer ${PARTNER_KEY}` });
      assert.equal(partner.status, 200);
      assert.equal(partner.body.private, true);
      const anonymous = ((await (await fetch(`${node.url}/api/channels`)).json()) as { channels: ChannelRecord[] }).channels;
      assert.ok(anonymous.some((c) => c.channel === 'ar-main') && !anonymous.some((c) => c.channel === 'ar-private'));
    });

    it('adds a channel: 201 with the record, listed, readable and writable; defaults for what is not given', async () => {
      const channel = fresh();
      const created = await add({ channel, title: '  The   Northern Ledger  ', lang: 'en-gb', link: 'https://ledger.example/world' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.location, `/api/channels/${channel}`);
      assert.deepEqual(
        [created.body.channel, created.body.title, created.body.lang, created.body.dir, created.body.label, created.body.link, created.body.rev, created.body.updatedBy],
        [channel, 'The Northern Ledger', 'en-GB', 'ltr', 'Breaking', 'https://ledger.example/world', 1, 'alice'],
      );
      assert.ok(created.body.description, 'a default description');
      assert.deepEqual((await record(channel)).body, created.body);
      const listed = ((await (await fetch(`${node.url}/api/channels`)).json()) as { channels: ChannelRecord[] }).channels;
      assert.deepEqual(listed.find((c) => c.channel === channel), created.body);
      assert.equal((await publish(node.url, channel, { text: 'First headline on a new channel' })).status, 201);
      const arabic = await add({ channel: fresh(), lang: 'ar' });
      assert.deepEqual([arabic.body.dir, arabic.body.label], ['rtl', 'عاجل']);
    });

    it('refuses to add a channel that exists (409), configured or added, and changes nothing', async () => {
      const channel = fresh();
      assert.equal((await add({ channel, title: 'First' })).status, 201);
      const again = await add({ channel, title: 'Second' });
      assert.equal(again.status, 409);
      assert.deepEqual([again.body.error.code, again.body.error.field], ['channel_exists', 'channel']);
      assert.equal((await record(channel)).body.title, 'First');
      const configured = await add({ channel: 'ar-main', title: 'Taken over' });
      assert.equal(configured.status, 409);
      assert.notEqual((await record('ar-main')).body.title, 'Taken over');
    });

    it('refuses bad input with 400 naming the field, and adds nothing', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ channel: 'Not A Slug' }, 'channel'],
        [{ title: 'no slug' }, 'channel'],
        [{ channel: fresh(), link: 'javascript:alert(1)' }, 'link'],
        [{ channel: fresh(), link: 'ftp://example.com/' }, 'link'],
        [{ channel: fresh(), link: 'https://user:pw@example.com/' }, 'link'],
        [{ channel: fresh(), lang: 'not a language' }, 'lang'],
        [{ channel: fresh(), dir: 'up' }, 'dir'],
        [{ channel: fresh(), title: '' }, 'title'],
        [{ channel: fresh(), title: 'x'.repeat(101) }, 'title'],
        [{ channel: fresh(), label: 'a\u202eb' }, 'label'],
        [{ channel: fresh(), label: 'x'.repeat(33) }, 'label'],
        [{ channel: fresh(), description: 'line\u0000break' }, 'description'],
        [{ channel: fresh(), private: true }, 'private'],
      ];
      for (const [body, field] of cases) {
        const refused = await add(body);
        assert.equal(refused.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error.field, field, JSON.stringify(body));
        if (typeof body.channel === 'string' && /^c-/.test(body.channel)) assert.equal((await record(body.channel)).status, 404, 'nothing was added');
      }
      assert.equal((await add('{"channel":', EDITOR_KEY)).status, 400);
      const notJson = await add('channel=x', EDITOR_KEY, { Authorization: `Bearer ${EDITOR_KEY}`, 'Content-Type': 'text/plain' });
      assert.equal(notJson.status, 415);
    });

    it('takes an editor key for every channel to add one', async () => {
      const channel = fresh();
      const anonymous = await add({ channel }, '', { 'Content-Type': 'application/json' });
      assert.equal(anonymous.status, 401);
      assert.equal((await add({ channel }, PARTNER_KEY)).status, 403);
      const limited = await add({ channel }, SPORT_EDITOR_KEY);
      assert.equal(limited.status, 403);
      assert.match(limited.body.error.message, /every channel/);
      assert.equal((await record(channel)).status, 404, 'nothing was added');
      assert.equal((await add({ channel })).status, 201, 'the same body from an unrestricted editor key');
    });

    it('updates the given fields; direction follows a new language; link null removes the link', async () => {
      const channel = fresh();
      await add({ channel, lang: 'en', title: 'Desk', link: 'https://desk.example/' });
      const relabelled = await update(channel, { label: 'عاجل', lang: 'ar', description: 'وصف القناة' });
      assert.equal(relabelled.status, 200, JSON.stringify(relabelled.body));
      assert.deepEqual(
        [relabelled.body.label, relabelled.body.lang, relabelled.body.dir, relabelled.body.title, relabelled.body.link, relabelled.body.rev],
        ['عاجل', 'ar', 'rtl', 'Desk', 'https://desk.example/', 2],
      );
      const unlinked = await update(channel, { link: null, dir: 'ltr' });
      assert.equal(unlinked.body.link, undefined);
      assert.equal(unlinked.body.dir, 'ltr', 'an explicit direction wins');
      assert.deepEqual((await record(channel)).body, unlinked.body);
    });

    it('stores a configured channel\'s first record from its defaults', async () => {
      const before = (await record('en-world')).body;
      const updated = await update('en-world', { link: 'https://ledger.example/' });
      assert.equal(updated.status, 200);
      assert.deepEqual({ ...updated.body, link: undefined, rev: 0, updatedAt: undefined, updatedBy: undefined }, { ...before, link: undefined, updatedAt: undefined, updatedBy: undefined });
      assert.equal(updated.body.rev, 1);
    });

    it('applies concurrent updates of different fields, losing neither', async () => {
      const channel = fresh();
      await add({ channel });
      const results = await Promise.all([update(channel, { title: 'Concurrent title' }), update(channel, { description: 'Concurrent description' }), update(channel, { label: 'Live' })]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
      const stored = (await record(channel)).body;
      assert.deepEqual([stored.title, stored.description, stored.label, stored.rev], ['Concurrent title', 'Concurrent description', 'Live', 4]);
    });

    it('refuses updates without a key for the channel, to unknown channels, and bad or empty ones; each changes nothing', async () => {
      const before = (await record('ar-main')).body;
      const anonymous = await fetch(`${node.url}/api/channels/ar-main`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"title":"x"}' });
      assert.equal(anonymous.status, 401);
      assert.equal((await update('ar-main', { title: 'x' }, SPORT_EDITOR_KEY)).status, 403);
      assert.equal((await update('ar-main', { title: 'x' }, PARTNER_KEY)).status, 403);
      assert.equal((await update('no-such-channel', { title: 'x' })).status, 404);
      for (const [body, field] of [[{ title: '   ' }, 'title'], [{ link: 'data:text/html,x' }, 'link'], [{ channel: 'other' }, 'channel'], [{ lang: 'x' }, 'lang']] as const) {
        const refused = await update('ar-main', body);
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.field, field);
      }
      assert.equal((await update('ar-main', {})).status, 400);
      assert.deepEqual((await record('ar-main')).body, before);
      assert.equal((await update('ar-sport', { title: 'رياضة' }, SPORT_EDITOR_KEY)).status, 200, "bob's key may describe bob's channel");
    });
  });
}
