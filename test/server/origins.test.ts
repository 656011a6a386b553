import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { startNode, type RunningNode } from '../harness/server.js';

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
});
