import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, PARTNER_KEY, publish, SPORT_EDITOR_KEY, startNode, type RunningNode } from '../harness/server.js';

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`HTTP API on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url });
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    const headlines = async (channel = 'ar-main') => (await (await fetch(`${node.url}/api/channels/${channel}/headlines`)).json()) as any;

    it('publishes, reads, corrects and retracts a headline', async () => {
      const created = await publish(node.url, 'ar-main', { text: '  عاجل:   انقطاع الكهرباء عن 3 مدن  ', url: 'https://example.com/power', urgent: true });
      assert.equal(created.status, 201);
      const headline = created.body.headline;
      assert.equal(headline.text, 'عاجل: انقطاع الكهرباء عن 3 مدن');
      assert.equal(headline.lang, 'ar');
      assert.equal(headline.dir, 'rtl');
      assert.equal(headline.byline, undefined, 'alice has no byline: readers see no author');
      assert.ok(!JSON.stringify(created.body).includes('alice'), 'nor her key name');
      assert.equal(headline.rev, 1);
      assert.ok(Date.parse(headline.expiresAt) - Date.parse(headline.publishedAt) === 1800 * 1000, 'urgent alerts expire by default');

      const listed = await headlines();
      assert.equal(listed.channel, 'ar-main');
      assert.equal(listed.cursor, created.body.cursor);
      assert.deepEqual(listed.headlines[0], headline);

      const one = await fetch(`${node.url}/api/channels/ar-main/headlines/${headline.id}`);
      assert.deepEqual(await one.json(), headline);

      const corrected = await fetch(`${node.url}/api/channels/ar-main/headlines/${headline.id}`, {
        method: 'PATCH',
        headers: authHeaders(),
        body: JSON.stringify({ text: 'انقطاع الكهرباء عن 4 مدن', url: null, expiresAt: null }),
      });
      assert.equal(corrected.status, 200);
      const correctedBody = (await corrected.json()) as any;
      assert.equal(correctedBody.headline.text, 'انقطاع الكهرباء عن 4 مدن');
      assert.equal(correctedBody.headline.rev, 2);
      assert.equal(correctedBody.headline.url, undefined);
      assert.equal(correctedBody.headline.expiresAt, undefined);
      assert.equal(correctedBody.headline.publishedAt, headline.publishedAt);

      const retracted = await fetch(`${node.url}/api/channels/ar-main/headlines/${headline.id}`, { method: 'DELETE', headers: authHeaders() });
      assert.equal(retracted.status, 200);
      assert.ok(!(await headlines()).headlines.some((h: any) => h.id === headline.id));
      const again = await fetch(`${node.url}/api/channels/ar-main/headlines/${headline.id}`, { method: 'DELETE', headers: authHeaders() });
      assert.equal(again.status, 404);
    });

    it('guesses LTR for Latin text and honours an explicit language; the direction follows the letters', async () => {
      const latin = await publish(node.url, 'en-world', { text: 'Storm warning for the coast' });
      assert.deepEqual([latin.body.headline.lang, latin.body.headline.dir], ['en', 'ltr']);
      const farsi = await publish(node.url, 'en-world', { text: 'تهران ۲۰۲۶', lang: 'fa' });
      assert.deepEqual([farsi.body.headline.lang, farsi.body.headline.dir], ['fa', 'rtl']);
      // The direction follows the letters, not the language: a Latin transcription stays left to right.
      const transcribed = await publish(node.url, 'en-world', { text: 'Tehran 2026', lang: 'fa' });
      assert.deepEqual([transcribed.body.headline.lang, transcribed.body.headline.dir], ['fa', 'ltr']);
      // Without letters, the language decides.
      const digits = await publish(node.url, 'en-world', { text: '2026 - 1404', lang: 'fa' });
      assert.equal(digits.body.headline.dir, 'rtl');
    });

    it('requires a valid editor key for every write', async () => {
      const body = JSON.stringify({ text: 'x' });
      const json = { 'Content-Type': 'application/json' };
      const cases: Array<[string, RequestInit, number]> = [
        ['no key', { method: 'POST', headers: json, body }, 401],
        ['wrong key', { method: 'POST', headers: { ...json, Authorization: 'Bearer nope-nope' }, body }, 401],
        ['basic auth', { method: 'POST', headers: { ...json, Authorization: `Basic ${EDITOR_KEY}` }, body }, 401],
        ['partner key', { method: 'POST', headers: { ...json, Authorization: `Bearer ${PARTNER_KEY}` }, body }, 403],
        ['key limited to another channel', { method: 'POST', headers: { ...json, Authorization: `Bearer ${SPORT_EDITOR_KEY}` }, body }, 403],
      ];
      const before = await headlines();
      for (const [name, init, status] of cases) {
        const response = await fetch(`${node.url}/api/channels/ar-main/headlines`, init);
        assert.equal(response.status, status, name);
        const error = ((await response.json()) as any).error;
        assert.ok(error.code && error.message, name);
      }
      for (const method of ['PATCH', 'DELETE']) {
        const response = await fetch(`${node.url}/api/channels/ar-main/headlines/abc`, { method, headers: json, body: method === 'PATCH' ? body : undefined });
        assert.equal(response.status, 401, method);
      }
      assert.equal((await headlines()).cursor, before.cursor, 'nothing was written');
      const sport = await publish(node.url, 'ar-sport', { text: 'هدف في الدقيقة 90' }, SPORT_EDITOR_KEY);
      assert.equal(sport.status, 201);
      const [entry] = (await (await fetch(`${node.url}/api/audit?channel=ar-sport&limit=1`, { headers: authHeaders() })).json() as any).entries;
      assert.deepEqual([entry.actor, entry.id], ['bob', sport.body.headline.id]);
    });

    it('refuses browser writes from origins not on the allow-list', async () => {
      const response = await fetch(`${node.url}/api/channels/ar-main/headlines`, {
        method: 'POST',
        headers: { ...authHeaders(), Origin: 'https://evil.example' },
        body: JSON.stringify({ text: 'spoof' }),
      });
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as any).error.code, 'origin_not_allowed');
      assert.ok(!(await headlines()).headlines.some((h: any) => h.text === 'spoof'), 'nothing was stored');
    });

    it('keeps private channels to partner and editor keys', async () => {
      const anonymous = await fetch(`${node.url}/api/channels/ar-private/headlines`);
      assert.equal(anonymous.status, 403);
      const partner = await fetch(`${node.url}/api/channels/ar-private/headlines`, { headers: { Authorization: `Bearer ${PARTNER_KEY}` } });
      assert.equal(partner.status, 200);
      const slugs = async (headers: Record<string, string> = {}) =>
        (((await (await fetch(`${node.url}/api/channels`, { headers })).json()) as any).channels as Array<{ channel: string }>).map((c) => c.channel);
      const listed = await slugs();
      assert.ok(listed.includes('ar-main') && !listed.includes('ar-private'));
      assert.ok((await slugs({ Authorization: `Bearer ${PARTNER_KEY}` })).includes('ar-private'), 'listed for a key that may read it');
    });

    it('publishes once per idempotency key', async () => {
      const send = () =>
        fetch(`${node.url}/api/channels/ar-main/headlines`, {
          method: 'POST',
          headers: { ...authHeaders(), 'Idempotency-Key': `draft-${storeKind}-42` },
          body: JSON.stringify({ text: 'خبر واحد فقط' }),
        });
      const [first, second] = await Promise.all([send(), send()]);
      const statuses = [first.status, second.status].sort();
      assert.deepEqual(statuses, [200, 201]);
      const [a, b] = (await Promise.all([first.json(), second.json()])) as any[];
      assert.equal(a.headline.id, b.headline.id);
      const replay = await send();
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal((await headlines()).headlines.filter((h: any) => h.text === 'خبر واحد فقط').length, 1);
    });

    it('binds an idempotency key to its body and to its caller', async () => {
      const key = `story-${storeKind}-0099`;
      const send = (channel: string, body: unknown, editorKey = EDITOR_KEY) =>
        fetch(`${node.url}/api/channels/${channel}/headlines`, {
          method: 'POST',
          headers: { ...authHeaders(editorKey), 'Idempotency-Key': key },
          body: JSON.stringify(body),
        });
      const texts = async (channel: string) => (await headlines(channel)).headlines.map((h: any) => h.text);

      const first = await send('ar-sport', { text: 'الهدف الأول في الدقيقة 12' });
      assert.equal(first.status, 201);
      const firstBody = (await first.json()) as any;

      const replay = await send('ar-sport', { text: '  الهدف الأول   في الدقيقة 12 ', urgent: false });
      assert.equal(replay.status, 200, 'the same body (after validation) replays');
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await replay.json()) as any).headline.id, firstBody.headline.id);

      const before = await headlines('ar-sport');
      const reused = await send('ar-sport', { text: 'الهدف الثاني في الدقيقة 30' });
      assert.equal(reused.status, 422);
      assert.equal(reused.headers.get('idempotent-replayed'), null);
      const error = ((await reused.json()) as any).error;
      assert.equal(error.code, 'idempotency_key_reused');
      assert.match(error.message, /different headline.*nothing was published/);
      const urgentToo = await send('ar-sport', { text: 'الهدف الأول في الدقيقة 12', urgent: true });
      assert.equal(urgentToo.status, 422, 'any other field counts too');
      const after = await headlines('ar-sport');
      assert.equal(after.cursor, before.cursor, 'nothing was published');
      assert.ok(!(await texts('ar-sport')).includes('الهدف الثاني في الدقيقة 30'));

      const bob = await send('ar-sport', { text: 'بوب: الهدف الثاني في الدقيقة 30' }, SPORT_EDITOR_KEY);
      assert.equal(bob.status, 201, "bob's key never meets alice's record");
      const bobBody = (await bob.json()) as any;
      assert.notEqual(bobBody.headline.id, firstBody.headline.id);
      assert.equal(bobBody.headline.text, 'بوب: الهدف الثاني في الدقيقة 30');
      const listed = await texts('ar-sport');
      assert.ok(listed.includes('بوب: الهدف الثاني في الدقيقة 30') && listed.includes('الهدف الأول في الدقيقة 12'));
      const bobReplay = await send('ar-sport', { text: 'بوب: الهدف الثاني في الدقيقة 30' }, SPORT_EDITOR_KEY);
      assert.equal(bobReplay.status, 200);
      assert.equal(((await bobReplay.json()) as any).headline.id, bobBody.headline.id);

      const elsewhere = await send('ar-main', { text: 'الهدف الثاني في الدقيقة 30' });
      assert.equal(elsewhere.status, 201, 'a key is per channel, as before');
    });

    it('records who did what in the audit log, for editors only', async () => {
      const created = await publish(node.url, 'ar-main', { text: 'خبر للتدقيق' });
      const id = created.body.headline.id;
      await fetch(`${node.url}/api/channels/ar-main/headlines/${id}`, { method: 'DELETE', headers: authHeaders() });
      const audit = (await (await fetch(`${node.url}/api/audit?channel=ar-main&limit=2`, { headers: authHeaders() })).json()) as any;
      assert.deepEqual(audit.entries.map((e: any) => [e.action, e.actor, e.id]), [
        ['retract', 'alice', id],
        ['publish', 'alice', id],
      ]);
      assert.equal(audit.entries[1].text, 'خبر للتدقيق');
      assert.equal((await fetch(`${node.url}/api/audit`)).status, 401);
      assert.equal((await fetch(`${node.url}/api/audit`, { headers: { Authorization: `Bearer ${PARTNER_KEY}` } })).status, 403);
      const bob = (await (await fetch(`${node.url}/api/audit?channel=ar-main`, { headers: authHeaders(SPORT_EDITOR_KEY) })).json()) as any;
      assert.deepEqual(bob.entries, [], 'a key limited to ar-sport sees nothing of ar-main');
    });

    it('answers health and readiness', async () => {
      assert.equal((await fetch(`${node.url}/healthz`)).status, 200);
      const ready = await fetch(`${node.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as any).store, storeKind);
    });

    it('serves JSON 404s for unknown routes, channels and headlines', async () => {
      const routes: Array<[string, number, string]> = [
        ['/api/nothing', 404, 'not_found'],
        ['/api/channels/no-such-channel/headlines', 404, 'unknown_channel'],
        ['/api/channels/ar-main/headlines/missing-id', 404, 'not_found'],
        ['/api/channels/AR_MAIN/headlines', 400, 'invalid_channel'],
      ];
      for (const [path, status, code] of routes) {
        const response = await fetch(`${node.url}${path}`);
        assert.equal(response.status, status, path);
        assert.equal(((await response.json()) as any).error.code, code, path);
      }
    });
  });
}
