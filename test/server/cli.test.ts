import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ajel, assertFailure, type Run } from '../harness/cli.js';
import { TestRedis, freePort } from '../harness/redis.js';
import { EDITOR_KEY, SPORT_EDITOR_KEY, authHeaders, publish, startNode, type RunningNode } from '../harness/server.js';

describe('ajel CLI against a real server', () => {
  let redis: TestRedis;
  let node: RunningNode;
  let env: Record<string, string>;

  const snapshot = async (channel: string) => {
    const response = await fetch(`${node.url}/api/channels/${channel}/headlines`);
    return (await response.json()) as { headlines: Array<{ id: string; text: string; urgent: boolean; url?: string; expiresAt?: string; rev: number }> };
  };

  before(async () => {
    redis = await TestRedis.start();
    node = await startNode({ redisUrl: redis.url });
    env = { AJEL_SERVER: node.url, AJEL_KEY: EDITOR_KEY };
  });

  after(async () => {
    await node.close();
    await redis.destroy();
  });

  it('publishes an urgent headline with a link and a lifetime', async () => {
    const text = 'عاجل: هزة أرضية بقوة 4.2 درجات تضرب الساحل الشمالي';
    const run = await ajel(['publish', '--channel', 'ar-main', '--urgent', '--url', 'https://example.com/quake', '--ttl', '45m', text], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const id = /^published (\S+) to ar-main \(URGENT, expires in 45m\)\n$/.exec(run.stdout)?.[1];
    assert.ok(id, `human output: ${run.stdout}`);
    const stored = (await snapshot('ar-main')).headlines.find((headline) => headline.id === id);
    assert.ok(stored);
    assert.equal(stored.text, text);
    assert.equal(stored.urgent, true);
    assert.equal(stored.url, 'https://example.com/quake');
    const lifetime = Date.parse(stored.expiresAt!) - Date.now();
    assert.ok(lifetime > 44 * 60_000 && lifetime <= 45 * 60_000, `expires in ${lifetime} ms`);
  });

  it('prints the API answer with --json and takes the channel from AJEL_CHANNEL', async () => {
    const run = await ajel(['publish', '--json', 'Markets open higher after the holiday'], { ...env, AJEL_CHANNEL: 'en-world' });
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout);
    assert.equal(body.channel, 'en-world');
    assert.equal(body.replayed, false);
    assert.equal(body.headline.text, 'Markets open higher after the holiday');
    assert.equal(body.headline.dir, 'ltr');
    assert.ok((await snapshot('en-world')).headlines.some((headline) => headline.id === body.headline.id));
  });

  it('reads the text from stdin when it is "-"', async () => {
    const run = await ajel(['publish', '-c', 'en-world', '--json', '-'], env, '  Ferry services resume on the eastern route \n');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).headline.text, 'Ferry services resume on the eastern route');
  });

  it('lists the live headlines, as text and as JSON', async () => {
    const published = await publish(node.url, 'ar-sport', { text: 'الفريق الأول يفوز في مباراة الافتتاح', urgent: true });
    const human = await ajel(['list', '-c', 'ar-sport'], env);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+TIME\s+FLAGS\s+TEXT$/);
    assert.ok(lines.some((line) => line.startsWith(published.body.headline.id) && line.includes('URGENT') && line.includes('الفريق الأول يفوز')), human.stdout);

    const json = await ajel(['list', '-c', 'ar-sport', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      JSON.parse(json.stdout).headlines.map((headline: { id: string }) => headline.id),
      (await snapshot('ar-sport')).headlines.map((headline) => headline.id),
    );
  });

  it('lists what readers saw and clicked with --stats, as text and as JSON', async () => {
    const seen = await publish(node.url, 'en-world', { text: 'Ferry strike called off after talks' });
    const unseen = await publish(node.url, 'en-world', { text: 'Rain expected across the north tonight' });
    const id: string = seen.body.headline.id;
    for (const beacon of [{ impressions: [id], clicks: [id] }, { impressions: [id] }, { impressions: [id] }, { impressions: [id] }]) {
      const sent = await fetch(`${node.url}/api/channels/en-world/stats`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(beacon) });
      assert.equal(sent.status, 204);
    }
    const human = await ajel(['list', '-c', 'en-world', '--stats'], env);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+TIME\s+FLAGS\s+SEEN\s+CLICKED\s+RATE\s+TEXT$/);
    assert.match(lines.find((line) => line.startsWith(id)) ?? '', /\s4\s+1\s+25\.0%\s+Ferry strike/);
    assert.match(lines.find((line) => line.startsWith(unseen.body.headline.id)) ?? '', /\s0\s+0\s+-\s+Rain expected/);
    assert.equal(lines.at(-1), '0 readers get its urgent alerts by Web Push');

    const json = JSON.parse((await ajel(['list', '-c', 'en-world', '--stats', '--json'], env)).stdout);
    assert.deepEqual(json.stats.find((stats: { id: string }) => stats.id === id), { id, seen: 4, clicked: 1, rate: 0.25, partners: {} });
    assert.equal(json.pushSubscribers, 0);

    const anonymous = await ajel(['list', '-c', 'en-world', '--stats'], { AJEL_SERVER: node.url });
    assert.notEqual(anonymous.code, 0);
  });

  it('lists without a key, since public channels are open to all', async () => {
    const run = await ajel(['list', '-c', 'ar-sport'], { AJEL_SERVER: node.url });
    assert.equal(run.code, 0, run.stderr);
    const { headlines } = await snapshot('ar-sport');
    assert.ok(headlines.length > 0);
    for (const headline of headlines) assert.ok(run.stdout.includes(headline.id), `lists ${headline.id}`);
  });

  it('corrects text, link, urgency and expiry, then retracts', async () => {
    const first = await publish(node.url, 'ar-main', { text: 'حريق في مستودع بالمنطقة الصناعية', url: 'https://example.com/fire', urgent: true });
    const id: string = first.body.headline.id;

    const corrected = await ajel(['correct', id, 'حريق محدود في مستودع بالمنطقة الصناعية', '--not-urgent', '--no-url', '--ttl', '2h'], env);
    assert.equal(corrected.code, 0, corrected.stderr);
    assert.match(corrected.stdout, new RegExp(`^corrected ${id} in ar-main \\(revision 2, corrected, expires in 2h\\)\\n$`));
    let stored = (await snapshot('ar-main')).headlines.find((headline) => headline.id === id)!;
    assert.equal(stored.text, 'حريق محدود في مستودع بالمنطقة الصناعية');
    assert.equal(stored.urgent, false);
    assert.equal(stored.url, undefined);
    assert.equal(stored.rev, 2);

    const noExpiry = await ajel(['correct', id, '--no-expiry', '--json'], env);
    assert.equal(noExpiry.code, 0, noExpiry.stderr);
    assert.equal(JSON.parse(noExpiry.stdout).headline.expiresAt, undefined);
    stored = (await snapshot('ar-main')).headlines.find((headline) => headline.id === id)!;
    assert.equal(stored.expiresAt, undefined);

    const retracted = await ajel(['retract', id], env);
    assert.equal(retracted.code, 0, retracted.stderr);
    assert.equal(retracted.stdout, `retracted ${id} from ar-main\n`);
    assert.ok(!(await snapshot('ar-main')).headlines.some((headline) => headline.id === id));

    assertFailure(await ajel(['retract', id], env), 5, /not_found/);
  });

  it('publishes once per idempotency key', async () => {
    const args = ['publish', '-c', 'ar-sport', '--idempotency-key', 'cli-test-key-0001', 'انطلاق الدوري الممتاز الأسبوع المقبل'];
    const first = await ajel(args, env);
    const second = await ajel(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    const id = /^published (\S+)/.exec(first.stdout)?.[1];
    assert.equal(second.stdout, `already published as ${id} in ar-sport (same idempotency key); nothing new was published\n`);
    const copies = (await snapshot('ar-sport')).headlines.filter((headline) => headline.text === 'انطلاق الدوري الممتاز الأسبوع المقبل');
    assert.equal(copies.length, 1);
  });

  it('exits 3 when the idempotency key was used for a different headline, and publishes nothing', async () => {
    const first = await ajel(['publish', '-c', 'ar-sport', '--idempotency-key', 'cli-test-key-0002', 'تأجيل مباراة القمة إلى الأحد'], env);
    assert.equal(first.code, 0, first.stderr);
    const before = await snapshot('ar-sport');
    const reused = await ajel(['publish', '-c', 'ar-sport', '--idempotency-key', 'cli-test-key-0002', 'إلغاء مباراة القمة'], env);
    assertFailure(reused, 3, /idempotency key cli-test-key-0002 was already used for a different headline in ar-sport; this one was NOT published \(idempotency_key_reused, HTTP 422\)/);
    assert.deepEqual(await snapshot('ar-sport'), before, 'nothing was published');
    const json = await ajel(['publish', '--json', '-c', 'ar-sport', '--idempotency-key', 'cli-test-key-0002', 'إلغاء مباراة القمة'], env);
    assertFailure(json, 3, /idempotency_key_reused/);
  });

  it('shows the audit log', async () => {
    const first = await publish(node.url, 'en-world', { text: 'Audit me' });
    await fetch(`${node.url}/api/channels/en-world/headlines/${first.body.headline.id}`, { method: 'DELETE', headers: authHeaders() });
    const run = await ajel(['audit', '-c', 'en-world', '-n', '2', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const { entries } = JSON.parse(run.stdout);
    assert.deepEqual(
      entries.map((entry: { action: string; id: string; actor: string }) => [entry.action, entry.id, entry.actor]),
      [
        ['retract', first.body.headline.id, 'alice'],
        ['publish', first.body.headline.id, 'alice'],
      ],
    );
    const human = await ajel(['audit', '-c', 'en-world', '-n', '2'], env);
    assert.match(human.stdout.split('\n')[1], new RegExp(`alice\\s+retract\\s+en-world\\s+${first.body.headline.id}`));
  });

  it('lists the channels and shows one record, the defaults until an editor describes it', async () => {
    const listed = await ajel(['channels'], { AJEL_SERVER: node.url });
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^CHANNEL\s+LANGUAGE\s+LABEL\s+TITLE$/);
    assert.ok(lines.some((line) => /^en-world\s+en ltr\s+Breaking\s+/.test(line)), listed.stdout);
    assert.ok(!listed.stdout.includes('ar-private'), 'no private channel without a key for it');
    const json = JSON.parse((await ajel(['channels', 'list', '--json'], { AJEL_SERVER: node.url })).stdout);
    assert.deepEqual(json, await (await fetch(`${node.url}/api/channels`)).json());

    const shown = await ajel(['channels', 'show', 'en-world'], { AJEL_SERVER: node.url });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^channel\s+en-world\n/);
    assert.match(shown.stdout, /\nlanguage\s+en \(ltr\)\n/);
    assert.match(shown.stdout, /\nrevision\s+0 \(the defaults/);
    const fromEnv = await ajel(['channels', 'show', '--json'], { AJEL_SERVER: node.url, AJEL_CHANNEL: 'ar-sport' });
    assert.equal(JSON.parse(fromEnv.stdout).channel, 'ar-sport', 'the channel defaults to --channel / AJEL_CHANNEL');
  });

  it('adds a channel and updates its record, as stored', async () => {
    const added = await ajel(['channels', 'add', 'cli-desk', '--title', 'مكتب الأخبار', '--lang', 'ar', '--link', 'https://alofoq.example/desk'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, 'added channel cli-desk (ar, rtl): مكتب الأخبار\n');
    let stored = (await (await fetch(`${node.url}/api/channels/cli-desk`)).json()) as any;
    assert.deepEqual([stored.title, stored.lang, stored.dir, stored.link, stored.label, stored.updatedBy], ['مكتب الأخبار', 'ar', 'rtl', 'https://alofoq.example/desk', 'عاجل', 'alice']);

    const updated = await ajel(['channels', 'update', 'cli-desk', '--label', 'خبر عاجل', '--no-link', '--description', 'أخبار المكتب'], env);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout, 'updated channel cli-desk (revision 2)\n');
    stored = (await (await fetch(`${node.url}/api/channels/cli-desk`)).json()) as any;
    assert.deepEqual([stored.label, stored.link, stored.description, stored.title], ['خبر عاجل', undefined, 'أخبار المكتب', 'مكتب الأخبار']);
    const json = await ajel(['channels', 'update', 'cli-desk', '--dir', 'ltr', '--json'], env);
    assert.deepEqual(JSON.parse(json.stdout), (await (await fetch(`${node.url}/api/channels/cli-desk`)).json()) as any);
  });

  it('exits 3 when a channel exists or a field is refused, 4 without a key for it, 5 for an unknown one; each changes nothing', async () => {
    const before = await (await fetch(`${node.url}/api/channels/ar-main`)).json();
    assertFailure(await ajel(['channels', 'add', 'ar-main', '--title', 'x'], env), 3, /channel_exists, HTTP 409/);
    assertFailure(await ajel(['channels', 'update', 'ar-main', '--link', 'javascript:alert(1)'], env), 3, /link: must use http or https \(invalid_field, HTTP 400\)/);
    assertFailure(await ajel(['channels', 'add', 'cli-bad', '--lang', 'not a tag'], env), 3, /lang: must be a BCP 47/);
    assert.equal((await fetch(`${node.url}/api/channels/cli-bad`)).status, 404, 'nothing was added');
    assertFailure(await ajel(['channels', 'update', 'ar-main', '--title', 'x'], { AJEL_SERVER: node.url }), 4, /no editor key/);
    assertFailure(await ajel(['channels', 'update', 'ar-main', '--title', 'x'], { ...env, AJEL_KEY: SPORT_EDITOR_KEY }), 4, /forbidden/);
    assertFailure(await ajel(['channels', 'add', 'cli-bob', '--title', 'x'], { ...env, AJEL_KEY: SPORT_EDITOR_KEY }), 4, /every channel/);
    assertFailure(await ajel(['channels', 'update', 'no-such-channel', '--title', 'x'], env), 5, /unknown_channel/);
    assertFailure(await ajel(['channels', 'show', 'no-such-channel'], env), 5, /unknown_channel/);
    assert.deepEqual(await (await fetch(`${node.url}/api/channels/ar-main`)).json(), before);
  });

  it('says who the key belongs to', async () => {
    const run = await ajel(['whoami', '--key', SPORT_EDITOR_KEY], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'bob (editor, channels ar-sport)\n');
  });

  it('prints help on stdout with exit code 0', async () => {
    const run = await ajel(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /usage: ajel COMMAND/);
    const command = await ajel(['publish', '--help']);
    assert.match(command.stdout, /^usage: ajel publish/);
  });

  it('exits 2 on usage errors, before any request', async () => {
    const offline = { AJEL_SERVER: `http://127.0.0.1:${await freePort()}`, AJEL_KEY: EDITOR_KEY };
    assertFailure(await ajel([], offline), 2, /which command/);
    assertFailure(await ajel(['unpublish'], offline), 2, /unknown command "unpublish"/);
    assertFailure(await ajel(['publish', '--bogus', 'x'], offline), 2, /--bogus/);
    assertFailure(await ajel(['publish'], offline), 2, /text is missing/);
    assertFailure(await ajel(['publish', '--ttl', 'soon', 'x'], offline), 2, /--ttl/);
    assertFailure(await ajel(['correct'], offline), 2, /ID is missing/);
    assertFailure(await ajel(['correct', 'abc'], offline), 2, /nothing to correct/);
    assertFailure(await ajel(['list', '--server', 'ftp://example.com'], offline), 2, /--server/);
    assertFailure(await ajel(['channels', 'remove', 'x'], offline), 2, /unknown channels action "remove"/);
    assertFailure(await ajel(['channels', 'add', '--title', 'x'], offline), 2, /new channel is missing/);
    assertFailure(await ajel(['channels', 'update', 'ar-main'], offline), 2, /nothing to update/);
    assertFailure(await ajel(['channels', 'update', 'ar-main', '--dir', 'up'], offline), 2, /--dir: expected rtl or ltr/);
    assertFailure(await ajel(['channels', 'update', 'ar-main', '--link', 'https://a.example/', '--no-link'], offline), 2, /--link or --no-link/);
    assertFailure(await ajel(['channels', 'add', 'x', '--no-link'], offline), 2, /--no-link is for/);
    assertFailure(await ajel(['channels', 'show', 'ar-main', '--title', 'x'], offline), 2, /takes no record fields/);
    assertFailure(await ajel(['channels', 'show', 'ar-main', 'extra'], offline), 2, /unexpected argument "extra"/);
  });

  it('exits 3 when the server refuses the input, and nothing is published', async () => {
    const before = (await snapshot('ar-main')).headlines.length;
    const run = await ajel(['publish', '--url', 'javascript:alert(1)', 'رابط غير آمن'], env);
    assertFailure(run, 3, /url: must use http or https \(invalid_field, HTTP 400\)/);
    assertFailure(await ajel(['publish', 'a\u202eb'], env), 3, /bidirectional/);
    assert.equal((await snapshot('ar-main')).headlines.length, before);
  });

  it('exits 4 without a key, with a wrong key and with a key for other channels', async () => {
    assertFailure(await ajel(['publish', 'x'], { AJEL_SERVER: node.url }), 4, /no editor key/);
    assertFailure(await ajel(['publish', 'x'], { ...env, AJEL_KEY: 'not-a-real-key' }), 4, /unauthorized/);
    assertFailure(await ajel(['publish', '-c', 'ar-main', 'x'], { ...env, AJEL_KEY: SPORT_EDITOR_KEY }), 4, /forbidden/);
  });

  it('exits 5 for an unknown headline or channel', async () => {
    assertFailure(await ajel(['correct', 'no-such-id', 'x'], env), 5, /not_found/);
    assertFailure(await ajel(['list', '-c', 'no-such-channel'], env), 5, /unknown_channel/);
  });

  it('exits 7 when the server cannot be reached', async () => {
    const run = await ajel(['publish', 'x'], { ...env, AJEL_SERVER: `http://127.0.0.1:${await freePort()}` });
    assertFailure(run, 7, /connection refused.*retry with --idempotency-key cli-/);
  });
});

describe('ajel CLI limits', () => {
  it('exits 6 when rate limited, saying when to retry', async () => {
    const node = await startNode({ config: { writeRatePerMinute: 1 } });
    try {
      // The limiter allows a burst of 10 writes; use it up.
      for (let i = 0; i < 10; i++) assert.equal((await publish(node.url, 'en-world', { text: `burst ${i}` })).status, 201);
      const run = await ajel(['publish', '-c', 'en-world', 'one too many'], { AJEL_SERVER: node.url, AJEL_KEY: EDITOR_KEY });
      assertFailure(run, 6, /rate_limited, HTTP 429; retry in \d+ s/);
    } finally {
      await node.close();
    }
  });

  it('exits 7 when the store is down (503), and the write can be retried', async () => {
    const redis = await TestRedis.start();
    const node = await startNode({ redisUrl: redis.url });
    try {
      await redis.stop();
      const env = { AJEL_SERVER: node.url, AJEL_KEY: EDITOR_KEY };
      const run = await ajel(['publish', '-c', 'en-world', '--idempotency-key', 'cli-outage-key-1', 'written after the outage'], env);
      assertFailure(run, 7, /store_unavailable, HTTP 503/);
      await redis.start();
      let retry: Run;
      const deadline = Date.now() + 10_000;
      do retry = await ajel(['publish', '-c', 'en-world', '--idempotency-key', 'cli-outage-key-1', 'written after the outage'], env);
      while (retry.code === 7 && Date.now() < deadline);
      assert.equal(retry.code, 0, retry.stderr);
      assert.match(retry.stdout, /^published /);
    } finally {
      await node.close();
      await redis.destroy();
    }
  });
});
