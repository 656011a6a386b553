// Shared by the browser tests: real Ajel nodes through the wtr-ajel plugin, and a look inside the
// ticker's shadow root.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Headline, HeadlineStats, StatsList } from '../../server/protocol.js';
import type { AjelTicker } from '../../widget/index.js';
import type { ApiAnswer, HostPageReport } from '../harness/wtr-ajel.js';
import '../../widget/index.js';

export interface TestNode {
  node: string;
  url: string;
}

export const startNode = (options: { shareWith?: string } = {}) => executeServerCommand<TestNode, typeof options>('ajel-start', options);
export const stopNode = (node: string) => executeServerCommand('ajel-stop', { node });
export const restartNode = (node: string) => executeServerCommand<{ url: string }, { node: string }>('ajel-restart', { node });
export const stopAllNodes = () => executeServerCommand('ajel-stop-all');
/** How many Engine.IO connections the node holds (every page's attempts included). */
/** Sends the last `count` changes of a channel to the node's readers again. */
export const pushAgain = (node: string, channel: string, count: number) =>
  executeServerCommand<number, { node: string; channel: string; count: number }>('ajel-push-again', { node, channel, count });
export interface TestPartner {
  id: string;
  kid: string;
  secret: string;
}
/** A partner registered for this test page's origin. */
export const addPartner = (node: string, channels: string[]) =>
  executeServerCommand<TestPartner, object>('ajel-partner', { node, channels, origins: [location.origin] });
export const mintToken = (partner: TestPartner, channels: string[], expiresIn?: number) =>
  executeServerCommand<string, object>('ajel-mint', { partner, channels, expiresIn });
/** How many tokens the test token endpoint (`/test-partner-token`) has handed out. */
export const tokenRequests = () => executeServerCommand<number, object>('ajel-token-requests', {});
export const revokePartner = (node: string, partner: string) => executeServerCommand<number, object>('ajel-revoke', { node, partner });
export const connectionsTo = (node: string) => executeServerCommand<number, { node: string }>('ajel-connections', { node });
/** A proxy in front of a node that forwards HTTP and refuses every WebSocket upgrade (as some firewalls and proxies do). */
export const webSocketRefusingProxy = (node: string) => executeServerCommand<{ proxy: string; url: string }, { node: string }>('ajel-websocket-refusing-proxy', { node });
/** How many WebSocket upgrades the proxy refused and how many HTTP requests it forwarded. */
export const proxySeen = (proxy: string) => executeServerCommand<{ refusedUpgrades: number; requests: number }, { proxy: string }>('ajel-proxy-seen', { proxy });
export const openHostPage = (node: string, screenshot?: string) =>
  executeServerCommand<HostPageReport, { node: string; screenshot?: string }>('ajel-host-page', { node, screenshot });

/** Publishes through the HTTP API; answers the headline and the cursor of its change. */
export async function publishChange(node: string, channel: string, headline: Record<string, unknown>): Promise<{ headline: Headline; cursor: string }> {
  const answer = await executeServerCommand<ApiAnswer, unknown>('ajel-publish', { node, channel, headline });
  if (answer.status !== 201) throw new Error(`publish answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function publish(node: string, channel: string, headline: Record<string, unknown>): Promise<Headline> {
  return (await publishChange(node, channel, headline)).headline;
}

export async function correct(node: string, channel: string, id: string, patch: Record<string, unknown>): Promise<Headline> {
  const answer = await executeServerCommand<ApiAnswer, unknown>('ajel-update', { node, channel, id, patch });
  if (answer.status !== 200) throw new Error(`update answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.headline;
}

export async function retract(node: string, channel: string, id: string): Promise<void> {
  const answer = await executeServerCommand<ApiAnswer, unknown>('ajel-retract', { node, channel, id });
  if (answer.status !== 200) throw new Error(`retract answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** Readers' counts of a channel's live headlines, as its editors read them. */
export async function headlineStats(node: string, channel: string): Promise<Map<string, HeadlineStats>> {
  const answer = await executeServerCommand<ApiAnswer, unknown>('ajel-stats', { node, channel });
  if (answer.status !== 200) throw new Error(`stats answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return new Map((answer.body as StatsList).headlines.map((stats) => [stats.id, stats]));
}

/** Changes a channel's record (title, label, ...) through the HTTP API. */
export async function describeChannel(node: string, channel: string, record: Record<string, unknown>): Promise<void> {
  const answer = await executeServerCommand<ApiAnswer, unknown>('ajel-describe-channel', { node, channel, record });
  if (answer.status !== 200) throw new Error(`channel update answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

const mounted: HTMLElement[] = [];

/** Puts a ticker with these attributes in a container of the given width. */
export async function mount(attributes: Record<string, string>, width = 800): Promise<AjelTicker> {
  const container = document.createElement('div');
  container.style.width = `${width}px`;
  const ticker = document.createElement('ajel-ticker');
  for (const [name, value] of Object.entries(attributes)) ticker.setAttribute(name, value);
  container.append(ticker);
  document.body.append(container);
  mounted.push(container);
  await ticker.updateComplete;
  return ticker;
}

export async function cleanUp(): Promise<void> {
  for (const container of mounted.splice(0)) container.remove();
  localStorage.clear();
  await stopAllNodes();
}

export async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

export const nextFrame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export const part = (ticker: AjelTicker, name: string) => ticker.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
export const track = (ticker: AjelTicker) => ticker.shadowRoot!.querySelector<HTMLElement>('.track')!;
export const viewport = (ticker: AjelTicker) => ticker.shadowRoot!.querySelector<HTMLElement>('.viewport')!;
export const copies = (ticker: AjelTicker) => [...ticker.shadowRoot!.querySelectorAll<HTMLElement>('.copy')];
export const scrollAnimation = (ticker: AjelTicker) => track(ticker).getAnimations()[0];

/** The headline items of the first copy (the one assistive technology reads). */
export const items = (ticker: AjelTicker) => [...copies(ticker)[0].querySelectorAll<HTMLElement>('[part~="item"]')];
/** The headline items a sighted reader sees (with reduced motion the others are there but transparent). */
export const shownItems = (ticker: AjelTicker) =>
  items(ticker).filter((item) => item.getBoundingClientRect().width > 1 && item.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
export const texts = (ticker: AjelTicker) => items(ticker).map((item) => item.querySelector('[part~="link"], [part~="text"]')!.textContent!.trim());

/** The horizontal translation the compositor is applying to the track right now. */
export const translateX = (ticker: AjelTicker) => new DOMMatrixReadOnly(getComputedStyle(track(ticker)).transform).m41;

/** Waits until the track has moved at least `px` from its start, however long the machine takes. */
export const scrolledBy = (ticker: AjelTicker, px: number) => until(() => Math.abs(translateX(ticker)) >= px, `scrolled ${px} px`);

/** Records every `name` event reaching the document, or only those from `source`. */
export function recordEvents<T>(name: string, source?: () => EventTarget | undefined): { details: T[]; stop(): void } {
  const details: T[] = [];
  const listener = (event: Event) => {
    if (!source || event.target === source()) details.push((event as CustomEvent<T>).detail);
  };
  document.addEventListener(name, listener);
  return { details, stop: () => document.removeEventListener(name, listener) };
}

export interface VisibleItems {
  /** The animation time of the frame sampled. */
  time: number;
  /** Every item on screen, with the x of its leading (right) edge. */
  items: Array<{ element: HTMLElement; right: number }>;
}

/** Every item on screen, with the x of its leading (right) edge, and the animation time of the frame. */
export function sampleVisible(ticker: AjelTicker): VisibleItems {
  const view = viewport(ticker).getBoundingClientRect();
  const all = [...ticker.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];
  const visible = all
    .map((element) => ({ element, box: element.getBoundingClientRect() }))
    .filter(({ box }) => box.right > view.left && box.left < view.right)
    .map(({ element, box }) => ({ element, right: box.right }));
  return { time: Number(document.timeline.currentTime), items: visible };
}

/**
 * Each sampled item still on the page (but `skip`) has moved exactly as far as `speed` (px/s, right
 * to left content moving right) says since the sample: no jump, no restart. Answers how many were checked.
 */
export function expectContinuous(before: VisibleItems, speed: number, skip?: HTMLElement): number {
  const after = Number(document.timeline.currentTime);
  const expected = (speed * (after - before.time)) / 1000;
  let checked = 0;
  for (const { element, right } of before.items) {
    if (!element.isConnected || element === skip) continue;
    expect(element.getBoundingClientRect().right - right, `${element.textContent!.trim().slice(0, 30)} moved`).to.be.closeTo(expected, 1);
    checked++;
  }
  return checked;
}
