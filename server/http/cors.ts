import type { RequestHandler } from 'express';

/** Whether a browser on `origin` may use what this allow-list covers (`*` for any). */
export function originAllowed(allowList: readonly string[], origin: string | undefined): boolean {
  return origin === undefined || allowList.includes('*') || allowList.includes(origin);
}

/** CORS for a group of routes: answers preflights and marks allowed origins; other origins get no CORS headers. */
export function cors(allowList: readonly string[], methods: string, allowHeaders = 'Content-Type, Authorization'): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && originAllowed(allowList, origin)) {
      res.set('Access-Control-Allow-Origin', allowList.includes('*') ? '*' : origin);
      res.vary('Origin');
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': methods, 'Access-Control-Allow-Headers': allowHeaders, 'Access-Control-Max-Age': '600' });
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
