// The baseline for the fan-out benchmark: the least a Socket.IO server can do to push a headline to
// its readers. It joins each `subscribe` to its room and re-broadcasts every POSTed body to it, in
// the envelope of Ajel's `changes` event so the same load generator reads both, with an eviction
// of the shape Ajel's once the channel holds AJEL_MAX_HEADLINES: both push the same bytes. No
// store, no validation, no keys. Run: PORT=3000 node --import tsx bench/fanout/bare-server.ts
//
// With REDIS_URL, it is one of several such servers joined by Socket.IO's own multi-node setup,
// the Redis streams adapter (@socket.io/redis-streams-adapter, on node-redis): a broadcast on one
// reaches the readers of all. The streams adapter rather than @socket.io/redis-adapter because it
// works on the project's node-redis 5 as it is (the Pub/Sub adapter's node-redis path targets v4's
// subscribe API), and because, like Ajel, it carries changes on a Redis stream, so that both sides
// pay for the same Redis work.

import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

const PUBLISH_PATH = /^\/api\/channels\/([^/]+)\/headlines$/;

const keep = Number(process.env.AJEL_MAX_HEADLINES ?? 50);
const kept: string[] = [];
let sequence = 0;
const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const channel = req.method === 'POST' ? PUBLISH_PATH.exec(req.url ?? '')?.[1] : undefined;
  if (!channel) {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    let headline: unknown;
    try {
      headline = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const now = Date.now();
    const at = new Date(now).toISOString();
    const cursor = `${now}-${sequence++}`;
    const id = (headline as { id?: string }).id ?? cursor;
    const changes: object[] = [{ cursor, channel, type: 'publish', id, headline, at, by: 'bare' }];
    kept.push(id);
    if (kept.length > keep) changes.push({ cursor: `${now}-${sequence++}`, channel, type: 'evict', id: kept.shift(), at, by: 'system' });
    io.to(`ch:${channel}`).emit('changes', changes);
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ channel, cursor }));
  });
});

const redis = process.env.REDIS_URL ? createClient({ url: process.env.REDIS_URL }) : undefined;
await redis?.connect();
const io = new Server(http, { serveClient: false, ...(redis ? { adapter: createAdapter(redis) } : {}) });
io.on('connection', (socket) => {
  socket.on('subscribe', (request: { channel: string }, ack: (result: unknown) => void) => {
    socket.join(`ch:${request.channel}`);
    ack({ ok: true, mode: 'snapshot', channel: request.channel, cursor: '0-0', headlines: [] });
  });
});

http.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
process.on('SIGTERM', () => io.close(() => process.exit(0)));
