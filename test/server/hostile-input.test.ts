import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Change, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

interface HostileCase {
  name: string;
  /** A JSON value to send, or a raw string body. */
  body?: unknown;
  raw?: string;
  method?: 'POST' | 'PATCH';
  channel?: string;
  headers?: Record<string, string>;
  status: number;
  field?: string;
  code?: string;
}

const long = (n: number) => 'ع'.repeat(n);
const text = (value: string) => ({ text: value });

const cases: HostileCase[] = [
  // The body itself
  { name: 'invalid JSON', raw: '{"text": "abc"', status: 400, code: 'invalid_json' },
  { name: 'JSON with trailing garbage', raw: '{"text":"abc"} x', status: 400, code: 'invalid_json' },
  { name: 'empty body', raw: '', status: 400 },
  { name: 'JSON array', body: [{ text: 'abc' }], status: 400 },
  { name: 'JSON string', raw: '"abc"', status: 400 },
  { name: 'JSON null', raw: 'null', status: 400 },
  { name: 'number body', raw: '42', status: 400 },
  { name: 'oversized body', body: { text: 'a', pad: 'x'.repeat(20_000) }, status: 413, code: 'body_too_large' },
  { name: 'form-encoded body', raw: 'text=abc', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415 },
  { name: 'text/plain body', raw: '{"text":"abc"}', headers: { 'Content-Type': 'text/plain' }, status: 415 },
  { name: 'prototype pollution key', raw: '{"text":"abc","__proto__":{"admin":true}}', status: 400, field: '__proto__' },
  { name: 'constructor key', body: { text: 'abc', constructor: { prototype: {} } }, status: 400, field: 'constructor' },
  // Fields
  { name: 'unknown field', body: { text: 'abc', html: '<b>x</b>' }, status: 400, field: 'html', code: 'unknown_field' },
  { name: 'missing text', body: { url: 'https://example.com' }, status: 400, field: 'text' },
  { name: 'text is a number', body: { text: 42 }, status: 400, field: 'text' },
  { name: 'text is an array', body: { text: ['a'] }, status: 400, field: 'text' },
  { name: 'text is an object', body: { text: { toString: 'x' } }, status: 400, field: 'text' },
  { name: 'text is null', body: { text: null }, status: 400, field: 'text' },
  { name: 'empty text', body: text(''), status: 400, field: 'text' },
  { name: 'whitespace-only text', body: text(' \u00a0 \u3000 '), status: 400, field: 'text' },
  { name: 'text of 281 characters', body: text(long(281)), status: 400, field: 'text' },
  { name: 'text of 2,000 characters', body: text(long(2000)), status: 400, field: 'text' },
  { name: 'NUL in text', body: text('abc\u0000def'), status: 400, field: 'text' },
  { name: 'newline in text', body: text('line one\nline two'), status: 400, field: 'text' },
  { name: 'tab in text', body: text('a\tb'), status: 400, field: 'text' },
  { name: 'escape sequence in text', body: text('\u001b[31mred'), status: 400, field: 'text' },
  { name: 'C1 control in text', body: text('abc\u0085def'), status: 400, field: 'text' },
  { name: 'line separator in text', body: text('abc\u2028def'), status: 400, field: 'text' },
  { name: 'right-to-left override', body: text('exe.\u202egpj'), status: 400, field: 'text' },
  { name: 'left-to-right override', body: text('\u202dعاجل'), status: 400, field: 'text' },
  { name: 'right-to-left embedding', body: text('\u202bخبر\u202c'), status: 400, field: 'text' },
  { name: 'right-to-left isolate', body: text('\u2067خبر\u2069'), status: 400, field: 'text' },
  { name: 'first-strong isolate', body: text('\u2068abc\u2069'), status: 400, field: 'text' },
  { name: 'zero-width space', body: text('pay\u200bpal'), status: 400, field: 'text' },
  { name: 'word joiner', body: text('ab\u2060cd'), status: 400, field: 'text' },
  { name: 'byte order mark', body: text('\ufeffعاجل'), status: 400, field: 'text' },
  { name: 'invisible tag characters', body: text('hi\u{E0041}\u{E0042}'), status: 400, field: 'text' },
  { name: 'lone surrogate', raw: '{"text":"abc\\ud800def"}', status: 400, field: 'text' },
  { name: 'urgent as string', body: { text: 'abc', urgent: 'true' }, status: 400, field: 'urgent' },
  { name: 'urgent as number', body: { text: 'abc', urgent: 1 }, status: 400, field: 'urgent' },
  { name: 'javascript: URL', body: { text: 'abc', url: 'javascript:alert(1)' }, status: 400, field: 'url' },
  { name: 'JaVaScRiPt: URL with whitespace', body: { text: 'abc', url: ' JaVaScRiPt:alert(1)' }, status: 400, field: 'url' },
  { name: 'data: URL', body: { text: 'abc', url: 'data:text/html,<script>alert(1)</script>' }, status: 400, field: 'url' },
  { name: 'vbscript: URL', body: { text: 'abc', url: 'vbscript:msgbox' }, status: 400, field: 'url' },
  { name: 'file: URL', body: { text: 'abc', url: 'file:///etc/passwd' }, status: 400, field: 'url' },
  { name: 'relative URL', body: { text: 'abc', url: '/news/1' }, status: 400, field: 'url' },
  { name: 'protocol-relative URL', body: { text: 'abc', url: '//evil.example/x' }, status: 400, field: 'url' },
  { name: 'URL with credentials', body: { text: 'abc', url: 'https://bank.example@evil.example/' }, status: 400, field: 'url' },
  { name: 'URL with a newline', body: { text: 'abc', url: 'https://example.com/\nx' }, status: 400, field: 'url' },
  { name: 'URL with bidi override', body: { text: 'abc', url: 'https://example.com/\u202eexe' }, status: 400, field: 'url' },
  { name: 'URL of 3,000 characters', body: { text: 'abc', url: `https://example.com/${'a'.repeat(3000)}` }, status: 400, field: 'url' },
  { name: 'URL as number', body: { text: 'abc', url: 1 }, status: 400, field: 'url' },
  { name: 'expiresAt not a date', body: { text: 'abc', expiresAt: 'tomorrow' }, status: 400, field: 'expiresAt' },
  { name: 'expiresAt in the past', body: { text: 'abc', expiresAt: '2001-01-01T00:00:00Z' }, status: 400, field: 'expiresAt' },
  { name: 'expiresAt a year ahead', body: { text: 'abc', expiresAt: new Date(Date.now() + 365 * 86400_000).toISOString() }, status: 400, field: 'expiresAt' },
  { name: 'expiresAt as epoch number', body: { text: 'abc', expiresAt: Date.now() + 60_000 }, status: 400, field: 'expiresAt' },
  { name: 'negative ttl', body: { text: 'abc', ttl: -5 }, status: 400, field: 'ttl' },
  { name: 'fractional ttl', body: { text: 'abc', ttl: 60.5 }, status: 400, field: 'ttl' },
  { name: 'both ttl and expiresAt', body: { text: 'abc', ttl: 60, expiresAt: new Date(Date.now() + 60_000).toISOString() }, status: 400, field: 'ttl' },
  { name: 'bad language tag', body: { text: 'abc', lang: '<script>' }, status: 400, field: 'lang' },
  { name: 'bad direction', body: { text: 'abc', dir: 'up' }, status: 400, field: 'dir' },
  { name: 'bad idempotency key', body: text('abc'), headers: { 'Idempotency-Key': 'short' }, status: 400, field: 'Idempotency-Key' },
  // Where it goes
  { name: 'channel slug with uppercase', body: text('abc'), channel: 'AR-MAIN', status: 400, field: 'channel' },
  { name: 'channel slug with dots', body: text('abc'), channel: '..%2F..%2Fetc', status: 400, field: 'channel' },
  { name: 'channel slug of 100 characters', body: text('abc'), channel: 'a'.repeat(100), status: 400, field: 'channel' },
  { name: 'channel slug with a colon (Redis key injection)', body: text('abc'), channel: 'ar-main:items', status: 400, field: 'channel' },
  { name: 'unknown channel', body: text('abc'), channel: 'no-such-channel', status: 404, field: 'channel' },
  // Corrections
  { name: 'empty correction', method: 'PATCH', body: {}, status: 400, code: 'empty_update' },
  { name: 'correction with unknown field', method: 'PATCH', body: { rev: 7 }, status: 400, field: 'rev' },
  { name: 'correction to empty text', method: 'PATCH', body: text('   '), status: 400, field: 'text' },
  { name: 'correction to a javascript: URL', method: 'PATCH', body: { url: 'javascript:void(0)' }, status: 400, field: 'url' },
  { name: 'correction with an RLO', method: 'PATCH', body: text('\u202eabc'), status: 400, field: 'text' },
];

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`hostile input on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;
    let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
    const pushed: Change[] = [];
    let targetId: string;

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url });
      targetId = (await publish(node.url, 'ar-main', { text: 'هدف التصحيحات' })).body.headline.id;
      socket = io(node.url, { transports: ['websocket'] });
      socket.on('change', (change) => pushed.push(change));
      const result = await socket.emitWithAck('subscribe', { channel: 'ar-main' });
      assert.equal(result.ok, true);
    });
    after(async () => {
      socket.close();
      await node.close();
      await redis?.destroy();
    });

    it(`refuses ${cases.length} hostile requests with a 4xx naming the problem, storing and pushing nothing`, async () => {
      assert.ok(cases.length >= 40);
      const before = (await (await fetch(`${node.url}/api/channels/ar-main/headlines`)).json()) as any;
      for (const item of cases) {
        const path =
          item.method === 'PATCH'
            ? `/api/channels/${item.channel ?? 'ar-main'}/headlines/${targetId}`
            : `/api/channels/${item.channel ?? 'ar-main'}/headlines`;
        const response = await fetch(`${node.url}${path}`, {
          method: item.method ?? 'POST',
          headers: { ...authHeaders(EDITOR_KEY), ...item.headers },
          body: item.raw ?? JSON.stringify(item.body),
        });
        assert.equal(response.status, item.status, `${item.name}: status`);
        assert.match(response.headers.get('content-type') ?? '', /application\/json/, `${item.name}: JSON error`);
        const { error } = (await response.json()) as any;
        assert.ok(typeof error.message === 'string' && error.message.length > 0, `${item.name}: message`);
        if (item.field) assert.equal(error.field, item.field, `${item.name}: field`);
        if (item.code) assert.equal(error.code, item.code, `${item.name}: code`);
      }
      const after = (await (await fetch(`${node.url}/api/channels/ar-main/headlines`)).json()) as any;
      assert.deepEqual(after, before, 'nothing was stored');
      // Positive control through the same socket: a valid headline published after them arrives first and alone.
      const control = await publish(node.url, 'ar-main', { text: 'خبر بعد المحاولات' });
      await waitFor(() => pushed.length > 0, 5000, 'the control headline');
      assert.deepEqual(pushed.map((change) => change.id), [control.body.headline.id], 'nothing of the hostile requests was pushed');
      const alive = await fetch(`${node.url}/healthz`);
      assert.equal(alive.status, 200);
    });

    it('accepts text of exactly 280 characters, and of 200 to 280', async () => {
      for (const length of [201, 250, 280]) {
        const created = await publish(node.url, 'ar-main', { text: long(length) });
        assert.equal(created.status, 201, `${length} characters`);
        assert.equal(created.body.headline.text.length, length);
      }
    });

    it('stores text as plain text: markup is kept verbatim, never interpreted', async () => {
      const markup = '<img src=x onerror=alert(1)> & "quotes"';
      const created = await publish(node.url, 'ar-main', { text: markup });
      assert.equal(created.status, 201);
      assert.equal(created.body.headline.text, markup);
    });

    it('accepts the joiners real scripts need (ZWNJ in Persian, ZWJ in emoji)', async () => {
      const created = await publish(node.url, 'ar-main', { text: 'می\u200cخواهم 👩\u200d💻', lang: 'fa' });
      assert.equal(created.status, 201);
    });

    it('answers malformed socket messages with an error acknowledgement', async () => {
      const raw = socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<any> };
      const answers = await Promise.all([
        raw.emitWithAck('subscribe', 'ar-main'),
        raw.emitWithAck('subscribe', null),
        raw.emitWithAck('subscribe', [1, 2]),
        raw.emitWithAck('subscribe', { channel: 42 }),
        raw.emitWithAck('subscribe', { channel: 'no-such-channel' }),
        raw.emitWithAck('subscribe', { channel: 'ar-main', cursor: 'yesterday' }),
        raw.emitWithAck('subscribe', { channel: 'ar-main', extra: true }),
        raw.emitWithAck('subscribe', { channel: 'ar-private' }),
        raw.emitWithAck('unsubscribe', 'never-subscribed'),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.error?.code),
        ['invalid_request', 'invalid_request', 'invalid_request', 'invalid_channel', 'unknown_channel', 'invalid_cursor', 'unknown_field', 'forbidden', 'not_subscribed'],
      );
      socket.emit('subscribe' as any, { channel: 'ar-main' });
      (socket as any).emit('no-such-event', 1, 2, 3);
      const still = await socket.emitWithAck('subscribe', { channel: 'ar-main' });
      assert.equal(still.ok, true, 'the connection survives');
    });
  });
}
