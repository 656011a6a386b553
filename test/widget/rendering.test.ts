import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import { writeCachedChannel } from '../../widget/ajel-ticker/headline-cache.js';
import type { Headline } from '../../server/protocol.js';
import type { AjelTicker } from '../../widget/index.js';
import { cleanUp, copies, items, mount, nextFrame, part, publish, startNode, texts, until } from './helpers.js';

const ARABIC_INDIC_DIGIT = /[\u0660-\u0669]/;
const LATIN_DIGIT = /[0-9]/;

function cachedHeadline(fields: Partial<Headline> & { id: string; text: string }): Headline {
  const now = new Date().toISOString();
  return { urgent: false, lang: 'ar', dir: 'rtl', publishedAt: now, updatedAt: now, rev: 1, ...fields };
}

describe('rendering', () => {
  afterEach(async () => {
    document.documentElement.removeAttribute('lang');
    document.documentElement.className = '';
    await emulateMedia({ colorScheme: 'light' });
    await cleanUp();
  });

  it('renders right to left in Arabic by default: badge, order, Arabic-Indic times, first copy at the right', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'الخبر الأول' });
    await publish(node, 'ar-main', { text: 'الخبر الثاني', url: 'https://example.com/2' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => ticker.status === 'live' && items(ticker).length === 2, 'two headlines');
    await nextFrame();

    const base = part(ticker, 'base');
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(base).direction).to.equal('rtl');
    expect(part(ticker, 'label').textContent!.trim()).to.equal('عاجل');
    expect(texts(ticker)).to.deep.equal(['الخبر الثاني', 'الخبر الأول']);
    expect(ticker.headlines.map((headline) => headline.text)).to.deep.equal(['الخبر الثاني', 'الخبر الأول']);
    const time = items(ticker)[0].querySelector('time')!;
    expect(time.textContent).to.match(ARABIC_INDIC_DIGIT).and.not.match(LATIN_DIGIT);
    expect(part(ticker, 'pause').getAttribute('aria-label')).to.equal('إيقاف الشريط مؤقتًا');
    expect(base.getAttribute('aria-label')).to.equal('شريط الأخبار العاجلة');
    // Reading order from the right: the first copy starts at the right, the newest headline first.
    const [first, second] = copies(ticker).map((copy) => copy.getBoundingClientRect());
    expect(second.right).to.be.closeTo(first.left, 0.01);
    const [newest, older] = items(ticker).map((item) => item.getBoundingClientRect());
    expect(newest.left).to.be.greaterThan(older.left);
  });

  it('renders left to right in English: badge, Latin digits, first copy at the left', async () => {
    const { node, url } = await startNode();
    await publish(node, 'en-world', { text: 'First story' });
    await publish(node, 'en-world', { text: 'Second story' });
    const ticker = await mount({ channel: 'en-world', server: url, dir: 'ltr', locale: 'en' });
    await until(() => items(ticker).length === 2, 'two headlines');
    await nextFrame();

    const base = part(ticker, 'base');
    expect(getComputedStyle(base).direction).to.equal('ltr');
    expect(part(ticker, 'label').textContent!.trim()).to.equal('Breaking');
    expect(part(ticker, 'pause').getAttribute('aria-label')).to.equal('Pause the ticker');
    expect(items(ticker)[0].querySelector('time')!.textContent).to.match(LATIN_DIGIT);
    const [first, second] = copies(ticker).map((copy) => copy.getBoundingClientRect());
    expect(second.left).to.be.closeTo(first.right, 0.01);
    const [newest, older] = items(ticker).map((item) => item.getBoundingClientRect());
    expect(newest.left).to.be.lessThan(older.left);
  });

  it('takes its direction and language from the page when dir is auto', async () => {
    const { url } = await startNode();
    document.documentElement.lang = 'en';
    const english = await mount({ channel: 'en-world', server: url });
    expect(part(english, 'base').getAttribute('dir')).to.equal('ltr');
    expect(part(english, 'label').textContent!.trim()).to.equal('Breaking');

    const arabic = await mount({ channel: 'ar-main', server: url, dir: 'auto' });
    arabic.parentElement!.lang = 'ar';
    arabic.requestUpdate();
    await arabic.updateComplete;
    expect(part(arabic, 'base').getAttribute('dir')).to.equal('rtl');
    expect(part(arabic, 'label').textContent!.trim()).to.equal('عاجل');

    document.documentElement.lang = 'fa';
    await until(() => part(english, 'base').getAttribute('dir') === 'rtl', 'a change of the page language followed');
  });

  it('formats with the locale attribute, and honours an explicit numbering system', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'خبر' });
    const egyptian = await mount({ channel: 'ar-main', server: url, locale: 'ar-EG', label: 'آخر الأخبار' });
    const latin = await mount({ channel: 'ar-main', server: url, locale: 'ar-u-nu-latn' });
    await until(() => items(egyptian).length === 1 && items(latin).length === 1, 'headlines');
    expect(items(egyptian)[0].querySelector('time')!.textContent).to.match(ARABIC_INDIC_DIGIT);
    expect(items(latin)[0].querySelector('time')!.textContent).to.match(LATIN_DIGIT);
    expect(part(egyptian, 'label').textContent!.trim()).to.equal('آخر الأخبار');
  });

  it('isolates each headline in its own direction, so mixed Arabic and Latin text keeps its order', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'Breaking: talks resume in Cairo', lang: 'en' });
    await publish(node, 'ar-main', { text: 'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق 2025' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => items(ticker).length === 2, 'two headlines');
    const [arabic, english] = items(ticker);
    expect(arabic.getAttribute('dir')).to.equal('rtl');
    expect(arabic.getAttribute('lang')).to.equal('ar');
    expect(english.getAttribute('dir')).to.equal('ltr');
    expect(english.getAttribute('lang')).to.equal('en');
    for (const item of [arabic, english]) {
      expect(getComputedStyle(item).unicodeBidi).to.equal('isolate');
      expect(getComputedStyle(item.querySelector('time')!).unicodeBidi).to.equal('isolate');
    }
  });

  it('exposes the parts of the contract, marks urgent alerts and pins them first', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'تنبيه قديم', urgent: true, url: 'https://example.com/u' });
    await publish(node, 'ar-main', { text: 'خبر عادي', url: 'https://example.com/o' });
    const ticker = await mount({ channel: 'ar-main', server: url });
    await until(() => items(ticker).length === 2, 'two headlines');
    for (const name of ['base', 'label', 'pause', 'status', 'item', 'link', 'time', 'viewport', 'track']) {
      expect(part(ticker, name), name).to.exist;
    }
    const [urgent, ordinary] = items(ticker);
    expect(urgent.getAttribute('part')).to.equal('item urgent');
    expect(urgent.textContent).to.include('تنبيه قديم');
    expect(ordinary.getAttribute('part')).to.equal('item');
    expect(urgent.querySelector('[part="urgent-badge"]')!.textContent).to.equal('تنبيه');
    expect(getComputedStyle(urgent).backgroundColor).to.not.equal(getComputedStyle(ordinary).backgroundColor);
    // The `headlines` property stays newest first; the display pins the urgent alert.
    expect(ticker.headlines.map((headline) => headline.text)).to.deep.equal(['خبر عادي', 'تنبيه قديم']);
    expect(part(ticker, 'status').dataset.status).to.equal('live');
  });

  it('shows at most max-items headlines, urgent alerts always included', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'تنبيه', urgent: true });
    for (let i = 1; i <= 5; i++) await publish(node, 'ar-main', { text: `خبر ${i}` });
    const ticker = await mount({ channel: 'ar-main', server: url, 'max-items': '3' });
    await until(() => ticker.status === 'live' && items(ticker).length > 0, 'headlines');
    expect(texts(ticker)).to.deep.equal(['تنبيه', 'خبر 5', 'خبر 4']);
    expect(ticker.headlines).to.have.length(3);
  });

  it('merges several comma-separated channels, newest first', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-main', { text: 'من القناة الرئيسية' });
    await publish(node, 'ar-sport', { text: 'من قناة الرياضة' });
    const ticker = await mount({ channel: 'ar-main, ar-sport', server: url });
    await until(() => items(ticker).length === 2, 'both channels');
    expect(texts(ticker)).to.deep.equal(['من قناة الرياضة', 'من القناة الرئيسية']);
  });

  it('opens links in the configured target, only http(s), and shows untrusted data as plain text', async () => {
    // localStorage is writable by any script of the host page: the widget checks what it renders.
    const server = 'http://127.0.0.1:9/';
    writeCachedChannel(server, 'ar-main', {
      cursor: '1-0',
      headlines: [
        cachedHeadline({ id: 'a', text: 'نص\u202Eمعكوس\u200B مخفي\u2066', url: 'javascript:alert(1)', publishedAt: '2030-01-03T00:00:00Z' }),
        cachedHeadline({ id: 'b', text: '<img src=x onerror=alert(1)>', url: 'https://example.com/ok', publishedAt: '2030-01-02T00:00:00Z' }),
        cachedHeadline({ id: 'c', text: 'رابط بيانات', url: 'data:text/html,<b>x</b>', dir: 'sideways' as never, publishedAt: '2030-01-01T00:00:00Z' }),
      ],
    });
    const ticker = await mount({ channel: 'ar-main', server, target: '_blank' });
    expect(items(ticker)).to.have.length(3);
    const [reversed, markup, data] = items(ticker);
    expect(reversed.querySelector('a'), 'javascript: URL').to.equal(null);
    expect(reversed.textContent).to.include('نصمعكوس مخفي').and.not.match(/[\u202E\u200B\u2066]/);
    expect(markup.querySelector('img')).to.equal(null);
    expect(markup.querySelector('a')!.textContent).to.include('<img src=x onerror=alert(1)>');
    const link = markup.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://example.com/ok');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener');
    expect(link.textContent).to.include('(يفتح في علامة تبويب جديدة)');
    expect(data.querySelector('a'), 'data: URL').to.equal(null);
    expect(data.getAttribute('dir')).to.equal('auto');

    ticker.target = 'javascript:alert(1)';
    await ticker.updateComplete;
    expect(markup.querySelector('a')!.target).to.equal('_self');
  });

  it('follows prefers-color-scheme and the host page dark mode when theme is auto', async () => {
    const { url } = await startNode();
    const auto = await mount({ channel: 'ar-main', server: url });
    const light = await mount({ channel: 'ar-main', server: url, theme: 'light' });
    const dark = await mount({ channel: 'ar-main', server: url, theme: 'dark' });
    const scheme = (ticker: AjelTicker) => part(ticker, 'base').dataset.scheme;
    expect([scheme(auto), scheme(light), scheme(dark)]).to.deep.equal(['light', 'light', 'dark']);
    expect(getComputedStyle(part(dark, 'base')).backgroundColor).to.not.equal(getComputedStyle(part(light, 'base')).backgroundColor);
    expect(dark.matches(':state(dark)')).to.equal(true);

    await emulateMedia({ colorScheme: 'dark' });
    await until(() => scheme(auto) === 'dark', 'prefers-color-scheme: dark');
    expect(scheme(light)).to.equal('light');

    // The site's own toggle wins over the system preference, both ways.
    document.documentElement.setAttribute('data-theme', 'light');
    await until(() => scheme(auto) === 'light', 'data-theme="light" on <html>');
    document.documentElement.removeAttribute('data-theme');
    await emulateMedia({ colorScheme: 'light' });
    document.body.classList.add('dark-mode');
    await until(() => scheme(auto) === 'dark', 'a dark-mode class on <body>');
    document.body.classList.remove('dark-mode');
    await until(() => scheme(auto) === 'light', 'the class removed');
    document.documentElement.style.colorScheme = 'dark';
    await until(() => scheme(auto) === 'dark', 'color-scheme: dark on <html>');
    document.documentElement.style.colorScheme = '';
  });

  it('defines the element once even when the module is loaded again from another URL', async () => {
    const defined = customElements.get('ajel-ticker');
    const copy = new URL('../../widget/index.ts', import.meta.url);
    copy.search = `copy=${Date.now()}`;
    await import(copy.href);
    expect(customElements.get('ajel-ticker')).to.equal(defined);
  });
});
