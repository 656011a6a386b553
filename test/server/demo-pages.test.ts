import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { Frame, Page } from 'playwright-core';
import { DEMO_HEADLINES, DEMO_PARTNER, DEMO_PRIVATE_CHANNEL } from '../../server/demo-seed.js';
import { startDemoSite, type DemoSite, type OpenedPage } from '../harness/demo-site.js';
import { freePort } from '../harness/redis.js';
import { publish } from '../harness/server.js';

describe('demo pages, as `npm start` serves them', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });

  after(async () => {
    await site?.close();
  });

  /** Opens the page at 1280 px, light, once every ticker on it is live; checks the answer and its CSP. */
  async function load(path: string, options: Parameters<DemoSite['open']>[1] = {}): Promise<OpenedPage> {
    const opened = await site.open(path, options);
    assert.equal(opened.status, 200);
    assert.match(opened.csp, /script-src 'self'/);
    return opened;
  }

  /** The texts of the ticker's headline elements (`part="item"` in its shadow root), once it shows any. */
  async function tickerItems(page: Page | Frame, selector = 'ajel-ticker'): Promise<string[]> {
    const items = () =>
      page.evaluate(
        (selector) => [...(document.querySelector(selector)?.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map((item) => item.textContent?.trim() ?? ''),
        selector,
      );
    const deadline = Date.now() + 5000;
    let texts = await items();
    while (texts.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(100);
      texts = await items();
    }
    return texts;
  }

  it('serves the Arabic publisher page at / without errors', async () => {
    const { page, problems } = await load('/');
    assert.deepEqual(problems, []);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('ajel-ticker', 'channel'), 'ar-main');
    assert.match(await page.textContent('#today') ?? '', /[٠-٩]{4}/, 'the date is in Arabic-Indic digits');
    assert.ok((await page.locator('.read-also a').count()) >= 1, 'has "read also" links');
    await page.context().close();
  });

  it('switches the publisher page and its ticker to dark mode, and remembers it', async () => {
    const { page, problems } = await load('/');
    const scheme = () =>
      page.evaluate(() => ({
        dark: document.documentElement.classList.contains('dark'),
        colorScheme: document.documentElement.style.colorScheme,
        ticker: document.querySelector('ajel-ticker')?.getAttribute('theme'),
        pressed: document.querySelector('#theme-toggle')?.getAttribute('aria-pressed'),
      }));
    assert.deepEqual(await scheme(), { dark: false, colorScheme: 'light', ticker: 'light', pressed: 'false' });
    await page.click('#theme-toggle');
    assert.deepEqual(await scheme(), { dark: true, colorScheme: 'dark', ticker: 'dark', pressed: 'true' });
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(await scheme(), { dark: true, colorScheme: 'dark', ticker: 'dark', pressed: 'true' });
    await page.click('#theme-toggle');
    assert.deepEqual(await scheme(), { dark: false, colorScheme: 'light', ticker: 'light', pressed: 'false' });
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("serves the English partner page from the partner's own origin, without errors, asking its own server for tokens", async () => {
    assert.notEqual(new URL(site.partner).origin, new URL(site.base).origin);
    const { page, problems, csp } = await load(`${site.partner}/`);
    assert.deepEqual(problems, []);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.getAttribute('ajel-ticker', 'channel'), DEMO_PRIVATE_CHANNEL);
    assert.equal(await page.getAttribute('ajel-ticker', 'token-url'), '/ajel-token');
    assert.equal(await page.getAttribute('ajel-ticker', 'token'), null, 'no token written into the page');
    assert.equal(await page.getAttribute('script[type="module"]', 'src'), `${site.base}/widget/ajel-ticker.js`);
    assert.match(csp, new RegExp(`script-src 'self' ${site.base}(;|$)`));
    await page.context().close();
  });

  it("sends /partner on Ajel's origin to the partner's own site", async () => {
    for (const [path, target] of [['/partner', '/'], ['/partner/article', '/article']]) {
      const response = await fetch(`${site.base}${path}`, { redirect: 'manual' });
      assert.equal(response.status, 302, path);
      assert.equal(response.headers.get('location'), `${site.partner}${target}`);
    }
  });

  it("answers short-lived tokens for the licensed channel from the partner's token endpoint, signed with the partner's secret", async () => {
    const { partner, kid, secret } = site.partnerCredential;
    const response = await fetch(`${site.partner}/ajel-token`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { token } = (await response.json()) as { token: string };
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer: partner, audience: 'ajel' });
    assert.equal(decodeProtectedHeader(token).kid, kid);
    assert.deepEqual(payload.channels, DEMO_PARTNER.channels);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(payload.iat! <= now + 1 && payload.exp! > now, `valid now: iat ${payload.iat}, exp ${payload.exp}, now ${now}`);
    assert.ok(payload.exp! - payload.iat! <= 600, `lives at most ten minutes: ${payload.exp! - payload.iat!} s`);
    await assert.rejects(jwtVerify(token, new TextEncoder().encode(`${secret}x`), { algorithms: ['HS256'] }), 'another secret does not verify it');
    // The token is what opens the private channel.
    const read = (headers: Record<string, string> = {}) => fetch(`${site.base}/api/channels/${DEMO_PRIVATE_CHANNEL}/headlines`, { headers });
    assert.equal((await read()).status, 403, 'the channel is private');
    const granted = await read({ Authorization: `Bearer ${token}` });
    assert.equal(granted.status, 200);
    assert.equal(((await granted.json()) as any).headlines.length, DEMO_HEADLINES[DEMO_PRIVATE_CHANNEL].length);
  });

  it('serves the editor console at /console without errors, asking for a key', async () => {
    const { page, problems } = await load('/console');
    await page.waitForSelector('ajel-sign-in >> #key');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("shows the demo headlines in the publisher's ticker", async () => {
    const { page, problems } = await load('/');
    const items = await tickerItems(page);
    for (const { text } of DEMO_HEADLINES['ar-main']) assert.ok(items.some((item) => item.includes(text)), `ticker shows "${text}"; it shows ${JSON.stringify(items)}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("shows the private wire in the partner's ticker with a token from the partner's server, and no secret in anything the page loads", async () => {
    const { page, problems, responses } = await load(`${site.partner}/`);
    const items = await tickerItems(page);
    for (const { text } of DEMO_HEADLINES[DEMO_PRIVATE_CHANNEL]) assert.ok(items.some((item) => item.includes(text)), `ticker shows "${text}"; it shows ${JSON.stringify(items)}`);
    assert.deepEqual(problems, []);
    const loaded = responses.map((response) => response.url());
    for (const url of [`${site.partner}/`, `${site.partner}/ledger.css`, `${site.base}/widget/ajel-ticker.js`, `${site.partner}/ajel-token`]) {
      assert.ok(loaded.includes(url), `the page loaded ${url}; it loaded ${JSON.stringify(loaded)}`);
    }
    for (const response of responses) {
      const body = (await response.body()).toString('utf8');
      assert.ok(!body.includes(site.partnerCredential.secret), `${response.url()} holds the partner's secret`);
    }
    await page.context().close();
  });

  /** The article page's frame of Ajel's /embed. */
  const embedFrame = (page: Page) => page.frames().find((frame) => frame.url().startsWith(`${site.base}/embed?`));

  it("frames the embed in the partner's article, which shows the wire under the embed's strict CSP and runs no script of Ajel's", async () => {
    const { page, problems, responses } = await load(`${site.partner}/article`);
    assert.deepEqual(problems, [], 'no error and no CSP violation, in the page or in the frame');
    const scripts = await page.$$eval('script', (elements) => elements.map((element) => (element as HTMLScriptElement).src));
    assert.deepEqual(scripts, [`${site.partner}/frame-size.js`], "the page's only script is the partner's own");
    const frame = embedFrame(page);
    assert.ok(frame, `a frame of ${site.base}/embed; frames: ${page.frames().map((f) => f.url())}`);
    const items = await tickerItems(frame);
    for (const { text } of DEMO_HEADLINES[DEMO_PRIVATE_CHANNEL]) assert.ok(items.some((item) => item.includes(text)), `the frame shows "${text}"; it shows ${JSON.stringify(items)}`);
    const embed = responses.find((response) => response.url().startsWith(`${site.base}/embed?`))!;
    const csp = embed.headers()['content-security-policy'];
    for (const directive of ["default-src 'none'", "script-src 'self'", `frame-ancestors ${site.partner}`]) assert.ok(csp.split('; ').includes(directive), `${directive} in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await page.context().close();
  });

  it("fits the article's frame to the height the embed reports (AMP's embed-size), also when a long headline makes the bar grow", async () => {
    const { page, problems } = await load(`${site.partner}/article`, { width: 320, reducedMotion: 'reduce' });
    const frame = embedFrame(page)!;
    // Where the reader is: a frame off screen is not rendered, so it has no new height to report.
    await page.locator('iframe[data-ajel-embed]').scrollIntoViewIfNeeded();
    /** The frame's height on the page, and the embed document's own. */
    const heights = async () => ({
      frame: await page.$eval('iframe[data-ajel-embed]', (element) => element.getBoundingClientRect().height),
      embed: await frame.evaluate(() => document.documentElement.getBoundingClientRect().height),
    });
    const served = await (await fetch(`${site.partner}/article`)).text();
    const initial = Number(/<iframe[^>]*\sheight="(\d+)"/.exec(served)?.[1]);
    assert.ok(initial > 0, 'the frame is served with a height of its own');
    await page.waitForFunction((initial) => document.querySelector('iframe[data-ajel-embed]')!.getBoundingClientRect().height !== initial, initial);
    const fitted = await heights();
    assert.ok(Math.abs(fitted.frame - fitted.embed) <= 1 && fitted.frame > initial, `the frame (${fitted.frame} px, ${initial} px at first) fits the embed (${fitted.embed} px)`);
    const long = 'Breaking: the capital airport closes to all international and domestic flights until further notice as a severe sandstorm sweeps the central region';
    assert.equal((await publish(site.base, DEMO_PRIVATE_CHANNEL, { text: long, urgent: true })).status, 201);
    await frame.waitForFunction((long) => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[data-current]')?.textContent?.includes(long), long);
    await page.waitForFunction((fitted) => document.querySelector('iframe[data-ajel-embed]')!.getBoundingClientRect().height > fitted + 20, fitted.frame);
    const grown = await heights();
    assert.ok(Math.abs(grown.frame - grown.embed) <= 1, `the frame (${grown.frame} px) fits the grown embed (${grown.embed} px)`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe('npm start (demo/main.ts)', () => {
  it("starts the server and the partner's site on its own port, and says where each demo page is", async () => {
    const [port, partnerPort] = [await freePort(), await freePort()];
    const env = { ...process.env, PORT: String(port), AJEL_DEMO_PARTNER_PORT: String(partnerPort), HOST: '127.0.0.1', REDIS_URL: '', AJEL_DEMO: '', NODE_ENV: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      const demoLine = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const line = stdout.split('\n').find((line) => line.includes('"demo: '));
          if (line) resolve(JSON.parse(line).msg);
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code} before saying where the pages are: ${stdout}`)));
      });
      const ajel = `http://localhost:${port}`;
      const partner = `http://localhost:${partnerPort}`;
      for (const page of [`${ajel}/`, `${ajel}/console`, `${partner}/`, `${partner}/article`]) assert.ok(demoLine.includes(`${page} `) || demoLine.endsWith(page), `${page} in: ${demoLine}`);
      const front = await fetch(`${partner}/`);
      assert.equal(front.status, 200);
      assert.ok((await front.text()).includes(`<script type="module" src="${ajel}/widget/ajel-ticker.js">`));
      const { token } = (await (await fetch(`${partner}/ajel-token`)).json()) as { token: string };
      const wire = await fetch(`http://127.0.0.1:${port}/api/channels/${DEMO_PRIVATE_CHANNEL}/headlines`, { headers: { Authorization: `Bearer ${token}`, Origin: partner } });
      assert.equal(wire.status, 200, 'the partner site\'s token reads the private wire');
      assert.equal(((await wire.json()) as any).headlines.length, DEMO_HEADLINES[DEMO_PRIVATE_CHANNEL].length);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    assert.equal(child.exitCode, 0, 'stops cleanly on SIGTERM');
  });
});
