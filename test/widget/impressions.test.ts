import { expect } from '@esm-bundle/chai';
import type { AjelTicker } from '../../widget/index.js';
import { cleanUp, headlineStats, items, mount, nextFrame, publish, scrollAnimation, startNode, until } from './helpers.js';

/** Every beacon the page sends (still sent on to the server): where to and what. */
const beacons: Array<{ url: string; body: { impressions: string[]; clicks: string[] } }> = [];
const sendBeacon = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = (url, data) => {
  beacons.push({ url: String(url), body: JSON.parse(String(data)) });
  return sendBeacon(url, data);
};
let observersMade = 0;
const NativeObserver = window.IntersectionObserver;
window.IntersectionObserver = class extends NativeObserver {
  constructor(...args: ConstructorParameters<typeof IntersectionObserver>) {
    super(...args);
    observersMade++;
  }
};

/** What leaving the page does: the tickers send what they counted. */
const leavePage = () => window.dispatchEvent(new Event('pagehide'));

/** Sends what was counted until the server's counts satisfy `check`, however long the machine takes. */
async function untilCounted(node: string, channel: string, check: (stats: Awaited<ReturnType<typeof headlineStats>>) => boolean, what: string) {
  const deadline = performance.now() + 15_000;
  for (;;) {
    leavePage();
    if (check(await headlineStats(node, channel))) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

const beaconedIds = (channel: string, kind: 'impressions' | 'clicks') =>
  beacons.filter((beacon) => beacon.url.endsWith(`/api/channels/${channel}/stats`)).flatMap((beacon) => beacon.body[kind]);

/** Animation time of the scrolling loop's `loops`-th end. */
const loopsDone = (ticker: AjelTicker, loops: number) => {
  const animation = scrollAnimation(ticker);
  return Number(animation.currentTime) >= loops * Number(animation.effect!.getTiming().duration);
};

/** Clicks a headline's link as a reader would, but stays on the page. */
function clickLink(ticker: AjelTicker, id: string): void {
  ticker.addEventListener('ajel-item-click', (event) => event.preventDefault(), { once: true });
  items(ticker).find((item) => item.dataset.key!.endsWith(`/${id}`))!.querySelector<HTMLAnchorElement>('[part~="link"]')!.click();
}

/** A container far below the fold: nothing in it is seen until the page scrolls to it. */
function belowTheFold(): HTMLElement {
  const spacer = document.createElement('div');
  spacer.style.height = '3000px';
  document.body.append(spacer);
  return spacer;
}

describe('reader stats in the widget', () => {
  afterEach(async () => {
    beacons.length = 0;
    document.querySelectorAll('.stats-spacer').forEach((spacer) => spacer.remove());
    window.scrollTo(0, 0);
    await cleanUp();
  });

  it('counts an impression once per page view while the scrolling ticker brings the headline round again and again, and counts link clicks', async function () {
    // Two loops of the ticker, slow enough that each headline stays half visible for over a second.
    this.timeout(60_000);
    const { node, url } = await startNode();
    const first = await publish(node, 'ar-main', { text: 'الأول في الشريط المتحرك', url: 'https://example.com/1' });
    const second = await publish(node, 'ar-main', { text: 'الثاني في الشريط المتحرك', url: 'https://example.com/2' });
    const ticker = await mount({ channel: 'ar-main', server: url, speed: '150' }, 600);
    await until(() => items(ticker).length === 2 && scrollAnimation(ticker)?.playState === 'running', 'scrolling');

    await until(() => loopsDone(ticker, 1), 'one loop', 20_000);
    await untilCounted(node, 'ar-main', (stats) => stats.get(first.id)!.seen === 1 && stats.get(second.id)!.seen === 1, 'both seen');
    await until(() => loopsDone(ticker, 2), 'a second loop', 20_000);
    clickLink(ticker, first.id);
    await untilCounted(node, 'ar-main', (stats) => stats.get(first.id)!.clicked === 1, 'the click');

    const stats = await headlineStats(node, 'ar-main');
    expect([stats.get(first.id)!.seen, stats.get(second.id)!.seen], 'seen in one page view').to.deep.equal([1, 1]);
    expect([stats.get(first.id)!.clicked, stats.get(second.id)!.clicked]).to.deep.equal([1, 0]);
    expect(beaconedIds('ar-main', 'impressions').sort(), 'impressions sent').to.deep.equal([first.id, second.id].sort());
    expect(beaconedIds('ar-main', 'clicks')).to.deep.equal([first.id]);
  });

  it('does not count a headline on screen for less than a second, while one kept there from the same moment is counted', async () => {
    const { node, url } = await startNode();
    const glimpsed = await publish(node, 'ar-main', { text: 'لمحة عابرة' });
    const kept = await publish(node, 'ar-sport', { text: 'باقٍ على الشاشة' });
    const spacer = belowTheFold();
    spacer.className = 'stats-spacer';
    const brief = await mount({ channel: 'ar-main', server: url }, 800);
    const steady = await mount({ channel: 'ar-sport', server: url }, 800);
    await until(() => items(brief).length === 1 && items(steady).length === 1, 'both tickers filled');

    window.scrollTo(0, document.documentElement.scrollHeight);
    await nextFrame();
    brief.parentElement!.style.display = 'none';
    await untilCounted(node, 'ar-sport', (stats) => stats.get(kept.id)!.seen === 1, 'the headline kept on screen');

    expect((await headlineStats(node, 'ar-main')).get(glimpsed.id)!.seen, 'the glimpsed headline').to.equal(0);
    expect(beaconedIds('ar-main', 'impressions')).to.deep.equal([]);
  });

  it('with stats="off" observes nothing and sends nothing, beside a ticker that counts the same way', async () => {
    const { node, url } = await startNode();
    const silent = await publish(node, 'ar-sport', { text: 'لا يُعدّ', url: 'https://example.com/off' });
    const counted = await publish(node, 'ar-main', { text: 'يُعدّ', url: 'https://example.com/on' });
    const observersBefore = observersMade;
    const off = await mount({ channel: 'ar-sport', server: url, stats: 'off' }, 800);
    const on = await mount({ channel: 'ar-main', server: url }, 800);
    await until(() => items(off).length === 1 && items(on).length === 1, 'both tickers filled');
    clickLink(off, silent.id);
    clickLink(on, counted.id);
    await untilCounted(node, 'ar-main', (stats) => stats.get(counted.id)!.seen === 1 && stats.get(counted.id)!.clicked === 1, 'the counting ticker');

    expect(observersMade - observersBefore, 'observers made').to.equal(1);
    expect(beacons.filter((beacon) => beacon.url.includes('/ar-sport/')), 'beacons of stats="off"').to.deep.equal([]);
    const stats = (await headlineStats(node, 'ar-sport')).get(silent.id)!;
    expect([stats.seen, stats.clicked]).to.deep.equal([0, 0]);
  });
});
