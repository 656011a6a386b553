import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { ADMIN_KEY, authHeaders, publish, startNode, type RunningNode } from '../harness/server.js';

const HOSTILE = 'خبر <b>عاجل</b> & "مقتبس"';

/** A partner's page on an origin of its own, framing the embed. */
async function hostPage(embedUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><body><p>Article</p><iframe id="ticker" src="${embedUrl}" style="width:360px;height:60px;border:0"></iframe>
<script>window.sizes = []; addEventListener('message', (event) => { if (event.data && event.data.type === 'embed-size') window.sizes.push(event.data.height); });</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the embed without script (/embed)', () => {
  let node: RunningNode;
  let browser: Browser;
  before(async () => {
    node = await startNode({ staticDir: 'dist' });
    assert.equal((await publish(node.url, 'ar-main', { text: HOSTILE, url: 'https://example.com/a?x=1&y=2' })).status, 201);
    assert.equal((await publish(node.url, 'ar-private', { text: 'خبر خاص' })).status, 201);
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await node.close();
  });

  it('answers a page with the headlines written in, escaped, under a strict CSP', async () => {
    const response = await fetch(`${node.url}/embed?channel=ar-main&theme=dark&max-items=5`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'none'", "script-src 'self'", "base-uri 'none'", 'frame-ancestors *']) assert.ok(csp.includes(directive), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const body = await response.text();
    assert.ok(body.includes('خبر &lt;b&gt;عاجل&lt;/b&gt; &amp; &quot;مقتبس&quot;'), 'the text escaped');
    assert.ok(!body.includes('<b>'), 'no markup from a headline');
    assert.ok(body.includes('href="https://example.com/a?x=1&amp;y=2"'));
    assert.match(body, /<ajel-ticker channel="ar-main" theme="dark" label="عاجل" max-items="5" target="_top">/);
    assert.match(body, /<html lang="ar" dir="rtl">/);
  });

  it('refuses bad options and private channels without a token, with a JSON error', async () => {
    for (const [query, field] of [['channel=Bad!', 'channel'], ['channel=ar-main&theme=purple', 'theme'], ['channel=ar-main&onload=x', 'onload'], ['channel=ar-main&token=abc', 'token']]) {
      const response = await fetch(`${node.url}/embed?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(((await response.json()) as any).error.field, field, query);
    }
    assert.equal((await fetch(`${node.url}/embed?channel=no-such`)).status, 404);
    const refused = await fetch(`${node.url}/embed?channel=ar-private`);
    assert.equal(refused.status, 403);
    assert.ok(!(await refused.text()).includes('خبر خاص'));
  });

  it("serves a private channel for a partner's token, framed only by the partner's pages", async () => {
    const added = await fetch(`${node.url}/api/partners`, {
      method: 'POST',
      headers: authHeaders(ADMIN_KEY),
      body: JSON.stringify({ id: 'framer', name: 'Framer', channels: ['ar-private'], origins: ['https://framer.example'] }),
    });
    const { partner, secret } = (await added.json()) as any;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ channels: ['ar-private'] })
      .setProtectedHeader({ alg: 'HS256', kid: partner.credentials[0].kid })
      .setIssuer('framer').setAudience('ajel').setIssuedAt(now).setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(secret));
    const response = await fetch(`${node.url}/embed?channel=ar-private&token=${token}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy')!, /frame-ancestors https:\/\/framer\.example(;|$)/);
    assert.ok((await response.text()).includes('خبر خاص'));
    const wrongChannel = await fetch(`${node.url}/embed?channel=ar-main&token=${token}`);
    assert.equal(wrongChannel.status, 403);
  });

  it('runs the live ticker inside an iframe on another origin, and tells the host its height', async () => {
    const host = await hostPage(`${node.url}/embed?channel=ar-main`);
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => message.type() === 'error' && violations.push(message.text()));
    try {
      await page.goto(host.url);
      const frame = page.frameLocator('#ticker');
      await frame.locator('ajel-ticker[data-status], ajel-ticker').first().waitFor();
      const inner = page.frames().find((f) => f.url().startsWith(`${node.url}/embed`))!;
      await inner.waitForFunction(() => (document.querySelector('ajel-ticker') as any)?.status === 'live', undefined, { timeout: 10_000 });
      const texts = await inner.evaluate(() => [...(document.querySelector('ajel-ticker')!.shadowRoot!.querySelectorAll('[part~="link"]'))].map((a) => a.textContent!.trim()));
      assert.ok(texts.includes(HOSTILE), JSON.stringify(texts));
      await page.waitForFunction(() => (window as any).sizes.length > 0 && (window as any).sizes.at(-1) > 20);
      const sizes: number[] = await page.evaluate(() => (window as any).sizes);
      assert.equal(new Set(sizes).size, 1, `one height, before and after the widget ran: ${sizes}`);
      assert.deepEqual(violations, []);
    } finally {
      await page.close();
      await host.close();
    }
  });

  it("writes the channel's label in, so that the badge keeps its width when the widget subscribes", async () => {
    const described = await fetch(`${node.url}/api/channels/en-world`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ label: 'World now' }) });
    assert.equal(described.status, 200, await described.text());
    assert.match(await (await fetch(`${node.url}/embed?channel=en-world`)).text(), /<ajel-ticker channel="en-world" label="World now" target="_top">/);
    assert.match(await (await fetch(`${node.url}/embed?channel=en-world&label=Live`)).text(), /label="Live"/, "the embed's own label first");
  });

  it("spends the address's read budget, as the API does", async () => {
    const limited = await startNode({ config: { budgets: { readsPerMinute: 10 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`${limited.url}/embed?channel=ar-main`)).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200), 'within the budget');
      assert.equal(statuses.at(-1), 429);
      assert.equal((await fetch(`${limited.url}/api/channels/ar-main/headlines`)).status, 429, 'one budget with the API');
    } finally {
      await limited.close();
    }
  });

  it('shows the headlines as plain links to a reader or crawler without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${node.url}/embed?channel=ar-main`);
      const link = page.locator('ajel-ticker a');
      assert.equal(await link.count(), 1);
      assert.equal((await link.textContent())!.trim(), HOSTILE);
      assert.ok(await link.isVisible());
    } finally {
      await context.close();
    }
  });
});
