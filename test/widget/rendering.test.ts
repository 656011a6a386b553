import { expect } from '@esm-bundle/chai';
import { cleanUp, items, mount, part, publish, startNode, texts, until } from './helpers.js';

describe('rendering', () => {
  afterEach(cleanUp);

  it('renders headlines right to left by default for Arabic', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'الخبر الأول' });
    await publish(node, 'ar-main', { text: 'الخبر الثاني', url: 'https://example.com/2' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => ticker.status === 'live' && items(ticker).length === 2, 'two headlines');
    expect(texts(ticker)).to.deep.equal(['الخبر الثاني', 'الخبر الأول']);
    expect(part(ticker, 'label').textContent!.trim()).to.equal('عاجل');
  });
});
