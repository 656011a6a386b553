import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStore } from '../../server/store/memory.js';
import type { HeadlineStore, WorkItem } from '../../server/store/store.js';
import { dueWorkTask } from '../../server/work/due-work.js';
import { withLease } from '../../server/work/lease.js';
import { TestRedis } from '../harness/redis.js';
import { makeStore, waitFor } from '../harness/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server/work on Redis: the runners every background feature uses', () => {
  let redis: TestRedis;
  let stores: HeadlineStore[];
  before(async () => {
    redis = await TestRedis.start();
    stores = [makeStore(redis.url), makeStore(redis.url)];
    for (const store of stores) await waitFor(() => store.ping().then(() => true, () => false), 5000, 'redis');
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await redis.destroy();
  });

  it('hands each due item to exactly one of two nodes sweeping at once', async () => {
    const kind = `once-${Date.now()}`;
    for (let i = 0; i < 200; i++) await stores[0].scheduleWork(kind, `item-${i}`, 1000 + i, String(i));
    const handled: string[] = [];
    const tasks = stores.map((store) => dueWorkTask(store, kind, async (item) => (handled.push(item.id), { done: true }), { leaseMs: 60_000, batch: 7 }));
    const now = Date.now();
    for (let round = 0; round < 40; round++) await Promise.all(tasks.map((task) => task.run(now)));
    assert.equal(handled.length, 200);
    assert.equal(new Set(handled).size, 200, 'none twice');
  });

  it('retries an item whose handler throws, later, and one whose node died once its claim lapses', async () => {
    const kind = `retry-${Date.now()}`;
    await stores[0].scheduleWork(kind, 'flaky', 0, 'x');
    const seen: WorkItem[] = [];
    const task = dueWorkTask(stores[0], kind, async (item) => {
      seen.push(item);
      if (item.attempts === 1) throw new Error('the endpoint is down');
      return { done: true };
    }, { leaseMs: 60_000, backoffMs: () => 200 });
    assert.equal(await task.run(Date.now()), 0);
    assert.equal(await task.run(Date.now()), 0, 'not before its backoff');
    await sleep(250);
    assert.equal(await task.run(Date.now()), 1);
    assert.deepEqual(seen.map((item) => item.attempts), [1, 2]);

    await stores[0].scheduleWork(kind, 'orphan', 0, 'y');
    assert.equal((await stores[0].claimDueWork(kind, Date.now(), 10, 150)).length, 1, 'claimed by a node that then dies');
    const rescue = dueWorkTask(stores[1], kind, async () => ({ done: true }), { leaseMs: 60_000 });
    assert.equal(await rescue.run(Date.now()), 0, 'positive control: not while the claim holds');
    await sleep(200);
    assert.equal(await rescue.run(Date.now()), 1, 'taken over once it lapsed');
  });

  it('runs a duty on one node at a time, and tells the holder when its lease was taken over', async () => {
    const duty = `duty-${Date.now()}`;
    let release!: () => void;
    const holding = withLease(stores[0], duty, 'node-a', 300, (signal) => new Promise<AbortSignal>((resolve) => (release = () => resolve(signal))));
    await sleep(20);
    assert.equal(await withLease(stores[1], duty, 'node-b', 300, async () => 'ran'), 'busy');
    await sleep(500);
    assert.equal(await withLease(stores[1], duty, 'node-b', 300, async () => 'ran'), 'busy', 'renewed while working, past its first time to live');
    release();
    assert.equal((await holding as AbortSignal).aborted, false);
    assert.equal(await withLease(stores[1], duty, 'node-b', 300, async () => 'ran'), 'ran', 'released when done');
  });
});

describe('server/work on the embedded store', () => {
  it('aborts work whose lease another owner took over', async () => {
    const store = new MemoryStore();
    const outcome = withLease(store, 'duty', 'node-a', 60, async (signal) => {
      await sleep(100);
      await store.releaseLease('duty', 'node-a');
      assert.equal(await store.acquireLease('duty', 'node-b', 60_000), true);
      await sleep(80);
      return signal.aborted;
    });
    assert.equal(await outcome, true);
  });
});
