// A @web/test-runner plugin that gives browser tests real Ajel nodes: tests call its commands with
// `executeServerCommand` to start, stop and restart nodes (on the embedded store, so a restarted
// node keeps its channels and change logs), to publish, correct and retract headlines through the
// HTTP API, to read readers' counts, to count the connections a node holds, to put a proxy that
// refuses WebSocket in front of a node, and to open a host page on another origin that embeds the
// built widget.
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { TestRunnerPlugin } from '@web/test-runner';
import { createServer, type AjelServer } from '../../server/app.js';
import { ORIGIN_CURSOR } from '../../server/cursor.js';
import { MemoryStore } from '../../server/store/memory.js';
import { SignJWT } from 'jose';
import { ADMIN_KEY, authHeaders, EDITOR_KEY, silentLogger, testConfig } from './server.js';

interface AjelNode {
  store: MemoryStore;
  port: number;
  server?: AjelServer;
}

/** What a browser test gets back from the HTTP API: the status and the JSON body. */
export interface ApiAnswer {
  status: number;
  body: any;
}

/** Measurements of one `<ajel-ticker>` on the host page. */
export interface HostTicker {
  id: string;
  status: string;
  headlines: number;
  texts: string[];
  direction: string;
  fontSize: number;
  lineHeight: number;
  width: number;
  height: number;
  containerWidth: number;
  /** The track's translateX sampled twice, 400 ms apart. */
  translate: [number, number];
  playState: string | undefined;
  labelText: string;
  labelVisible: boolean;
}

export interface HostPageReport {
  pageOrigin: string;
  widgetUrls: string[];
  cspViolations: string[];
  errors: string[];
  elementDefined: boolean;
  tickers: HostTicker[];
}

const DIST = resolve('dist');

interface TestPartner {
  id: string;
  kid: string;
  secret: string;
}

/** An embed token as the partner's server signs it; `expiresIn` may be negative (already expired). */
function mint(partner: TestPartner, channels: string[], expiresIn = 600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ channels })
    .setProtectedHeader({ alg: 'HS256', kid: partner.kid })
    .setIssuer(partner.id)
    .setAudience('ajel')
    .setIssuedAt(Math.min(now, now + expiresIn - 60))
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(partner.secret));
}

// The host's own stylesheet: as hostile as real pages get, then the containers it places us in.
const HOSTILE_CSS = `
* { all: unset; }
* { direction: ltr !important; font-size: 48px !important; line-height: 4 !important;
    letter-spacing: 0.3em !important; text-transform: uppercase !important; color: lime !important;
    font-family: "Comic Sans MS", cursive !important; white-space: pre-wrap !important; }
html { font-size: 64px !important; }
div, body { display: block; }
.narrow { width: 320px; }
.wide { width: 2560px; }
`;

// Runs in the host page. A string, not a function: tsx would add helpers to a function's source
// that do not exist in the page.
const MEASURE_TICKERS = `(async () => {
  const translate = (ticker) => new DOMMatrixReadOnly(getComputedStyle(ticker.shadowRoot.querySelector('.track')).transform).m41;
  const tickers = [...document.querySelectorAll('ajel-ticker')];
  const first = tickers.map(translate);
  await new Promise((done) => setTimeout(done, 400));
  return tickers.map((ticker, index) => {
    const root = ticker.shadowRoot;
    const base = root.querySelector('.base');
    const style = getComputedStyle(base);
    const label = root.querySelector('[part~="label"]');
    const labelBox = label.getBoundingClientRect();
    const box = base.getBoundingClientRect();
    return {
      id: ticker.id,
      status: ticker.status,
      headlines: ticker.headlines.length,
      texts: [...root.querySelectorAll('.copy:first-child [part~="item"]')].map((item) => item.textContent.trim()),
      direction: style.direction,
      fontSize: parseFloat(style.fontSize),
      lineHeight: parseFloat(style.lineHeight),
      width: box.width,
      height: box.height,
      containerWidth: ticker.parentElement.getBoundingClientRect().width,
      translate: [first[index], translate(ticker)],
      playState: root.querySelector('.track').getAnimations()[0]?.playState,
      labelText: label.textContent.trim(),
      labelVisible: labelBox.width > 0 && labelBox.height > 0 && getComputedStyle(label).visibility === 'visible',
    };
  });
})()`;

function hostPage(ajelOrigin: string, widgetUrls: string[]): string {
  const scripts = widgetUrls.map((url) => `<script type="module" src="${url}"></script>`).join('\n');
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>A publisher's page</title>
<link rel="stylesheet" href="/hostile.css">
${scripts}
</head>
<body>
<div class="narrow"><ajel-ticker id="narrow" channel="ar-main"></ajel-ticker></div>
<div class="wide"><ajel-ticker id="wide" channel="en-world" dir="ltr" locale="en" server="${ajelOrigin}"></ajel-ticker></div>
</body>
</html>`;
}

function cspFor(ajelOrigin: string): string {
  const socketOrigin = ajelOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'self' ${ajelOrigin}`,
    "style-src 'self'",
    `connect-src ${ajelOrigin} ${socketOrigin}`,
    "img-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types lit-html 'allow-duplicates'",
  ].join('; ');
}

/** What a proxy that lets HTTP through to a node but refuses every WebSocket upgrade has seen. */
interface WebSocketRefusingProxy {
  server: HttpServer;
  refusedUpgrades: number;
  requests: number;
}

/** Forwards HTTP requests to `port` as they are; answers every WebSocket upgrade 403, as a proxy or firewall that drops WebSocket does. */
async function webSocketRefusingProxy(port: number): Promise<{ proxy: WebSocketRefusingProxy; url: string }> {
  const proxy: WebSocketRefusingProxy = { server: createHttpServer(), refusedUpgrades: 0, requests: 0 };
  proxy.server.on('request', (req, res) => {
    proxy.requests++;
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.server.on('upgrade', (_req, socket) => {
    proxy.refusedUpgrades++;
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return { proxy, url: `http://127.0.0.1:${await listen(proxy.server)}` };
}

async function closeProxy(proxy: WebSocketRefusingProxy): Promise<void> {
  proxy.server.closeAllConnections();
  await new Promise((done) => proxy.server.close(done));
}

async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

export function ajelServers(): TestRunnerPlugin {
  const nodes = new Map<string, AjelNode>();
  const proxies = new Map<string, WebSocketRefusingProxy>();
  let nextId = 1;
  let tokenRequests = 0;

  async function startOn(node: AjelNode): Promise<string> {
    const server = createServer(testConfig, { store: node.store, logger: silentLogger, staticDir: DIST });
    const address = await server.listen(node.port, '127.0.0.1');
    node.port = address.port;
    node.server = server;
    return `http://127.0.0.1:${address.port}`;
  }

  async function stop(node: AjelNode): Promise<void> {
    const server = node.server;
    node.server = undefined;
    await server?.close();
  }

  function nodeOf(payload: { node?: string } | undefined): AjelNode {
    const node = payload?.node ? nodes.get(payload.node) : undefined;
    if (!node) throw new Error(`no Ajel node ${payload?.node}`);
    return node;
  }

  async function api(node: AjelNode, method: string, path: string, body?: unknown, key = EDITOR_KEY): Promise<ApiAnswer> {
    const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
      method,
      headers: authHeaders(key),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function openHostPage(session: Parameters<NonNullable<TestRunnerPlugin['executeCommand']>>[0]['session'], node: AjelNode, screenshot?: string): Promise<HostPageReport> {
    const ajelOrigin = `http://127.0.0.1:${node.port}`;
    const stable = await fetch(`${ajelOrigin}/widget/ajel-ticker.js`);
    const hashed = /<([^>]+)>; rel="canonical"/.exec(stable.headers.get('link') ?? '')?.[1];
    if (!stable.ok || !hashed) throw new Error('the Ajel node does not serve the built widget: run `vite build` first');
    // The same script twice from one URL, and once more from its content-hashed URL.
    const widgetUrls = [`${ajelOrigin}/widget/ajel-ticker.js`, `${ajelOrigin}${hashed}`, `${ajelOrigin}/widget/ajel-ticker.js`];

    const host = createHttpServer((req, res) => {
      if (req.url === '/hostile.css') {
        res.writeHead(200, { 'Content-Type': 'text/css' }).end(HOSTILE_CSS);
      } else if (req.url === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': cspFor(ajelOrigin) });
        res.end(hostPage(ajelOrigin, widgetUrls));
      } else {
        res.writeHead(404).end();
      }
    });
    const pageOrigin = `http://127.0.0.1:${await listen(host)}`;

    const launcher = session.browser as unknown as { getPage(id: string): import('puppeteer-core').Page };
    const page = await launcher.getPage(session.id).browserContext().newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String((error as Error).message ?? error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.setViewport({ width: 1280, height: 600 });
      await page.evaluateOnNewDocument(() => {
        const violations: string[] = ((window as any).__cspViolations = []);
        document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
      });
      await page.goto(`${pageOrigin}/`, { waitUntil: 'load' });
      const deadline = Date.now() + 10_000;
      const ready = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('ajel-ticker')].every((ticker: any) => ticker.status === 'live' && ticker.headlines.length > 0),
        );
      while (!(await ready())) {
        if (Date.now() > deadline) break;
        await new Promise((done) => setTimeout(done, 50));
      }
      const tickers = (await page.evaluate(MEASURE_TICKERS)) as HostTicker[];
      if (screenshot) {
        // One picture per container, named <screenshot>-narrow.png and -wide.png.
        await page.bringToFront();
        for (const name of ['narrow', 'wide']) {
          await (await page.$(`.${name}`))?.screenshot({ path: `${screenshot}-${name}.png` });
        }
      }
      return {
        pageOrigin,
        widgetUrls,
        cspViolations: await page.evaluate(() => (window as any).__cspViolations as string[]),
        errors,
        elementDefined: await page.evaluate(() => typeof customElements.get('ajel-ticker') === 'function'),
        tickers,
      };
    } finally {
      await page.close();
      host.closeAllConnections();
      await new Promise((done) => host.close(done));
    }
  }

  return {
    name: 'ajel-servers',

    // A partner's token endpoint, as `token-url` calls it: a fresh token at each request.
    async serve(context) {
      if (context.path !== '/test-partner-token') return undefined;
      const query = new URLSearchParams(context.querystring);
      tokenRequests++;
      const partner = JSON.parse(query.get('partner')!) as TestPartner;
      return { body: await mint(partner, query.get('channels')!.split(','), Number(query.get('expiresIn'))), type: 'text/plain' };
    },

    async executeCommand({ command, payload, session }) {
      const args = payload as Record<string, any> | undefined;
      switch (command) {
        case 'ajel-start': {
          // Nodes that share a store act as one service, like nodes sharing Redis.
          const store = args?.shareWith ? nodeOf({ node: args.shareWith }).store : new MemoryStore();
          const node: AjelNode = { store, port: 0 };
          const url = await startOn(node);
          const id = String(nextId++);
          nodes.set(id, node);
          return { node: id, url };
        }
        case 'ajel-stop':
          await stop(nodeOf(args));
          return true;
        case 'ajel-restart': {
          const node = nodeOf(args);
          await stop(node);
          return { url: await startOn(node) };
        }
        case 'ajel-stop-all':
          await Promise.all([...nodes.values()].map(stop));
          nodes.clear();
          await Promise.all([...proxies.values()].map(closeProxy));
          proxies.clear();
          return true;
        case 'ajel-websocket-refusing-proxy': {
          const { proxy, url } = await webSocketRefusingProxy(nodeOf(args).port);
          const id = `proxy-${nextId++}`;
          proxies.set(id, proxy);
          return { proxy: id, url };
        }
        case 'ajel-proxy-seen': {
          const proxy = proxies.get(args!.proxy);
          if (!proxy) throw new Error(`no proxy ${args!.proxy}`);
          return { refusedUpgrades: proxy.refusedUpgrades, requests: proxy.requests };
        }
        case 'ajel-publish':
          return api(nodeOf(args), 'POST', `/api/channels/${args!.channel}/headlines`, args!.headline);
        case 'ajel-update':
          return api(nodeOf(args), 'PATCH', `/api/channels/${args!.channel}/headlines/${args!.id}`, args!.patch);
        case 'ajel-describe-channel':
          return api(nodeOf(args), 'PATCH', `/api/channels/${args!.channel}`, args!.record);
        case 'ajel-stats':
          return api(nodeOf(args), 'GET', `/api/channels/${args!.channel}/stats`);
        case 'ajel-retract':
          return api(nodeOf(args), 'DELETE', `/api/channels/${args!.channel}/headlines/${args!.id}`);
        case 'ajel-push-again': {
          // The channel's last changes sent to every reader a second time, as a repeated delivery would be.
          const node = nodeOf(args);
          const log = await node.store.changesSince(args!.channel, ORIGIN_CURSOR);
          const changes = log.kind === 'changes' ? log.changes.slice(-args!.count) : [];
          node.server?.io.emit('changes', changes);
          return changes.length;
        }
        case 'ajel-connections':
          // Engine.IO connections, counted from the handshake on: any attempt a page makes to connect.
          return nodeOf(args).server?.io.engine.clientsCount ?? 0;
        case 'ajel-partner': {
          // A partner licensed for `channels` on the page's origin, as an admin adds one.
          const id = `partner-${nextId++}`;
          const added = await api(nodeOf(args), 'POST', '/api/partners', { id, name: 'Test partner', channels: args!.channels, origins: args!.origins }, ADMIN_KEY);
          if (added.status !== 201) throw new Error(`adding a partner: ${JSON.stringify(added.body)}`);
          return { id, kid: added.body.partner.credentials[0].kid, secret: added.body.secret };
        }
        case 'ajel-mint': {
          const { partner, channels, expiresIn } = args as { partner: TestPartner; channels: string[]; expiresIn?: number };
          return mint(partner, channels, expiresIn);
        }
        case 'ajel-revoke':
          return (await api(nodeOf(args), 'POST', `/api/partners/${args!.partner}/revoke`, undefined, ADMIN_KEY)).status;
        case 'ajel-token-requests':
          return tokenRequests;
        case 'ajel-host-page':
          return openHostPage(session, nodeOf(args), args?.screenshot);
        default:
          return undefined;
      }
    },

    async serverStop() {
      await Promise.all([...nodes.values()].map(stop));
      await Promise.all([...proxies.values()].map(closeProxy));
    },
  };
}
