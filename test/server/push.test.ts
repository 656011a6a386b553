import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import webPush from 'web-push';
import { parseOutboundAllow } from '../../server/net/address-policy.js';
import { TestPushService, type TestSubscription } from '../harness/push-service.js';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, publish, startNode, waitFor, type RunningNode } from '../harness/server.js';

const vapid = webPush.generateVAPIDKeys();
const push = { vapid: { ...vapid, subject: 'mailto:desk@example.com' }, maxSubscriptionsPerChannel: 50, subscribeRatePerMinute: 1000 };
const outboundAllow = parseOutboundAllow(['127.0.0.1']);

const subscribe = (node: RunningNode, channel: string, subscription: unknown) =>
  fetch(`${node.url}/api/channels/${channel}/push/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(subscription) });

async function turnOnPush(node: RunningNode, channel: string) {
  const response = await fetch(`${node.url}/api/channels/${channel}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ pushAlerts: true }) });
  assert.equal(response.status, 200, await response.text());
}

describe('Web Push alerts through a push service that decrypts them, sent by two nodes on one Redis', () => {
  let redis: TestRedis;
  let service: TestPushService;
  let nodes: RunningNode[];
  let browsers: TestSubscription[];

  before(async () => {
    redis = await TestRedis.start();
    service = await TestPushService.start();
    nodes = await Promise.all([0, 1].map(() => startNode({ redisUrl: redis.url, config: { push, outboundAllow, metricsKey: 'metrics-key-1' } })));
    await turnOnPush(nodes[0], 'ar-main');
    browsers = Array.from({ length: 24 }, () => service.subscribe());
    for (const [index, browser] of browsers.entries()) {
      const response = await subscribe(nodes[index % 2], 'ar-main', browser.json);
      assert.equal(response.status, 201, await response.text());
    }
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await service.close();
    await redis.destroy();
  });

  const pushesOf = (id: string) => service.received.filter((push) => push.message.id === id);

  it('sends an urgent headline once to every subscriber, encrypted for it, signed, with high urgency, a TTL within its life and a topic', async () => {
    const { status, body } = await publish(nodes[1].url, 'ar-main', { text: 'عاجل: زلزال بقوة ٥ درجات', urgent: true, url: 'https://news.example/quake', ttl: 600 });
    assert.equal(status, 201);
    const id = body.headline.id;
    await waitFor(() => pushesOf(id).length >= browsers.length, 10_000, 'every subscriber alerted');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(service.faults, []);
    assert.deepEqual(pushesOf(id).map((push) => push.subscription).sort(), browsers.map((browser) => browser.id).sort(), 'one send per subscription, across both nodes');
    for (const push of pushesOf(id)) {
      assert.equal(push.message.type, 'alert');
      assert.equal(push.message.body, 'عاجل: زلزال بقوة ٥ درجات');
      assert.equal(push.message.url, 'https://news.example/quake');
      assert.equal(push.message.lang, 'ar');
      assert.equal(push.message.dir, 'rtl');
      assert.equal(push.message.tag, `ajel:ar-main:${id}`);
      assert.equal(push.urgency, 'high');
      assert.ok(push.ttl > 0 && push.ttl <= 600, `TTL ${push.ttl} within the headline's 600 s`);
      assert.match(push.topic ?? '', /^[A-Za-z0-9_-]{1,32}$/);
      assert.equal(push.vapid.publicKey, vapid.publicKey);
      assert.equal(push.vapid.subject, 'mailto:desk@example.com');
    }
  });

  it('replaces the notification with a correction and withdraws it on retraction, under the same topic; a headline that is not urgent sends nothing', async () => {
    const { body } = await publish(nodes[0].url, 'ar-main', { text: 'عاجل: انفجار في الميناء', urgent: true, ttl: 600 });
    const id = body.headline.id;
    await waitFor(() => pushesOf(id).length >= browsers.length, 10_000, 'alert');
    const topic = pushesOf(id)[0].topic;
    const corrected = await fetch(`${nodes[1].url}/api/channels/ar-main/headlines/${id}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ text: 'عاجل: حريق في الميناء' }) });
    assert.equal(corrected.status, 200, await corrected.text());
    await waitFor(() => pushesOf(id).filter((push) => push.message.type === 'correction').length >= browsers.length, 10_000, 'correction');
    const quiet = await publish(nodes[0].url, 'ar-main', { text: 'خبر عادي عن الطقس' });
    const retracted = await fetch(`${nodes[0].url}/api/channels/ar-main/headlines/${id}`, { method: 'DELETE', headers: authHeaders() });
    assert.equal(retracted.status, 200, await retracted.text());
    await waitFor(() => pushesOf(id).filter((push) => push.message.type === 'retraction').length >= browsers.length, 10_000, 'retraction');
    const byType = (type: string) => pushesOf(id).filter((push) => push.message.type === type);
    assert.equal(byType('correction').length, browsers.length);
    assert.equal(byType('correction')[0].message.body, 'عاجل: حريق في الميناء');
    assert.equal(byType('retraction').length, browsers.length);
    assert.ok(pushesOf(id).every((push) => push.topic === topic && push.message.tag === `ajel:ar-main:${id}`));
    assert.ok(byType('correction').every((push) => push.urgency === 'normal'));
    assert.deepEqual(pushesOf(quiet.body.headline.id), [], 'the headline published between them (not urgent) was not pushed');
  });

  it('removes subscriptions the push service says are gone, and tries again where it failed for a while', async () => {
    const [gone, flaky] = browsers;
    service.unsubscribe(gone.id);
    service.answerWith(flaky.id, [500, 503]);
    const { body } = await publish(nodes[0].url, 'ar-main', { text: 'عاجل: إغلاق المطار', urgent: true, ttl: 600 });
    const id = body.headline.id;
    await waitFor(() => pushesOf(id).length >= browsers.length - 1, 30_000, 'every live subscriber alerted, the failing one too');
    assert.equal(service.receivedBy(flaky.id).filter((push) => push.message.id === id).length, 1, 'the one that failed twice got it once');
    assert.deepEqual(service.receivedBy(gone.id).filter((push) => push.message.id === id), []);
    const alerted = pushesOf(id).map((push) => push.subscription);
    assert.equal(new Set(alerted).size, alerted.length, 'nobody got it twice, although a page of sends was tried again');
    assert.equal(await nodes[0].store.countPushSubscriptions('ar-main'), browsers.length - 1, 'the gone subscription was removed');
    const metrics = await (await fetch(`${nodes[1].url}/metrics`, { headers: { Authorization: 'Bearer metrics-key-1' } })).text();
    assert.match(metrics, new RegExp(`ajel_push_subscribers\\{channel="ar-main"\\} ${browsers.length - 1}\\b`));
  });
});

describe('subscribing to push alerts', () => {
  let node: RunningNode;
  let service: TestPushService;
  before(async () => {
    service = await TestPushService.start();
    node = await startNode({ config: { push: { ...push, maxSubscriptionsPerChannel: 2, subscribeRatePerMinute: 12 }, outboundAllow } });
  });
  after(async () => {
    await node.close();
    await service.close();
  });

  it('refuses a channel with push off, bad keys, a private push service not allowed, and more than a channel may have', async () => {
    const browser = service.subscribe();
    assert.equal((await subscribe(node, 'ar-main', browser.json)).status, 409, 'push is off until the publisher turns it on');
    const settingsOff = await (await fetch(`${node.url}/api/channels/ar-main/push`)).json();
    assert.deepEqual(settingsOff, { enabled: false });
    await turnOnPush(node, 'ar-main');
    const settings = await (await fetch(`${node.url}/api/channels/ar-main/push`)).json();
    assert.deepEqual(settings, { enabled: true, publicKey: vapid.publicKey });
    const badKeys = await subscribe(node, 'ar-main', { ...browser.json, keys: { p256dh: 'abc', auth: browser.json.keys.auth } });
    assert.equal(badKeys.status, 400);
    assert.equal((await badKeys.json()).error.field, 'keys.p256dh');
    const privateService = await subscribe(node, 'ar-main', { ...browser.json, endpoint: 'http://10.1.2.3/push/x' });
    assert.equal(privateService.status, 422);
    const plainHttp = await subscribe(node, 'ar-main', { ...browser.json, endpoint: 'http://push.example/x' });
    assert.equal(plainHttp.status, 400);
    assert.equal((await subscribe(node, 'ar-main', browser.json)).status, 201);
    assert.equal((await subscribe(node, 'ar-main', browser.json)).status, 200, 'the same browser again refreshes its subscription');
    assert.equal((await subscribe(node, 'ar-main', service.subscribe().json)).status, 201);
    const full = await subscribe(node, 'ar-main', service.subscribe().json);
    assert.equal(full.status, 409);
    assert.equal((await full.json()).error.code, 'subscriptions_full');
    assert.equal(await node.store.countPushSubscriptions('ar-main'), 2);
    const unsubscribed = await fetch(`${node.url}/api/channels/ar-main/push/subscriptions`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ endpoint: browser.json.endpoint }) });
    assert.equal(unsubscribed.status, 204);
    assert.equal(await node.store.countPushSubscriptions('ar-main'), 1);
  });

  it('limits how often one address may subscribe or unsubscribe', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 14; attempt++) statuses.push((await subscribe(node, 'ar-sport', service.subscribe().json)).status);
    assert.ok(statuses.includes(429), `a flood is refused: ${statuses.join(',')}`);
  });
});
