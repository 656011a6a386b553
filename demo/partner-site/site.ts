// The Northern Ledger's web server: the partner's code, not Ajel's. It serves the Ledger's pages on
// an origin of its own and answers the token endpoint its ticker asks (`token-url="/ajel-token"`).
// All it knows of Ajel is its public URL and the Ledger's credential.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Response } from 'express';
import { mintAjelToken, type AjelCredential } from './ajel-token.js';

export interface PartnerSiteOptions {
  /** Ajel's base URL as readers' browsers reach it: the widget, its socket and the frame come from there. */
  ajel: string;
  credential: AjelCredential;
  /** The licensed channels the Ledger's pages show. */
  channels: string[];
}

/** The widget asks `token-url` again before each token expires, so its tokens can be short-lived. */
const WIDGET_TOKEN_LIFETIME = '10m';
/** A frame cannot ask for a fresh token: the article's lasts the length of a long read (a reader who stays longer reloads). */
const FRAME_TOKEN_LIFETIME = '30m';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** A page's HTML with its `{{name}}` placeholders filled in, escaped. */
function template(name: string): (values: Record<string, string>) => string {
  const html = readFileSync(new URL(`./pages/${name}.html`, import.meta.url), 'utf8');
  return (values) => html.replace(/\{\{([a-z-]+)\}\}/g, (_, key: string) => escapeHtml(values[key]));
}

/** The pages' inline stylesheets (Ajel's snippet that reserves the ticker's space), allowed by their hashes. */
const inlineStyleHashes = ['front', 'article']
  .flatMap((name) => [...readFileSync(new URL(`./pages/${name}.html`, import.meta.url), 'utf8').matchAll(/<style>([^<]*)<\/style>/g)])
  .map(([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`)
  .join(' ');

/** The Ledger's own pages load scripts only from itself and Ajel, and connect and frame only Ajel. */
function contentSecurityPolicy(ajel: string): string {
  const { origin, host, protocol } = new URL(ajel);
  const socket = `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`;
  return [
    "default-src 'self'",
    `script-src 'self' ${origin}`,
    `connect-src 'self' ${origin} ${socket}`,
    `frame-src ${origin}`,
    `style-src 'self' ${inlineStyleHashes}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function partnerSite(options: PartnerSiteOptions): Express {
  const { ajel, credential, channels } = options;
  const app = express();
  app.disable('x-powered-by');
  const csp = contentSecurityPolicy(ajel);
  const front = template('front');
  const article = template('article');
  const sendPage = (res: Response, html: string) =>
    void res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' }).send(html);

  // The ticker's token-url. A paywalled site would check the reader's session here before minting.
  app.get('/ajel-token', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ token: await mintAjelToken(credential, channels, WIDGET_TOKEN_LIFETIME) });
  });

  app.get('/', (_req, res) => sendPage(res, front({ ajel })));

  // The article template runs no third-party script: it frames Ajel's /embed, with a token minted for this page view.
  app.get('/article', async (_req, res) => {
    sendPage(res, article({ ajel, 'frame-token': await mintAjelToken(credential, channels, FRAME_TOKEN_LIFETIME) }));
  });

  app.use(express.static(fileURLToPath(new URL('./public', import.meta.url)), { index: false, maxAge: '5m' }));
  return app;
}
