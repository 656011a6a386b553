import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import express, { type Router } from 'express';

export const WIDGET_FILE = 'ajel-ticker.js';

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
 * cached for a year; brotli or gzip) to any allowed origin (the publisher's and its partners'), and the demo pages and console under a
 * strict CSP. Given the demo partner's site, which is on an origin of its own, `/partner` and
 * `/partner/<page>` send readers there.
 */
export function serveStatic(dir: string, corsOrigins: readonly string[], pageOriginAllowed: (origin: string) => boolean, partnerSite?: string): Router {
  const router = express.Router();
  if (partnerSite) {
    router.get('/partner', (_req, res) => res.redirect(302, `${partnerSite}/`));
    router.get('/partner/:page', (req, res) => res.redirect(302, `${partnerSite}/${encodeURIComponent(req.params.page)}`));
  }
  const widgetPath = join(dir, 'widget', WIDGET_FILE);
  const allowOrigin = corsOrigins.includes('*') ? '*' : undefined;

  if (existsSync(widgetPath)) {
    const body = readFileSync(widgetPath);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    // Compressed once at start-up, at the highest levels: every page view of every publisher loads it.
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
        Link: `</widget/ajel-ticker.${hash}.js>; rel="canonical"`,
      });
      res.vary('Accept-Encoding');
      if (encoding !== 'identity') res.set('Content-Encoding', encoding);
      if (req.fresh) return void res.status(304).end();
      res.send(encodings[encoding]);
    };
    router.get(`/widget/${WIDGET_FILE}`, send('public, max-age=300, stale-while-revalidate=86400'));
    router.get(`/widget/ajel-ticker.${hash}.js`, send('public, max-age=31536000, immutable'));
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
