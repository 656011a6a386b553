import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Headline } from '../../server/protocol.js';
import { keys } from '../../server/store/redis.js';
import { askNode, TestRedisCluster } from '../harness/redis-cluster.js';
import { connectReader, type TestReader } from '../harness/reader.js';
import { authHeaders, startNode, waitFor, type RunningNode } from '../harness/server.js';

/** Who serves `slot` now, and another primary to move it to. */
async function slotOwners(cluster: TestRedisCluster, slot: number) {
  const ranges = await askNode(cluster.ports[0], (client) => client.sendCommand<Array<[number, number, [string, number, string]]>>(['CLUSTER', 'SLOTS']));
  const owner = ranges.find(([from, to]) => from <= slot && slot <= to)![2];
  const source = { port: owner[1], id: owner[2] };
  const targetPort = cluster.ports.find((port) => port !== source.port)!;
  const target = { port: targetPort, id: await askNode(targetPort, (client) => client.sendCommand<string>(['CLUSTER', 'MYID'])) };
  return { source, target };
}

/** Errors of each kind the cluster's nodes answered since they started (`INFO errorstats`), summed. */
async function errorCounts(cluster: TestRedisCluster): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const port of cluster.ports) {
    const info = await askNode(port, (client) => client.sendCommand<string>(['INFO', 'errorstats']));
    for (const [, kind, count] of info.matchAll(/errorstat_(\w+):count=(\d+)/g)) counts[kind] = (counts[kind] ?? 0) + Number(count);
  }
  return counts;
}

/**
 * Moves a slot as `redis-cli --cluster reshard` does (IMPORTING, MIGRATING, MIGRATE in batches,
 * then SETSLOT NODE on every primary), pausing between batches so that writes and reads of the
 * channel land while its keys are split between the two nodes.
 */
async function migrateSlot(cluster: TestRedisCluster, slot: number, source: { port: number; id: string }, target: { port: number; id: string }, pace: { keys: number; pauseMs: number }) {
  await askNode(target.port, (client) => client.sendCommand(['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', source.id]));
  await askNode(source.port, async (client) => {
    await client.sendCommand(['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id]);
    for (;;) {
      const batch = await client.sendCommand<string[]>(['CLUSTER', 'GETKEYSINSLOT', String(slot), String(pace.keys)]);
      if (batch.length === 0) break;
      await client.sendCommand(['MIGRATE', '127.0.0.1', String(target.port), '', '0', '5000', 'KEYS', ...batch]);
      await new Promise((resolve) => setTimeout(resolve, pace.pauseMs));
    }
  });
  for (const port of [target.port, source.port, ...cluster.ports.filter((p) => p !== target.port && p !== source.port)]) {
    await askNode(port, (client) => client.sendCommand(['CLUSTER', 'SETSLOT', String(slot), 'NODE', target.id]));
  }
}

describe('a Redis Cluster moving the slot of a busy channel', () => {
  let cluster: TestRedisCluster;
  let nodes: RunningNode[];

  before(async () => {
    cluster = await TestRedisCluster.start();
    nodes = await Promise.all([0, 1].map(() => startNode({ redisUrl: cluster.topology, limits: { maxHeadlines: 1000 } })));
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await cluster.destroy();
  });

  const paces = [
    { channel: 'ar-main', keys: 3, pauseMs: 10, as: 'as redis-cli --cluster reshard moves it' },
    { channel: 'en-world', keys: 1, pauseMs: 150, as: 'one key at a time, slower than a write waits (writes answer 503 and are retried)' },
  ];
  for (const { channel: CHANNEL, as, ...pace } of paces) it(`keeps every acknowledged headline exactly once, and every reader converges, while the slot moves ${as}`, async (t) => {
    const readers: TestReader[] = [];
    for (const node of [...nodes, ...nodes]) {
      const reader = await connectReader(node.url);
      await reader.subscribe(CHANNEL);
      readers.push(reader);
    }
    const slot = await askNode(cluster.ports[0], (client) => client.sendCommand<number>(['CLUSTER', 'KEYSLOT', keys.log(CHANNEL)]));
    const { source, target } = await slotOwners(cluster, slot);
    const errorsBefore = await errorCounts(cluster);

    const acknowledged: Headline[] = [];
    const statuses = new Map<number, number>();
    let retried = 0;
    let migrated = false;
    let afterMove = 0;
    /** Publishes through alternate nodes; a 5xx is retried with the same idempotency key, which publishes at most once. */
    const publisher = async (name: string) => {
      for (let i = 0; !migrated || afterMove < 20; i++) {
        for (let attempt = 0; ; attempt++) {
          const response = await fetch(`${nodes[i % 2].url}/api/channels/${CHANNEL}/headlines`, {
            method: 'POST',
            headers: { ...authHeaders(), 'Idempotency-Key': `${name}-${i}-migration` },
            body: JSON.stringify({ text: `${name} ${i}` }),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const body = (await response.json()) as { headline: Headline };
          if (response.status === 201 || response.status === 200) {
            acknowledged.push(body.headline);
            if (migrated) afterMove++;
            break;
          }
          assert.ok(response.status === 503, `only 503 (retry) is acceptable, got ${response.status}: ${JSON.stringify(body)}`);
          assert.ok(attempt < 50, 'a publish kept failing');
          retried++;
        }
        if (i > 500) throw new Error('the migration never finished');
      }
    };
    const publishing = Promise.all([publisher('first'), publisher('second')]);
    await waitFor(() => acknowledged.length >= 20, 10_000, 'traffic before the move');
    const startedAt = Date.now();
    await migrateSlot(cluster, slot, source, target, pace);
    const migrationMs = Date.now() - startedAt;
    migrated = true;
    await publishing;

    const moved = await askNode(target.port, (client) => client.sendCommand<number>(['CLUSTER', 'COUNTKEYSINSLOT', String(slot)]));
    assert.ok(moved >= 5, "the channel's keys are on the new node");
    assert.equal(await askNode(source.port, (client) => client.sendCommand<number>(['CLUSTER', 'COUNTKEYSINSLOT', String(slot)])), 0);
    const errors = await errorCounts(cluster);
    const since = (kind: string) => (errors[kind] ?? 0) - (errorsBefore[kind] ?? 0);
    assert.ok(since('ASK') + since('MOVED') > 0, 'clients were redirected while the slot moved');

    const ids = acknowledged.map((headline) => headline.id);
    assert.equal(new Set(ids).size, ids.length, 'no idempotency key published twice');
    const listed = (await (await fetch(`${nodes[0].url}/api/channels/${CHANNEL}/headlines`)).json()) as { headlines: Headline[] };
    assert.deepEqual(listed.headlines.map((h) => h.id).sort(), [...ids].sort(), 'every acknowledged headline, once, and nothing else');
    const log = await nodes[1].store.changesSince(CHANNEL, '0-0', 10_000);
    assert.ok(log.kind === 'changes');
    assert.deepEqual(log.changes.filter((c) => c.type === 'publish').map((c) => c.id).sort(), [...ids].sort(), 'one publish change each in the log');
    for (const reader of readers) {
      await waitFor(() => reader.state.get(CHANNEL)!.headlines.size === ids.length, 10_000, 'every reader to converge');
      assert.deepEqual([...reader.state.get(CHANNEL)!.headlines.keys()].sort(), [...ids].sort());
      const pushed = reader.received.map((change) => change.id);
      assert.equal(new Set(pushed).size, pushed.length, 'no change pushed twice');
      reader.close();
    }
    t.diagnostic(
      `slot ${slot} moved in ${migrationMs} ms; ${ids.length} headlines acknowledged; answers ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `${retried} retried; the nodes answered ASK ${since('ASK')}, MOVED ${since('MOVED')}, TRYAGAIN ${since('TRYAGAIN')}`,
    );
  });
});
