import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HeadlineStats, StatsList } from '../../server/protocol.js';
import { subscriptionId } from '../../server/push/subscription.js';
import { TestRedis } from '../harness/redis.js';
import { ADMIN_KEY, EDITOR_KEY, SPORT_EDITOR_KEY, authHeaders, publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

const BEACONS_PER_MINUTE = 5;
const PARTNER_ORIGIN = 'https://ledger.example';

/** Each test beacons from an address of its own (the node trusts the loopback proxy's X-Forwarded-For), so one test's budget is not another's. */
const newAddress = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;

/** A beacon as navigator.sendBeacon sends a string: text/plain, no credentials. */
async function beacon(url: string, channel: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/channels/${channel}/stats`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** With `key` '' the request is anonymous. */
async function stats(url: string, channel: string, key = EDITOR_KEY) {
  const response = await fetch(`${url}/api/channels/${channel}/stats`, { headers: key ? authHeaders(key) : {} });
  return { status: response.status, body: (await response.json()) as StatsList & { error?: { code: string } } };
}

async function statsOf(url: string, channel: string, id: string): Promise<HeadlineStats> {
  const { status, body } = await stats(url, channel);
  assert.equal(status, 200);
  const found = body.headlines.find((headline) => headline.id === id);
  assert.ok(found, `no stats for ${id}`);
  return found;
}

async function published(url: string, channel = 'ar-main'): Promise<string> {
  const { status, body } = await publish(url, channel, { text: `عنوان للعد ${randomBytes(3).toString('hex')}` });
  assert.equal(status, 201);
  return body.headline.id;
}

describe('reader stats API', () => {
  let redis: TestRedis;
  let node: RunningNode;
  before(async () => {
    redis = await TestRedis.start();
    node = await startNode({ redisUrl: redis.url, config: { statsBeaconsPerMinute: BEACONS_PER_MINUTE } });
  });
  after(async () => {
    await node.close();
    await redis.destroy();
  });

  it('counts impressions and clicks of live headlines, a repeated id once per beacon, and answers 204', async () => {
    const seenTwice = await published(node.url);
    const seenOnce = await published(node.url);
    const address = { 'X-Forwarded-For': newAddress() };
    const first = await beacon(node.url, 'ar-main', { impressions: [seenTwice, seenTwice, seenOnce, seenTwice], clicks: [seenTwice, seenTwice] }, address);
    assert.equal(first.status, 204);
    assert.equal(first.body, undefined);
    assert.equal((await beacon(node.url, 'ar-main', { impressions: [seenTwice] }, address)).status, 204);

    assert.deepEqual(await statsOf(node.url, 'ar-main', seenTwice), { id: seenTwice, seen: 2, clicked: 1, rate: 0.5, partners: {} });
    assert.deepEqual(await statsOf(node.url, 'ar-main', seenOnce), { id: seenOnce, seen: 1, clicked: 0, rate: 0, partners: {} });
    const unseen = await published(node.url);
    assert.deepEqual(await statsOf(node.url, 'ar-main', unseen), { id: unseen, seen: 0, clicked: 0, rate: null, partners: {} });
  });

  it('ignores ids that are not live headlines of the channel, and refuses bad beacons with 400 or 413, counting nothing', async () => {
    const id = await published(node.url);
    const sport = await published(node.url, 'ar-sport');
    const address = { 'X-Forwarded-For': newAddress() };
    assert.equal((await beacon(node.url, 'ar-main', { impressions: ['not-a-headline', sport], clicks: ['not-a-headline'] }, address)).status, 204);
    const { body } = await stats(node.url, 'ar-main');
    assert.ok(body.headlines.every((headline) => headline.id !== 'not-a-headline' && headline.id !== sport));
    assert.equal((await statsOf(node.url, 'ar-sport', sport)).seen, 0, "an id seen on another channel's ticker counted there");

    const refused: Array<[unknown, number, string]> = [
      ['{not json', 400, 'malformed JSON'],
      [{ impressions: [id], clicks: [id], extra: 1 }, 400, 'an unknown field'],
      [{ impressions: [id, '<b>x</b>'] }, 400, 'an id that is no id'],
      [{ impressions: id }, 400, 'a list that is a string'],
      [{ impressions: [id, ...Array.from({ length: 100 }, (_, n) => `x${n}`)] }, 400, 'more ids than one page view shows'],
      [{ impressions: [id, 'x'.repeat(9000)] }, 413, 'a body over 8 KB'],
    ];
    for (const [sent, status, what] of refused) {
      const answer = await beacon(node.url, 'ar-main', sent, { 'X-Forwarded-For': newAddress() });
      assert.equal(answer.status, status, what);
      assert.equal(typeof answer.body?.error?.code, 'string', what);
    }
    assert.equal((await statsOf(node.url, 'ar-main', id)).seen, 0, 'a refused beacon counted');
    assert.equal((await beacon(node.url, 'no-such-channel', { impressions: [id] }, { 'X-Forwarded-For': newAddress() })).status, 404);
  });

  it('lets one address add at most its beacon budget to a headline, and counts other addresses all the same', async () => {
    const id = await published(node.url);
    const address = { 'X-Forwarded-For': newAddress() };
    const statuses: number[] = [];
    for (let n = 0; n < BEACONS_PER_MINUTE * 4; n++) statuses.push((await beacon(node.url, 'ar-main', { impressions: [id], clicks: [id] }, address)).status);
    assert.deepEqual(statuses.filter((status) => status === 204).length, BEACONS_PER_MINUTE);
    assert.ok(statuses.slice(BEACONS_PER_MINUTE).every((status) => status === 429), statuses.join());
    assert.deepEqual(await statsOf(node.url, 'ar-main', id), { id, seen: BEACONS_PER_MINUTE, clicked: BEACONS_PER_MINUTE, rate: 1, partners: {} });

    assert.equal((await beacon(node.url, 'ar-main', { impressions: [id] }, { 'X-Forwarded-For': newAddress() })).status, 204);
    assert.equal((await statsOf(node.url, 'ar-main', id)).seen, BEACONS_PER_MINUTE + 1);
  });

  it("tells the channel's editors how many readers get its urgent alerts by Web Push", async () => {
    assert.equal((await stats(node.url, 'ar-sport', SPORT_EDITOR_KEY)).body.pushSubscribers, 0);
    for (const browser of ['one', 'two']) {
      const endpoint = `https://push.example/send/${browser}`;
      const subscription = { id: subscriptionId(endpoint), endpoint, p256dh: 'p256dh', auth: 'auth', createdAt: new Date().toISOString() };
      assert.equal(await node.store.addPushSubscription('ar-sport', subscription, 10), 'added');
    }
    assert.equal((await stats(node.url, 'ar-sport', SPORT_EDITOR_KEY)).body.pushSubscribers, 2);
    assert.equal((await stats(node.url, 'ar-main')).body.pushSubscribers, 0, "another channel's subscribers are its own");
  });

  it("shows the counts only to the channel's editors", async () => {
    assert.equal((await stats(node.url, 'ar-main', '')).status, 401);
    const otherChannel = await stats(node.url, 'ar-main', SPORT_EDITOR_KEY);
    assert.equal(otherChannel.status, 403);
    assert.equal(otherChannel.body.error?.code, 'forbidden');
    assert.equal((await stats(node.url, 'ar-main', ADMIN_KEY)).status, 403);
    assert.equal((await stats(node.url, 'ar-sport', SPORT_EDITOR_KEY)).status, 200);
  });

  it("counts a partner's readers under the partner too, and refuses beacons from origins nobody registered", async () => {
    const partnerNode = await startNode({ redisUrl: redis.url, config: { corsOrigins: ['https://alofoq.example'], statsBeaconsPerMinute: 1000 } });
    try {
      const created = await fetch(`${partnerNode.url}/api/partners`, {
        method: 'POST',
        headers: authHeaders(ADMIN_KEY),
        body: JSON.stringify({ id: `ledger-${randomBytes(3).toString('hex')}`, name: 'The Ledger', channels: ['ar-main'], origins: [PARTNER_ORIGIN] }),
      });
      assert.equal(created.status, 201);
      const partner = ((await created.json()) as { partner: { id: string } }).partner.id;
      const id = await published(partnerNode.url);
      // The node learns of the partner at its next partner refresh.
      await waitFor(async () => (await beacon(partnerNode.url, 'ar-main', { clicks: [id] }, { Origin: PARTNER_ORIGIN })).status === 204, 10_000, 'the partner to be known');
      assert.equal((await beacon(partnerNode.url, 'ar-main', { impressions: [id] }, { Origin: PARTNER_ORIGIN })).status, 204);
      assert.equal((await beacon(partnerNode.url, 'ar-main', { impressions: [id] }, { Origin: 'https://alofoq.example' })).status, 204);
      const refused = await beacon(partnerNode.url, 'ar-main', { impressions: [id] }, { Origin: 'https://elsewhere.example' });
      assert.equal(refused.status, 403);
      // /embed runs the widget on the server's own origin.
      assert.equal((await beacon(partnerNode.url, 'ar-main', { impressions: [id] }, { Origin: partnerNode.url })).status, 204);
      const counted = await statsOf(partnerNode.url, 'ar-main', id);
      assert.deepEqual(counted, { id, seen: 3, clicked: 1, rate: 0.3333, partners: { [partner]: { seen: 1, clicked: 1, rate: 1 } } });
    } finally {
      await partnerNode.close();
    }
  });
});
