import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportJWK, SignJWT } from 'jose';
import { createClient } from 'redis';
import type { PartnerView } from '../../server/partners/partner.js';
import { ajel, assertFailure } from '../harness/cli.js';
import { connectReader, TestReader } from '../harness/reader.js';
import { TestRedis } from '../harness/redis.js';
import { ADMIN_KEY, authHeaders, EDITOR_KEY, PARTNER_KEY, publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

const PARTNER_ORIGIN = 'https://partner.example';

interface Added {
  partner: PartnerView;
  secret?: string;
}

async function admin(url: string, method: string, path: string, body?: unknown, key = ADMIN_KEY) {
  const response = await fetch(`${url}${path}`, { method, headers: authHeaders(key), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

let partnerSequence = 0;
async function addPartner(url: string, fields: Record<string, unknown> = {}): Promise<Added> {
  const id = `partner-${++partnerSequence}-${process.pid}`;
  const response = await admin(url, 'POST', '/api/partners', { id, name: 'Partner Daily', channels: ['ar-private'], origins: [PARTNER_ORIGIN, 'https://*.partner.example'], ...fields });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body;
}

/** An embed token as a partner's server mints it (HS256 with the secret shown at creation). */
function mint(added: Added, claims: Record<string, unknown> = {}, options: { secret?: string; lifetime?: number; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: added.partner.id, aud: 'ajel', iat: now, exp: now + (options.lifetime ?? 600), channels: ['ar-private'], ...claims };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', kid: options.kid ?? added.partner.credentials.at(-1)!.kid })
    .sign(new TextEncoder().encode(options.secret ?? added.secret!));
}

/** The handshake's refusal: the code the server gave, or "connected". */
async function handshake(url: string, options: { token?: string; key?: string; origin?: string }): Promise<string> {
  const reader = new TestReader(url, options);
  try {
    return await new Promise<string>((resolve) => {
      reader.socket.once('connect', () => resolve('connected'));
      reader.socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });
  } finally {
    reader.close();
  }
}

/** The code of the `denied` message the reader gets before it is cut off; fails after 5 s without one. */
function denial(reader: TestReader): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no denied message within 5 s')), 5000);
    reader.socket.once('denied', (error) => {
      clearTimeout(timer);
      resolve(error.code);
    });
  });
}

async function seedPrivate(node: RunningNode, text: string): Promise<void> {
  assert.equal((await publish(node.url, 'ar-private', { text })).status, 201);
}

describe('partners', () => {
  let redis: TestRedis;
  let nodeA: RunningNode;
  let nodeB: RunningNode;

  before(async () => {
    redis = await TestRedis.start();
    // Refused tokens are what these tests try: the failed-sign-in budget of one address must not run out.
    const config = { budgets: { failedAuthPerMinute: 10_000 }, metricsKey: 'metrics-key-123' };
    [nodeA, nodeB] = await Promise.all([startNode({ redisUrl: redis.url, config }), startNode({ redisUrl: redis.url, config })]);
    await seedPrivate(nodeA, 'خبر خاص بالشركاء');
  });
  after(async () => {
    await Promise.all([nodeA.close(), nodeB.close()]);
    await redis.destroy();
  });

  it('are managed with an admin key only, and a secret is shown once', async () => {
    const added = await addPartner(nodeA.url);
    assert.equal(typeof added.secret, 'string');
    assert.ok(added.secret!.length >= 40);
    assert.equal(added.partner.status, 'active');
    assert.deepEqual(Object.keys(added.partner.credentials[0]).sort(), ['alg', 'createdAt', 'kid', 'kind']);

    const shown = await admin(nodeA.url, 'GET', `/api/partners/${added.partner.id}`);
    assert.equal(shown.status, 200);
    assert.equal(JSON.stringify(shown.body).includes(added.secret!), false, 'the secret is never shown again');
    const listed = await admin(nodeB.url, 'GET', '/api/partners');
    assert.ok(listed.body.partners.some((p: PartnerView) => p.id === added.partner.id), 'listed on the other node');

    assert.equal((await admin(nodeA.url, 'GET', '/api/partners', undefined, EDITOR_KEY)).status, 403);
    assert.equal((await admin(nodeA.url, 'GET', '/api/partners', undefined, PARTNER_KEY)).status, 403);
    assert.equal((await fetch(`${nodeA.url}/api/partners`)).status, 401);
    const duplicate = await admin(nodeA.url, 'POST', '/api/partners', { id: added.partner.id, name: 'x', channels: ['ar-private'] });
    assert.equal(duplicate.status, 409);
  });

  it('refuses bad partner fields with the field named, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ id: 'Bad Id', name: 'x', channels: ['ar-main'] }, 'id'],
      [{ id: 'p-fields', name: 'x', channels: [] }, 'channels'],
      [{ id: 'p-fields', name: 'x', channels: ['no-such-channel'] }, 'channels'],
      [{ id: 'p-fields', name: 'x', channels: ['ar-main'], origins: ['https://partner.example/path'] }, 'origins.0'],
      [{ id: 'p-fields', name: 'x', channels: ['ar-main'], origins: ['javascript:alert(1)'] }, 'origins.0'],
      [{ id: 'p-fields', name: 'a\u202ename', channels: ['ar-main'] }, 'name'],
      [{ id: 'p-fields', name: 'x', channels: ['ar-main'], secret: 'mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const response = await admin(nodeA.url, 'POST', '/api/partners', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.field, field, JSON.stringify(response.body));
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const privateJwk = await exportJWK(privateKey);
    const withPrivate = await admin(nodeA.url, 'POST', '/api/partners', { id: 'p-fields', name: 'x', channels: ['ar-main'], publicKey: privateJwk });
    assert.equal(withPrivate.status, 400);
    assert.match(withPrivate.body.error.message, /private key/);
    assert.equal((await admin(nodeA.url, 'GET', '/api/partners/p-fields')).status, 404);
  });

  it('let a page on a registered origin read a private channel with a token, and nothing else does', async () => {
    const added = await addPartner(nodeA.url);
    const token = await mint(added);
    const reader = await connectReader(nodeB.url, { token, origin: PARTNER_ORIGIN });
    const result = await reader.subscribe('ar-private');
    assert.ok(result.ok && result.mode === 'snapshot' && result.headlines.some((h) => h.text === 'خبر خاص بالشركاء'), JSON.stringify(result));
    reader.close();
    assert.equal(await handshake(nodeB.url, { token, origin: 'https://www.partner.example' }), 'connected', 'a subdomain of the wildcard');

    const anonymous = await connectReader(nodeB.url, { origin: PARTNER_ORIGIN });
    const refused = await anonymous.subscribe('ar-private');
    assert.equal(!refused.ok && refused.error.code, 'forbidden');
    anonymous.close();

    const other = await addPartner(nodeA.url, { channels: ['ar-main', 'ar-private'] });
    const cases: Array<[string, Promise<string>, string?]> = [
      ['expired', mint(added, { iat: Math.floor(Date.now() / 1000) - 700, exp: Math.floor(Date.now() / 1000) - 100 }), 'token_expired'],
      ['forged', mint(added, {}, { secret: 'not-the-partners-secret-not-the-partners-secret' }), 'invalid_token'],
      ["another partner's secret", mint(added, {}, { secret: other.secret }), 'invalid_token'],
      ['a channel it is not licensed for', mint(added, { channels: ['ar-main'] }), 'channel_not_licensed'],
      ['too long a lifetime', mint(added, {}, { lifetime: 2 * 24 * 3600 }), 'invalid_token'],
      ['no channels', mint(added, { channels: [] }), 'invalid_token'],
    ];
    for (const [what, minted, code] of cases) {
      assert.equal(await handshake(nodeB.url, { token: await minted, origin: PARTNER_ORIGIN }), code, what);
    }
    assert.equal(await handshake(nodeB.url, { token, origin: 'https://elsewhere.example' }), 'origin_not_allowed');
    assert.equal(await handshake(nodeB.url, { token, origin: 'https://partner.example.evil' }), 'origin_not_allowed');
    assert.equal(await handshake(nodeB.url, { token: await mint(added, { origin: 'https://www.partner.example' }), origin: PARTNER_ORIGIN }), 'origin_not_allowed', 'the origin the token names');
  });

  it('keep keys out of pages: editor keys only where editors work, partner keys only from servers', async () => {
    assert.equal(await handshake(nodeA.url, { key: EDITOR_KEY, origin: PARTNER_ORIGIN }), 'key_in_page');
    assert.equal(await handshake(nodeA.url, { key: PARTNER_KEY, origin: PARTNER_ORIGIN }), 'key_in_page');
    assert.equal(await handshake(nodeA.url, { key: ADMIN_KEY }), 'key_in_page');
    // Positive controls: the console on the server's own origin, and a partner's server without a page.
    assert.equal(await handshake(nodeA.url, { key: EDITOR_KEY, origin: nodeA.url }), 'connected');
    assert.equal(await handshake(nodeA.url, { key: PARTNER_KEY }), 'connected');
  });

  it('serve feeds of private channels for a token in the URL, never for a key', async () => {
    const added = await addPartner(nodeA.url);
    const token = await mint(added);
    const feed = await fetch(`${nodeA.url}/api/channels/ar-private/feed.rss?token=${token}`);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /خبر خاص بالشركاء/);
    const withKey = await fetch(`${nodeA.url}/api/channels/ar-private/feed.rss?key=${PARTNER_KEY}`);
    assert.equal(withKey.status, 400);
    assert.equal(((await withKey.json()) as any).error.code, 'key_in_url');
    const expired = await fetch(`${nodeA.url}/api/channels/ar-private/feed.rss?token=${await mint(added, { iat: 1, exp: 2 })}`);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as any).error.code, 'token_expired');
  });

  it('renew a token on the open connection: the same connection keeps receiving', async () => {
    const added = await addPartner(nodeA.url);
    const reader = await connectReader(nodeB.url, { token: await mint(added, {}, { lifetime: 60 }), origin: PARTNER_ORIGIN });
    await reader.subscribe('ar-private');
    const id = reader.socket.id;
    const renew = (token: string) => reader.socket.timeout(5000).emitWithAck('token', token);
    const renewed = await renew(await mint(added));
    assert.equal(renewed.ok, true, JSON.stringify(renewed));
    assert.ok(renewed.ok && Date.parse(renewed.expiresAt) > Date.now() + 500_000, 'the new expiry');
    const other = await addPartner(nodeA.url);
    const refused = await renew(await mint(other));
    assert.equal(!refused.ok && refused.error.code, 'invalid_token', "another partner's token is refused");
    await seedPrivate(nodeA, 'خبر بعد التجديد');
    await waitFor(() => reader.received.some((change) => change.headline?.text === 'خبر بعد التجديد'), 5000, 'the change after the renewal');
    assert.equal(reader.socket.id, id, 'the same connection');
    reader.close();
  });

  it('cut a connection whose token expires unrenewed', async () => {
    const added = await addPartner(nodeA.url);
    const now = Math.floor(Date.now() / 1000);
    // Expired by the clock, within the 30 s the handshake allows for clock skew: the connection is cut at once.
    const reader = new TestReader(nodeB.url, { token: await mint(added, { iat: now - 60, exp: now - 1 }), origin: PARTNER_ORIGIN });
    const denied = denial(reader);
    assert.equal(await denied, 'token_expired');
    await waitFor(() => !reader.socket.connected, 5000, 'disconnected');
  });

  it('revoke a partner on every node: its live connections are cut and its tokens refused', async () => {
    const added = await addPartner(nodeA.url);
    const token = await mint(added);
    const reader = await connectReader(nodeB.url, { token, origin: PARTNER_ORIGIN });
    await reader.subscribe('ar-private');
    const bystander = await addPartner(nodeA.url);
    const unaffected = await connectReader(nodeB.url, { token: await mint(bystander), origin: PARTNER_ORIGIN });
    await unaffected.subscribe('ar-private');
    const denied = denial(reader);

    const revoked = await admin(nodeA.url, 'POST', `/api/partners/${added.partner.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.partner.status, 'revoked');
    assert.equal(await denied, 'partner_revoked');
    await waitFor(() => !reader.socket.connected, 5000, 'the revoked partner disconnected on the other node');
    assert.equal(await handshake(nodeB.url, { token, origin: PARTNER_ORIGIN }), 'partner_revoked');
    assert.equal(unaffected.socket.connected, true, 'another partner keeps its connection');
    unaffected.close();
  });

  it('rotate a secret: old tokens work through the grace period and stop when it ends', async () => {
    const added = await addPartner(nodeA.url);
    const oldToken = await mint(added);
    const rotated = await admin(nodeA.url, 'POST', `/api/partners/${added.partner.id}/rotate`, { graceSeconds: 600 });
    assert.equal(rotated.status, 200);
    const next: Added = { partner: rotated.body.partner, secret: rotated.body.secret };
    assert.notEqual(next.secret, added.secret);
    await waitFor(async () => (await handshake(nodeB.url, { token: await mint(next), origin: PARTNER_ORIGIN })) === 'connected', 5000, 'the new secret on the other node');
    assert.equal(await handshake(nodeB.url, { token: oldToken, origin: PARTNER_ORIGIN }), 'connected', 'the old secret within the grace period');

    const reader = await connectReader(nodeB.url, { token: oldToken, origin: PARTNER_ORIGIN });
    const denied = denial(reader);
    const now = await admin(nodeA.url, 'POST', `/api/partners/${added.partner.id}/rotate`, { graceSeconds: 0 });
    assert.equal(now.status, 200);
    assert.equal(await denied, 'partner_revoked');
    assert.equal(await handshake(nodeB.url, { token: oldToken, origin: PARTNER_ORIGIN }), 'invalid_token');
  });

  it('ignore a partner entry in Redis that does not validate: it grants nothing and breaks nothing', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const good = await addPartner(nodeA.url);
      // Positive control: the good partner's token connects.
      assert.equal(await handshake(nodeB.url, { token: await mint(good), origin: PARTNER_ORIGIN }), 'connected');
      const forged = { ...good.partner, id: 'hand-written', channels: 'ar-private', credentials: [{ kid: 'k1', kind: 'secret', secret: good.secret, createdAt: 'now' }] };
      await client.hSet('ajel:{partners}', 'hand-written', JSON.stringify(forged));
      await client.incr('ajel:{partners}:version');
      const token = await mint({ partner: { ...good.partner, id: 'hand-written', credentials: [{ ...good.partner.credentials[0], kid: 'k1' }] }, secret: good.secret });
      assert.equal(await handshake(nodeB.url, { token, origin: PARTNER_ORIGIN }), 'invalid_token');
      const listed = await admin(nodeA.url, 'GET', '/api/partners');
      assert.equal(listed.status, 200);
      assert.equal(listed.body.partners.some((p: PartnerView) => p.id === 'hand-written'), false);
      assert.equal(await handshake(nodeB.url, { token: await mint(good), origin: PARTNER_ORIGIN }), 'connected', 'the others still work');
    } finally {
      await client.hDel('ajel:{partners}', 'hand-written');
      await client.close();
    }
  });

  it("count each partner's use across nodes: live readers, connections, distinct pages and headlines delivered", async () => {
    const added = await addPartner(nodeA.url);
    const usage = async () => (await admin(nodeA.url, 'GET', `/api/partners/${added.partner.id}/usage?days=2`)).body;
    const before = await usage();
    assert.deepEqual(before.days.map((day: { connections: number }) => day.connections), [0, 0]);
    assert.equal(before.live, 0);
    const token = await mint(added);
    const readers = await Promise.all(
      ['/a?reader=1', '/a?reader=2', '/b'].map((page) => connectReader(nodeB.url, { token, origin: PARTNER_ORIGIN, referer: `${PARTNER_ORIGIN}${page}` })),
    );
    for (const reader of readers) await reader.subscribe('ar-private');
    await seedPrivate(nodeA, 'خبر يحصى للشريك');
    await waitFor(() => readers.every((reader) => reader.received.length === 1), 5000, 'the headline delivered');
    await waitFor(async () => {
      const now = await usage();
      const today = now.days.at(-1);
      return now.live === 3 && today.connections === 3 && today.pages === 2 && today.deliveries === 3;
    }, 8000, 'the usage counted on the other node');
    for (const reader of readers) reader.close();
    await waitFor(async () => (await usage()).live === 0, 8000, 'no live readers once they left');

    const metrics = await fetch(`${nodeB.url}/metrics`, { headers: { Authorization: 'Bearer metrics-key-123' } });
    const text = await metrics.text();
    assert.match(text, new RegExp(`ajel_partner_connections_total\\{partner="${added.partner.id}"\\} 3`));
    assert.match(text, new RegExp(`ajel_partner_deliveries_total\\{partner="${added.partner.id}"\\} 3`));

    const cli = await ajel(['partners', 'usage', added.partner.id, '--days', '1'], { AJEL_SERVER: nodeA.url, AJEL_KEY: ADMIN_KEY });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /0 live readers now/);
    assert.match(cli.stdout, /\d{4}-\d\d-\d\d\s+3\s+2\s+3/);
  });

  it('accept tokens signed with a public key the partner registered (EdDSA and ES256)', async () => {
    for (const [type, alg] of [['ed25519', 'EdDSA'], ['ec', 'ES256']] as const) {
      const { publicKey, privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
      const added = await addPartner(nodeA.url, { publicKey: await exportJWK(publicKey) });
      assert.equal(added.secret, undefined, 'no secret for a public-key partner');
      assert.equal(added.partner.credentials[0].alg, alg);
      const now = Math.floor(Date.now() / 1000);
      const sign = (key: typeof privateKey) =>
        new SignJWT({ channels: ['ar-private'] })
          .setProtectedHeader({ alg, kid: added.partner.credentials[0].kid })
          .setIssuer(added.partner.id)
          .setAudience('ajel')
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(key);
      assert.equal(await handshake(nodeA.url, { token: await sign(privateKey), origin: PARTNER_ORIGIN }), 'connected', alg);
      const stranger = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : generateKeyPairSync('ed25519').privateKey;
      assert.equal(await handshake(nodeA.url, { token: await sign(stranger), origin: PARTNER_ORIGIN }), 'invalid_token', `${alg} with another key`);
    }
  });
});

describe('ajel partners, the CLI', () => {
  let node: RunningNode;
  let env: Record<string, string>;
  before(async () => {
    node = await startNode();
    env = { AJEL_SERVER: node.url, AJEL_KEY: ADMIN_KEY };
  });
  after(() => node.close());

  it('adds, shows, updates, rotates and revokes a partner, printing the secret once', async () => {
    const added = await ajel(['partners', 'add', 'gazette', '--name', 'The Gazette', '--channels', 'ar-private,ar-main', '--origins', 'https://gazette.example'], env);
    assert.equal(added.code, 0, added.stderr);
    const secret = /secret \(shown once[^\n]*\n(\S+)/.exec(added.stdout)?.[1];
    assert.ok(secret && secret.length >= 40, added.stdout);
    const stored = (await node.store.getPartner('gazette'))!;
    assert.deepEqual([stored.name, stored.channels, stored.origins], ['The Gazette', ['ar-private', 'ar-main'], ['https://gazette.example']]);

    const shown = await ajel(['partners', 'show', 'gazette'], env);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /gazette {2}The Gazette {2}\(active, revision 1\)/);
    assert.equal(shown.stdout.includes(secret!), false, 'show never prints the secret');
    const listed = await ajel(['partners', 'list', '--json'], env);
    assert.deepEqual(JSON.parse(listed.stdout).partners.map((p: PartnerView) => p.id), ['gazette']);

    assert.equal((await ajel(['partners', 'update', 'gazette', '--origins', 'https://gazette.example,https://*.gazette.example'], env)).code, 0);
    assert.deepEqual((await node.store.getPartner('gazette'))!.origins, ['https://gazette.example', 'https://*.gazette.example']);

    const rotated = await ajel(['partners', 'rotate', 'gazette', '--grace', '1h', '--json'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const body = JSON.parse(rotated.stdout);
    assert.notEqual(body.secret, secret);
    assert.equal(body.partner.credentials.length, 2);
    assert.ok(Math.abs(Date.parse(body.partner.credentials[0].retiresAt) - Date.now() - 3600_000) < 60_000, 'the old secret retires in an hour');

    assert.equal((await ajel(['partners', 'revoke', 'gazette'], env)).code, 0);
    assert.equal((await node.store.getPartner('gazette'))!.status, 'revoked');
  });

  it('says what is wrong with exit codes scripts can use', async () => {
    assertFailure(await ajel(['partners', 'list'], { ...env, AJEL_KEY: EDITOR_KEY }), 4, /admin key/);
    assertFailure(await ajel(['partners', 'show', 'nobody'], env), 5, /no partner nobody/);
    assertFailure(await ajel(['partners', 'add', 'x', '--name', 'X'], env), 2, /usage/);
    assertFailure(await ajel(['partners', 'add', 'bad', '--name', 'X', '--channels', 'ar-main', '--origins', 'ftp://x'], env), 3, /origins/);
    assertFailure(await ajel(['partners', 'dance'], env), 2, /unknown partners action "dance"/);
    assert.equal((await node.store.listPartners()).some((p) => p.id === 'bad'), false, 'nothing stored for a refused add');
  });
});

describe("partners' origins, when the publisher names its own", () => {
  const PUBLISHER = 'https://publisher.example';
  let node: RunningNode;
  before(async () => {
    // The built widget (npm test builds it first) is served as npm start serves it.
    node = await startNode({ config: { corsOrigins: [PUBLISHER], budgets: { failedAuthPerMinute: 10_000 } }, staticDir: 'dist' });
  });
  after(() => node.close());

  it("let a partner's pages in with its token only, while the publisher's own pages need none", async () => {
    const added = await addPartner(node.url, { channels: ['ar-main'] });
    const token = await mint(added, { channels: ['ar-main'] });
    assert.equal(await handshake(node.url, { origin: PUBLISHER }), 'connected', "the publisher's page, anonymous");
    assert.equal(await handshake(node.url, { token, origin: PARTNER_ORIGIN }), 'connected', "the partner's page with its token");
    assert.equal(await handshake(node.url, { origin: PARTNER_ORIGIN }), 'origin_not_allowed', "the partner's page without one");
    assert.equal(await handshake(node.url, { key: PARTNER_KEY, origin: PARTNER_ORIGIN }), 'origin_not_allowed', 'nor with a key');
    const stranger = await handshake(node.url, { origin: 'https://stranger.example' });
    assert.notEqual(stranger, 'connected', 'an origin nobody registered');

    const widget = (origin: string) => fetch(`${node.url}/widget/ajel-ticker.js`, { headers: { Origin: origin } });
    // The widget module is served to the partner's pages too (a module script needs CORS), not to strangers.
    assert.equal((await widget(PARTNER_ORIGIN)).headers.get('access-control-allow-origin'), PARTNER_ORIGIN);
    assert.equal((await widget(PUBLISHER)).headers.get('access-control-allow-origin'), PUBLISHER);
    assert.equal((await widget('https://stranger.example')).headers.get('access-control-allow-origin'), null);

    await admin(node.url, 'POST', `/api/partners/${added.partner.id}/revoke`);
    assert.notEqual(await handshake(node.url, { origin: PARTNER_ORIGIN }), 'connected', 'a revoked partner registers nothing');
    assert.equal((await widget(PARTNER_ORIGIN)).headers.get('access-control-allow-origin'), null);
  });
});
