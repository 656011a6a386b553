import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { xmlText } from '../../server/http/xml.js';
import type { Headline } from '../../server/protocol.js';
import { ATOM, child, childrenOf, parseXml, rawGet, readFeed, type XmlElement } from '../harness/feeds.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, publish, startNode, type RunningNode } from '../harness/server.js';

const SITE = 'https://alofoq.example/news/';
const RECORD = { title: 'الأفق: الأخبار العاجلة', description: 'آخر ما يحدث، لحظة بلحظة، من غرفة أخبار "الأفق" & شركائها', link: SITE };

/** Written to the store directly, as another system might: what the API would refuse. */
const HOSTILE_TEXT = 'a\u0001b\u000bc\u000cd\u001fe\ufffef\uffffg\ud800h <&> "q" \'s\' ]]>';
/** What a feed shows of it: the characters XML forbids gone, the lone surrogate a U+FFFD. */
const HOSTILE_SHOWN = 'abcdefg\ufffdh <&> "q" \'s\' ]]>';
const BIDI_TEXT = 'عاجل: \u202bاقتباس\u202c من "Reuters" رقم 42 — English & عربي';

function storedHeadline(id: string, overrides: Partial<Headline>): Headline {
  const at = new Date().toISOString();
  return { id, text: 'x', urgent: false, lang: 'ar', dir: 'rtl', publishedAt: at, updatedAt: at, rev: 1, ...overrides };
}

const text = (element: XmlElement | undefined) => element?.text ?? '';

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`feeds that validators accept (${storeKind} store)`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;
    const feed = async (format: string) => {
      const response = await fetch(`${node.url}/api/channels/ar-main/feed.${format}`);
      assert.equal(response.status, 200);
      return response.text();
    };

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url });
      const described = await fetch(`${node.url}/api/channels/ar-main`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify(RECORD) });
      assert.equal(described.status, 200);
      assert.equal((await publish(node.url, 'ar-main', { text: 'خبر برابط', url: 'https://alofoq.example/a?x=1&y=2' })).status, 201);
      assert.equal((await publish(node.url, 'ar-main', { text: 'خبر بلا رابط', urgent: true })).status, 201);
      // Redis's Lua JSON cannot carry a lone surrogate through the write scripts, so there only the memory store holds one.
      const storable = (value: string) => (storeKind === 'redis' ? value.replace('\ud800', '\ufffd') : value);
      const hostile = storedHeadline('hostile-1', { text: storable(HOSTILE_TEXT), byline: storable('mallory\u0002\ud800') });
      await node.store.publish('ar-main', hostile, { actor: 'other-system' });
      await node.store.publish('ar-main', storedHeadline('bidi-1', { text: BIDI_TEXT }), { actor: 'other-system' });
      // Last, so it is the newest: the feed's language must not follow it.
      assert.equal((await publish(node.url, 'ar-main', { text: 'Markets open higher after the holiday' })).status, 201);
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    it('RSS 2.0: well-formed, with title, description, language and link from the channel, not from its newest (English) headline', async () => {
      const body = await feed('rss');
      const rss = parseXml(body);
      assert.equal(rss.name, 'rss');
      assert.equal(rss.attributes.version, '2.0');
      const channel = child(rss, 'channel')!;
      assert.equal(text(child(channel, 'title')), RECORD.title);
      assert.equal(text(child(channel, 'description')), RECORD.description);
      assert.equal(text(child(channel, 'link')), SITE, "the publisher's site, not the JSON API");
      assert.equal(text(child(channel, 'language')), 'ar');
      const self = child(channel, 'link', ATOM)!;
      assert.deepEqual([self.attributes.rel, self.attributes.href], ['self', `${node.url}/api/channels/ar-main/feed.rss`]);
      const items = childrenOf(channel, 'item');
      assert.equal(items.length, 5);
      for (const item of items) {
        assert.ok(text(child(item, 'title')), 'every item has a title');
        assert.ok(text(child(item, 'guid')), 'and a guid');
        assert.ok(!Number.isNaN(Date.parse(text(child(item, 'pubDate')))));
      }
      assert.equal(text(child(items[0], 'title')), 'Markets open higher after the holiday');

      const read = readFeed('rss', body);
      assert.deepEqual([read.title, read.description, read.link, read.language], [RECORD.title, RECORD.description, SITE, 'ar']);
      assert.equal(read.entries?.length, 5);
    });

    it('Atom 1.0: id, title, updated, author and self and alternate links; every entry has content (RFC 4287 §4.1.2)', async () => {
      const body = await feed('atom');
      const atom = parseXml(body);
      assert.deepEqual([atom.name, atom.uri, atom.attributes['xml:lang']], ['feed', ATOM, 'ar']);
      assert.ok(text(child(atom, 'id')));
      assert.equal(text(child(atom, 'title')), RECORD.title);
      assert.equal(text(child(atom, 'subtitle')), RECORD.description);
      assert.ok(!Number.isNaN(Date.parse(text(child(atom, 'updated')))));
      assert.ok(text(child(child(atom, 'author')!, 'name')), 'a feed-level author');
      const links = Object.fromEntries(childrenOf(atom, 'link').map((link) => [link.attributes.rel, link.attributes.href]));
      assert.deepEqual(links, { self: `${node.url}/api/channels/ar-main/feed.atom`, alternate: SITE });
      const entries = childrenOf(atom, 'entry');
      assert.equal(entries.length, 5);
      for (const entry of entries) {
        for (const required of ['id', 'title', 'updated']) assert.ok(text(child(entry, required)), `entry ${required}`);
        const alternate = childrenOf(entry, 'link').some((link) => (link.attributes.rel ?? 'alternate') === 'alternate');
        const content = child(entry, 'content');
        assert.ok(content || alternate, 'content or an alternate link');
        assert.equal(content?.attributes.type, 'text');
        assert.equal(content?.text, text(child(entry, 'title')), 'the content is the headline, as text');
      }
      const unlinked = entries.find((entry) => text(child(entry, 'title')) === 'خبر بلا رابط')!;
      assert.equal(childrenOf(unlinked, 'link').length, 0);
      assert.equal(child(unlinked, 'content')!.text, 'خبر بلا رابط');

      const read = readFeed('atom', body);
      assert.deepEqual([read.title, read.link, read.language], [RECORD.title, SITE, 'ar']);
      assert.equal(read.entries?.length, 5);
    });

    it('JSON Feed 1.1: version, title, home page and items with id and text, from the channel', async () => {
      const body = await feed('json');
      const json = JSON.parse(body);
      assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
      assert.deepEqual([json.title, json.description, json.home_page_url, json.language], [RECORD.title, RECORD.description, SITE, 'ar']);
      assert.equal(json.feed_url, `${node.url}/api/channels/ar-main/feed.json`);
      for (const item of json.items) assert.ok(typeof item.id === 'string' && item.id && typeof item.content_text === 'string');
      const read = readFeed('json', body);
      assert.deepEqual([read.title, read.link, read.language], [RECORD.title, SITE, 'ar']);
      assert.equal(read.entries?.length, 5);
    });

    it('stays well-formed after hostile headlines: XML specials, characters XML forbids stored directly, bidirectional text', async () => {
      const stored = (await node.store.snapshot('ar-main')).headlines;
      const bidiStored = stored.find((h) => h.id === 'bidi-1')!.text;
      for (const format of ['rss', 'atom'] as const) {
        const body = await feed(format);
        const root = parseXml(body);
        const items = format === 'rss' ? childrenOf(child(root, 'channel')!, 'item') : childrenOf(root, 'entry');
        const titles = items.map((item) => text(child(item, 'title')));
        assert.ok(titles.includes(HOSTILE_SHOWN), `${format}: the hostile headline, less what XML forbids: ${JSON.stringify(titles)}`);
        assert.ok(titles.includes(bidiStored), `${format}: the bidirectional headline as stored`);
        if (format === 'atom') {
          // Only the hand-written headline has a byline; the others have the feed's author.
          const authors = items.flatMap((item) => (child(item, 'author') ? [text(child(child(item, 'author')!, 'name'))] : []));
          assert.deepEqual(authors, ['mallory\ufffd'], 'the byline, less what XML forbids');
        }
        assert.equal(readFeed(format, body).entries?.length, 5);
      }
      const json = readFeed('json', await feed('json'));
      assert.equal(json.entries?.length, 5);
    });
  });
}

describe('XML text', () => {
  it('is well-formed whatever it is given, also before UTF-8 encoding (which would mend a lone surrogate on its own)', () => {
    assert.equal(xmlText('a\ud800b\udc00c\u0000d<'), 'a\ufffdb\ufffdcd&lt;');
    assert.equal(xmlText('\ud83d\ude00 ok'), '\ud83d\ude00 ok', 'a pair is kept');
  });
});

describe('feed formats and links', () => {
  let node: RunningNode;
  before(async () => {
    node = await startNode();
  });
  after(async () => {
    await node.close();
  });

  it('answers 404 JSON for names an object inherits (__proto__, constructor, toString, hasOwnProperty)', async () => {
    assert.equal((await fetch(`${node.url}/api/channels/ar-main/feed.rss`)).status, 200, 'a real format, for contrast');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const response = await fetch(`${node.url}/api/channels/ar-main/feed.${name}`);
      assert.equal(response.status, 404, name);
      assert.match(response.headers.get('content-type')!, /application\/json/);
      assert.equal(((await response.json()) as any).error.code, 'not_found', name);
    }
  });

  it('links from the request: its Host, with Vary: Host; a trusted proxy\'s X-Forwarded-Host and -Proto', async () => {
    const direct = await rawGet(`${node.url}/api/channels/ar-main/feed.atom`, { Host: 'ticker.example:8443' });
    const links = Object.fromEntries(childrenOf(parseXml(direct.body), 'link').map((link) => [link.attributes.rel, link.attributes.href]));
    assert.equal(links.self, 'http://ticker.example:8443/api/channels/ar-main/feed.atom');
    assert.equal(links.alternate, 'http://ticker.example:8443/', 'a channel without a site links to the server');
    assert.match(String(direct.headers.vary), /\bHost\b/);
    // The test connects from loopback, which AJEL_TRUST_PROXY trusts by default.
    const proxied = await rawGet(`${node.url}/api/channels/ar-main/feed.rss`, { Host: 'internal:8080', 'X-Forwarded-Host': 'news.example', 'X-Forwarded-Proto': 'https' });
    const self = child(child(parseXml(proxied.body), 'channel')!, 'link', ATOM)!.attributes.href;
    assert.equal(self, 'https://news.example/api/channels/ar-main/feed.rss');
    assert.match(String(proxied.headers.vary), /X-Forwarded-Host/);
    assert.match(String(proxied.headers.vary), /X-Forwarded-Proto/);
  });

  it('answers 400 JSON for a Host that is no host name, and links only to the origin of one that has more', async () => {
    const bad = await rawGet(`${node.url}/api/channels/ar-main/feed.rss`, { Host: '[not-a-host' });
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).error.code, 'invalid_host');
    const extra = await rawGet(`${node.url}/api/channels/ar-main/feed.json`, { Host: 'ticker.example/"><x' });
    assert.equal(JSON.parse(extra.body).feed_url, 'http://ticker.example/api/channels/ar-main/feed.json');
  });

  it('ignores forwarded headers from a proxy it does not trust', async () => {
    const untrusting = await startNode({ config: { trustProxy: false } });
    try {
      const response = await rawGet(`${untrusting.url}/api/channels/ar-main/feed.json`, { Host: 'internal:8080', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' });
      assert.equal(JSON.parse(response.body).feed_url, 'http://internal:8080/api/channels/ar-main/feed.json');
      assert.equal(response.headers.vary, 'Host');
    } finally {
      await untrusting.close();
    }
  });

  it('links from AJEL_PUBLIC_URL when it is set, whatever the Host', async () => {
    const configured = await startNode({ config: { publicUrl: 'https://ticker.example.com/ajel' } });
    try {
      for (const host of ['a.example', 'b.example']) {
        const response = await rawGet(`${configured.url}/api/channels/en-world/feed.rss`, { Host: host });
        const channel = child(parseXml(response.body), 'channel')!;
        assert.equal(child(channel, 'link', ATOM)!.attributes.href, 'https://ticker.example.com/ajel/api/channels/en-world/feed.rss');
        assert.equal(text(child(channel, 'link')), 'https://ticker.example.com/ajel/');
        assert.doesNotMatch(String(response.headers.vary ?? ''), /Host/, 'the answer does not depend on the Host');
      }
    } finally {
      await configured.close();
    }
  });
});
