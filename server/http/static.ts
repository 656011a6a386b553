import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * cached for a year) to any allowed origin, and the demo pages and console under a strict CSP.
 */
export function serveStatic(dir: string, corsOrigins: readonly string[]): Router {
  const router = express.Router();
  const widgetPath = join(dir, 'widget', WIDGET_FILE);
  const allowOrigin = corsOrigins.includes('*') ? '*' : undefined;

  if (existsSync(widgetPath)) {
    const body = readFileSync(widgetPath);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const etag = `"${hash}"`;
    const send = (cacheControl: string): express.RequestHandler => (req, res) => {
      const origin = req.get('origin');
      if (allowOrigin) res.set('Access-Control-Allow-Origin', allowOrigin);
      else if (origin && corsOrigins.includes(origin)) res.set('Access-Control-Allow-Origin', origin).vary('Origin');
      res.set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        ETag: etag,
        'Cross-Origin-Resource-Policy': 'cross-origin',
        Link: `</widget/ajel-ticker.${hash}.js>; rel="canonical"`,
      });
      if (req.fresh) return void res.status(304).end();
      res.send(body);
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
