import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectReader } from '../harness/reader.js';
import { publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

describe('metrics', () => {
  let node: RunningNode;
  const scrape = async () => (await fetch(`${node.url}/metrics`, { headers: { Authorization: 'Bearer metrics-secret' } })).text();

  before(async () => {
    node = await startNode({ config: { metricsKey: 'metrics-secret' } });
  });
  after(async () => {
    await node.close();
  });

  it('needs the metrics key', async () => {
    assert.equal((await fetch(`${node.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${node.url}/metrics`, { headers: { Authorization: 'Bearer wrong-one' } })).status, 401);
  });

  it('counts writes, pushes and readers', async () => {
    const reader = await connectReader(node.url);
    await reader.subscribe('ar-main');
    await publish(node.url, 'ar-main', { text: 'خبر للعد' });
    await publish(node.url, 'ar-main', { text: '' });
    await waitFor(() => reader.received.length === 1, 3000);
    const text = await scrape();
    assert.match(text, /ajel_writes_total\{action="publish",status="201"\} 1/);
    assert.match(text, /ajel_writes_total\{action="publish",status="400"\} 1/);
    assert.match(text, /ajel_changes_pushed_total\{type="publish"\} 1/);
    assert.match(text, /ajel_sockets 1/);
    assert.match(text, /ajel_followed_channels 1/);
    assert.match(text, /ajel_following_up 1/);
    assert.match(text, /ajel_follow_lag_seconds_count 1/);
    reader.close();
  });
});
