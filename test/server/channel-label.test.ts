import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectReader } from '../harness/reader.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, publish, startNode, type RunningNode } from '../harness/server.js';

describe("the channel's label in the live protocol", () => {
  let redis: TestRedis;
  let node: RunningNode;
  before(async () => {
    redis = await TestRedis.start();
    node = await startNode({ redisUrl: redis.url });
  });
  after(async () => {
    await node.close();
    await redis.destroy();
  });

  it("comes with every subscribe answer: the defaults', then the record's once an editor sets it", async () => {
    const reader = await connectReader(node.url);
    try {
      const first = await reader.subscribe('en-world');
      assert.ok(first.ok && first.mode === 'snapshot');
      assert.equal(first.label, 'Breaking');
      const updated = await fetch(`${node.url}/api/channels/en-world`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ label: 'Live' }) });
      assert.equal(updated.status, 200);
      const cursor = (await publish(node.url, 'en-world', { text: 'A headline after the new label' })).body.cursor;
      const other = await connectReader(node.url);
      try {
        const resumed = await other.subscribe('en-world', cursor);
        assert.ok(resumed.ok && resumed.mode === 'changes');
        assert.equal(resumed.label, 'Live', 'a resuming subscriber gets it too');
        const snapshot = await other.subscribe('ar-main');
        assert.ok(snapshot.ok);
        assert.equal(snapshot.label, 'عاجل');
      } finally {
        other.close();
      }
    } finally {
      reader.close();
    }
  });

});
