import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createServer, type AjelServer } from '../../server/app.js';
import { MemoryStore } from '../../server/store/memory.js';
import { silentLogger, testConfig } from '../harness/server.js';

const WIDGET = 'dist/widget/ajel-ticker.js';

/** A raw GET, so that nothing decompresses or adds cache headers behind the test's back. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('the served widget file', { skip: !existsSync(WIDGET) && 'run `npm run build` first' }, () => {
  let server: AjelServer;
  let url: string;
  const original = () => readFileSync(WIDGET);

  before(async () => {
    server = createServer(testConfig, { store: new MemoryStore(), logger: silentLogger, staticDir: 'dist' });
    url = `http://127.0.0.1:${(await server.listen(0)).port}`;
  });
  after(() => server.close());

  it('is compressed with brotli or gzip as the browser accepts, and identical once decoded', async () => {
    const br = await get(`${url}/widget/ajel-ticker.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.body), original());
    const gzip = await get(`${url}/widget/ajel-ticker.js`, { 'Accept-Encoding': 'gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gzip.body), original());
    const plain = await get(`${url}/widget/ajel-ticker.js`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, original());
    assert.match(String(br.headers.vary), /Accept-Encoding/);
    assert.ok(br.body.length < plain.body.length / 3);
  });

  it('may be loaded from any origin as a module script, revalidated by ETag', async () => {
    const first = await get(`${url}/widget/ajel-ticker.js`, { Origin: 'https://publisher.example', 'Accept-Encoding': 'br' });
    assert.equal(first.headers['access-control-allow-origin'], '*');
    assert.match(String(first.headers['content-type']), /text\/javascript/);
    assert.match(String(first.headers['cache-control']), /max-age=300/);
    const again = await get(`${url}/widget/ajel-ticker.js`, { 'If-None-Match': String(first.headers.etag), 'Accept-Encoding': 'br' });
    assert.equal(again.status, 304);
  });

  it('has a content-hashed alias cached for a year', async () => {
    const first = await get(`${url}/widget/ajel-ticker.js`);
    const alias = /<([^>]+)>; rel="canonical"/.exec(String(first.headers.link))![1];
    const hashed = await get(`${url}${alias}`);
    assert.equal(hashed.status, 200);
    assert.match(String(hashed.headers['cache-control']), /immutable/);
    assert.deepEqual(hashed.body, original());
  });

  it('serves the chunks it imports lazily, to any origin, compressed and cached for a year', async () => {
    const chunks = readdirSync('dist/widget/chunks').filter((name) => name.endsWith('.js'));
    assert.ok(chunks.length > 0, 'the build has lazily loaded chunks');
    const widget = original().toString('utf8');
    for (const name of chunks) {
      assert.ok(widget.includes(`./chunks/${name}`), `ajel-ticker.js imports ${name}`);
      const chunk = await get(`${url}/widget/chunks/${name}`, { Origin: 'https://publisher.example', 'Accept-Encoding': 'br' });
      assert.equal(chunk.status, 200);
      assert.equal(chunk.headers['access-control-allow-origin'], '*');
      assert.match(String(chunk.headers['content-type']), /text\/javascript/);
      assert.match(String(chunk.headers['cache-control']), /immutable/);
      assert.deepEqual(brotliDecompressSync(chunk.body), readFileSync(`dist/widget/chunks/${name}`));
    }
  });
});
