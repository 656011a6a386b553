import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expiryTask } from '../../server/headlines/expiry.js';
import { startSweeper } from '../../server/work/sweeper.js';
import { publish, silentLogger, startNode, waitFor, type RunningNode } from '../harness/server.js';
import { connectReader } from '../harness/reader.js';

describe('limits and housekeeping', () => {
  let node: RunningNode;

  before(async () => {
    node = await startNode({ config: { writeRatePerMinute: 12 } });
  });
  after(async () => {
    await node.close();
  });

  it('rate-limits writes per editor key with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await publish(node.url, 'en-world', { text: `Item ${i}` })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(201));
    assert.ok(statuses.includes(429));
    const limited = await fetch(`${node.url}/api/channels/en-world/headlines`, {
      method: 'POST',
      headers: { Authorization: 'Bearer alice-secret-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'one more' }),
    });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  it('slows down key guessing from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await fetch(`${node.url}/api/whoami`, { headers: { Authorization: `Bearer guess-${i}-xxxx` } });
      statuses.push(response.status);
    }
    assert.equal(statuses[0], 401);
    assert.equal(statuses.at(-1), 429);
  });

  it('limits the channels one connection may watch', async () => {
    const reader = await connectReader(node.url);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await reader.subscribe(['ar-main', 'ar-sport', 'en-world'][i % 3]));
    assert.ok(answers.every((a) => a.ok), 'resubscribing to the same channels is fine');
    reader.close();
  });

  it('refuses a seventeenth channel on one connection, and takes it once another is left', async () => {
    const channels = Array.from({ length: 17 }, (_, i) => `many-${i + 1}`);
    const wide = await startNode({ config: { channels, budgets: { socketEventsPerSecond: 100 } } });
    try {
      const reader = await connectReader(wide.url);
      const answers = [];
      for (const channel of channels.slice(0, 16)) answers.push(await reader.subscribe(channel));
      assert.ok(answers.every((a) => a.ok), 'sixteen channels are served');
      const over = await reader.subscribe('many-17');
      assert.equal(!over.ok && over.error.code, 'too_many_subscriptions');
      await reader.socket.emitWithAck('unsubscribe', 'many-1');
      assert.equal((await reader.subscribe('many-17')).ok, true);
      reader.close();
    } finally {
      await wide.close();
    }
  });

  it('sweeps expired headlines on its own and tells readers', async () => {
    const reader = await connectReader(node.url);
    await reader.subscribe('ar-sport');
    const expiresAt = new Date(Date.now() + 300).toISOString();
    const now = new Date().toISOString();
    const headline = { id: 'short-lived', text: 'ينتهي قريباً', urgent: true, lang: 'ar', dir: 'rtl' as const, publishedAt: now, updatedAt: now, expiresAt, rev: 1 };
    await node.store.publish('ar-sport', headline, { actor: 'alice' });
    const stop = startSweeper([expiryTask(node.store)], silentLogger, 50);
    try {
      await waitFor(() => reader.received.some((c) => c.type === 'expire' && c.id === 'short-lived'), 3000, 'the expiry');
      assert.equal(await node.store.getHeadline('ar-sport', 'short-lived'), undefined);
    } finally {
      stop();
      reader.close();
    }
  });
});
