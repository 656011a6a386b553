import { expect } from '@esm-bundle/chai';
import { cleanUp, mount, proxySeen, publish, startNode, texts, until, webSocketRefusingProxy } from './helpers.js';

// Behind a proxy or firewall that refuses WebSocket, the ticker still goes live: the WebSocket
// attempt fails and the same connection attempt falls back to HTTP long-polling (by fetch).
describe('with WebSocket refused on the way to the server', () => {
  afterEach(cleanUp);

  it('goes live over long-polling and takes live headlines', async () => {
    const { node } = await startNode();
    await publish(node, 'ar-main', { text: 'عنوان قبل الاتصال', url: 'https://example.com/before' });
    const { proxy, url } = await webSocketRefusingProxy(node);
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => ticker.status === 'live' && texts(ticker).length === 1, 'live over long-polling', 15_000);
    expect(texts(ticker)).to.deep.equal(['عنوان قبل الاتصال']);

    await publish(node, 'ar-main', { text: 'عنوان وصل مباشرة', url: 'https://example.com/after' });
    await until(() => texts(ticker).length === 2, 'the live headline', 15_000);
    expect(texts(ticker)).to.have.members(['عنوان قبل الاتصال', 'عنوان وصل مباشرة']);

    const seen = await proxySeen(proxy);
    expect(seen.refusedUpgrades, 'WebSocket was tried and refused').to.be.greaterThan(0);
    expect(seen.requests, 'long-polling requests went through').to.be.greaterThan(0);
    expect(ticker.status).to.equal('live');
  });
});
