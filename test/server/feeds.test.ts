import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { PARTNER_KEY, publish, startNode, type RunningNode } from '../harness/server.js';

describe('syndication feeds', () => {
  let node: RunningNode;
  const hostile = `<b onclick="x">عاجل & "خبر" 'مهم'</b>`;

  before(async () => {
    node = await startNode();
    await publish(node.url, 'ar-main', { text: 'خبر أول', url: 'https://example.com/a?x=1&y=2' });
    await publish(node.url, 'ar-main', { text: hostile, urgent: true });
  });
  after(async () => {
    await node.close();
  });

  it('serves JSON Feed 1.1 with the live headlines newest first', async () => {
    const response = await fetch(`${node.url}/api/channels/ar-main/feed.json`, { headers: { Origin: 'https://partner.example' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /application\/feed\+json/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const feed = (await response.json()) as any;
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.language, 'ar');
    assert.deepEqual(feed.items.map((i: any) => i.content_text), [hostile, 'خبر أول']);
    assert.deepEqual(feed.items[0].tags, ['urgent']);
    assert.equal(feed.items[1].url, 'https://example.com/a?x=1&y=2');
  });

  for (const [format, type] of [['rss', /application\/rss\+xml/], ['atom', /application\/atom\+xml/]] as const) {
    it(`serves ${format} with every piece of text escaped`, async () => {
      const response = await fetch(`${node.url}/api/channels/ar-main/feed.${format}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, type);
      const body = await response.text();
      assert.ok(!body.includes('<b'), 'no markup from a headline reaches the feed');
      assert.ok(body.includes('&lt;b onclick=&quot;x&quot;&gt;عاجل &amp; &quot;خبر&quot; &apos;مهم&apos;&lt;/b&gt;'));
      assert.ok(body.includes('https://example.com/a?x=1&amp;y=2'));
      const etag = response.headers.get('etag')!;
      // fetch() adds Cache-Control: no-cache to conditional requests, so ask as a feed reader would.
      const status = await new Promise((resolve, reject) => {
        get(`${node.url}/api/channels/ar-main/feed.${format}`, { headers: { 'If-None-Match': etag } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
      assert.equal(status, 304);
    });
  }

  it('changes its ETag when the channel changes', async () => {
    const first = (await fetch(`${node.url}/api/channels/ar-main/feed.atom`)).headers.get('etag');
    await publish(node.url, 'ar-main', { text: 'خبر جديد' });
    const second = (await fetch(`${node.url}/api/channels/ar-main/feed.atom`)).headers.get('etag');
    assert.notEqual(first, second);
  });

  it('keeps private channels to partners and refuses unknown formats', async () => {
    assert.equal((await fetch(`${node.url}/api/channels/ar-private/feed.rss`)).status, 403);
    assert.equal((await fetch(`${node.url}/api/channels/ar-private/feed.rss`, { headers: { Authorization: `Bearer ${PARTNER_KEY}` } })).status, 200);
    assert.equal((await fetch(`${node.url}/api/channels/ar-main/feed.html`)).status, 404);
  });
});
