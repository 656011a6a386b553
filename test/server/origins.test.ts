import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { ADMIN_KEY, authHeaders, startNode, type RunningNode } from '../harness/server.js';

describe('origin allow-lists', () => {
  let node: RunningNode;

  before(async () => {
    node = await startNode({ config: { corsOrigins: ['https://news.example'], writeOrigins: ['https://console.example'] } });
  });
  after(async () => {
    await node.close();
  });

  const connects = (origin: string) =>
    new Promise<boolean>((resolve) => {
      const socket = io(node.url, { transports: ['websocket'], reconnection: false, extraHeaders: { Origin: origin } });
      socket.once('connect', () => {
        socket.close();
        resolve(true);
      });
      socket.once('connect_error', () => {
        socket.close();
        resolve(false);
      });
    });

  it('opens sockets only for allowed origins', async () => {
    assert.equal(await connects('https://news.example'), true);
    assert.equal(await connects('https://evil.example'), false);
  });

  it('grants CORS reads only to allowed origins', async () => {
    const allowed = await fetch(`${node.url}/api/channels/ar-main/headlines`, { headers: { Origin: 'https://news.example' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://news.example');
    const other = await fetch(`${node.url}/api/channels/ar-main/headlines`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('answers write preflights only for write origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${node.url}/api/channels/ar-main/headlines`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    const ok = await preflight('https://console.example');
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get('access-control-allow-methods')!, /POST/);
    assert.match(ok.headers.get('access-control-allow-headers')!, /Idempotency-Key/);
    const refused = await preflight('https://news.example');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  it("lets the console's origins manage partners (the console's Partners page), and no other page read the answers", async () => {
    const preflight = await fetch(`${node.url}/api/partners`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://console.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    const added = await fetch(`${node.url}/api/partners`, {
      method: 'POST',
      headers: { ...authHeaders(ADMIN_KEY), Origin: 'https://console.example' },
      body: JSON.stringify({ id: 'cors-gazette', name: 'Gazette', channels: ['ar-private'] }),
    });
    assert.equal(added.status, 201);
    assert.equal(added.headers.get('access-control-allow-origin'), 'https://console.example');
    const usage = await fetch(`${node.url}/api/partners/cors-gazette/usage`, { headers: { ...authHeaders(ADMIN_KEY), Origin: 'https://console.example' } });
    assert.equal(usage.headers.get('access-control-allow-origin'), 'https://console.example');
    const refused = await fetch(`${node.url}/api/partners`, { headers: { ...authHeaders(ADMIN_KEY), Origin: 'https://news.example' } });
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });
});
