import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { parseKeyList } from '../../server/auth/keys.js';
import { loadConfig } from '../../server/config.js';
import { TestRedis } from '../harness/redis.js';
import { TestReader } from '../harness/reader.js';
import { authHeaders, capturedLog, publish, startNode, testConfig, waitFor, type RunningNode } from '../harness/server.js';

const URGENT_TTL_MS = testConfig.urgentTtlSeconds * 1000;
// Key names and secrets no reader may ever see, distinctive enough to search for.
const LAYLA = { name: 'layla-desk-key', secret: 'layla-secret-7f3a', byline: 'ليلى حداد' };
const OMAR = { name: 'omar-night-key', secret: 'omar-secret-91bc' };
const editorKeys = parseKeyList(`${LAYLA.name}=${LAYLA.byline}:${LAYLA.secret},${OMAR.name}:${OMAR.secret}`, { bylines: true });

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`editorial rules on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;
    const log = capturedLog();

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url, logger: log.logger, config: { editorKeys } });
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    const correct = async (id: string, body: unknown, key = LAYLA.secret) => {
      const response = await fetch(`${node.url}/api/channels/ar-main/headlines/${id}`, { method: 'PATCH', headers: authHeaders(key), body: JSON.stringify(body) });
      assert.equal(response.status, 200, JSON.stringify(body));
      return ((await response.json()) as any).headline;
    };
    const stored = async (id: string) => (await (await fetch(`${node.url}/api/channels/ar-main/headlines/${id}`)).json()) as any;

    describe('the expiry follows a correction of urgency', () => {
      it('drops the urgent expiry when an urgent alert is corrected to not urgent', async () => {
        const alert = (await publish(node.url, 'ar-main', { text: 'عاجل: حريق في الميناء', urgent: true }, LAYLA.secret)).body.headline;
        assert.ok(alert.expiresAt, 'positive control: urgent alerts get an expiry');
        const corrected = await correct(alert.id, { urgent: false });
        assert.equal(corrected.expiresAt, undefined);
        assert.equal((await stored(alert.id)).expiresAt, undefined);
        // Nor does the store still hold it for the sweeper.
        assert.equal(await node.store.expireDue(Date.now() + 2 * URGENT_TTL_MS), 0);
        assert.equal((await stored(alert.id)).id, alert.id);
      });

      it('gives a headline corrected to urgent the urgent expiry, from the correction', async () => {
        const plain = (await publish(node.url, 'ar-main', { text: 'افتتاح جسر جديد', ttl: 86400 }, LAYLA.secret)).body.headline;
        const startedAt = Date.now();
        const corrected = await correct(plain.id, { urgent: true });
        const expires = Date.parse(corrected.expiresAt);
        assert.ok(expires >= startedAt + URGENT_TTL_MS && expires <= Date.now() + URGENT_TTL_MS, corrected.expiresAt);
        assert.equal((await stored(plain.id)).expiresAt, corrected.expiresAt);
      });

      it('keeps an expiry the correction gives itself, and leaves the expiry alone when urgency does not change', async () => {
        const alert = (await publish(node.url, 'ar-main', { text: 'عاجل: إغلاق الطريق', urgent: true }, LAYLA.secret)).body.headline;
        const startedAt = Date.now();
        const withTtl = await correct(alert.id, { urgent: false, ttl: 600 });
        assert.ok(Date.parse(withTtl.expiresAt) >= startedAt + 600_000 && Date.parse(withTtl.expiresAt) <= Date.now() + 600_000);
        const textOnly = await correct(alert.id, { text: 'عاجل: إغلاق الطريق الساحلي' });
        assert.equal(textOnly.expiresAt, withTtl.expiresAt);
        const urgentNoExpiry = await correct(alert.id, { urgent: true, expiresAt: null });
        assert.equal(urgentNoExpiry.expiresAt, undefined);
        const sameUrgency = await correct(alert.id, { urgent: true });
        assert.equal(sameUrgency.expiresAt, undefined, 'urgent stays urgent: nothing to follow');
      });
    });

    describe('bylines', () => {
      it('shows readers the byline the newsroom set, or no author, and never a key name', async () => {
        const reader = new TestReader(node.url);
        const oldReader = new TestReader(node.url, { batches: false });
        await reader.subscribe('ar-main');
        await oldReader.subscribe('ar-main');
        const byLayla = await publish(node.url, 'ar-main', { text: 'هدنة في الجنوب' }, LAYLA.secret);
        const byOmar = await publish(node.url, 'ar-main', { text: 'أمطار غزيرة في الشمال' }, OMAR.secret);
        assert.equal(byLayla.body.headline.byline, LAYLA.byline);
        assert.equal(byOmar.body.headline.byline, undefined);
        // Omar corrects Layla's headline: the byline stays hers.
        const corrected = await correct(byLayla.body.headline.id, { text: 'هدنة شاملة في الجنوب' }, OMAR.secret);
        assert.equal(corrected.byline, LAYLA.byline);
        await waitFor(() => reader.received.length >= 3 && oldReader.received.length >= 3, 5000, 'the pushes');

        const seen: Array<[string, string]> = [
          ['POST answer', JSON.stringify([byLayla.body, byOmar.body])],
          ['PATCH answer', JSON.stringify(corrected)],
          ['snapshot', await (await fetch(`${node.url}/api/channels/ar-main/headlines`)).text()],
          ['one headline', await (await fetch(`${node.url}/api/channels/ar-main/headlines/${byOmar.body.headline.id}`)).text()],
          ['socket pushes (batches)', JSON.stringify(reader.messages)],
          ['socket pushes (one change each)', JSON.stringify(oldReader.received)],
          ['socket snapshot', JSON.stringify(await new TestReader(node.url).subscribe('ar-main'))],
          ...(await Promise.all(['json', 'rss', 'atom'].map(async (format) => [`feed.${format}`, await (await fetch(`${node.url}/api/channels/ar-main/feed.${format}`)).text()] as [string, string]))),
        ];
        for (const [where, body] of seen) {
          for (const name of [LAYLA.name, OMAR.name, 'alice']) assert.ok(!body.includes(name), `${where} shows ${name}`);
          assert.ok(!/publishedBy|updatedBy|"by"/.test(body), `${where} has an author field of key names`);
        }
        for (const where of ['snapshot', 'socket pushes (batches)', 'socket pushes (one change each)', 'feed.atom']) {
          assert.ok(seen.find(([w]) => w === where)![1].includes(LAYLA.byline), `${where} carries the byline`);
        }
        // Editors keep the key names, in the audit log.
        const audit = (await (await fetch(`${node.url}/api/audit?channel=ar-main&limit=3`, { headers: authHeaders(OMAR.secret) })).json()) as any;
        assert.deepEqual(audit.entries.map((e: any) => [e.action, e.actor]), [['update', OMAR.name], ['publish', OMAR.name], ['publish', LAYLA.name]]);
        reader.close();
        oldReader.close();
      });
    });

    describe('the write log', () => {
      it('logs every write and every refused key as a JSON line, never a key', async () => {
        const start = log.lines.length;
        const published = (await publish(node.url, 'ar-main', { text: 'خبر للسجل' }, LAYLA.secret)).body.headline;
        await correct(published.id, { text: 'خبر للسجل مصحح' }, OMAR.secret);
        const refused = await publish(node.url, 'ar-main', { text: 'خبر', url: 'ftp://example.com/x' }, OMAR.secret);
        assert.equal(refused.status, 400);
        const retracted = await fetch(`${node.url}/api/channels/ar-main/headlines/${published.id}`, { method: 'DELETE', headers: authHeaders(LAYLA.secret) });
        assert.equal(retracted.status, 200);
        const wrongKey = 'not-a-key-5d2e9c';
        assert.equal((await publish(node.url, 'ar-main', { text: 'خبر' }, wrongKey)).status, 401);
        const socket = io(node.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { key: `${wrongKey}-socket` } });
        await new Promise<void>((resolve) => socket.once('connect_error', () => resolve()));
        socket.close();
        await waitFor(() => log.lines.slice(start).filter((line) => line.event === 'key_refused').length >= 2, 5000, 'the refused keys in the log');

        const lines = log.lines.slice(start);
        assert.deepEqual(
          lines.filter((line) => line.event === 'write').map((line) => [line.action, line.channel, line.id, line.actor, line.status, line.error]),
          [
            ['publish', 'ar-main', published.id, LAYLA.name, 201, undefined],
            ['update', 'ar-main', published.id, OMAR.name, 200, undefined],
            ['publish', 'ar-main', undefined, OMAR.name, 400, 'invalid_field'],
            ['retract', 'ar-main', published.id, LAYLA.name, 200, undefined],
            ['publish', 'ar-main', undefined, undefined, 401, 'unauthorized'],
          ],
        );
        assert.deepEqual(lines.filter((line) => line.event === 'key_refused').map((line) => [line.reason, line.via, line.address]), [['invalid', 'http', '127.0.0.1'], ['invalid', 'socket', '127.0.0.1']]);
        // The log names the editors (so the search below would find a secret if it were there) and no key.
        assert.ok(log.raw().includes(LAYLA.name));
        for (const secret of [LAYLA.secret, OMAR.secret, wrongKey]) assert.ok(!log.raw().includes(secret), `the log holds ${secret}`);
      });
    });
  });
}

describe('bylines in the configuration', () => {
  it('parses name=byline:key for editor keys and validates the byline as reader text', () => {
    const config = loadConfig({ AJEL_EDITOR_KEYS: 'sara=سارة  أحمد:s3cret@ar-main, tom=Tom O’Neil:t0ken, plain:k3y-plain' });
    assert.deepEqual(config.editorKeys.map((k) => [k.name, k.byline, k.channels]), [
      ['sara', 'سارة أحمد', ['ar-main']],
      ['tom', 'Tom O’Neil', undefined],
      ['plain', undefined, undefined],
    ]);
    for (const [value, problem] of [
      ['sara=سارة\u202e:s3cret', /AJEL_EDITOR_KEYS: entry 1: byline must not contain bidirectional/],
      ['sara=\u2800:s3cret', /byline must contain at least one visible/],
      [`sara=${'x'.repeat(65)}:s3cret`, /byline must be at most 64/],
      ['sara=:s3cret', /byline must not be empty/],
    ] as const) {
      assert.throws(() => loadConfig({ AJEL_EDITOR_KEYS: value }), problem);
    }
    assert.throws(() => loadConfig({ AJEL_PARTNER_KEYS: 'acme=Acme News:p4rtner' }), /AJEL_PARTNER_KEYS: entry 1: only editor keys carry a byline/);
  });
});
