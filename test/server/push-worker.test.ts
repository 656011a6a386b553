// The push alerts in Chromium: the service worker's push and click handlers (a push message is
// delivered to the registered worker through the DevTools protocol, as a push service would), and
// the ticker's bell, which asks for permission only when pressed.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import webPush from 'web-push';
import type { PushAlertMessage } from '../../server/protocol.js';
import { authHeaders, startNode, waitFor, type RunningNode } from '../harness/server.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const vapid = webPush.generateVAPIDKeys();

/** The publisher's own site: a page with the ticker and the one-line worker file the README gives. */
async function publisherSite(node: RunningNode): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/ajel-sw.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(`importScripts('${node.url}/push/ajel-push-worker.js');\n`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="ar" dir="rtl"><body>
      <ajel-ticker channel="ar-main" server="${node.url}/" push-worker="/ajel-sw.js"></ajel-ticker>
      <script type="module" src="${node.url}/widget/ajel-ticker.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const notifications = (page: Page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, dir: n.dir, lang: n.lang, data: n.data })),
  );

describe('push alerts in Chromium', () => {
  let node: RunningNode;
  let site: { server: Server; origin: string };
  let browser: Browser;
  before(async () => {
    node = await startNode({ staticDir: DIST, config: { push: { vapid: { ...vapid, subject: 'mailto:desk@example.com' }, maxSubscriptionsPerChannel: 10, subscribeRatePerMinute: 100 } } });
    const response = await fetch(`${node.url}/api/channels/ar-main`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ pushAlerts: true }) });
    assert.equal(response.status, 200);
    site = await publisherSite(node);
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    site.server.close();
    await node.close();
  });

  async function withWorker(): Promise<{ context: BrowserContext; page: Page; deliver: (message: PushAlertMessage) => Promise<void> }> {
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: site.origin });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const cdp: CDPSession = await context.newCDPSession(page);
    const registrations: string[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations.filter((r) => !r.isDeleted).map((r) => r.registrationId)));
    await cdp.send('ServiceWorker.enable');
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/ajel-sw.js');
      await navigator.serviceWorker.ready;
    });
    await waitFor(() => registrations.length > 0, 5000, 'the worker registered');
    const deliver = async (message: PushAlertMessage) => {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: site.origin, registrationId: registrations[0], data: JSON.stringify(message) });
    };
    return { context, page, deliver };
  }

  const alert: PushAlertMessage = {
    ajel: 1,
    type: 'alert',
    channel: 'ar-main',
    id: 'h1',
    tag: 'ajel:ar-main:h1',
    title: 'عاجل: الرئيسية',
    body: 'عاجل: زلزال بقوة ٥ درجات',
    url: 'https://news.example/quake',
    lang: 'ar',
    dir: 'rtl',
    at: new Date().toISOString(),
  };

  it('shows an alert right to left, replaces it with its correction and its retraction, and shows nothing for a correction of one never shown', async () => {
    const { context, page, deliver } = await withWorker();
    await deliver(alert);
    await waitFor(async () => (await notifications(page)).length === 1, 5000, 'the alert shown');
    const [shown] = await notifications(page);
    assert.deepEqual(shown, { title: alert.title, body: alert.body, tag: alert.tag, dir: 'rtl', lang: 'ar', data: { ajel: 1, url: alert.url } });
    await deliver({ ...alert, type: 'correction', body: 'عاجل: زلزال بقوة ٤ درجات' });
    await waitFor(async () => (await notifications(page))[0]?.body === 'عاجل: زلزال بقوة ٤ درجات', 5000, 'the correction in its place');
    assert.equal((await notifications(page)).length, 1, 'one notification per headline');
    await deliver({ ...alert, id: 'h2', tag: 'ajel:ar-main:h2', type: 'correction', body: 'تصحيح' });
    await deliver({ ...alert, type: 'retraction', body: 'سُحب هذا الخبر', url: undefined });
    await waitFor(async () => (await notifications(page))[0]?.body === 'سُحب هذا الخبر', 5000, 'the retraction in its place');
    const after = await notifications(page);
    assert.equal(after.length, 1, 'the correction of a headline never shown added nothing (it was delivered before the retraction, which did show)');
    assert.equal(after[0].data.url, undefined, 'a withdrawn alert links nowhere');
    await context.close();
  });

  it('opens the headline\'s link when its notification is clicked, and only http(s) links', async () => {
    const { context, page, deliver } = await withWorker();
    await deliver({ ...alert, id: 'h3', tag: 'ajel:ar-main:h3' });
    await waitFor(async () => (await notifications(page)).length === 1, 5000, 'the first shown');
    await deliver({ ...alert, id: 'h4', tag: 'ajel:ar-main:h4', url: 'javascript:alert(1)' });
    await waitFor(async () => (await notifications(page)).length === 2, 5000, 'both shown');
    const [worker] = context.serviceWorkers();
    // Headless Chromium opens windows only for a real click on a notification, which nothing can
    // synthesise: the worker's clients.openWindow is observed instead.
    const opened = await worker.evaluate(async () => {
      const urls: string[] = [];
      const scope = self as any;
      scope.Clients.prototype.openWindow = async (url: string) => void urls.push(url);
      for (const tag of ['ajel:ar-main:h3', 'ajel:ar-main:h4']) {
        const [notification] = await scope.registration.getNotifications({ tag });
        scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification }));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { urls, left: (await scope.registration.getNotifications()).length };
    });
    assert.deepEqual(opened, { urls: ['https://news.example/quake'], left: 0 });
    await context.close();
  });

  it('offers a labelled bell that asks for permission only when pressed', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const ask = Notification.requestPermission.bind(Notification);
      (window as any).permissionRequests = 0;
      Notification.requestPermission = () => {
        (window as any).permissionRequests++;
        return ask();
      };
    });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const bell = page.locator('ajel-ticker').locator('[part="bell"]');
    await bell.waitFor();
    await page.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'live');
    assert.equal(await bell.getAttribute('aria-label'), 'نبّهني بالأخبار العاجلة');
    assert.equal(await bell.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.evaluate(() => (window as any).permissionRequests), 0, 'nothing asked on load');
    await bell.focus();
    await page.keyboard.press('Enter');
    await waitFor(async () => (await page.evaluate(() => (window as any).permissionRequests)) === 1, 5000, 'asked when pressed');
    // Headless Chromium refuses notifications not granted: the bell says alerts are not available.
    await waitFor(async () => (await bell.getAttribute('aria-label')) === 'التنبيهات غير متاحة', 5000, 'the bell says why');
    assert.equal(await bell.getAttribute('aria-disabled'), 'true');
    await context.close();
  });
});
