import { expect } from '@esm-bundle/chai';
import type { AjelHeadlineDetail, AjelStatusDetail } from '../../widget/index.js';
import {
  cleanUp,
  correct,
  describeChannel,
  items,
  mount,
  part,
  publish,
  publishChange,
  recordEvents,
  restartNode,
  retract,
  startNode,
  stopNode,
  texts,
  until,
} from './helpers.js';

const count = (list: string[], text: string) => list.filter((item) => item === text).length;

describe('connection loss and the offline cache', () => {
  afterEach(cleanUp);

  it('resumes from its cursor after the node it reads from restarts: every missed change exactly once', async () => {
    // Two nodes on one store: the editor keeps publishing through the second while the first is down.
    const reader = await startNode();
    const editor = await startNode({ shareWith: reader.node });
    const kept = await publish(editor.node, 'ar-main', { text: 'خبر قبل الانقطاع' });
    const doomed = await publish(editor.node, 'ar-main', { text: 'خبر سيسحب أثناء الانقطاع' });
    const ticker = await mount({ channel: 'ar-main', server: reader.url });
    await until(() => ticker.status === 'live' && items(ticker).length === 2, 'live with two headlines');

    const statuses = recordEvents<AjelStatusDetail>('ajel-status');
    const changes = recordEvents<AjelHeadlineDetail>('ajel-headline');
    await stopNode(reader.node);
    await until(() => ticker.status !== 'live', 'the drop noticed');
    // The ticker renders at the next animation frame: the indicator follows once that update is done.
    await ticker.updateComplete;
    expect(part(ticker, 'status').dataset.status).to.be.oneOf(['reconnecting', 'offline']);
    expect(texts(ticker), 'still showing what it had').to.have.length(2);

    const { headline: missed, cursor: missedCursor } = await publishChange(editor.node, 'ar-main', { text: 'خبر نشر أثناء الانقطاع' });
    await correct(editor.node, 'ar-main', kept.id, { text: 'خبر قبل الانقطاع (مصحح)' });
    await retract(editor.node, 'ar-main', doomed.id);

    await restartNode(reader.node);
    await until(() => ticker.status === 'live', 'live again', 15_000);
    await until(() => texts(ticker).includes('خبر نشر أثناء الانقطاع'), 'the missed headline');
    await until(() => texts(ticker).includes('خبر قبل الانقطاع (مصحح)'), 'the missed correction');
    expect(texts(ticker)).to.not.include('خبر سيسحب أثناء الانقطاع');
    expect(count(texts(ticker), 'خبر نشر أثناء الانقطاع'), 'shown once').to.equal(1);

    // Nothing is applied twice when live changes follow the resumed ones.
    const after = await publish(editor.node, 'ar-main', { text: 'خبر بعد العودة' });
    await until(() => texts(ticker).includes('خبر بعد العودة'), 'a live change after the resume');
    statuses.stop();
    changes.stop();
    expect(changes.details.map((detail) => [detail.change.type, detail.headline.id])).to.deep.equal([
      ['publish', missed.id],
      ['update', kept.id],
      ['publish', after.id],
    ]);
    // The very changes from the log (their own cursors), not a fresh snapshot.
    expect(changes.details[0].change.cursor).to.equal(missedCursor);
    const cursors = changes.details.map((detail) => detail.change.cursor);
    expect(new Set(cursors).size).to.equal(cursors.length);
    expect(statuses.details.map((detail) => detail.status).at(-1)).to.equal('live');
    expect(statuses.details.map((detail) => detail.status)).to.include('reconnecting');
    expect(ticker.headlines.map((headline) => headline.id)).to.deep.equal([after.id, missed.id, kept.id]);
  });

  it('shows the cached headlines on a reload while the server is down, then resumes with the cursor', async () => {
    const reader = await startNode();
    const editor = await startNode({ shareWith: reader.node });
    const saved = await publish(editor.node, 'ar-main', { text: 'خبر محفوظ' });
    await publish(editor.node, 'ar-main', { text: 'تنبيه محفوظ', urgent: true });
    const first = await mount({ channel: 'ar-main', server: reader.url });
    await until(() => first.status === 'live' && items(first).length === 2, 'live');
    // The cache is written shortly after each change.
    await until(() => Object.keys(localStorage).some((key) => key.includes('ar-main')), 'the cache written');
    first.parentElement!.remove();

    await stopNode(reader.node);
    const changes = recordEvents<AjelHeadlineDetail>('ajel-headline');
    const reloaded = await mount({ channel: 'ar-main', server: reader.url });
    expect(texts(reloaded), 'from the cache, before any connection').to.deep.equal(['تنبيه محفوظ', 'خبر محفوظ']);
    expect(items(reloaded)[0].getAttribute('part')).to.equal('item urgent');
    expect(reloaded.status).to.not.equal('live');
    await until(() => reloaded.status === 'offline', 'offline after failed attempts', 15_000);
    await reloaded.updateComplete;
    expect(part(reloaded, 'status').textContent!.trim()).to.equal('غير متصل');

    const { headline: missed, cursor: missedCursor } = await publishChange(editor.node, 'ar-main', { text: 'خبر أثناء الغياب' });
    await correct(editor.node, 'ar-main', saved.id, { text: 'خبر محفوظ (مصحح)' });
    await restartNode(reader.node);
    await until(() => reloaded.status === 'live', 'live again', 15_000);
    await until(() => texts(reloaded).includes('خبر محفوظ (مصحح)'), 'the missed changes');
    changes.stop();
    // Resumed with the cached cursor: the missed changes themselves, not the cached headlines again.
    expect(changes.details.map((detail) => [detail.change.type, detail.headline.id])).to.deep.equal([['publish', missed.id], ['update', saved.id]]);
    expect(changes.details[0].change.cursor).to.equal(missedCursor);
    expect(texts(reloaded).sort()).to.deep.equal(['تنبيه محفوظ', 'خبر أثناء الغياب', 'خبر محفوظ (مصحح)'].sort());
  });

  it("draws the channel's own label from the cache on a repeat visit, before any connection", async () => {
    const reader = await startNode();
    await describeChannel(reader.node, 'ar-sport', { label: 'رياضة الآن' });
    await publish(reader.node, 'ar-sport', { text: 'خبر رياضي' });
    const first = await mount({ channel: 'ar-sport', server: reader.url });
    await until(() => first.status === 'live' && part(first, 'label').textContent!.trim() === 'رياضة الآن', "the channel's label from the server");
    await until(() => Object.keys(localStorage).some((key) => key.includes('ar-sport')), 'the cache written');
    first.parentElement!.remove();

    await stopNode(reader.node);
    const reloaded = await mount({ channel: 'ar-sport', server: reader.url });
    expect(reloaded.status).to.not.equal('live');
    expect(part(reloaded, 'label').textContent!.trim(), 'from the cache, so the badge does not change width later').to.equal('رياضة الآن');
  });

  it('keeps the caches of different servers apart', async () => {
    const one = await startNode();
    const two = await startNode();
    await publish(one.node, 'ar-main', { text: 'من الخادم الأول' });
    await publish(two.node, 'ar-main', { text: 'من الخادم الثاني' });
    const a = await mount({ channel: 'ar-main', server: one.url });
    const b = await mount({ channel: 'ar-main', server: two.url });
    await until(() => texts(a).length === 1 && texts(b).length === 1, 'both loaded');
    await until(() => Object.keys(localStorage).filter((key) => key.includes('ar-main')).length === 2, 'two caches');
    a.parentElement!.remove();
    b.parentElement!.remove();
    await stopNode(one.node);
    await stopNode(two.node);
    const again = await mount({ channel: 'ar-main', server: one.url });
    expect(texts(again)).to.deep.equal(['من الخادم الأول']);
  });
});
