import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import type { AjelErrorDetail, AjelHeadlineDetail, AjelItemClickDetail, AjelStatusDetail, AjelTicker, AjelUrgentDetail } from '../../widget/index.js';
import {
  addPartner,
  cleanUp,
  connectionsTo,
  correct,
  describeChannel,
  expectContinuous,
  items,
  mintToken,
  mount,
  nextFrame,
  part,
  publish,
  pushAgain,
  recordEvents,
  revokePartner,
  tokenRequests,
  retract,
  sampleVisible,
  scrollAnimation,
  scrolledBy,
  startNode,
  texts,
  until,
  viewport,
} from './helpers.js';

const SPEED = 60;
const STORIES = [
  'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور',
  'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق 2025 حول المياه',
  'ارتفاع أسعار النفط 3.5% بعد قرار أوبك+ خفض الإنتاج',
  'انطلاق القمة العربية في الرياض بحضور قادة الدول الأعضاء',
  'الأرصاد تحذر من موجة حر تضرب المنطقة الشرقية نهاية الأسبوع',
];

async function liveTicker(headlines: Array<Record<string, unknown>> = STORIES.map((text) => ({ text, url: 'https://example.com/s' }))) {
  const { node, url } = await startNode();
  for (const headline of headlines) await publish(node, 'ar-main', headline);
  const ticker = await mount({ channel: 'ar-main', server: url, speed: String(SPEED) }, 1000);
  await until(() => ticker.status === 'live' && items(ticker).length === headlines.length && scrollAnimation(ticker)?.playState === 'running', 'live and scrolling');
  // Let the content scroll a little, so that several items are on screen.
  await scrolledBy(ticker, 18);
  await nextFrame();
  return { node, url, ticker };
}

describe('live updates from a real Ajel server', () => {
  beforeEach(() => sendMouse({ type: 'move', position: [799, 599] }));
  afterEach(cleanUp);

  it("takes its label from the channel when the page gives none; the page's own wins", async () => {
    const { node, url } = await startNode();
    await describeChannel(node, 'en-world', { label: 'World desk' });
    const plain = await mount({ channel: 'en-world', server: url, locale: 'ar' });
    const given = await mount({ channel: 'en-world', server: url, locale: 'ar', label: 'Eilmeldung' });
    const defaulted = await mount({ channel: 'ar-sport', server: url, locale: 'en' });
    await until(() => [plain, given, defaulted].every((ticker) => ticker.status === 'live'), 'all live');
    await Promise.all([plain.updateComplete, given.updateComplete, defaulted.updateComplete]);
    expect(part(plain, 'label').textContent!.trim()).to.equal('World desk');
    expect(part(given, 'label').textContent!.trim()).to.equal('Eilmeldung');
    expect(part(defaulted, 'label').textContent!.trim()).to.equal('عاجل', "an undescribed Arabic channel's default, whatever the locale");
  });

  it('reports its status: live once subscribed', async () => {
    const statuses = recordEvents<AjelStatusDetail>('ajel-status');
    const { url } = await startNode();
    const ticker = await mount({ channel: 'ar-main', server: url });
    expect(ticker.status).to.equal('connecting');
    await until(() => ticker.status === 'live', 'live');
    statuses.stop();
    expect(statuses.details.map((detail) => detail.status)).to.deep.equal(['live']);
    await ticker.updateComplete;
    expect(part(ticker, 'status').dataset.status).to.equal('live');
  });

  it('inserts a new headline without moving what is on screen, and brings it in next', async () => {
    const { node, ticker } = await liveTicker();
    const animation = scrollAnimation(ticker);
    const events = recordEvents<AjelHeadlineDetail>('ajel-headline');
    const before = sampleVisible(ticker);
    expect(before.items.length).to.be.at.least(2);

    const fresh = await publish(node, 'ar-main', { text: 'خبر جديد للتو', url: 'https://example.com/new' });
    await until(() => texts(ticker).includes('خبر جديد للتو'), 'the new headline in the DOM');
    expect(scrollAnimation(ticker), 'the same animation').to.equal(animation);
    expect(animation.playState).to.equal('running');
    expect(expectContinuous(before, SPEED)).to.be.at.least(2);

    events.stop();
    expect(events.details).to.have.length(1);
    expect(events.details[0].headline.id).to.equal(fresh.id);
    expect(events.details[0].change.type).to.equal('publish');
    expect(ticker.headlines[0].id, 'newest first').to.equal(fresh.id);
    // Placed right behind what is on screen: in view within a few seconds, not after a whole loop.
    const loopSeconds = Number(animation.effect!.getTiming().duration) / 1000;
    expect(loopSeconds).to.be.greaterThan(20);
    const view = viewport(ticker).getBoundingClientRect();
    const copiesOfFresh = [...ticker.shadowRoot!.querySelectorAll<HTMLElement>(`[data-key="ar-main/${fresh.id}"]`)];
    expect(copiesOfFresh).to.have.length(2);
    const distanceToView = Math.min(...copiesOfFresh.map((element) => view.left - element.getBoundingClientRect().right).filter((gap) => gap >= -1));
    expect(distanceToView / SPEED, 'seconds until it enters').to.be.lessThan(loopSeconds / 3);
  });

  it('corrects a headline in place, in both copies, without a restart', async () => {
    const { node, ticker } = await liveTicker();
    const animation = scrollAnimation(ticker);
    const before = sampleVisible(ticker);
    // Correct the headline entering the screen last: everything ahead of it must not move.
    const target = before.items.reduce((last, sample) => (sample.right < last.right ? sample : last));
    const key = target.element.dataset.key!;
    const id = key.split('/')[1];
    const elements = [...ticker.shadowRoot!.querySelectorAll<HTMLElement>(`[data-key="${key}"]`)];
    const events = recordEvents<AjelHeadlineDetail>('ajel-headline');

    await correct(node, 'ar-main', id, { text: 'نص مصحح أطول قليلًا من النص الأصلي للخبر' });
    await until(() => elements.every((element) => element.textContent!.includes('نص مصحح')), 'the correction in both copies');
    expect([...ticker.shadowRoot!.querySelectorAll(`[data-key="${key}"]`)], 'the same elements, replaced in place').to.deep.equal(elements);
    expect(scrollAnimation(ticker)).to.equal(animation);
    expectContinuous(before, SPEED, target.element);
    events.stop();
    expect(events.details.map((detail) => [detail.change.type, detail.headline.rev])).to.deep.equal([['update', 2]]);
  });

  it('removes a retracted headline from both copies without a restart', async () => {
    const { node, ticker } = await liveTicker();
    const animation = scrollAnimation(ticker);
    const before = sampleVisible(ticker);
    const target = before.items.reduce((last, sample) => (sample.right < last.right ? sample : last));
    const key = target.element.dataset.key!;

    await retract(node, 'ar-main', key.split('/')[1]);
    await until(() => ticker.shadowRoot!.querySelectorAll(`[data-key="${key}"]`).length === 0, 'the headline gone');
    expect(items(ticker)).to.have.length(STORIES.length - 1);
    expect(ticker.headlines.map((headline) => headline.id)).to.not.include(key.split('/')[1]);
    expect(scrollAnimation(ticker)).to.equal(animation);
    expect(expectContinuous(before, SPEED)).to.be.at.least(1);
  });

  describe('changes away from the screen move nothing on it', () => {
    /** Paused with the button, then moved so that `offset` pixels of the loop have gone by. */
    async function pausedAt(ticker: AjelTicker, offset: number): Promise<Animation> {
      part(ticker, 'pause').click();
      await ticker.updateComplete;
      const animation = scrollAnimation(ticker);
      await animation.ready;
      animation.currentTime = (offset / SPEED) * 1000;
      await nextFrame();
      return animation;
    }

    const firstItemWidth = (ticker: AjelTicker) => items(ticker)[0].getBoundingClientRect().width;

    it('retracting a headline that has scrolled past', async () => {
      const { node, ticker } = await liveTicker();
      const first = items(ticker)[0];
      await pausedAt(ticker, firstItemWidth(ticker) + 200);
      const before = sampleVisible(ticker);
      expect(before.items.map((sample) => sample.element)).to.not.include(first);
      await retract(node, 'ar-main', first.dataset.key!.split('/')[1]);
      await until(() => !first.isConnected, 'the headline gone');
      expect(expectContinuous(before, 0)).to.be.at.least(2);
    });

    it('correcting a headline that has scrolled past', async () => {
      const { node, ticker } = await liveTicker();
      const first = items(ticker)[0];
      await pausedAt(ticker, firstItemWidth(ticker) + 200);
      const before = sampleVisible(ticker);
      await correct(node, 'ar-main', first.dataset.key!.split('/')[1], { text: 'تصحيح أطول بكثير من النص الأصلي لهذا الخبر الذي مر على الشاشة قبل قليل' });
      await until(() => first.textContent!.includes('تصحيح'), 'the correction');
      expect(expectContinuous(before, 0)).to.be.at.least(2);
    });

    it('inserting while the seam of the loop is on screen', async () => {
      const { node, ticker } = await liveTicker();
      const distance = ticker.shadowRoot!.querySelector('.copy')!.getBoundingClientRect().width;
      await pausedAt(ticker, distance - viewport(ticker).getBoundingClientRect().width / 2);
      const before = sampleVisible(ticker);
      const copiesOnScreen = new Set(before.items.map((sample) => sample.element.parentElement));
      expect(copiesOnScreen.size, 'both copies on screen').to.equal(2);
      await publish(node, 'ar-main', { text: 'خبر جديد عند نقطة الالتقاء' });
      await until(() => texts(ticker).includes('خبر جديد عند نقطة الالتقاء'), 'the new headline');
      expect(expectContinuous(before, 0)).to.be.at.least(2);
    });
  });

  it('raises an urgent alert: event, live-region announcement, take-over, distinct item; ordinary headlines are not announced', async () => {
    const { node, ticker } = await liveTicker();
    const announcer = ticker.shadowRoot!.querySelector('[aria-live]')!;
    expect(announcer.getAttribute('aria-live')).to.equal('assertive');
    expect(ticker.shadowRoot!.querySelectorAll('[aria-live]'), 'one live region').to.have.length(1);

    await publish(node, 'ar-main', { text: 'خبر عادي لا يعلن' });
    await until(() => texts(ticker).includes('خبر عادي لا يعلن'), 'the ordinary headline');
    await nextFrame();
    expect(announcer.textContent!.trim()).to.equal('');

    const urgentEvents = recordEvents<AjelUrgentDetail>('ajel-urgent');
    const alert = await publish(node, 'ar-main', { text: 'زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية', urgent: true });
    await until(() => announcer.textContent!.includes('زلزال'), 'the announcement');
    expect(announcer.textContent!.trim()).to.equal('تنبيه عاجل: زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية');
    urgentEvents.stop();
    expect(urgentEvents.details.map((detail) => detail.headline.id)).to.deep.equal([alert.id]);

    const takeover = part(ticker, 'takeover');
    expect(takeover.textContent).to.include('زلزال');
    expect(takeover.getBoundingClientRect().width).to.be.closeTo(viewport(ticker).getBoundingClientRect().width, 1);
    expect(scrollAnimation(ticker).playState, 'the scroll waits under the take-over').to.equal('paused');
    const urgentItem = items(ticker).find((item) => item.textContent!.includes('زلزال'))!;
    expect(urgentItem.getAttribute('part')).to.equal('item urgent');
    expect(part(ticker, 'base').hasAttribute('data-urgent')).to.equal(true);
    expect(ticker.matches(':state(urgent)')).to.equal(true);

    // Retracted: the take-over ends at once and the alert leaves the bar.
    await retract(node, 'ar-main', alert.id);
    await until(() => !ticker.shadowRoot!.querySelector('[part="takeover"]'), 'the take-over gone');
    expect(texts(ticker).some((text) => text.includes('زلزال'))).to.equal(false);
    await until(() => scrollAnimation(ticker).playState === 'running', 'scrolling again');
    expect(part(ticker, 'base').hasAttribute('data-urgent')).to.equal(false);
  });

  it('applies each change once when the same changes arrive again', async () => {
    const { node, ticker } = await liveTicker([{ text: 'خبر أول' }]);
    const events = recordEvents<AjelHeadlineDetail>('ajel-headline');
    const repeated = await publish(node, 'ar-main', { text: 'خبر يصل مرتين' });
    await until(() => events.details.length === 1, 'the first delivery');
    expect(await pushAgain(node, 'ar-main', 2), 'both changes sent again').to.equal(2);
    // Positive control through the same socket: a later headline arrives after the repeated ones.
    const control = await publish(node, 'ar-main', { text: 'خبر بعدهما' });
    await until(() => events.details.some((detail) => detail.headline.id === control.id), 'the control headline');
    events.stop();
    expect(events.details.map((detail) => detail.headline.id)).to.deep.equal([repeated.id, control.id]);
    await ticker.updateComplete;
    expect(texts(ticker).filter((text) => text.includes('خبر يصل مرتين'))).to.have.length(1);
  });

  it('announces an urgent alert again when a headline becomes urgent by correction', async () => {
    const { node, ticker } = await liveTicker([{ text: 'خبر سيصبح عاجلًا' }]);
    const announcer = ticker.shadowRoot!.querySelector('[aria-live]')!;
    expect(announcer.textContent!.trim(), 'an ordinary headline is not announced').to.equal('');
    const urgentEvents = recordEvents<AjelUrgentDetail>('ajel-urgent');
    await correct(node, 'ar-main', ticker.headlines[0].id, { urgent: true });
    await until(() => urgentEvents.details.length === 1, 'ajel-urgent');
    urgentEvents.stop();
    await until(() => announcer.textContent!.includes('خبر سيصبح عاجلًا'), 'the announcement of the corrected alert');
    // The event comes with the change; the bar shows it at the next frame.
    await ticker.updateComplete;
    expect(items(ticker)[0].getAttribute('part')).to.equal('item urgent');
  });

  it('fires a cancelable ajel-item-click with the headline', async () => {
    const { ticker } = await liveTicker();
    const clicks: AjelItemClickDetail[] = [];
    const listener = (event: Event) => {
      clicks.push((event as CustomEvent<AjelItemClickDetail>).detail);
      event.preventDefault();
    };
    document.addEventListener('ajel-item-click', listener);
    const link = items(ticker)[1].querySelector('a')!;
    link.click();
    document.removeEventListener('ajel-item-click', listener);
    expect(clicks.map((detail) => detail.headline.text)).to.deep.equal([link.textContent!.trim()]);
    expect(location.href, 'the link was not followed').to.not.include('example.com');
  });

  it('reads a private channel with a partner token, and reports a refusal without one', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-private', { text: 'للشركاء فقط' });
    const errors = recordEvents<AjelErrorDetail>('ajel-error');
    const refused = await mount({ channel: 'ar-private', server: url });
    await until(() => errors.details.length === 1, 'ajel-error');
    errors.stop();
    expect(errors.details[0]).to.deep.include({ channel: 'ar-private' });
    expect(errors.details[0].error.code).to.equal('forbidden');
    expect(items(refused)).to.have.length(0);

    const partner = await addPartner(node, ['ar-private']);
    const ticker = await mount({ channel: 'ar-private', server: url, token: await mintToken(partner, ['ar-private']) });
    await until(() => texts(ticker).includes('للشركاء فقط'), 'the private headline');
    // Positive control: a public channel on the same page is kept when the page is hidden.
    await publish(node, 'ar-main', { text: 'خبر عام' });
    const open = await mount({ channel: 'ar-main', server: url });
    await until(() => texts(open).includes('خبر عام'), 'the public headline');
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(() => localStorage.length > 0, 'the public channel cached');
    expect(Object.keys(localStorage).map((key) => key.split('|').at(-1)), 'nothing read with a token is kept in the page').to.deep.equal(['ar-main']);
  });

  it('shows nothing private and says why for a token the server refuses', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-private', { text: 'للشركاء فقط' });
    const partner = await addPartner(node, ['ar-private']);
    const cases: Array<[string, string, string | undefined]> = [
      ['expired', await mintToken(partner, ['ar-private'], -120), 'token_expired'],
      ['forged', await mintToken({ ...partner, secret: 'not-the-secret-not-the-secret-not-the-secret' }, ['ar-private']), 'invalid_token'],
      ['another channel', await mintToken(partner, ['ar-main']), 'channel_not_licensed'],
    ];
    for (const [what, token, code] of cases) {
      const errors = recordEvents<AjelErrorDetail>('ajel-error');
      const ticker = await mount({ channel: 'ar-private', server: url, token });
      await until(() => errors.details.length === 1, `ajel-error for the ${what} token`);
      errors.stop();
      expect(errors.details[0].error.code, what).to.equal(code);
      expect(ticker.status, what).to.equal('offline');
      expect(items(ticker), what).to.have.length(0);
      ticker.remove();
    }
    // The same page with a good token: what was refused above was the token, nothing else.
    const ticker = await mount({ channel: 'ar-private', server: url, token: await mintToken(partner, ['ar-private']) });
    await until(() => texts(ticker).includes('للشركاء فقط'), 'the private headline with a good token');
  });

  it('takes a renewed token on the open connection: no reconnection, no restart of the scroll', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-private', { text: 'للشركاء فقط: خبر أول' });
    const partner = await addPartner(node, ['ar-private']);
    const statuses = recordEvents<AjelStatusDetail>('ajel-status');
    const ticker = await mount({ channel: 'ar-private', server: url, token: await mintToken(partner, ['ar-private'], 30) });
    await until(() => ticker.status === 'live' && scrollAnimation(ticker)?.playState === 'running', 'live and scrolling');
    const animation = scrollAnimation(ticker);
    ticker.token = await mintToken(partner, ['ar-private'], 600);
    await publish(node, 'ar-private', { text: 'للشركاء فقط: خبر ثان' });
    await until(() => texts(ticker).includes('للشركاء فقط: خبر ثان'), 'the change after the renewal');
    statuses.stop();
    expect(statuses.details.map((detail) => detail.status)).to.deep.equal(['live']);
    expect(scrollAnimation(ticker), 'the same animation').to.equal(animation);
    expect(await connectionsTo(node)).to.equal(1);
  });

  it('fetches a fresh token from token-url before the current one expires, and keeps the connection', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-private', { text: 'للشركاء فقط' });
    const partner = await addPartner(node, ['ar-private']);
    const statuses = recordEvents<AjelStatusDetail>('ajel-status');
    const errors = recordEvents<AjelErrorDetail>('ajel-error');
    const tokenUrl = `/test-partner-token?${new URLSearchParams({ partner: JSON.stringify(partner), channels: 'ar-private', expiresIn: '4' })}`;
    const before = await tokenRequests();
    const ticker = await mount({ channel: 'ar-private', server: url, 'token-url': tokenUrl });
    await until(() => ticker.status === 'live' && texts(ticker).includes('للشركاء فقط'), 'live with the first token');
    // Each token lives 4 s: the connection outlives several of them only if each is renewed in time.
    for (const deadline = performance.now() + 20_000; (await tokenRequests()) < before + 4; ) {
      if (performance.now() > deadline) throw new Error('timed out waiting for three renewals');
      await new Promise((done) => setTimeout(done, 200));
    }
    await publish(node, 'ar-private', { text: 'للشركاء فقط: بعد التجديد' });
    await until(() => texts(ticker).includes('للشركاء فقط: بعد التجديد'), 'a change after the renewals');
    statuses.stop();
    errors.stop();
    expect(statuses.details.map((detail) => detail.status)).to.deep.equal(['live']);
    expect(errors.details).to.deep.equal([]);
    expect(await connectionsTo(node)).to.equal(1);
  });

  it('takes private headlines off the screen when the partner is revoked, and says why', async () => {
    const { node, url } = await startNode();
    await publish(node, 'ar-private', { text: 'للشركاء فقط' });
    const partner = await addPartner(node, ['ar-private']);
    const ticker = await mount({ channel: 'ar-private', server: url, token: await mintToken(partner, ['ar-private']) });
    await until(() => texts(ticker).includes('للشركاء فقط'), 'the private headline');
    const errors = recordEvents<AjelErrorDetail>('ajel-error');
    expect(await revokePartner(node, partner.id)).to.equal(200);
    await until(() => errors.details.length > 0 && items(ticker).length === 0, 'the headline gone and an ajel-error');
    errors.stop();
    expect(errors.details[0].error.code).to.equal('partner_revoked');
  });

  it('follows live changes on several channels at once', async () => {
    const { node, url } = await startNode();
    const ticker = await mount({ channel: 'ar-main,ar-sport', server: url });
    await until(() => ticker.status === 'live', 'live');
    await publish(node, 'ar-sport', { text: 'هدف في الدقيقة 90' });
    await publish(node, 'ar-main', { text: 'خبر سياسي' });
    await until(() => items(ticker).length === 2, 'both headlines');
    expect(ticker.headlines.map((headline) => headline.text)).to.deep.equal(['خبر سياسي', 'هدف في الدقيقة 90']);
  });
});
