import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { SignJWT } from 'jose';
import type { PartnerView } from '../../server/partners/partner.js';
import type { Headline } from '../../server/protocol.js';
import '../../widget/index.js';
import '../../demo/console/ajel-console/ajel-console.js';
import { count, localInputValue } from '../../demo/console/i18n/format.js';
import type { AjelConsole } from '../../demo/console/ajel-console/ajel-console.js';
import type { AjelTicker } from '../../widget/index.js';

interface TestServer {
  url: string;
  editorKey: string;
  partnerKey: string;
  adminKey: string;
  /** A channel no other test uses. */
  channel: string;
}

let server: TestServer;
let consoleElement: AjelConsole;

/** Finds an element through nested shadow roots: each selector is looked up inside the previous match. */
function find<T extends HTMLElement = HTMLElement>(...selectors: string[]): T | null {
  let current: Element | ShadowRoot | null = consoleElement;
  for (const selector of selectors) {
    const scope: Element | ShadowRoot | null = current instanceof Element ? (current.shadowRoot ?? current) : current;
    current = scope?.querySelector(selector) ?? null;
  }
  return current as T | null;
}

async function waitFor<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = check();
    if (result) return result;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function rows(): HTMLElement[] {
  const list = find('ajel-headline-list');
  return [...(list?.shadowRoot?.querySelectorAll<HTMLElement>('ajel-headline-row') ?? [])];
}

function rowWithText(text: string): HTMLElement | undefined {
  return rows().find((row) => row.shadowRoot?.querySelector('.text')?.textContent === text);
}

function inRow<T extends HTMLElement = HTMLElement>(row: HTMLElement, selector: string): T {
  const element = row.shadowRoot!.querySelector<T>(selector);
  if (!element) throw new Error(`no ${selector} in the row`);
  return element;
}

/** Types into a field as an editor would, and waits for the component to render the change. */
async function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  element.value = value;
  element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await ((element.getRootNode() as ShadowRoot).host as AjelConsole).updateComplete;
}

async function channelHeadlines(): Promise<Headline[]> {
  const response = await fetch(`${server.url}/api/channels/${server.channel}/headlines`);
  return (await response.json()).headlines;
}

async function apiPublish(body: object): Promise<Headline> {
  const response = await fetch(`${server.url}/api/channels/${server.channel}/headlines`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.editorKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).to.equal(201);
  return (await response.json()).headline;
}

async function mount(): Promise<AjelConsole> {
  const element = document.createElement('ajel-console');
  element.server = server.url;
  document.body.append(element);
  consoleElement = element;
  await element.updateComplete;
  return element;
}

async function signIn(key = server.editorKey): Promise<void> {
  const input = await waitFor(() => find<HTMLInputElement>('ajel-sign-in', '#key'), 'the key field');
  input.value = key;
  find<HTMLButtonElement>('ajel-sign-in', 'button[type="submit"]')!.click();
}

async function signedIn(): Promise<void> {
  await waitFor(() => find('ajel-headline-composer', '#text'), 'the composer');
  await waitFor(() => find('ajel-headline-list', '#feed-status.live'), 'the live feed');
}

function composer() {
  return {
    text: find<HTMLTextAreaElement>('ajel-headline-composer', '#text')!,
    url: find<HTMLInputElement>('ajel-headline-composer', '#url')!,
    urgent: find<HTMLInputElement>('ajel-headline-composer', '#urgent')!,
    expiry: find<HTMLSelectElement>('ajel-headline-composer', '#expiry')!,
    publish: find<HTMLButtonElement>('ajel-headline-composer', '#publish')!,
  };
}

/** The preview's ticker, once there is a draft to show. */
function previewTicker(): AjelTicker | null {
  return find<AjelTicker>('ajel-headline-composer', 'ajel-headline-preview', 'ajel-ticker');
}

/** The preview ticker's own look inside its shadow root. */
function inPreview<T extends HTMLElement = HTMLElement>(selector: string): T {
  const element = previewTicker()?.shadowRoot?.querySelector<T>(selector);
  if (!element) throw new Error(`no ${selector} in the preview`);
  return element;
}

/** The texts of the headlines the preview shows (its first copy: the one read out). */
function previewTexts(): string[] | undefined {
  const copy = previewTicker()?.shadowRoot?.querySelector('.copy');
  return copy ? [...copy.querySelectorAll('[part~="text"], [part~="link"]')].map((text) => text.textContent!.trim()) : undefined;
}

async function chooseChannel(channel: string): Promise<void> {
  const picker = find<HTMLSelectElement>('#channel')!;
  picker.value = channel;
  picker.dispatchEvent(new Event('change'));
  await consoleElement.updateComplete;
  await find<AjelConsole>('ajel-headline-composer')!.updateComplete;
}

async function pressCtrlEnter(): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Control' });
}

beforeEach(async () => {
  server = await executeServerCommand<TestServer, undefined>('ajel-test-server');
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  localStorage.setItem('ajel.console.channel', server.channel);
});

afterEach(() => {
  consoleElement?.remove();
});

describe('editor console: signing in', () => {
  it('refuses a wrong key, with the reason at the key field', async () => {
    await mount();
    await signIn('definitely-not-a-key');
    const error = await waitFor(() => find('ajel-sign-in', '#key-error'), 'the key error');
    expect(error.textContent).to.contain('المفتاح غير صالح');
    expect(find('ajel-sign-in', '#key')!.getAttribute('aria-invalid')).to.equal('true');
    expect(find('ajel-headline-composer') === null, 'absent').to.equal(true);
    expect(sessionStorage.getItem('ajel.console.key')).to.equal(null);
  });

  it('refuses a partner key, which cannot write', async () => {
    await mount();
    await signIn(server.partnerKey);
    const error = await waitFor(() => find('ajel-sign-in', '#key-error'), 'the key error');
    expect(error.textContent).to.contain('مفتاح شريك');
  });

  it('keeps the key for the browser session only, and forgets it on sign-out', async () => {
    await mount();
    await signIn();
    await signedIn();
    expect(sessionStorage.getItem('ajel.console.key')).to.equal(server.editorKey);
    expect(JSON.stringify({ ...localStorage })).not.to.contain(server.editorKey);

    consoleElement.remove();
    await mount();
    await signedIn();

    find<HTMLButtonElement>('#sign-out')!.click();
    await waitFor(() => find('ajel-sign-in', '#key'), 'the sign-in form');
    expect(sessionStorage.getItem('ajel.console.key')).to.equal(null);
  });

  it('is right-to-left in Arabic and switches to English', async () => {
    await mount();
    await signIn();
    await signedIn();
    expect(document.documentElement.dir).to.equal('rtl');
    expect(document.documentElement.lang).to.equal('ar');
    find<HTMLButtonElement>('button[lang="en"]')!.click();
    await waitFor(() => document.documentElement.dir === 'ltr', 'the switch to English');
    await consoleElement.updateComplete;
    expect(find('ajel-headline-composer', '#publish')!.textContent!.trim()).to.equal('Publish');
    expect(localStorage.getItem('ajel.console.lang')).to.equal('en');
  });
});

describe('editor console: publishing', () => {
  beforeEach(async () => {
    await mount();
    await signIn();
    await signedIn();
  });

  it('previews the draft, publishes it with Ctrl+Enter and lists it live', async () => {
    const text = 'عاجل: انقطاع المياه عن وسط المدينة حتى مساء الغد';
    const form = composer();
    await type(form.text, text);
    await type(form.url, 'https://example.com/water');
    form.urgent.click();
    form.expiry.value = '3600';
    form.expiry.dispatchEvent(new Event('change'));

    // The link's text ends with the words saying it opens in a new tab.
    await waitFor(() => previewTexts()?.[0]?.startsWith(text), 'the preview');

    const published = new Promise<CustomEvent<{ headline: Headline; replayed: boolean }>>((resolve) =>
      consoleElement.addEventListener('ajel-published', resolve, { once: true }),
    );
    form.text.focus();
    await pressCtrlEnter();
    const event = await published;
    expect(event.detail.replayed).to.equal(false);

    const row = await waitFor(() => rowWithText(text), 'the published headline in the live list');
    expect(inRow(row, '.item').classList.contains('urgent')).to.equal(true);
    expect(inRow<HTMLAnchorElement>(row, 'a.link').href).to.equal('https://example.com/water');

    const [stored] = await channelHeadlines();
    expect(stored.id).to.equal(event.detail.headline.id);
    expect(stored.text).to.equal(text);
    expect(stored.urgent).to.equal(true);
    expect(stored.url).to.equal('https://example.com/water');
    const lifetime = Date.parse(stored.expiresAt!) - Date.now();
    expect(lifetime).to.be.within(55 * 60_000, 60 * 60_000);

    expect(composer().text.value).to.equal('');
    expect(find('ajel-headline-composer', '#publish-outcome')!.textContent).to.contain('نُشر');
    await waitFor(() => find('ajel-audit-log', `li[data-action="publish"][data-id="${stored.id}"]`), 'the audit entry');
  });

  it('previews the draft in a static <ajel-ticker> as it is typed, urgent once ticked, without reading it out', async () => {
    const form = composer();
    expect(previewTicker(), 'nothing to show yet').to.equal(null);
    const words = 'انقطاع المياه عن وسط المدينة حتى مساء الغد'.split(' ');
    await type(form.text, words[0]);
    const ticker = await waitFor(previewTicker, 'the preview ticker');
    expect(ticker.hasAttribute('channel'), 'no channel: static, no connection').to.equal(false);
    for (let count = 1; count <= words.length; count++) {
      await type(form.text, ` ${words.slice(0, count).join(' ')} `);
      await ticker.updateComplete;
      expect(previewTexts(), `after word ${count}`).to.deep.equal([words.slice(0, count).join(' ')]);
    }
    expect(previewTicker() === ticker, 'the same ticker throughout').to.equal(true);
    expect(ticker.headlines.map((headline) => headline.text)).to.deep.equal([words.join(' ')]);
    expect(inPreview('[part~="item"]').getAttribute('part')).to.equal('item');
    expect(inPreview('.track').getAnimations()[0]?.playState, 'scrolling as readers see it').to.equal('running');

    form.urgent.click();
    await find<AjelConsole>('ajel-headline-composer')!.updateComplete;
    await ticker.updateComplete;
    expect(inPreview('[part~="item"]').getAttribute('part')).to.equal('item urgent');
    expect(inPreview('[part="urgent-badge"]').textContent).to.equal('تنبيه');
    expect(ticker.matches(':state(urgent)')).to.equal(true);
    await type(form.url, 'https://example.com/water');
    await ticker.updateComplete;
    expect(inPreview<HTMLAnchorElement>('[part="link"]').target, 'the link opens beside the console').to.equal('_blank');

    // Positive control: the same urgent headline, published, is announced by a live ticker on this page.
    const live = document.createElement('ajel-ticker');
    live.setAttribute('channel', server.channel);
    live.setAttribute('server', server.url);
    document.body.append(live);
    try {
      await waitFor(() => live.status === 'live', 'the live ticker connected');
      await apiPublish({ text: words.join(' '), urgent: true });
      await waitFor(() => live.shadowRoot!.querySelector('[aria-live]')!.textContent!.includes(words[0]), 'the live ticker announced it');
    } finally {
      live.remove();
    }
    expect(inPreview('[aria-live]').textContent!.trim(), 'nothing announced while typing').to.equal('');
    expect(ticker.shadowRoot!.querySelector('[part="takeover"]')).to.equal(null);
  });

  it("shows the draft in the channel's own bar: its label, direction and digits", async () => {
    // The console in English, the channel Arabic: the bar is the Arabic readers' one.
    find<HTMLButtonElement>('button[lang="en"]')!.click();
    await waitFor(() => document.documentElement.lang === 'en', 'the console in English');
    await chooseChannel('ar-main');
    // Mostly Arabic letters: the server makes it an Arabic, right-to-left headline, whatever comes first.
    await type(composer().text, 'NATO: قمة الحلف تبدأ اليوم في بروكسل');
    const ticker = await waitFor(previewTicker, 'the preview ticker');
    await ticker.updateComplete;
    expect(inPreview('[part="base"]').getAttribute('dir')).to.equal('rtl');
    expect(inPreview('[part="label"]').textContent!.trim()).to.equal('عاجل');
    expect(inPreview('[part="time"]').textContent).to.match(/[\u0660-\u0669]/);
    expect(inPreview('[part~="item"]').getAttribute('dir')).to.equal('rtl');
    expect(inPreview('[part~="item"]').getAttribute('lang')).to.equal('ar');

    // An English channel: the same Arabic draft, in the English readers' bar.
    await chooseChannel('en-world');
    await previewTicker()!.updateComplete;
    expect(inPreview('[part="base"]').getAttribute('dir')).to.equal('ltr');
    expect(inPreview('[part="label"]').textContent!.trim()).to.equal('Breaking');
    expect(inPreview('[part="time"]').textContent).to.match(/[0-9]/);
    expect(inPreview('[part~="item"]').getAttribute('dir')).to.equal('rtl');
  });

  it("takes the bar from the channel's record, not from its slug", async () => {
    // This test's channel has no language in its slug; its record says English, with its own label.
    const described = await fetch(`${server.url}/api/channels/${server.channel}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${server.editorKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ lang: 'en', label: 'Desk alert' }),
    });
    expect(described.status).to.equal(200);
    // Records are read at sign-in: sign in again.
    find<HTMLButtonElement>('#sign-out')!.click();
    await signIn();
    await signedIn();
    await chooseChannel(server.channel);
    await type(composer().text, 'قمة الحلف تبدأ اليوم في بروكسل');
    const ticker = await waitFor(previewTicker, 'the preview ticker');
    await ticker.updateComplete;
    expect(inPreview('[part="base"]').getAttribute('dir')).to.equal('ltr');
    expect(inPreview('[part="label"]').textContent!.trim()).to.equal('Desk alert');
    expect(inPreview('[part="time"]').textContent).to.match(/[0-9]/);
    expect(inPreview('[part~="item"]').getAttribute('dir')).to.equal('rtl', 'the headline keeps its own direction');
  });

  it('shows an API error next to its field, keeps the draft and publishes on retry', async () => {
    const text = 'تحويلات مرورية على الطريق الدائري بسبب أعمال صيانة';
    const form = composer();
    await type(form.text, text);
    await type(form.url, 'https://user:secret@example.com/roads');
    form.publish.click();

    const urlError = await waitFor(() => find('ajel-headline-composer', '#url-error'), 'the link error');
    expect(urlError.textContent).to.contain('اسم مستخدم أو كلمة مرور');
    expect(form.url.getAttribute('aria-invalid')).to.equal('true');
    expect(find('ajel-headline-composer', '#text-error') === null, 'absent').to.equal(true);
    expect(urlError.textContent).to.contain('صحّح هذا الحقل');
    expect(find('ajel-headline-composer', '#publish-error')!.textContent).to.contain('المسودة محفوظة');
    expect(find('ajel-headline-composer', '#publish-error')!.dataset.kind).to.equal('fix');
    expect(find('ajel-headline-composer', '#retry') === null, 'no retry for a field to fix').to.equal(true);
    expect(composer().text.value).to.equal(text);
    expect(await channelHeadlines()).to.have.length(0);

    await type(composer().url, 'https://example.com/roads');
    expect(find('ajel-headline-composer', '#url-error') === null, 'absent').to.equal(true);
    composer().publish.click();
    await waitFor(() => rowWithText(text), 'the published headline');
    const stored = await channelHeadlines();
    expect(stored.map((headline) => headline.text)).to.deep.equal([text]);
  });

  it('keeps an unpublished draft across a reload', async () => {
    await type(composer().text, 'مسودة لم تُنشر بعد');
    await type(composer().url, 'https://example.com/draft');
    consoleElement.remove();
    await mount();
    await signedIn();
    expect(composer().text.value).to.equal('مسودة لم تُنشر بعد');
    expect(composer().url.value).to.equal('https://example.com/draft');
  });

  it('shows a refused text at the text field', async () => {
    await type(composer().text, 'خبر \u202eمعكوس');
    composer().publish.click();
    const textError = await waitFor(() => find('ajel-headline-composer', '#text-error'), 'the text error');
    expect(textError.textContent).to.contain('اتجاه النص');
    expect(await channelHeadlines()).to.have.length(0);
  });

  it('asks for text before sending anything', async () => {
    composer().publish.click();
    await waitFor(() => find('ajel-headline-composer', '#text-error'), 'the text error');
    expect(find('ajel-headline-composer', '#text-error')!.textContent).to.contain('اكتب نص العنوان');
    expect(await channelHeadlines()).to.have.length(0);
  });

  it('publishes once however often the button is pressed', async () => {
    const text = 'إغلاق مؤقت لمطار العاصمة بسبب الضباب';
    await type(composer().text, text);
    const { publish } = composer();
    publish.click();
    publish.click();
    composer().text.focus();
    await pressCtrlEnter();
    await consoleElement.updateComplete;
    publish.click();
    await waitFor(() => rowWithText(text), 'the published headline');
    // Positive control through the same composer: a later headline lands after any repeat would have.
    const control = 'عودة الرحلات إلى المطار بعد انقشاع الضباب';
    await type(composer().text, control);
    composer().publish.click();
    await waitFor(() => rowWithText(control), 'the control headline');
    expect((await channelHeadlines()).filter((headline) => headline.text === text)).to.have.length(1);
  });

  it('disables the button while publishing', async () => {
    await type(composer().text, 'اختبار حالة الزر أثناء النشر');
    const { publish } = composer();
    publish.click();
    await find<AjelConsole>('ajel-headline-composer')!.updateComplete;
    expect(publish.disabled).to.equal(true);
    expect(publish.getAttribute('aria-busy')).to.equal('true');
    await waitFor(() => !publish.disabled, 'the button to be enabled again');
  });

  it('does not publish twice when the answer is lost and the editor retries', async () => {
    const text = 'انقطاع الاتصال لحظة النشر لا يكرر الخبر';
    const realFetch = window.fetch;
    let lost = 0;
    window.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (init?.method === 'POST' && lost++ === 0) throw new TypeError('Failed to fetch');
      return response;
    };
    try {
      await type(composer().text, text);
      composer().publish.click();
      const warning = await waitFor(() => find('ajel-headline-composer', '#publish-error'), 'the unknown-outcome warning');
      expect(warning.textContent).to.contain('لن يُنشر العنوان مرتين');
      expect(composer().text.value).to.equal(text);
      await waitFor(() => rowWithText(text), 'the headline the server did publish');

      find<HTMLButtonElement>('ajel-headline-composer', '#retry')!.click();
      const outcome = await waitFor(() => find('ajel-headline-composer', '#publish-outcome'), 'the retry outcome');
      expect(outcome.textContent).to.contain('سبق نشر هذه المسودة');
    } finally {
      window.fetch = realFetch;
    }
    expect((await channelHeadlines()).filter((headline) => headline.text === text)).to.have.length(1);
    expect(composer().text.value).to.equal('');
  });
});

describe('editor console: the live list', () => {
  beforeEach(async () => {
    await mount();
    await signIn();
    await signedIn();
  });

  it("shows other editors' changes without a reload", async () => {
    const headline = await apiPublish({ text: 'خبر من محرر آخر', urgent: true });
    const row = await waitFor(() => rowWithText('خبر من محرر آخر'), 'the other editor’s headline');
    expect(inRow(row, '.badge-urgent').textContent).to.contain('عاجل');
    await fetch(`${server.url}/api/channels/${server.channel}/headlines/${headline.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${server.editorKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'خبر مصحح من محرر آخر' }),
    });
    await waitFor(() => rowWithText('خبر مصحح من محرر آخر'), 'the correction');
    await fetch(`${server.url}/api/channels/${server.channel}/headlines/${headline.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.editorKey}` },
    });
    await waitFor(() => rows().length === 0, 'the retraction');
  });

  it('catches up on changes made while its connection was down', async () => {
    const kept = await apiPublish({ text: 'خبر قبل الانقطاع' });
    await waitFor(() => rowWithText(kept.text), 'the first headline');
    await executeServerCommand('ajel-drop-connections');
    await apiPublish({ text: 'خبر أثناء الانقطاع' });
    await fetch(`${server.url}/api/channels/${server.channel}/headlines/${kept.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.editorKey}` },
    });
    await waitFor(() => rowWithText('خبر أثناء الانقطاع') && !rowWithText(kept.text), 'the missed changes');
    await waitFor(() => find('ajel-headline-list', '#feed-status.live'), 'the feed to be live again');
    expect(rows()).to.have.length(1);
  });

  it("shows how many readers get the channel's urgent alerts by Web Push", async () => {
    await apiPublish({ text: 'عنوان في قناة بلا مشتركين' });
    const subscribers = () => find('ajel-headline-list', '#push-subscribers')?.textContent?.trim();
    await waitFor(() => subscribers() === `مشتركو التنبيهات العاجلة: ${count('ar', 0)}`, 'no subscriber yet');
    expect(await executeServerCommand('ajel-push-subscriber', { channel: server.channel, browser: 'reader-1' })).to.equal('added');
    await apiPublish({ text: 'عنوان بعد أول مشترك' });
    await waitFor(() => subscribers() === `مشتركو التنبيهات العاجلة: ${count('ar', 1)}`, 'the subscriber counted');
  });

  it('shows beside each headline how many readers saw and clicked it, and the rate, once beacons come in', async () => {
    const headline = await apiPublish({ text: 'إغلاق الطريق الساحلي للصيانة', url: 'https://example.com/road' });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    const stat = (name: string) => row.shadowRoot!.querySelector(`[data-stat="${name}"]`)?.textContent?.trim();
    // In the interface's digits, as the rest of the row.
    const digits = (value: number) => count('ar', value);
    await waitFor(() => stat('seen') === `شاهده ${digits(0)}`, 'no reader yet').catch((error) => {
      throw new Error(`${error.message}: the row shows ${JSON.stringify(row.shadowRoot!.querySelector('.meta')?.textContent)}`);
    });
    expect([stat('clicked'), stat('rate')]).to.deep.equal([`نقر ${digits(0)}`, 'لم يشاهده أحد بعد']);

    // As a reader's ticker sends it.
    expect(navigator.sendBeacon(`${server.url}/api/channels/${server.channel}/stats`, JSON.stringify({ impressions: [headline.id], clicks: [headline.id] }))).to.equal(true);
    const counted = async () => {
      const response = await fetch(`${server.url}/api/channels/${server.channel}/stats`, { headers: { Authorization: `Bearer ${server.editorKey}` } });
      return (await response.json()).headlines.some((stats: { id: string; seen: number }) => stats.id === headline.id && stats.seen === 1);
    };
    for (let tries = 0; !(await counted()); tries++) {
      if (tries > 100) throw new Error('the beacon never arrived');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Another headline changes the list, which reads the counts again at once.
    await apiPublish({ text: 'عنوان آخر يغيّر القائمة' });
    await waitFor(() => stat('seen') === `شاهده ${digits(1)}`, 'the reader counted');
    expect([stat('clicked'), stat('rate')]).to.deep.equal([`نقر ${digits(1)}`, `نسبة النقر ${new Intl.NumberFormat('ar', { style: 'percent' }).format(1)}`]);
  });

  it('corrects a headline', async () => {
    const headline = await apiPublish({ text: 'ارتفاع درجات الحرارة إلى 40 درجة', urgent: false });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="correct"]').click();
    const textarea = await waitFor(() => row.shadowRoot!.querySelector<HTMLTextAreaElement>('#edit-text'), 'the correction form');
    expect(row.shadowRoot!.activeElement === textarea, 'focus in the text').to.equal(true);
    textarea.value = 'ارتفاع درجات الحرارة إلى 42 درجة';
    inRow<HTMLInputElement>(row, '#edit-urgent').click();
    inRow<HTMLButtonElement>(row, '[data-action="save"]').click();

    await waitFor(() => rowWithText('ارتفاع درجات الحرارة إلى 42 درجة'), 'the corrected headline');
    const [stored] = await channelHeadlines();
    expect(stored.text).to.equal('ارتفاع درجات الحرارة إلى 42 درجة');
    expect(stored.urgent).to.equal(true);
    expect(stored.rev).to.equal(2);
    await waitFor(() => find('ajel-audit-log', `li[data-action="update"][data-id="${stored.id}"]`), 'the audit entry');
  });

  it('shows a refused correction in the correction form and keeps it open', async () => {
    const headline = await apiPublish({ text: 'خبر سيُصحح برابط غير صالح' });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="correct"]').click();
    const url = await waitFor(() => row.shadowRoot!.querySelector<HTMLInputElement>('#edit-url'), 'the correction form');
    url.value = 'ftp://example.com/file';
    inRow<HTMLButtonElement>(row, '[data-action="save"]').click();
    const error = await waitFor(() => row.shadowRoot!.querySelector('#edit-url-error'), 'the link error');
    expect(error.textContent).to.contain('صحّح هذا الحقل');
    expect(error.textContent).to.contain('http أو https');
    expect(url.getAttribute('aria-invalid')).to.equal('true');
    expect(row.shadowRoot!.querySelector('[data-action="retry"]') === null, 'no retry for a field to fix').to.equal(true);
    expect(row.shadowRoot!.querySelector('#edit-url') === url, 'the form stays open').to.equal(true);
    expect((await channelHeadlines())[0].rev).to.equal(1);
  });

  it('extends the expiry', async () => {
    const headline = await apiPublish({ text: 'تنبيه ينتهي قريباً', urgent: true, ttl: 600 });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="extend"]').click();
    (await waitFor(() => row.shadowRoot!.querySelector<HTMLButtonElement>('[data-extend="3600"]'), 'the extend choices')).click();
    const deadline = Date.parse(headline.expiresAt!) + 3600_000;
    await waitFor(() => rows()[0]?.shadowRoot?.querySelector('time.expiry')?.getAttribute('datetime') === new Date(deadline).toISOString(), 'the new expiry');
    const [stored] = await channelHeadlines();
    expect(Date.parse(stored.expiresAt!)).to.equal(deadline);
  });

  it('retracts a headline after confirmation', async () => {
    const headline = await apiPublish({ text: 'خبر سيُسحب' });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="retract"]').click();
    const confirm = await waitFor(() => row.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="confirm-retract"]'), 'the confirmation');
    expect(await channelHeadlines()).to.have.length(1);
    confirm.click();
    await waitFor(() => rows().length === 0, 'the row to go');
    expect(await channelHeadlines()).to.have.length(0);
    const entry = await waitFor(() => find('ajel-audit-log', `li[data-action="retract"][data-id="${headline.id}"]`), 'the audit entry');
    expect(entry.textContent).to.contain('خبر سيُسحب');
  });

  it('cancels a retraction with Escape', async () => {
    const headline = await apiPublish({ text: 'خبر يبقى' });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="retract"]').click();
    await waitFor(() => row.shadowRoot!.querySelector('[data-action="confirm-retract"]'), 'the confirmation');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !row.shadowRoot!.querySelector('[data-action="confirm-retract"]'), 'the confirmation to close');
    expect(row.shadowRoot!.activeElement === inRow(row, '[data-action="retract"]'), 'focus back on Retract').to.equal(true);
    expect(await channelHeadlines()).to.have.length(1);
  });
});

/** Replaces the answers to `method` requests while `body` runs: `answer` returns a Response to give instead, or undefined to pass the request on. */
async function withAnswers(method: string, answer: (attempt: number) => Response | undefined | 'network-down', body: () => Promise<void>): Promise<void> {
  const realFetch = window.fetch;
  let attempt = 0;
  window.fetch = async (input, init) => {
    if (init?.method !== method) return realFetch(input, init);
    const instead = answer(attempt++);
    if (instead === 'network-down') throw new TypeError('Failed to fetch');
    return instead ?? realFetch(input, init);
  };
  try {
    await body();
  } finally {
    window.fetch = realFetch;
  }
}

describe('editor console: what a failure offers', () => {
  beforeEach(async () => {
    await mount();
    await signIn();
    await signedIn();
  });

  async function openCorrection(text: string): Promise<HTMLElement> {
    const headline = await apiPublish({ text });
    const row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="correct"]').click();
    await waitFor(() => row.shadowRoot!.querySelector('#edit-text'), 'the correction form');
    return row;
  }

  it('offers a retry when a correction gets no answer, and saves it on retry', async () => {
    const row = await openCorrection('خبر يُصحح والشبكة مقطوعة');
    inRow<HTMLTextAreaElement>(row, '#edit-text').value = 'خبر صُحح بعد عودة الشبكة';
    await withAnswers('PATCH', () => 'network-down', async () => {
      inRow<HTMLButtonElement>(row, '[data-action="save"]').click();
      await waitFor(() => row.shadowRoot!.querySelector('[data-action="retry"]'), 'the retry button');
    });
    expect(inRow(row, '.panel-error').dataset.kind).to.equal('retry');
    expect(row.shadowRoot!.querySelector('[data-kind="fix"]') === null, 'no field to fix').to.equal(true);
    expect((await channelHeadlines())[0].rev).to.equal(1);
    inRow<HTMLButtonElement>(row, '[data-action="retry"]').click();
    await waitFor(() => rowWithText('خبر صُحح بعد عودة الشبكة'), 'the corrected headline');
    expect((await channelHeadlines())[0].text).to.equal('خبر صُحح بعد عودة الشبكة');
  });

  it('decides by the status, not the wording: a 5xx naming a field offers a retry, a 4xx that reads like one asks for a fix', async () => {
    const serverFailure = () =>
      new Response(JSON.stringify({ error: { code: 'internal', message: 'url: must use http or https', field: 'url' } }), { status: 500, headers: { 'Content-Type': 'application/json' } });
    const refusal = () =>
      new Response(JSON.stringify({ error: { code: 'invalid_field', message: 'url: try again in a moment, retry later', field: 'url' } }), { status: 400, headers: { 'Content-Type': 'application/json' } });
    const row = await openCorrection('خبر لاختبار رموز الأخطاء');
    inRow<HTMLInputElement>(row, '#edit-url').value = 'https://example.com/a';
    await withAnswers('PATCH', serverFailure, async () => {
      inRow<HTMLButtonElement>(row, '[data-action="save"]').click();
      await waitFor(() => row.shadowRoot!.querySelector('[data-action="retry"]'), 'the retry button');
    });
    expect(row.shadowRoot!.querySelector('#edit-url-error') === null, 'not a field to fix').to.equal(true);
    await withAnswers('PATCH', refusal, async () => {
      inRow<HTMLButtonElement>(row, '[data-action="retry"]').click();
      await waitFor(() => row.shadowRoot!.querySelector('#edit-url-error'), 'the field to fix');
    });
    expect(row.shadowRoot!.querySelector('[data-action="retry"]') === null, 'no retry').to.equal(true);

    // The composer maps the same way.
    await type(composer().text, 'خبر من المحرر');
    await withAnswers('POST', serverFailure, async () => {
      composer().publish.click();
      await waitFor(() => find('ajel-headline-composer', '#retry'), 'the retry button');
    });
    expect(find('ajel-headline-composer', '#publish-error')!.dataset.kind).to.equal('retry');
    expect(find('ajel-headline-composer', '#url-error') === null, 'not a field to fix').to.equal(true);
  });

  it('uses the composer’s controls in the correction form: the urgent switch and the https:// placeholder', async () => {
    const row = await openCorrection('خبر لفحص أدوات التصحيح');
    const link = inRow<HTMLInputElement>(row, '#edit-url');
    expect(link.placeholder).to.equal('https://');
    expect(link.getAttribute('inputmode')).to.equal('url');
    const toggle = inRow<HTMLInputElement>(row, '#edit-urgent');
    expect(toggle.getAttribute('role')).to.equal('switch');
    expect(toggle.closest('label')!.classList.contains('urgent-toggle')).to.equal(true);
    const composerToggle = composer().urgent;
    for (const property of ['appearance', 'width', 'height', 'border-radius', 'background-color']) {
      expect(getComputedStyle(toggle).getPropertyValue(property), property).to.equal(getComputedStyle(composerToggle).getPropertyValue(property));
    }
    const label = toggle.closest('label')!;
    const composerLabel = composerToggle.closest('label')!;
    for (const property of ['border-top-style', 'border-radius', 'padding-top', 'min-height']) {
      expect(getComputedStyle(label).getPropertyValue(property), `label ${property}`).to.equal(getComputedStyle(composerLabel).getPropertyValue(property));
    }
    toggle.click();
    await (row as AjelConsole).updateComplete;
    expect(label.classList.contains('on'), 'drawn on once flipped').to.equal(true);
    composerToggle.click();
    await find<AjelConsole>('ajel-headline-composer')!.updateComplete;
    for (const element of [toggle, composerToggle, label, composerLabel]) for (const transition of element.getAnimations()) transition.finish();
    expect(getComputedStyle(toggle).backgroundColor, 'switched on like the composer').to.equal(getComputedStyle(composerToggle).backgroundColor);
    expect(getComputedStyle(label).backgroundColor).to.equal(getComputedStyle(composerLabel).backgroundColor);
    expect(getComputedStyle(label).backgroundColor).to.not.equal(getComputedStyle(inRow(row, '.panel')).backgroundColor, 'the urgent tint shows');
  });

  it('labels the extend buttons as newsrooms say them, in Arabic and in English', async () => {
    const headline = await apiPublish({ text: 'تنبيه للتمديد', urgent: true });
    let row = await waitFor(() => rowWithText(headline.text), 'the headline');
    inRow<HTMLButtonElement>(row, '[data-action="extend"]').click();
    await waitFor(() => row.shadowRoot!.querySelector('[data-extend="900"]'), 'the extend choices');
    const labels = () => [...row.shadowRoot!.querySelectorAll('[data-extend]')].map((button) => button.textContent!.trim());
    expect(labels()).to.deep.equal(['+15 دقيقة', '+ساعة', '+6 ساعات', '+يوم', 'بلا انتهاء']);
    find<HTMLButtonElement>('button[lang="en"]')!.click();
    await waitFor(() => document.documentElement.dir === 'ltr', 'the switch to English');
    row = rowWithText(headline.text)!;
    await (row as AjelConsole).updateComplete;
    if (!row.shadowRoot!.querySelector('[data-extend]')) {
      inRow<HTMLButtonElement>(row, '[data-action="extend"]').click();
      await (row as AjelConsole).updateComplete;
    }
    expect(labels()).to.deep.equal(['+15 min', '+1 hour', '+6 hours', '+1 day', 'No expiry']);
  });
});

describe('editor console: a real 429', () => {
  it('offers a retry when the server answers too many writes', async () => {
    server = await executeServerCommand<TestServer, undefined>('ajel-limited-server');
    localStorage.setItem('ajel.console.channel', server.channel);
    // Spend the editor's write budget on that node through the API, until it answers 429.
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) {
      status = (await fetch(`${server.url}/api/channels/${server.channel}/headlines`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.editorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: `خبر رقم ${i}` }),
      })).status;
    }
    expect(status).to.equal(429);
    await mount();
    await signIn();
    await signedIn();
    await type(composer().text, 'خبر بعد استنفاد الحصة');
    composer().publish.click();
    const alert = await waitFor(() => find('ajel-headline-composer', '#publish-error'), 'the refusal');
    expect(alert.dataset.kind).to.equal('retry');
    expect(alert.textContent).to.contain('انتظر قليلاً');
    expect(find('ajel-headline-composer', '#retry') !== null, 'a retry button').to.equal(true);
    expect(find('ajel-headline-composer', '#text-error') === null, 'no field to fix').to.equal(true);
  });
});

function adminApi(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return apiAs(server.adminKey, method, path, body);
}

async function apiAs(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

let partners = 0;
/** A partner id no other test uses (the node lives as long as the test run). */
const newPartnerId = () => `desk-partner-${Date.now().toString(36)}-${++partners}`;

async function apiAddPartner(fields: Record<string, unknown> = {}): Promise<{ partner: PartnerView; secret?: string }> {
  const added = await adminApi('POST', '/api/partners', { id: newPartnerId(), name: 'Gazette', channels: [server.channel], origins: [location.origin], ...fields });
  expect(added.status, JSON.stringify(added.body)).to.equal(201);
  return added.body;
}

/** Signs in with the admin key and waits until the partner list has been read. */
async function partnersShown(): Promise<void> {
  await signIn(server.adminKey);
  await waitFor(() => find('ajel-partner-list', 'section[aria-busy="false"]'), 'the partner list read');
}

function partnerRow(id: string): HTMLElement | undefined {
  const rows = find('ajel-partner-list')?.shadowRoot?.querySelectorAll<HTMLElement>('ajel-partner-row') ?? [];
  return [...rows].find((row) => row.shadowRoot?.querySelector(`article[data-id="${id}"]`));
}

function inPartnerRow<T extends HTMLElement = HTMLElement>(row: HTMLElement, ...selectors: string[]): T | null {
  let current: Element | null = row;
  for (const selector of selectors) current = (current?.shadowRoot ?? current)?.querySelector(selector) ?? null;
  return current as T | null;
}

/** Every text and every field's value on the page, shadow roots included: what anyone could read off it. */
function everythingShown(root: Node = document.body): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) parts.push(node.value);
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return parts.join('\n');
}

const kept = () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });

/** A token as the partner's server mints it with the secret it was given. */
function mintToken(partner: string, kid: string, secret: string): Promise<string> {
  return new SignJWT({ channels: [server.channel] })
    .setProtectedHeader({ alg: 'HS256', kid })
    .setIssuer(partner)
    .setAudience('ajel')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

async function whoIsToken(token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

async function typePartnerField(form: HTMLElement, id: string, value: string): Promise<void> {
  const field = form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!;
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await (form as AjelConsole).updateComplete;
}

describe('editor console: pages by key', () => {
  it('shows an admin the Partners, Sources and Webhooks pages only, whatever page the address asks for', async () => {
    location.hash = 'headlines';
    await mount();
    await partnersShown();
    const links = [...consoleElement.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav.views a')];
    expect(links.map((link) => [link.getAttribute('href'), link.textContent!.trim(), link.getAttribute('aria-current')])).to.deep.equal([
      ['#partners', 'الشركاء', 'page'],
      ['#sources', 'المصادر', 'false'],
      ['#webhooks', 'الإشعارات', 'false'],
    ]);
    expect(find('ajel-headline-composer') === null, 'no composer').to.equal(true);
    expect(find('ajel-headline-list') === null, 'no headline list').to.equal(true);
    expect(find('#channel') === null, 'no channel picker').to.equal(true);
    expect(find('.who')!.textContent).to.contain('المدير');
    // The link is reached and followed from the keyboard.
    links[0].focus();
    expect(consoleElement.shadowRoot!.activeElement === links[0], 'focusable').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => location.hash === '#partners', 'the link followed');
    expect(find('ajel-partner-list') !== null, 'still the partners').to.equal(true);
  });

  it('shows an editor the headlines and webhooks only, never the Partners or Sources page', async () => {
    performance.clearResourceTimings();
    location.hash = 'partners';
    await mount();
    await signIn();
    await signedIn();
    const links = [...consoleElement.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav.views a')];
    expect(links.map((link) => [link.getAttribute('href'), link.textContent!.trim(), link.getAttribute('aria-current')])).to.deep.equal([
      ['#headlines', 'العناوين', 'page'],
      ['#webhooks', 'الإشعارات', 'false'],
    ]);
    expect(find('ajel-partner-list') === null, 'no partner list').to.equal(true);
    location.hash = 'sources';
    await waitFor(() => find('ajel-headline-composer'), 'still the headlines');
    expect(find('ajel-source-list') === null, 'no source list').to.equal(true);
    links[0].focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => location.hash === '#headlines', 'the link followed');
    expect(find('ajel-headline-composer') !== null, 'the composer').to.equal(true);
    expect(performance.getEntriesByType('resource').filter((entry) => /\/api\/(partners|sources)/.test(entry.name)), 'no partner or source API call').to.have.length(0);
  });

  it('still refuses a partner key', async () => {
    await mount();
    await signIn(server.partnerKey);
    await waitFor(() => find('ajel-sign-in', '#key-error'), 'the key error');
    expect(find('ajel-partner-list') === null, 'no partner list').to.equal(true);
  });
});

describe('editor console: partners', () => {
  beforeEach(async () => {
    performance.clearResourceTimings();
    await mount();
  });

  it('adds a partner from the dialog, shows its secret once, and keeps it nowhere', async () => {
    await partnersShown();
    find<HTMLButtonElement>('ajel-partner-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-partner-list', 'ajel-partner-form'), 'the add form');
    const dialog = find<HTMLDialogElement>('ajel-partner-list', '#add-dialog')!;
    expect(dialog.matches(':modal'), 'a modal dialog').to.equal(true);
    const id = newPartnerId();
    await typePartnerField(form, 'partner-id', id);
    await typePartnerField(form, 'partner-name', 'صحيفة الخليج');
    await typePartnerField(form, 'partner-channels', server.channel);
    await typePartnerField(form, 'partner-origins', `${location.origin}\nhttps://*.gazette.example`);
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();

    const reveal = await waitFor(() => find('ajel-partner-list', 'ajel-secret-reveal'), 'the secret');
    await (reveal as AjelConsole).updateComplete;
    const secret = reveal.shadowRoot!.querySelector<HTMLTextAreaElement>('#secret')!.value;
    expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(reveal.shadowRoot!.textContent).to.contain('لن تراه مرة أخرى');
    expect(reveal.shadowRoot!.querySelector('#copy')!.textContent!.trim()).to.equal('نسخ');
    expect(everythingShown().includes(secret), 'the check reads the secret where it is shown').to.equal(true);

    const stored = await adminApi('GET', `/api/partners/${id}`);
    expect(stored.status).to.equal(200);
    const partner: PartnerView = stored.body.partner;
    expect(partner.name).to.equal('صحيفة الخليج');
    expect(partner.channels).to.deep.equal([server.channel]);
    expect(partner.origins).to.deep.equal([location.origin, 'https://*.gazette.example']);
    expect(partner.credentials.map((credential) => credential.kind)).to.deep.equal(['secret']);
    const kid = partner.credentials[0].kid;
    expect(reveal.shadowRoot!.querySelector('.kid code')!.textContent).to.equal(kid);
    // The secret shown is the one the server signs with: a token made with it is the partner's.
    const who = await whoIsToken(await mintToken(id, kid, secret));
    expect(who.body).to.deep.equal({ name: id, role: 'partner', channels: [server.channel] });

    // Escape closes the dialog, and the secret goes with it: not on the page, not in storage.
    reveal.shadowRoot!.querySelector<HTMLElement>('#copy')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open && !find('ajel-partner-list', 'ajel-secret-reveal'), 'the dialog closed');
    await waitFor(() => partnerRow(id), 'the new partner listed');
    expect(everythingShown().includes(secret), 'the secret on the page').to.equal(false);
    expect(kept().includes(secret), 'the secret in storage').to.equal(false);
    // Opened again, the dialog is a new form.
    find<HTMLButtonElement>('ajel-partner-list', '#add')!.click();
    await waitFor(() => find('ajel-partner-list', 'ajel-partner-form'), 'the add form again');
    expect(find('ajel-partner-list', 'ajel-secret-reveal') === null, 'no secret').to.equal(true);
    expect(everythingShown().includes(secret), 'the secret on the page').to.equal(false);
  });

  it('registers a public key pasted as PEM, and never sends a private key', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const pem = async (format: 'spki' | 'pkcs8', key: CryptoKey, label: string) => {
      const base64 = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.exportKey(format, key))));
      return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
    };
    await partnersShown();
    find<HTMLButtonElement>('ajel-partner-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-partner-list', 'ajel-partner-form'), 'the add form');
    const id = newPartnerId();
    await typePartnerField(form, 'partner-id', id);
    await typePartnerField(form, 'partner-name', 'The Northern Ledger');
    await typePartnerField(form, 'partner-channels', server.channel);
    const credential = form.shadowRoot!.querySelector('ajel-credential-field')!;
    credential.shadowRoot!.querySelector<HTMLInputElement>('input[value="public-key"]')!.click();
    await credential.updateComplete;
    await typePartnerField(credential, 'public-key', await pem('pkcs8', keys.privateKey, 'PRIVATE KEY'));
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    const refusal = await waitFor(() => credential.shadowRoot!.querySelector('#public-key-error'), 'the private key refused');
    expect(refusal.textContent).to.contain('مفتاح خاص');
    expect(performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/partners') && (entry as PerformanceResourceTiming).initiatorType === 'fetch').length, 'nothing sent').to.equal(1);
    expect((await adminApi('GET', `/api/partners/${id}`)).status).to.equal(404);

    await typePartnerField(credential, 'public-key', await pem('spki', keys.publicKey, 'PUBLIC KEY'));
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    await waitFor(() => partnerRow(id), 'the new partner listed');
    expect(find<HTMLDialogElement>('ajel-partner-list', '#add-dialog')!.open, 'closed: no secret to show').to.equal(false);
    const { partner } = (await adminApi('GET', `/api/partners/${id}`)).body as { partner: PartnerView };
    expect(partner.credentials.map((c) => [c.kind, c.alg])).to.deep.equal([['public-key', 'EdDSA']]);
    const row = partnerRow(id)!;
    expect(inPartnerRow(row, '.credential .kind')!.textContent).to.equal('مفتاح عام (EdDSA)');
  });

  it('revokes a partner after a confirmation', async () => {
    const { partner } = await apiAddPartner();
    await partnersShown();
    const row = await waitFor(() => partnerRow(partner.id), 'the partner');
    expect(inPartnerRow(row, '.status')!.dataset.status).to.equal('active');
    inPartnerRow<HTMLButtonElement>(row, '[data-action="revoke"]')!.click();
    const confirm = await waitFor(() => inPartnerRow<HTMLButtonElement>(row, '[data-action="confirm-revoke"]'), 'the confirmation');
    expect(inPartnerRow(row, '#revoke-question')!.textContent).to.contain('إبطال');
    expect((await adminApi('GET', `/api/partners/${partner.id}`)).body.partner.status, 'not before the confirmation').to.equal('active');
    confirm.click();
    await waitFor(() => inPartnerRow(row, '.status')?.dataset.status === 'revoked', 'shown revoked');
    expect((await adminApi('GET', `/api/partners/${partner.id}`)).body.partner.status).to.equal('revoked');
    expect(inPartnerRow(row, '[data-action="revoke"]') === null, 'nothing more to do').to.equal(true);
    expect(inPartnerRow(row, '.notice')!.textContent).to.contain('أُبطل');
  });

  it("shows each partner's usage as the API answers it, and again on refresh", async () => {
    const { partner } = await apiAddPartner();
    await executeServerCommand('ajel-partner-usage', { partner: partner.id, connections: 1234, deliveries: 56789, pages: ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'], live: 42 });
    await partnersShown();
    const row = await waitFor(() => partnerRow(partner.id), 'the partner');
    const shown = () =>
      Object.fromEntries(
        ['live', 'connections', 'pages', 'deliveries'].map((figure) => [figure, inPartnerRow<HTMLDataElement>(row, `[data-figure="${figure}"] data`)?.value]),
      );
    const answered = async () => {
      const { body } = await adminApi('GET', `/api/partners/${partner.id}/usage?days=1`);
      const [today] = body.days;
      return { live: String(body.live), connections: String(today.connections), pages: String(today.pages), deliveries: String(today.deliveries) };
    };
    expect(await answered()).to.deep.equal({ live: '42', connections: '1234', pages: '3', deliveries: '56789' });
    expect(shown()).to.deep.equal(await answered());
    expect(inPartnerRow(row, '[data-figure="deliveries"] data')!.textContent).to.equal(new Intl.NumberFormat('ar').format(56789));

    await executeServerCommand('ajel-partner-usage', { partner: partner.id, connections: 1, deliveries: 11, pages: ['https://a.example/4'], live: 43 });
    find<HTMLButtonElement>('ajel-partner-list', '#refresh')!.click();
    await waitFor(() => shown().live === '43', 'the refreshed usage');
    expect(shown()).to.deep.equal(await answered());
    expect(shown().pages).to.equal('4');
  });

  it('rotates with the grace chosen and shows the new secret once', async () => {
    const { partner, secret: oldSecret } = await apiAddPartner();
    await partnersShown();
    const row = await waitFor(() => partnerRow(partner.id), 'the partner');
    inPartnerRow<HTMLButtonElement>(row, '[data-action="rotate"]')!.click();
    const grace = await waitFor(() => inPartnerRow<HTMLSelectElement>(row, '#grace'), 'the rotation dialog');
    expect(inPartnerRow<HTMLDialogElement>(row, '#rotate-dialog')!.matches(':modal')).to.equal(true);
    expect(grace.value, 'a day unless told').to.equal('86400');
    grace.value = '3600';
    const before = Date.now();
    inPartnerRow<HTMLButtonElement>(row, '#rotate-submit')!.click();
    const reveal = await waitFor(() => inPartnerRow(row, 'ajel-secret-reveal'), 'the new secret');
    await (reveal as AjelConsole).updateComplete;
    const secret = reveal.shadowRoot!.querySelector<HTMLTextAreaElement>('#secret')!.value;
    expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/).and.not.equal(oldSecret);

    const { body } = await adminApi('GET', `/api/partners/${partner.id}`);
    const [old, current] = (body.partner as PartnerView).credentials;
    expect(old.kid).to.equal(partner.credentials[0].kid);
    expect(Date.parse(old.retiresAt!) - before).to.be.within(3595_000, 3660_000);
    expect(current.retiresAt).to.equal(undefined);
    expect(reveal.shadowRoot!.querySelector('.kid code')!.textContent).to.equal(current.kid);
    expect((await whoIsToken(await mintToken(partner.id, current.kid, secret))).body.name).to.equal(partner.id);

    inPartnerRow<HTMLButtonElement>(row, '#secret-done')!.click();
    await waitFor(() => !inPartnerRow<HTMLDialogElement>(row, '#rotate-dialog')!.open && !inPartnerRow(row, 'ajel-secret-reveal'), 'the dialog closed');
    expect(everythingShown().includes(secret), 'the secret on the page').to.equal(false);
    expect(kept().includes(secret), 'the secret in storage').to.equal(false);
    await waitFor(() => inPartnerRow(row, `.retiring[data-kid="${old.kid}"]`), 'the old credential shown retiring');
    inPartnerRow<HTMLButtonElement>(row, '[data-action="rotate"]')!.click();
    await waitFor(() => inPartnerRow(row, '#grace'), 'the rotation dialog again');
    expect(inPartnerRow(row, 'ajel-secret-reveal') === null, 'no secret').to.equal(true);
  });

  it('edits a partner, telling a refused origin at its field in Arabic', async () => {
    const { partner } = await apiAddPartner({ origins: ['https://gazette.example'] });
    await partnersShown();
    const row = await waitFor(() => partnerRow(partner.id), 'the partner');
    inPartnerRow<HTMLButtonElement>(row, '[data-action="edit"]')!.click();
    const form = await waitFor(() => inPartnerRow(row, 'ajel-partner-form'), 'the edit form');
    await (form as AjelConsole).updateComplete;
    await typePartnerField(form, 'partner-origins', 'https://gazette.example/news');
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    const error = await waitFor(() => form.shadowRoot!.querySelector('#partner-origins-error'), 'the origin refused');
    expect(error.textContent).to.contain('صحّح هذا الحقل');
    expect(error.textContent).to.contain('بلا مسار');
    expect(form.shadowRoot!.querySelector('#partner-origins')!.getAttribute('aria-invalid')).to.equal('true');
    expect((await adminApi('GET', `/api/partners/${partner.id}`)).body.partner.origins).to.deep.equal(['https://gazette.example']);

    await typePartnerField(form, 'partner-origins', 'https://gazette.example\nhttps://*.gazette.example');
    expect(form.shadowRoot!.querySelector('#partner-origins-error') === null, 'answered by the edit').to.equal(true);
    await typePartnerField(form, 'partner-name', 'الخليج اليوم');
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    await waitFor(() => inPartnerRow(row, '.name')?.textContent === 'الخليج اليوم', 'the new name listed');
    const saved: PartnerView = (await adminApi('GET', `/api/partners/${partner.id}`)).body.partner;
    expect(saved.name).to.equal('الخليج اليوم');
    expect(saved.origins).to.deep.equal(['https://gazette.example', 'https://*.gazette.example']);
    expect(saved.rev).to.equal(partner.rev + 1);
    expect([...row.shadowRoot!.querySelectorAll('.origins li')].map((item) => item.textContent)).to.deep.equal(saved.origins);
  });

  it('tells the API’s refusals in English too: an ID taken, a channel that does not exist', async () => {
    const { partner } = await apiAddPartner();
    await partnersShown();
    find<HTMLButtonElement>('button[lang="en"]')!.click();
    await waitFor(() => document.documentElement.dir === 'ltr', 'the switch to English');
    find<HTMLButtonElement>('ajel-partner-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-partner-list', 'ajel-partner-form'), 'the add form');
    await typePartnerField(form, 'partner-id', partner.id);
    await typePartnerField(form, 'partner-name', 'Another Gazette');
    await typePartnerField(form, 'partner-channels', 'no-such-desk');
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    const channelError = await waitFor(() => form.shadowRoot!.querySelector('#partner-channels-error'), 'the channel refused');
    expect(channelError.textContent).to.equal('Fix this field: There is no channel named no-such-desk.');
    await typePartnerField(form, 'partner-channels', server.channel);
    form.shadowRoot!.querySelector<HTMLButtonElement>('#partner-submit')!.click();
    const taken = await waitFor(() => form.shadowRoot!.querySelector('#partner-form-error'), 'the ID refused');
    expect(taken.textContent).to.contain('A partner with this ID exists');
    expect((await adminApi('GET', `/api/partners/${partner.id}`)).body.partner.name, 'unchanged').to.equal('Gazette');
  });
});

/** A field in a component's shadow root, typed into as a person would. */
async function typeInto(host: HTMLElement, selector: string, value: string): Promise<void> {
  const field = host.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!field) throw new Error(`no ${selector}`);
  await type(field, value);
}

function click(host: HTMLElement, selector: string): void {
  const button = host.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!button) throw new Error(`no ${selector}`);
  button.click();
}

function scheduledRows(): HTMLElement[] {
  return [...(find('ajel-scheduled-list')?.shadowRoot?.querySelectorAll<HTMLElement>('ajel-scheduled-row') ?? [])];
}

const scheduledRowWithText = (text: string) => scheduledRows().find((row) => row.shadowRoot?.querySelector('.text')?.textContent === text);

async function apiSchedule(body: object): Promise<{ id: string; rev: number; publishAt: string }> {
  const response = await apiAs(server.editorKey, 'POST', `/api/channels/${server.channel}/headlines`, body);
  expect(response.status).to.equal(202);
  return response.body;
}

const heldNow = async () => (await apiAs(server.editorKey, 'GET', `/api/channels/${server.channel}/scheduled`)).body.scheduled as Array<{ id: string; text: string; publishAt: string; rev: number }>;

describe('editor console: scheduled headlines', () => {
  beforeEach(async () => {
    await mount();
    await signIn();
    await signedIn();
  });

  it('schedules a headline at a time of the editor’s own clock, lists it, and cancels it after asking', async () => {
    const c = composer();
    await type(c.text, 'تُفتح صناديق الاقتراع في الثامنة');
    find<HTMLInputElement>('ajel-headline-composer', '#when-later')!.click();
    const at = await waitFor(() => find<HTMLInputElement>('ajel-headline-composer', '#publishAt'), 'the time field');
    const local = localInputValue(new Date(Date.now() + 2 * 3600_000).toISOString());
    await type(at, local);
    expect(c.publish.textContent!.trim()).to.equal('جدولة');
    c.publish.click();
    const outcome = await waitFor(() => find('ajel-headline-composer', '#publish-outcome[data-kind="scheduled"]'), 'the scheduled outcome');
    expect(outcome.textContent).to.contain('جُدول العنوان');
    const held = await heldNow();
    expect(held.map((item) => [item.text, item.publishAt])).to.deep.equal([['تُفتح صناديق الاقتراع في الثامنة', new Date(local).toISOString()]]);
    expect((await channelHeadlines()).length, 'not published yet').to.equal(0);

    const row = await waitFor(() => scheduledRowWithText('تُفتح صناديق الاقتراع في الثامنة'), 'the scheduled row');
    expect(row.shadowRoot!.querySelector('time')!.getAttribute('datetime')).to.equal(held[0].publishAt);
    click(row, '[data-action="cancel"]');
    const confirm = await waitFor(() => row.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="confirm-cancel"]'), 'the confirmation');
    expect(row.shadowRoot!.activeElement === confirm, 'the confirmation focused').to.equal(true);
    expect((await heldNow()).length, 'nothing cancelled before confirming').to.equal(1);
    confirm.click();
    await waitFor(() => scheduledRows().length === 0, 'the row gone');
    expect(await heldNow()).to.deep.equal([]);
  });

  it('edits a scheduled headline’s text and time, from the revision it read', async () => {
    const held = await apiSchedule({ text: 'موعد أول', publishAt: new Date(Date.now() + 3600_000).toISOString() });
    find<HTMLButtonElement>('ajel-scheduled-list', '#scheduled-refresh')!.click();
    const row = await waitFor(() => scheduledRowWithText('موعد أول'), 'the scheduled row');
    click(row, '[data-action="edit"]');
    await waitFor(() => row.shadowRoot!.querySelector('#edit-text'), 'the edit form');
    const later = localInputValue(new Date(Date.now() + 5 * 3600_000).toISOString());
    await typeInto(row, '#edit-text', 'موعد ثانٍ');
    await typeInto(row, '#edit-at', later);
    click(row, '[data-action="save"]');
    await waitFor(() => row.shadowRoot!.querySelector('.text')?.textContent === 'موعد ثانٍ', 'the edit shown');
    const [saved] = await heldNow();
    expect([saved.text, saved.publishAt, saved.rev]).to.deep.equal(['موعد ثانٍ', new Date(later).toISOString(), held.rev + 1]);
  });

  it('says at the time field why a time in the past is refused, and schedules nothing', async () => {
    const c = composer();
    await type(c.text, 'عنوان بموعد فات');
    find<HTMLInputElement>('ajel-headline-composer', '#when-later')!.click();
    const at = await waitFor(() => find<HTMLInputElement>('ajel-headline-composer', '#publishAt'), 'the time field');
    await type(at, localInputValue(new Date(Date.now() - 3600_000).toISOString()));
    c.publish.click();
    const error = await waitFor(() => find('ajel-headline-composer', '#publishAt-error'), 'the field error');
    expect(error.textContent).to.contain('يجب أن يكون الموعد في المستقبل');
    expect(at.getAttribute('aria-invalid')).to.equal('true');
    expect(await heldNow()).to.deep.equal([]);
    expect(c.text.value, 'the draft kept').to.equal('عنوان بموعد فات');
  });

  it('drops a scheduled headline from the list once it is published, and shows it live', async () => {
    await apiSchedule({ text: 'يُنشر بعد لحظات', publishAt: new Date(Date.now() + 3000).toISOString() });
    find<HTMLButtonElement>('ajel-scheduled-list', '#scheduled-refresh')!.click();
    await waitFor(() => scheduledRowWithText('يُنشر بعد لحظات'), 'the scheduled row');
    await waitFor(() => rowWithText('يُنشر بعد لحظات'), 'the headline live', 15_000);
    await waitFor(() => !scheduledRowWithText('يُنشر بعد لحظات'), 'the scheduled row gone', 5000);
  });
});

async function localSite(): Promise<{ feedUrl: string; hookUrl: string }> {
  return executeServerCommand('ajel-local-site');
}

function recordRow(list: string, row: string, id: string): HTMLElement | undefined {
  const rows = find(list)?.shadowRoot?.querySelectorAll<HTMLElement>(row) ?? [];
  return [...rows].find((element) => element.shadowRoot?.querySelector(`article[data-id="${id}"]`));
}

describe('editor console: feed sources', () => {
  beforeEach(async () => {
    location.hash = 'sources';
    await mount();
    await signIn(server.adminKey);
    await waitFor(() => find('ajel-source-list', 'section[aria-busy="false"]'), 'the source list read');
  });

  it('adds a feed source to the channel, shows it polled, pauses it and removes it after asking', async () => {
    const { feedUrl } = await localSite();
    find<HTMLButtonElement>('ajel-source-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-source-list', 'ajel-source-form'), 'the add form');
    expect(find<HTMLDialogElement>('ajel-source-list', '#add-dialog')!.matches(':modal'), 'a modal dialog').to.equal(true);
    await typeInto(form, '#source-url', feedUrl);
    await typeInto(form, '#source-urgentPrefix', 'عاجل:');
    click(form, '#source-submit');
    await waitFor(() => !find<HTMLDialogElement>('ajel-source-list', '#add-dialog')!.open, 'the dialog closed');
    const [added] = (await adminApi('GET', '/api/sources')).body.sources.filter((record: any) => record.source.channel === server.channel);
    expect([added.source.url, added.source.mapping.urgentPrefix, added.source.paused]).to.deep.equal([feedUrl, 'عاجل:', false]);
    const row = await waitFor(() => recordRow('ajel-source-list', 'ajel-source-row', added.source.id), 'the source listed');
    expect(row.shadowRoot!.querySelector('#url')!.textContent).to.equal(feedUrl);
    expect(row.shadowRoot!.querySelector('.status')!.getAttribute('data-status')).to.equal('active');

    // Its first poll publishes the feed's item: read again until the page shows it.
    await waitFor(() => {
      if (row.shadowRoot!.querySelector('.last-poll time')) return true;
      const refresh = find<HTMLButtonElement>('ajel-source-list', '#refresh')!;
      if (!refresh.disabled) refresh.click();
      return false;
    }, 'the last poll shown', 15_000);
    expect(row.shadowRoot!.querySelector('.counts')!.textContent).to.contain(`نُشر ${count('ar', 1)}`);

    click(row, '[data-action="pause"]');
    await waitFor(() => row.shadowRoot!.querySelector('.status')?.getAttribute('data-status') === 'paused', 'shown paused');
    expect((await adminApi('GET', `/api/sources/${added.source.id}`)).body.source.paused).to.equal(true);

    click(row, '[data-action="remove"]');
    const confirm = await waitFor(() => row.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="confirm-remove"]'), 'the confirmation');
    expect((await adminApi('GET', `/api/sources/${added.source.id}`)).status, 'nothing removed before confirming').to.equal(200);
    confirm.click();
    await waitFor(() => !recordRow('ajel-source-list', 'ajel-source-row', added.source.id), 'the row gone');
    expect((await adminApi('GET', `/api/sources/${added.source.id}`)).status).to.equal(404);
  });

  it('says at the URL field why a feed URL is refused, and adds nothing', async () => {
    find<HTMLButtonElement>('ajel-source-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-source-list', 'ajel-source-form'), 'the add form');
    await typeInto(form, '#source-url', 'ftp://news.example/feed');
    click(form, '#source-submit');
    const error = await waitFor(() => form.shadowRoot!.querySelector('#source-url-error'), 'the URL refused');
    expect(error.textContent).to.contain('صحّح هذا الحقل');
    expect(error.textContent).to.contain('http أو https');
    expect((await adminApi('GET', '/api/sources')).body.sources.filter((record: any) => record.source.channel === server.channel)).to.deep.equal([]);
  });
});

describe('editor console: webhooks', () => {
  beforeEach(async () => {
    location.hash = 'webhooks';
    await mount();
    await signIn();
    await waitFor(() => find('ajel-webhook-list', 'section[aria-busy="false"]'), 'the webhook list read');
  });

  it('adds an endpoint for the channel, shows its secret once, pings it, pauses, resumes and removes it', async () => {
    const { hookUrl } = await localSite();
    find<HTMLButtonElement>('ajel-webhook-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-webhook-list', 'ajel-webhook-form'), 'the add form');
    await typeInto(form, '#webhook-url', hookUrl);
    const ticked = [...form.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="channel"]:checked')].map((box) => box.value);
    expect(ticked, 'the current channel ticked').to.deep.equal([server.channel]);
    click(form, '#webhook-submit');
    const reveal = await waitFor(() => find('ajel-webhook-list', 'ajel-secret-reveal'), 'the secret shown');
    const secret = reveal.shadowRoot!.querySelector<HTMLTextAreaElement>('#secret')!.value;
    expect(secret).to.match(/^whsec_/);
    expect(reveal.shadowRoot!.activeElement?.id, 'the copy button focused').to.equal('copy');
    expect(reveal.shadowRoot!.querySelector('.kid') === null, 'no kid for a webhook').to.equal(true);
    find<HTMLButtonElement>('ajel-webhook-list', '#secret-done')!.click();
    await waitFor(() => !find('ajel-webhook-list', 'ajel-secret-reveal'), 'the dialog closed');
    expect(everythingShown()).not.to.contain(secret);
    expect(kept()).not.to.contain(secret);

    const [webhook] = (await apiAs(server.editorKey, 'GET', '/api/webhooks')).body.webhooks.filter((item: any) => item.channels.includes(server.channel));
    expect([webhook.url, webhook.channels]).to.deep.equal([hookUrl, [server.channel]]);
    const row = await waitFor(() => recordRow('ajel-webhook-list', 'ajel-webhook-row', webhook.id), 'the endpoint listed');
    expect(row.shadowRoot!.querySelector('.status')!.getAttribute('data-status')).to.equal('enabled');

    click(row, '[data-action="test"]');
    const ping = await waitFor(() => row.shadowRoot!.querySelector('#ping-result'), 'the ping result', 10_000);
    expect(ping.getAttribute('data-ok')).to.equal('true');
    expect(ping.textContent).to.contain('HTTP 204');
    await waitFor(() => row.shadowRoot!.querySelector('.last-delivery')?.getAttribute('data-ok') === 'true', 'the last delivery shown');
    click(row, '[data-action="deliveries"]');
    await waitFor(() => row.shadowRoot!.querySelector('.attempts tbody tr'), 'the deliveries shown');
    expect(row.shadowRoot!.querySelector('.attempts tbody tr code')!.textContent).to.equal('ping');

    click(row, '[data-action="pause"]');
    await waitFor(() => row.shadowRoot!.querySelector('.status')?.getAttribute('data-status') === 'disabled', 'shown paused');
    expect(row.shadowRoot!.querySelector('#disabled-reason')!.textContent).to.equal('أوقفه \u2068alice\u2069');
    expect((await apiAs(server.editorKey, 'GET', `/api/webhooks/${webhook.id}`)).body.webhook.enabled).to.equal(false);
    click(row, '[data-action="resume"]');
    await waitFor(() => row.shadowRoot!.querySelector('.status')?.getAttribute('data-status') === 'enabled', 'shown resumed');

    click(row, '[data-action="remove"]');
    const confirm = await waitFor(() => row.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="confirm-remove"]'), 'the confirmation');
    expect((await apiAs(server.editorKey, 'GET', `/api/webhooks/${webhook.id}`)).status, 'nothing removed before confirming').to.equal(200);
    confirm.click();
    await waitFor(() => !recordRow('ajel-webhook-list', 'ajel-webhook-row', webhook.id), 'the row gone');
    expect((await apiAs(server.editorKey, 'GET', `/api/webhooks/${webhook.id}`)).status).to.equal(404);
  });

  it('says at the URL field why a plain-http endpoint is refused, and adds nothing', async () => {
    find<HTMLButtonElement>('ajel-webhook-list', '#add')!.click();
    const form = await waitFor(() => find('ajel-webhook-list', 'ajel-webhook-form'), 'the add form');
    await typeInto(form, '#webhook-url', 'http://receiver.example/hook');
    click(form, '#webhook-submit');
    const error = await waitFor(() => form.shadowRoot!.querySelector('#webhook-url-error'), 'the URL refused');
    expect(error.textContent).to.equal('صحّح هذا الحقل: يجب أن يبدأ بـ https://.');
    expect((await apiAs(server.editorKey, 'GET', '/api/webhooks')).body.webhooks.filter((item: any) => item.channels.includes(server.channel))).to.deep.equal([]);
  });
});
