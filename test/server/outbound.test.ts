import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createAddressPolicy, isPublicAddress, parseOutboundAllow, unwrapAddress } from '../../server/net/address-policy.js';
import { createOutboundClient, OutboundError, type OutboundErrorCode } from '../../server/net/outbound-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real local HTTP server answering by path. */
async function startSite(routes: Record<string, Handler>): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const handler = routes[new URL(req.url ?? '/', 'http://site').pathname];
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function refusal(promise: Promise<unknown>): Promise<OutboundErrorCode> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OutboundError, `an OutboundError, not ${error}`);
    return error.code;
  }
  assert.fail('the request was answered');
}

const client = (allow: string[]) => createOutboundClient({ policy: createAddressPolicy(parseOutboundAllow(allow)), userAgent: 'Ajel-test' });

describe('which addresses are public', () => {
  it('tells public addresses from every private, loopback, link-local and special range, also inside IPv6', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '151.101.1.69', '2606:4700::1111', '2a00:1450:4001::200e']) assert.equal(isPublicAddress(address), true, address);
    for (const address of [
      '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.5', '198.18.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::10.0.0.1', '::127.0.0.1', '2001:db8::1', 'ff02::1', 'not-an-address',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
    assert.equal(unwrapAddress('::ffff:c0a8:101'), '192.168.1.1');
  });

  it('parses AJEL_OUTBOUND_ALLOW and refuses what is not a host, an address or a range', () => {
    assert.deepEqual(parseOutboundAllow(['127.0.0.1', '10.0.0.0/8', 'Feeds.Internal', '::1', 'fd00::/8']), {
      hosts: ['feeds.internal'],
      ranges: [['127.0.0.1', 32], ['10.0.0.0', 8], ['::1', 128], ['fd00::', 8]],
    });
    for (const bad of ['10.0.0.0/33', 'http://x', '10.0.0.0/8/1', 'a b', '::1/129', 'host/8']) assert.throws(() => parseOutboundAllow([bad]), /host, an address|prefix/, bad);
    const policy = createAddressPolicy(parseOutboundAllow(['10.0.0.0/8', 'feeds.internal']));
    assert.equal(policy.allows('x', '10.9.9.9'), true);
    assert.equal(policy.allows('x', '192.168.0.1'), false);
    assert.equal(policy.allows('feeds.internal', '192.168.0.1'), true, 'an allowed host reaches whatever it resolves to');
    assert.equal(policy.allows('x', '8.8.8.8'), true);
  });
});

describe('the outbound client', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let other: Awaited<ReturnType<typeof startSite>>;
  before(async () => {
    other = await startSite({ '/secret': (_req, res) => res.end('internal') });
    site = await startSite({
      '/feed': (req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'X-UA': req.headers['user-agent'] ?? '' }).end('hello'),
      '/gzip': (_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('squeezed')),
      '/bomb': (_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024))),
      '/huge': (_req, res) => res.writeHead(200, { 'Content-Length': String(10 * 1024 * 1024) }).end(Buffer.alloc(10 * 1024 * 1024)),
      '/endless': (_req, res) => {
        res.writeHead(200);
        const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
        res.on('close', () => clearInterval(timer));
      },
      '/slow': () => {},
      '/echo': (req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => res.end(`${req.method} ${body} ${req.headers.authorization ?? 'no-auth'}`));
      },
      '/to-feed': (_req, res) => res.writeHead(302, { Location: '/feed' }).end(),
      '/loop': (_req, res) => res.writeHead(302, { Location: '/loop' }).end(),
      '/to-metadata': (_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/to-other': (_req, res) => res.writeHead(307, { Location: `http://127.0.0.1:${other.port}/secret` }).end(),
      '/to-localhost-other': (_req, res) => res.writeHead(307, { Location: `http://localhost:${other.port}/secret` }).end(),
      '/to-file': (_req, res) => res.writeHead(302, { Location: 'file:///etc/passwd' }).end(),
    });
  });
  after(async () => {
    await site?.close();
    await other?.close();
  });

  it('fetches from an allowed address, with its user agent, decompressing, through redirects', async () => {
    const allowed = client(['127.0.0.1']);
    const answer = await allowed.request(`http://127.0.0.1:${site.port}/feed`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString(), 'hello');
    assert.equal(answer.headers['x-ua'], 'Ajel-test');
    assert.equal((await allowed.request(`http://127.0.0.1:${site.port}/gzip`)).body.toString(), 'squeezed');
    const redirected = await allowed.request(`http://127.0.0.1:${site.port}/to-feed`);
    assert.equal(redirected.body.toString(), 'hello');
    assert.equal(redirected.url, `http://127.0.0.1:${site.port}/feed`);
    const posted = await allowed.request(`http://127.0.0.1:${site.port}/echo`, { method: 'POST', body: '{"a":1}', headers: { Authorization: 'Bearer x' } });
    assert.equal(posted.body.toString(), 'POST {"a":1} Bearer x');
  });

  it('refuses loopback, private and metadata addresses, by name, by literal or by redirect, without connecting', async () => {
    const closed = client([]);
    const before = site.hits.length;
    for (const url of [
      `http://127.0.0.1:${site.port}/feed`,
      `http://localhost:${site.port}/feed`,
      `http://[::1]:${site.port}/feed`,
      `http://[::ffff:127.0.0.1]:${site.port}/feed`,
      `http://2130706433:${site.port}/feed`,
      `http://0x7f.1:${site.port}/feed`,
      `http://0.0.0.0:${site.port}/feed`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ]) {
      assert.equal(await refusal(closed.request(url)), 'address_not_allowed', url);
    }
    assert.equal(site.hits.length, before, 'no request reached the site');

    const onlyLocalhostName = client(['localhost']);
    assert.equal((await onlyLocalhostName.request(`http://localhost:${site.port}/feed`)).status, 200, 'the allowed name reaches its address');
    assert.equal(await refusal(onlyLocalhostName.request(`http://localhost:${site.port}/to-other`)), 'address_not_allowed', 'a redirect to another host is checked again');
    assert.equal(other.hits.length, 0, 'the redirect target was never reached');
    assert.equal((await onlyLocalhostName.request(`http://localhost:${site.port}/to-localhost-other`)).body.toString(), 'internal', 'the control: the same redirect to an allowed name is followed');
    assert.equal(await refusal(client(['127.0.0.1']).request(`http://127.0.0.1:${site.port}/to-metadata`)), 'address_not_allowed');
  });

  it('takes only absolute http(s) URLs without credentials, also from a redirect', async () => {
    const allowed = client(['127.0.0.1']);
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'javascript:alert(1)', 'gopher://127.0.0.1/', '/relative', `http://user:pass@127.0.0.1:${site.port}/feed`]) {
      assert.equal(await refusal(allowed.request(url)), 'bad_url', url);
    }
    assert.equal(await refusal(allowed.request(`http://127.0.0.1:${site.port}/to-file`)), 'bad_url');
  });

  it('stops at the size cap, declared, streamed or decompressed, and at the redirect limit', async () => {
    const allowed = client(['127.0.0.1']);
    assert.equal(await refusal(allowed.request(`http://127.0.0.1:${site.port}/huge`, { maxBytes: 1024 * 1024 })), 'too_large');
    assert.equal(await refusal(allowed.request(`http://127.0.0.1:${site.port}/endless`, { maxBytes: 1024 * 1024 })), 'too_large');
    assert.equal(await refusal(allowed.request(`http://127.0.0.1:${site.port}/bomb`, { maxBytes: 1024 * 1024 })), 'too_large');
    assert.equal((await allowed.request(`http://127.0.0.1:${site.port}/huge`, { maxBytes: 11 * 1024 * 1024 })).body.length, 10 * 1024 * 1024, 'the control: within the cap it is read');
    assert.equal(await refusal(allowed.request(`http://127.0.0.1:${site.port}/loop`)), 'too_many_redirects');
    const posted = await allowed.request(`http://127.0.0.1:${site.port}/to-feed`, { method: 'POST', body: 'x' });
    assert.equal(posted.status, 302, 'a POST gets the redirect back, not followed');
  });

  it('gives up on a server that does not answer, within the time given', async () => {
    const started = Date.now();
    assert.equal(await refusal(client(['127.0.0.1']).request(`http://127.0.0.1:${site.port}/slow`, { timeoutMs: 300 })), 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 5_000, `gave up after ${took} ms`);
  });
});
