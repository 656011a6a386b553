import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface MarqueeParts {
  viewport(): HTMLElement | null;
  /** Holds two identical copies of the content side by side. */
  track(): HTMLElement | null;
  /** The first copy: its width is the distance of one loop. */
  copy(): HTMLElement | null;
  /** Every item of both copies; the visible ones anchor the content across updates. */
  items(): Iterable<HTMLElement>;
}

export interface MarqueeSettings {
  direction(): 'rtl' | 'ltr';
  /** Pixels per second. */
  speed(): number;
  /** False to stop scrolling altogether (reduced motion, nothing to show). */
  enabled(): boolean;
  paused(): boolean;
}

/** Keeps this far from the edge an item brought into view for keyboard focus. */
const REVEAL_MARGIN_PX = 8;

const mod = (value: number, period: number) => ((value % period) + period) % period;

/**
 * Scrolls the track with one Web Animation of its transform, so the compositor moves it without a
 * frame of JavaScript. The track holds two copies of the content: translating by exactly one
 * copy's width brings the second where the first was, so the infinite iteration loops without a
 * seam. Right-to-left content moves right (it enters at the left edge), left-to-right moves left.
 *
 * The scroll position is kept continuous: when the content or the container changes size, the
 * loop distance and duration are recomputed (constant pixels per second) and the current time set
 * from the current offset; when headlines are added, corrected or removed, the offset is shifted
 * so that the items on screen stay exactly where they were.
 */
export class MarqueeController implements ReactiveController {
  private animation?: Animation;
  /** Loop distance (one copy's width), speed and sign (+1 moving right) the animation runs with. */
  private distance = 0;
  private speed = 0;
  private sign = 0;
  /** Items on screen before an update, most advanced first, with the x of their leading edge. */
  private anchors: Array<[HTMLElement, number]> = [];
  private readonly resizeObserver = new ResizeObserver(() => this.sync());
  private observed?: Element;

  constructor(
    host: ReactiveControllerHost,
    private readonly parts: MarqueeParts,
    private readonly settings: MarqueeSettings,
  ) {
    host.addController(this);
  }

  /** How far the content has moved along the loop, in pixels, from 0 to one copy's width. */
  get offset(): number {
    const animation = this.animation;
    if (!animation || this.distance <= 0) return 0;
    const period = (this.distance / this.speed) * 1000;
    return (mod(Number(animation.currentTime ?? 0), period) * this.speed) / 1000;
  }

  hostUpdate(): void {
    this.anchors = this.animation ? this.visibleItems() : [];
  }

  hostUpdated(): void {
    const copy = this.parts.copy();
    if (copy !== this.observed) {
      this.resizeObserver.disconnect();
      if (copy) this.resizeObserver.observe(copy);
      this.observed = copy ?? undefined;
    }
    this.sync();
  }

  hostDisconnected(): void {
    this.resizeObserver.disconnect();
    this.observed = undefined;
    this.stop();
  }

  /** The item on screen furthest from the exit: what a new headline placed after it would follow onto the screen. */
  lastVisibleItem(): HTMLElement | undefined {
    return this.animation ? this.visibleItems().at(-1)?.[0] : undefined;
  }

  /** Moves the content so that `item` (for instance one focused from the keyboard) is fully in view. */
  reveal(item: HTMLElement): void {
    const viewport = this.parts.viewport();
    if (!this.animation || !viewport) return;
    const view = viewport.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    if (box.left >= view.left && box.right <= view.right) return;
    const shift = this.sign > 0 ? view.right - REVEAL_MARGIN_PX - box.right : view.left + REVEAL_MARGIN_PX - box.left;
    this.seek(this.offset + this.sign * shift);
  }

  private sync(): void {
    const track = this.parts.track();
    const copy = this.parts.copy();
    const distance = copy?.getBoundingClientRect().width ?? 0;
    if (!track || !this.settings.enabled() || distance <= 0) {
      this.stop();
      return;
    }
    const speed = this.settings.speed();
    const sign = this.settings.direction() === 'rtl' ? 1 : -1;
    const shift = this.anchorShift();
    const animation = this.animation;
    if (animation && distance === this.distance && speed === this.speed && sign === this.sign && shift === 0) {
      this.applyPause();
      return;
    }
    // An item's x on screen is its layout x plus sign × offset: moving it back by `shift` keeps it still.
    const offset = animation && sign === this.sign ? this.offset - sign * shift : 0;
    const keyframes = [{ transform: 'translateX(0px)' }, { transform: `translateX(${sign * distance}px)` }];
    const duration = (distance / speed) * 1000;
    if (animation) {
      const effect = animation.effect as KeyframeEffect;
      if (distance !== this.distance || sign !== this.sign) effect.setKeyframes(keyframes);
      effect.updateTiming({ duration });
    } else {
      this.animation = track.animate(keyframes, { duration, iterations: Infinity, easing: 'linear' });
    }
    this.distance = distance;
    this.speed = speed;
    this.sign = sign;
    this.seek(offset);
    this.applyPause();
  }

  private seek(offset: number): void {
    if (this.animation) this.animation.currentTime = (mod(offset, this.distance) / this.speed) * 1000;
  }

  private applyPause(): void {
    const animation = this.animation;
    if (!animation) return;
    const paused = this.settings.paused();
    if (paused && animation.playState !== 'paused') animation.pause();
    else if (!paused && animation.playState === 'paused') animation.play();
  }

  private stop(): void {
    this.animation?.cancel();
    this.animation = undefined;
    this.distance = 0;
    this.anchors = [];
  }

  /** The x of an item's leading edge: the edge that goes first in the direction of motion. */
  private leadingEdge(box: DOMRect): number {
    return this.sign > 0 ? box.right : box.left;
  }

  private visibleItems(): Array<[HTMLElement, number]> {
    const viewport = this.parts.viewport();
    if (!viewport) return [];
    const view = viewport.getBoundingClientRect();
    const visible: Array<[HTMLElement, number]> = [];
    for (const item of this.parts.items()) {
      const box = item.getBoundingClientRect();
      if (box.right > view.left && box.left < view.right) visible.push([item, this.leadingEdge(box)]);
    }
    return visible.sort(([, a], [, b]) => this.sign * (b - a));
  }

  /** How far the update moved the most advanced item still on the page (0 when none). */
  private anchorShift(): number {
    const anchors = this.anchors;
    this.anchors = [];
    for (const [item, before] of anchors) {
      if (item.isConnected) return this.leadingEdge(item.getBoundingClientRect()) - before;
    }
    return 0;
  }
}
