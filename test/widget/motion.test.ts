import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { AjelTicker } from '../../widget/index.js';
import { unseenLines } from '../harness/unseen-lines.js';
import {
  cleanUp,
  copies,
  items,
  mount,
  nextFrame,
  part,
  publish,
  scrollAnimation,
  shownItems,
  sleep,
  startNode,
  translateX,
  until,
  viewport,
} from './helpers.js';

const LONG_ARABIC = [
  'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور',
  'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق 2025 حول المياه',
  'ارتفاع أسعار النفط 3.5% بعد قرار أوبك+ خفض الإنتاج',
  'انطلاق القمة العربية في الرياض بحضور قادة الدول الأعضاء',
];
const LONG_ENGLISH = [
  'Ceasefire talks resume in Cairo as envoys arrive for a third round',
  'Markets rally 2.4% after the central bank holds interest rates',
  'Prime minister to address parliament at 6 pm on the budget',
  'Storm warning issued for the northern coast until Friday',
];

async function scrollingTicker(attributes: Record<string, string>, headlines: string[], width = 600): Promise<AjelTicker> {
  const { node, url } = await startNode();
  const channel = attributes.channel ?? 'ar-main';
  for (const text of headlines) await publish(node, channel, { text, url: 'https://example.com/story' });
  const ticker = await mount({ channel, server: url, ...attributes }, width);
  await until(() => items(ticker).length === headlines.length && scrollAnimation(ticker)?.playState === 'running', 'scrolling');
  return ticker;
}

/** The track's speed in px per second of animation time, and how far it moved. */
async function measureSpeed(ticker: AjelTicker, ms = 300): Promise<number> {
  const animation = scrollAnimation(ticker);
  const x0 = translateX(ticker);
  const t0 = Number(animation.currentTime);
  await sleep(ms);
  const x1 = translateX(ticker);
  const t1 = Number(animation.currentTime);
  return ((x1 - x0) / (t1 - t0)) * 1000;
}

/** Tabs from a button on the page before the ticker into it: the pause button comes first. Returns that button. */
async function tabInto(ticker: AjelTicker): Promise<HTMLButtonElement> {
  const before = document.createElement('button');
  before.textContent = 'before';
  ticker.parentElement!.before(before);
  before.focus();
  await sendKeys({ press: 'Tab' });
  expect(ticker.shadowRoot!.activeElement).to.equal(part(ticker, 'pause'));
  return before;
}

/** Pauses through the widget's own button, so that no update of the widget resumes it. */
async function pauseByButton(ticker: AjelTicker): Promise<Animation> {
  part(ticker, 'pause').click();
  await ticker.updateComplete;
  const animation = scrollAnimation(ticker);
  expect(animation.playState).to.equal('paused');
  // A pause takes hold at the next frame; the position is final only then.
  await animation.ready;
  return animation;
}

describe('motion', () => {
  afterEach(async () => {
    await sendMouse({ type: 'move', position: [799, 599] });
    await emulateMedia({ reducedMotion: 'no-preference' });
    await cleanUp();
  });

  it('moves right-to-left content to the right, continuously, at the set speed', async () => {
    const ticker = await scrollingTicker({ speed: '80' }, LONG_ARABIC);
    const first = items(ticker)[0];
    const positions: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < 6; i++) {
      positions.push(first.getBoundingClientRect().left);
      offsets.push(translateX(ticker));
      await sleep(120);
    }
    for (let i = 1; i < positions.length; i++) {
      expect(positions[i], `sample ${i}`).to.be.greaterThan(positions[i - 1]);
      expect(offsets[i]).to.be.greaterThan(offsets[i - 1]);
    }
    expect(await measureSpeed(ticker)).to.be.closeTo(80, 0.5);
    // Driven by a Web Animation of the transform (the compositor's job), not by script.
    const [keyframeStart, keyframeEnd] = (scrollAnimation(ticker).effect as KeyframeEffect).getKeyframes();
    expect(keyframeStart.transform).to.equal('translateX(0px)');
    expect(keyframeEnd.transform).to.match(/^translateX\(\d+(\.\d+)?px\)$/);
  });

  it('moves left-to-right content to the left', async () => {
    const ticker = await scrollingTicker({ channel: 'en-world', dir: 'ltr', locale: 'en', speed: '80' }, LONG_ENGLISH);
    const first = items(ticker)[0];
    const before = first.getBoundingClientRect().left;
    const offsetBefore = translateX(ticker);
    await sleep(300);
    expect(first.getBoundingClientRect().left).to.be.lessThan(before);
    expect(translateX(ticker)).to.be.lessThan(offsetBefore);
    expect(await measureSpeed(ticker)).to.be.closeTo(-80, 0.5);
  });

  it('loops without a seam: the second copy takes the place of the first exactly, and the viewport is always covered', async () => {
    const ticker = await scrollingTicker({ speed: '100' }, LONG_ARABIC.slice(0, 2));
    const animation = await pauseByButton(ticker);
    const [first, second] = copies(ticker);
    const distance = first.getBoundingClientRect().width;
    expect(second.getBoundingClientRect().width).to.equal(distance);
    expect(second.getBoundingClientRect().right).to.be.closeTo(first.getBoundingClientRect().left, 0.01);
    const keyframes = (animation.effect as KeyframeEffect).getKeyframes();
    expect(Number(/translateX\((.+)px\)/.exec(keyframes[1].transform as string)![1])).to.be.closeTo(distance, 0.01);
    const period = Number(animation.effect!.getTiming().duration);
    expect(period).to.be.closeTo((distance / 100) * 1000, 0.001);

    const view = viewport(ticker).getBoundingClientRect();
    for (const fraction of [0, 0.25, 0.5, 0.75, 0.9999]) {
      animation.currentTime = fraction * period;
      const left = second.getBoundingClientRect().left;
      const right = first.getBoundingClientRect().right;
      expect(left, `covered at ${fraction}`).to.be.at.most(view.left);
      expect(right, `covered at ${fraction}`).to.be.at.least(view.right);
    }

    // Across the end of an iteration every item moves on by exactly speed × time: no jump.
    animation.currentTime = period - 10;
    const beforeWrap = [...second.querySelectorAll('[part~="item"]')].map((item) => item.getBoundingClientRect().left);
    animation.currentTime = period + 10;
    const afterWrap = [...first.querySelectorAll('[part~="item"]')].map((item) => item.getBoundingClientRect().left);
    afterWrap.forEach((x, index) => expect(x - beforeWrap[index]).to.be.closeTo(2, 0.05));
  });

  it('keeps the speed and the position when the container is resized', async () => {
    // Short content: the loop is as wide as the viewport, so resizing changes the loop distance.
    const ticker = await scrollingTicker({ speed: '100' }, ['خبر قصير'], 800);
    const container = ticker.parentElement!;
    const animation = scrollAnimation(ticker);
    for (const width of [320, 1600, 2560, 500]) {
      await pauseByButton(ticker);
      const before = translateX(ticker);
      container.style.width = `${width}px`;
      await nextFrame();
      expect(scrollAnimation(ticker), 'the same animation, not a restart').to.equal(animation);
      const distance = copies(ticker)[0].getBoundingClientRect().width;
      expect(distance).to.be.at.least(viewport(ticker).getBoundingClientRect().width);
      expect(Number(animation.effect!.getTiming().duration)).to.be.closeTo((distance / 100) * 1000, 0.001);
      expect(translateX(ticker), `same place in the loop at ${width}px`).to.be.closeTo(before % distance, 0.01);
      part(ticker, 'pause').click();
      await ticker.updateComplete;
      expect(await measureSpeed(ticker), `speed at ${width}px`).to.be.closeTo(100, 0.5);
    }
  });

  it('keeps the speed when headlines make the content longer or shorter', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'خبر قصير' });
    const ticker = await mount({ channel: 'ar-main', server: url, speed: '50' }, 500);
    await until(() => scrollAnimation(ticker)?.playState === 'running', 'scrolling');
    const shortPeriod = Number(scrollAnimation(ticker).effect!.getTiming().duration);
    for (const text of LONG_ARABIC) await publish(node, 'ar-main', { text });
    await until(() => items(ticker).length === 5, 'longer content');
    await nextFrame();
    const longPeriod = Number(scrollAnimation(ticker).effect!.getTiming().duration);
    expect(longPeriod).to.be.greaterThan(shortPeriod * 2);
    expect(await measureSpeed(ticker)).to.be.closeTo(50, 0.5);
  });

  it('shows one headline at a time without scrolling when the reader prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'الأول' });
    await publish(node, 'ar-main', { text: 'الثاني' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => items(ticker).length === 2, 'two headlines');
    await nextFrame();
    expect(scrollAnimation(ticker), 'no scrolling').to.equal(undefined);
    expect(copies(ticker), 'no second copy').to.have.length(1);
    expect(translateX(ticker)).to.equal(0);

    const shown = () => shownItems(ticker);
    expect(shown()).to.have.length(1);
    const firstShown = shown()[0];
    expect(firstShown.textContent).to.include('الثاني');
    // Both remain in the accessibility tree: hidden visually, not removed.
    expect(items(ticker).every((item) => getComputedStyle(item).display !== 'none')).to.equal(true);

    await until(() => shown()[0] !== firstShown, 'the next headline after a reading pause', 7000);
    expect(shown()).to.have.length(1);
    expect(shown()[0].textContent).to.include('الأول');

    // The pause button holds the current headline.
    part(ticker, 'pause').click();
    const held = shown()[0];
    await sleep(4500);
    expect(shown()[0]).to.equal(held);
  });

  describe('with reduced motion, a long headline', () => {
    const LONG = {
      'ar-main': 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية تضرب المنطقة الوسطى وتحجب الرؤية',
      'en-world': 'Breaking: the capital airport closes to all international and domestic flights until further notice as a severe sandstorm sweeps the central region',
    };

    async function reducedTicker(channel: 'ar-main' | 'en-world', width: number): Promise<AjelTicker> {
      await emulateMedia({ reducedMotion: 'reduce' });
      const { node, url } = await startNode();
      await publish(node, channel, { text: 'Short', url: 'https://example.com/short' });
      // Urgent: pinned first, so it is the one on screen.
      await publish(node, channel, { text: LONG[channel], url: 'https://example.com/long', urgent: true });
      const ticker = await mount({ channel, server: url }, width);
      await until(() => items(ticker).length === 2 && shownItems(ticker).length === 1, 'one headline shown');
      await nextFrame();
      expect(shownItems(ticker)[0].textContent).to.include(LONG[channel]);
      return ticker;
    }

    /** Adds rules to the ticker's shadow root, as a bug in its styles would; answers a function that takes them out. */
    function injectStyles(ticker: AjelTicker, rules: string): () => void {
      const root = ticker.shadowRoot!;
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(rules);
      const before = [...root.adoptedStyleSheets];
      root.adoptedStyleSheets = [...before, sheet];
      return () => (root.adoptedStyleSheets = before);
    }

    for (const channel of ['ar-main', 'en-world'] as const) {
      for (const width of [320, 360]) {
        it(`is shown whole, every line inside the bar, at ${width} px (${channel})`, async () => {
          const ticker = await reducedTicker(channel, width);
          expect(unseenLines(ticker)).to.deep.equal([]);
          const base = part(ticker, 'base');
          expect(base.getBoundingClientRect().height, 'the bar grew to hold it').to.be.greaterThan(parseFloat(getComputedStyle(base).fontSize) * 2.75 * 2);
          // Positive controls through the same check: cut after two lines as it was, or kept at the bar's one-line height.
          const clamped = injectStyles(ticker, '.static .item[data-current] { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }');
          expect(unseenLines(ticker), 'clamped to two lines').to.not.deep.equal([]);
          clamped();
          const oneLine = injectStyles(ticker, '.base.static { block-size: 2.75em; }');
          expect(unseenLines(ticker), 'a bar of fixed height').to.not.deep.equal([]);
          oneLine();
          expect(unseenLines(ticker)).to.deep.equal([]);
        });
      }
    }

    it('keeps the bar at one height while headlines take turns, so the page below does not move', async () => {
      const ticker = await reducedTicker('ar-main', 360);
      const height = part(ticker, 'base').getBoundingClientRect().height;
      const first = shownItems(ticker)[0];
      await until(() => shownItems(ticker)[0] !== first, 'the next headline after a reading pause', 15_000);
      expect(shownItems(ticker)[0].textContent).to.include('Short');
      expect(part(ticker, 'base').getBoundingClientRect().height).to.equal(height);
    });

    it('is reached from the keyboard: each headline Tab reaches is the one shown, with its whole focus ring in view', async () => {
      const ticker = await reducedTicker('en-world', 320);
      const links = items(ticker).map((item) => item.querySelector('a')!);
      const before = await tabInto(ticker);
      for (const link of links) {
        await sendKeys({ press: 'Tab' });
        expect(ticker.shadowRoot!.activeElement).to.equal(link);
        await until(() => shownItems(ticker)[0] === link.closest('[part~="item"]'), 'the focused headline shown');
        await nextFrame();
        expect(unseenLines(ticker)).to.deep.equal([]);
        const ring = link.getBoundingClientRect();
        const style = getComputedStyle(link);
        const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        expect(style.outlineStyle).to.equal('solid');
        const view = viewport(ticker).getBoundingClientRect();
        for (const [edge, inside] of [
          ['top', ring.top - reach >= view.top - 0.5],
          ['bottom', ring.bottom + reach <= view.bottom + 0.5],
          ['left', ring.left - reach >= view.left - 0.5],
          ['right', ring.right + reach <= view.right + 0.5],
        ] as const) {
          expect(inside, `focus ring's ${edge} edge inside the viewport`).to.equal(true);
        }
        expect(viewport(ticker).scrollTop + viewport(ticker).scrollLeft, 'nothing scrolled').to.equal(0);
      }
      before.remove();
    });
  });

  it('pauses while the pointer is over the ticker', async () => {
    const ticker = await scrollingTicker({}, LONG_ARABIC);
    const box = viewport(ticker).getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await until(() => scrollAnimation(ticker).playState === 'paused', 'paused on hover');
    const held = translateX(ticker);
    await sleep(250);
    expect(translateX(ticker)).to.equal(held);
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.bottom + 60)] });
    await until(() => scrollAnimation(ticker).playState === 'running', 'running again');
    expect(translateX(ticker), 'resumes from where it stopped').to.be.within(held, held + 30);
  });

  it('pauses on keyboard focus, brings the focused headline into view with a visible focus ring', async () => {
    const ticker = await scrollingTicker({}, LONG_ARABIC, 1000);
    const links = items(ticker).map((item) => item.querySelector('a')!);
    // Tab from the page into the ticker: the pause button first, then the headlines in order.
    const before = await tabInto(ticker);
    await until(() => scrollAnimation(ticker).playState === 'paused', 'paused on focus');
    for (const link of links) {
      await sendKeys({ press: 'Tab' });
      expect(ticker.shadowRoot!.activeElement).to.equal(link);
      await ticker.updateComplete;
      const view = viewport(ticker).getBoundingClientRect();
      const box = link.getBoundingClientRect();
      expect(box.left, 'in view').to.be.at.least(view.left - 0.5);
      expect(box.right, 'in view').to.be.at.most(view.right + 0.5);
      const style = getComputedStyle(link);
      expect(style.outlineStyle).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
      expect(scrollAnimation(ticker).playState).to.equal('paused');
    }
    before.focus();
    await until(() => scrollAnimation(ticker).playState === 'running', 'running after focus leaves');
    before.remove();
  });

  it('brings an off-screen headline focused from the keyboard into view by the marquee alone: focus scrolls no box', async () => {
    // The viewport clips with overflow: hidden (for checkers' sake), a box focus would scroll were it not for its clip layer.
    const ticker = await scrollingTicker({}, LONG_ARABIC, 760);
    const before = document.createElement('button');
    ticker.parentElement!.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(ticker.shadowRoot!.activeElement).to.equal(part(ticker, 'pause'));
    await until(() => scrollAnimation(ticker).playState === 'paused', 'paused on focus');
    const view = viewport(ticker).getBoundingClientRect();
    const offScreen = (link: HTMLElement) => link.getBoundingClientRect().right <= view.left || link.getBoundingClientRect().left >= view.right;
    const link = items(ticker)
      .map((item) => item.querySelector('a')!)
      .find(offScreen);
    expect(link, 'a headline wholly off screen').to.not.equal(undefined);
    // Focused by script after a Tab, so still a keyboard focus (:focus-visible), as a screen reader's would be.
    link!.focus();
    await ticker.updateComplete;
    await nextFrame();
    expect(viewport(ticker).scrollLeft, 'the viewport not scrolled').to.equal(0);
    expect(link!.getBoundingClientRect().left, 'in view').to.be.at.least(view.left - 0.5);
    expect(link!.getBoundingClientRect().right, 'in view').to.be.at.most(view.right + 0.5);
    before.remove();
  });

  it('pauses and plays with its button, labelled for what it does', async () => {
    const ticker = await scrollingTicker({}, LONG_ARABIC);
    const button = part(ticker, 'pause');
    expect(button.getAttribute('aria-label')).to.equal('إيقاف الشريط مؤقتًا');
    await pauseByButton(ticker);
    expect(button.getAttribute('aria-label')).to.equal('تشغيل الشريط');
    const held = translateX(ticker);
    await sleep(200);
    expect(translateX(ticker)).to.equal(held);
    // A mouse click leaves focus on the button; that alone must not keep the ticker paused.
    const box = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await sendMouse({ type: 'move', position: [Math.round(box.left), Math.round(box.bottom + 80)] });
    await until(() => scrollAnimation(ticker).playState === 'running', 'running after play');
    expect(button.getAttribute('aria-label')).to.equal('إيقاف الشريط مؤقتًا');
    // And from the keyboard.
    button.focus();
    await sendKeys({ press: 'Enter' });
    await ticker.updateComplete;
    expect(button.getAttribute('aria-label')).to.equal('تشغيل الشريط');
  });
});
