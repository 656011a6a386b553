import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import express, { type Router } from 'express';

export const WIDGET_FILE = 'ajel-ticker.js';

const contentHash = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 12);

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the built widget (`/widget/ajel-ticker.js`, revalidated by ETag, and a content-hashed copy
 * cached for a year; brotli or gzip) to any allowed origin (the publisher's and its partners'), with
 * the chunks it imports lazily (`/widget/chunks/<name>-<hash>.js`, cached for a year), and the demo
 * pages and console under a strict CSP. Given the demo partner's site, which is on an origin of its
 * own, `/partner` and `/partner/<page>` send readers there.
 */
export function serveStatic(dir: string, corsOrigins: readonly string[], pageOriginAllowed: (origin: string) => boolean, partnerSite?: string): Router {
  const router = express.Router();
  if (partnerSite) {
    router.get('/partner', (_req, res) => res.redirect(302, `${partnerSite}/`));
    router.get('/partner/:page', (req, res) => res.redirect(302, `${partnerSite}/${encodeURIComponent(req.params.page)}`));
  }
  const widgetPath = join(dir, 'widget', WIDGET_FILE);
  const chunksDir = join(dir, 'widget', 'chunks');
  const allowOrigin = corsOrigins.includes('*') ? '*' : undefined;

  /** A script of the widget's, compressed once at start-up at the highest levels: every page view of every publisher loads it. */
  const script = (body: Buffer, headers: Record<string, string> = {}): ((cacheControl: string) => express.RequestHandler) => {
    const hash = contentHash(body);
    const encodings = {
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzip: gzipSync(body, { level: 9 }),
      identity: body,
    };
    const send = (cacheControl: string): express.RequestHandler => (req, res) => {
      const encoding = req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
      const origin = req.get('origin');
      if (allowOrigin) res.set('Access-Control-Allow-Origin', allowOrigin);
      else if (origin && pageOriginAllowed(origin)) res.set('Access-Control-Allow-Origin', origin).vary('Origin');
      res.set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        ETag: `"${hash}-${encoding}"`,
        'Cross-Origin-Resource-Policy': 'cross-origin',
        ...headers,
      });
      res.vary('Accept-Encoding');
      if (encoding !== 'identity') res.set('Content-Encoding', encoding);
      if (req.fresh) return void res.status(304).end();
      res.send(encodings[encoding]);
    };
    return send;
  };
  const immutable = 'public, max-age=31536000, immutable';

  if (existsSync(widgetPath)) {
    const body = readFileSync(widgetPath);
    const hash = contentHash(body);
    const send = script(body, { Link: `</widget/ajel-ticker.${hash}.js>; rel="canonical"` });
    router.get(`/widget/${WIDGET_FILE}`, send('public, max-age=300, stale-while-revalidate=86400'));
    router.get(`/widget/ajel-ticker.${hash}.js`, send(immutable));
  }
  // Named by their content (vite.config.ts), so a name always holds the same bytes.
  if (existsSync(chunksDir)) {
    for (const name of readdirSync(chunksDir).filter((file) => file.endsWith('.js'))) {
      router.get(`/widget/chunks/${name}`, script(readFileSync(join(chunksDir, name)))(immutable));
    }
  }

  router.use(
    express.static(dir, {
      extensions: ['html'],
      setHeaders(res, path) {
        if (path.endsWith('.html')) res.set({ 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-cache' });
        else res.set('Cache-Control', 'public, max-age=300');
      },
    }),
  );
  return router;
}
