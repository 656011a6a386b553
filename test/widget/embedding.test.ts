import { expect } from '@esm-bundle/chai';
import { cleanUp, openHostPage, publish, startNode } from './helpers.js';

// The built widget (dist/widget, served by the Ajel node) on a publisher's page served from another
// origin, under a strict Content-Security-Policy with Trusted Types, with hostile global CSS, the
// script included three times from two URLs, and tickers in a 320 px and a 2560 px container.
describe('embedded on a host page of another origin', () => {
  afterEach(cleanUp);

  it('works under a strict CSP and hostile CSS, defined once, in narrow and wide containers', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور', url: 'https://example.com/1' });
    await publish(node, 'ar-main', { text: 'زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية', urgent: true });
    await publish(node, 'en-world', { text: 'Ceasefire talks resume in Cairo', url: 'https://example.com/2' });
    const report = await openHostPage(node);

    expect(new URL(report.pageOrigin).origin).to.not.equal(new URL(url).origin);
    expect(report.widgetUrls.map((widgetUrl) => new URL(widgetUrl).origin)).to.deep.equal([url, url, url]);
    expect(new Set(report.widgetUrls).size, 'two different URLs').to.equal(2);
    expect(report.cspViolations, 'CSP violations').to.deep.equal([]);
    expect(report.errors, 'page errors').to.deep.equal([]);
    expect(report.elementDefined).to.equal(true);

    const narrow = report.tickers.find((ticker) => ticker.id === 'narrow')!;
    const wide = report.tickers.find((ticker) => ticker.id === 'wide')!;
    for (const ticker of [narrow, wide]) {
      expect(ticker.status, ticker.id).to.equal('live');
      expect(ticker.width, `${ticker.id} fills its container`).to.be.closeTo(ticker.containerWidth, 0.5);
      // medium (16 px) and 1.5 line height, whatever the page forces on everything.
      expect(ticker.fontSize, `${ticker.id} font size`).to.equal(16);
      expect(ticker.lineHeight, `${ticker.id} line height`).to.equal(24);
      expect(ticker.height, `${ticker.id} height`).to.be.within(40, 48);
      expect(ticker.labelVisible, `${ticker.id} label`).to.equal(true);
      expect(ticker.playState, `${ticker.id} scrolling`).to.equal('running');
    }
    expect(narrow.containerWidth).to.equal(320);
    expect(wide.containerWidth).to.equal(2560);

    // The server defaults to where the script came from: the narrow ticker has no server attribute.
    expect(narrow.headlines).to.equal(2);
    expect(narrow.texts[0]).to.include('زلزال');
    expect(narrow.labelText).to.equal('عاجل');
    expect(narrow.direction, 'despite direction: ltr !important on the page').to.equal('rtl');
    expect(narrow.translate[1], 'right-to-left content moves right').to.be.greaterThan(narrow.translate[0]);

    expect(wide.headlines).to.equal(1);
    expect(wide.labelText).to.equal('Breaking');
    expect(wide.direction).to.equal('ltr');
    expect(wide.translate[1], 'left-to-right content moves left').to.be.lessThan(wide.translate[0]);
  });
});
