import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendMouse } from '@web/test-runner-commands';
import type { Headline } from '../../server/protocol.js';
import type { AjelHeadlineDetail, AjelItemClickDetail, AjelStatusDetail, AjelTicker, AjelUrgentDetail } from '../../widget/index.js';
import {
  cleanUp,
  connectionsTo,
  copies,
  expectContinuous,
  items,
  mount,
  nextFrame,
  part,
  publish,
  recordEvents,
  sampleVisible,
  scrollAnimation,
  scrolledBy,
  shownItems,
  startNode,
  texts,
  translateX,
  until,
} from './helpers.js';

const SPEED = 60;

/** An ISO time this many minutes from now. */
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function headline(fields: Partial<Headline> & { id: string; text: string }): Headline {
  const now = new Date().toISOString();
  return { urgent: false, lang: 'ar', dir: 'rtl', publishedAt: now, updatedAt: now, rev: 1, ...fields };
}

const STORIES = [
  'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور',
  'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق 2025 حول المياه',
  'ارتفاع أسعار النفط 3.5% بعد قرار أوبك+ خفض الإنتاج',
  'انطلاق القمة العربية في الرياض بحضور قادة الدول الأعضاء',
  'الأرصاد تحذر من موجة حر تضرب المنطقة الشرقية نهاية الأسبوع',
].map((text, index) => headline({ id: `s${index}`, text, url: `https://example.com/${index}`, publishedAt: minutesFromNow(-index) }));

async function scrolling(ticker: AjelTicker): Promise<void> {
  await until(() => scrollAnimation(ticker)?.playState === 'running', 'scrolling');
  await scrollAnimation(ticker).ready;
}

describe('static mode: headlines given without a channel', () => {
  // The pointer away from the tickers, which pause under it.
  beforeEach(() => sendMouse({ type: 'move', position: [799, 599] }));
  afterEach(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    await cleanUp();
  });

  it('shows them as live headlines are shown: urgent first, then newest first, with the same parts, direction and scrolling', async () => {
    const ticker = await mount({ speed: String(SPEED) });
    ticker.headlines = [
      headline({ id: 'older', text: 'الخبر الأقدم', publishedAt: minutesFromNow(-3) }),
      headline({ id: 'newer', text: 'الخبر الأحدث', url: 'https://example.com/newer', publishedAt: minutesFromNow(-1) }),
      headline({ id: 'alert', text: 'تنبيه عاجل سابق', urgent: true, publishedAt: minutesFromNow(-5) }),
      headline({ id: 'gone', text: 'خبر انتهت مدته', publishedAt: minutesFromNow(-2), expiresAt: minutesFromNow(-1) }),
    ];
    await ticker.updateComplete;

    expect(texts(ticker)).to.deep.equal(['تنبيه عاجل سابق', 'الخبر الأحدث', 'الخبر الأقدم']);
    expect(ticker.headlines.map((shown) => shown.id), 'the property: newest first').to.deep.equal(['newer', 'older', 'alert']);
    const [alert, newer] = items(ticker);
    expect(alert.getAttribute('part')).to.equal('item urgent');
    expect(alert.querySelector('[part="urgent-badge"]')!.textContent).to.equal('تنبيه');
    expect(part(ticker, 'base').hasAttribute('data-urgent')).to.equal(true);
    expect(ticker.matches(':state(urgent)')).to.equal(true);
    expect(newer.querySelector<HTMLAnchorElement>('[part="link"]')!.href).to.equal('https://example.com/newer');
    expect(newer.getAttribute('dir')).to.equal('rtl');
    expect(part(ticker, 'base').getAttribute('dir')).to.equal('rtl');
    expect(part(ticker, 'label').textContent!.trim()).to.equal('عاجل');
    expect(copies(ticker)).to.have.length(2);
    expect(ticker.shadowRoot!.querySelector('[part="status"]'), 'no connection to show').to.equal(null);

    // Right to left: moving right (its speed is the benchmark's to measure, not a test's).
    await scrolling(ticker);
    const start = translateX(ticker);
    await until(() => translateX(ticker) !== start, 'the row to move');
    expect(translateX(ticker) - start, 'moving right, as right-to-left text reads').to.be.greaterThan(0);

    const clicks = recordEvents<AjelItemClickDetail>('ajel-item-click');
    const cancel = (event: Event) => event.preventDefault();
    document.addEventListener('ajel-item-click', cancel);
    newer.querySelector('a')!.click();
    document.removeEventListener('ajel-item-click', cancel);
    clicks.stop();
    expect(clicks.details.map((detail) => detail.headline.id)).to.deep.equal(['newer']);
  });

  it('cleans hostile headlines as it cleans the wire: bidi controls, script URLs, markup, bad fields', async () => {
    const ticker = await mount({});
    ticker.headlines = [
      headline({ id: 'spoof', text: 'خبر \u202eمعكوس\u2066 مع\u200f علامات\u200b خفية', url: 'javascript:alert(1)', publishedAt: minutesFromNow(-1) }),
      headline({
        id: 'markup',
        text: '<img src=x onerror="window.pwned = true">',
        url: 'https://user:secret@example.com/',
        dir: 'sideways' as Headline['dir'],
        lang: '"><script>',
        publishedAt: minutesFromNow(-2),
      }),
      headline({ id: 'spoof', text: 'the same id again', publishedAt: minutesFromNow(-3) }),
      { id: 'broken', text: 42 } as unknown as Headline,
      null as unknown as Headline,
      headline({ id: 'fine', text: 'A fine story', url: 'https://example.com/fine', lang: 'en', dir: 'ltr', publishedAt: minutesFromNow(-4) }),
    ];
    await ticker.updateComplete;

    // A repeated id is one headline, the last given, as a repeated change would be.
    expect(texts(ticker)).to.deep.equal(['<img src=x onerror="window.pwned = true">', 'the same id again', 'A fine story']);
    const [markup, duplicate, fine] = items(ticker);
    expect(duplicate.querySelector('a'), 'not a link').to.equal(null);
    expect(markup.querySelector('img')).to.equal(null);
    expect(markup.querySelector('a'), 'no link with credentials').to.equal(null);
    expect(markup.getAttribute('dir')).to.equal('auto');
    expect(markup.hasAttribute('lang')).to.equal(false);
    expect(fine.querySelector<HTMLAnchorElement>('a')!.href).to.equal('https://example.com/fine');
    expect(fine.getAttribute('dir')).to.equal('ltr');
    expect(fine.getAttribute('lang')).to.equal('en');

    ticker.headlines = [STORIES[0], headline({ id: 'spoof', text: 'خبر \u202eمعكوس\u2066 مع\u200f علامات\u200b خفية', url: 'javascript:alert(1)' })];
    await ticker.updateComplete;
    const spoof = items(ticker).find((item) => item.dataset.key === '/spoof')!;
    expect(spoof.querySelector('[part="text"]')!.textContent).to.equal('خبر معكوس مع علامات خفية');
    expect(spoof.querySelector('a')).to.equal(null);
    expect(ticker.shadowRoot!.querySelector('a[href^="javascript"]')).to.equal(null);
    expect((window as { pwned?: boolean }).pwned).to.equal(undefined);

    ticker.headlines = 'not a list' as unknown as Headline[];
    await ticker.updateComplete;
    expect(items(ticker)).to.have.length(0);
    expect(ticker.headlines).to.deep.equal([]);
  });

  it('updates in place as the array changes, without a restart or a jump', async () => {
    const ticker = await mount({ speed: String(SPEED) }, 1000);
    ticker.headlines = STORIES;
    await scrolling(ticker);
    await scrolledBy(ticker, 18);
    await nextFrame();
    const animation = scrollAnimation(ticker);
    const before = sampleVisible(ticker);
    expect(before.items.length).to.be.at.least(2);
    // Correct the headline entering the screen last: everything ahead of it must not move.
    const target = before.items.reduce((last, sample) => (sample.right < last.right ? sample : last));
    const key = target.element.dataset.key!;
    const elements = [...ticker.shadowRoot!.querySelectorAll<HTMLElement>(`[data-key="${key}"]`)];

    ticker.headlines = STORIES.map((story) => (`/${story.id}` === key ? { ...story, text: 'نص مصحح أطول قليلًا من النص الأصلي للخبر', rev: 2 } : { ...story }));
    await ticker.updateComplete;
    expect(elements.every((element) => element.textContent!.includes('نص مصحح')), 'corrected in both copies').to.equal(true);
    const now = [...ticker.shadowRoot!.querySelectorAll<HTMLElement>(`[data-key="${key}"]`)];
    expect(now.length === elements.length && now.every((element, index) => element === elements[index]), 'the same elements').to.equal(true);
    expect(scrollAnimation(ticker), 'the same animation').to.equal(animation);
    expect(animation.playState).to.equal('running');
    expect(expectContinuous(before, SPEED, target.element)).to.be.at.least(1);
  });

  it('follows a draft typed word by word: the headline being read stays where it is', async () => {
    const ticker = await mount({ speed: String(SPEED) }, 600);
    const words = 'عاجل: انقطاع المياه عن وسط المدينة حتى مساء الغد بسبب أعمال صيانة طارئة في المحطة الرئيسية شرق العاصمة'.split(' ');
    const draft = (count: number, urgent = false) => [headline({ id: 'preview', text: words.slice(0, count).join(' '), urgent })];
    ticker.headlines = draft(1);
    await scrolling(ticker);
    const animation = scrollAnimation(ticker);
    const shortLoop = Number(animation.effect!.getTiming().duration);
    const [first, clone] = ticker.shadowRoot!.querySelectorAll<HTMLElement>('[data-key="/preview"]');

    for (let count = 2; count <= words.length; count++) {
      await scrolledBy(ticker, Math.abs(translateX(ticker)) + 2);
      await nextFrame();
      const before = sampleVisible(ticker);
      // The item furthest along: the one a reader is following.
      const read = before.items.reduce((most, sample) => (sample.right > most.right ? sample : most));
      ticker.headlines = draft(count, count > words.length / 2);
      await ticker.updateComplete;
      expect(expectContinuous({ ...before, items: [read] }, SPEED), `after word ${count}`).to.equal(1);
    }
    expect(texts(ticker)).to.deep.equal([words.join(' ')]);
    expect(items(ticker)[0].getAttribute('part')).to.equal('item urgent');
    const [firstNow, cloneNow] = ticker.shadowRoot!.querySelectorAll<HTMLElement>('[data-key="/preview"]');
    expect(firstNow === first && cloneNow === clone, 'the same elements throughout').to.equal(true);
    expect(scrollAnimation(ticker), 'never restarted').to.equal(animation);
    expect(Number(animation.effect!.getTiming().duration), 'a longer loop for the longer text').to.be.greaterThan(shortLoop);
  });

  it('neither announces, takes over nor fires live events for what it is given', async () => {
    let ticker: AjelTicker | undefined;
    let live: AjelTicker | undefined;
    const record = (source: () => AjelTicker | undefined) => [
      recordEvents<AjelUrgentDetail>('ajel-urgent', source),
      recordEvents<AjelHeadlineDetail>('ajel-headline', source),
      recordEvents<AjelStatusDetail>('ajel-status', source),
    ];
    const fromStatic = record(() => ticker);
    const fromLive = record(() => live);
    ticker = await mount({});
    ticker.headlines = [headline({ id: 'alert', text: 'زلزال بقوة 5.1 درجات', urgent: true })];
    await ticker.updateComplete;
    ticker.headlines = [headline({ id: 'alert', text: 'زلزال بقوة 5.3 درجات', urgent: true })];
    await ticker.updateComplete;
    await scrolling(ticker);
    // Positive control: the same alert reaching a live ticker on this page is announced and fires each event.
    const { node, url } = await startNode();
    live = await mount({ channel: 'ar-main', server: url });
    await until(() => live!.status === 'live', 'the live ticker connected');
    await publish(node, 'ar-main', { text: 'زلزال بقوة 5.3 درجات', urgent: true });
    await until(() => live!.shadowRoot!.querySelector('[aria-live]')!.textContent!.includes('زلزال'), 'the live ticker announced the alert');
    for (const recorder of [...fromStatic, ...fromLive]) recorder.stop();
    expect(fromLive.map((recorder) => recorder.details.length), 'urgent, headline and status events from the live ticker').to.deep.equal([1, 1, 1]);

    expect(items(ticker)[0].getAttribute('part')).to.equal('item urgent');
    expect(ticker.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim(), 'nothing announced').to.equal('');
    expect(ticker.shadowRoot!.querySelector('[part="takeover"]')).to.equal(null);
    expect(fromStatic.map((recorder) => recorder.details.length), 'no events from the static ticker').to.deep.equal([0, 0, 0]);
  });

  it('shows one at a time without scrolling when the reader prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const ticker = await mount({});
    ticker.headlines = STORIES.slice(0, 2);
    await ticker.updateComplete;
    await nextFrame();
    expect(scrollAnimation(ticker), 'no scrolling').to.equal(undefined);
    expect(copies(ticker)).to.have.length(1);
    const shown = shownItems(ticker);
    expect(shown.map((item) => item.dataset.key)).to.deep.equal(['/s0']);
  });

  it('ignores headlines given while it follows a channel', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'خبر حي من القناة' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => ticker.status === 'live' && items(ticker).length === 1, 'the live headline');

    ticker.headlines = STORIES;
    await ticker.updateComplete;
    await nextFrame();
    expect(texts(ticker)).to.deep.equal(['خبر حي من القناة']);
    expect(ticker.headlines.map((shown) => shown.text)).to.deep.equal(['خبر حي من القناة']);
    // Ignored, not kept for later: without its channel the ticker has nothing to show.
    ticker.channel = '';
    await ticker.updateComplete;
    expect(items(ticker)).to.have.length(0);

    // And given headlines give way to a channel as soon as it is set.
    const switched = await mount({ server: url });
    switched.headlines = STORIES;
    await switched.updateComplete;
    expect(items(switched)).to.have.length(STORIES.length);
    switched.channel = 'ar-main';
    await until(() => switched.status === 'live' && texts(switched).join() === 'خبر حي من القناة', 'the live headline only');
  });

  it('opens no connection and writes no cache, even with a server', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'خبر حي من القناة' });
    const ticker = await mount({ server: url });
    ticker.headlines = STORIES;
    await ticker.updateComplete;
    // Positive controls through the same paths: a ticker that follows a channel on the same node is
    // counted as a connection, and caches its channel when the page is hidden.
    const live = await mount({ channel: 'ar-main', server: url });
    await until(() => live.status === 'live' && items(live).length === 1, 'the live ticker showing its channel');
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(() => localStorage.length > 0, 'the live ticker cached its channel');

    expect(items(ticker)).to.have.length(STORIES.length);
    const cached = Object.keys(localStorage);
    expect(cached, 'only the live channel cached').to.have.length(1);
    expect(cached[0].endsWith('ar-main'), cached[0]).to.equal(true);
    expect(await connectionsTo(node), 'only the live ticker connected').to.equal(1);
  });

  it('keeps headlines set before the element was defined', async () => {
    // An element made in a document without a window stays undefined until it joins this page,
    // like one rendered by a page before the widget's script has run.
    const early = document.implementation.createHTMLDocument('').createElement('ajel-ticker') as AjelTicker;
    early.headlines = STORIES.slice(0, 2);
    expect(early).to.not.be.instanceOf(customElements.get('ajel-ticker')!);
    const container = document.createElement('div');
    container.append(early);
    document.body.append(container);
    try {
      await early.updateComplete;
      expect(texts(early)).to.deep.equal(STORIES.slice(0, 2).map((story) => story.text));
      expect(early.headlines.map((shown) => shown.id)).to.deep.equal(['s0', 's1']);
    } finally {
      container.remove();
    }
  });
});
