import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface MarqueeParts {
  /** The whole bar: the frame the content is kept still in. */
  bar(): HTMLElement | null;
  viewport(): HTMLElement | null;
  /** Holds two identical copies of the content side by side. */
  track(): HTMLElement | null;
  /** The two copies; the first one's width is the distance of one loop. */
  copies(): ArrayLike<HTMLElement>;
}

export interface MarqueeSettings {
  direction(): 'rtl' | 'ltr';
  /** Pixels per second. */
  speed(): number;
  /** False to stop scrolling altogether (reduced motion, nothing to show). */
  enabled(): boolean;
  paused(): boolean;
}

/**
 * Where an item lies along the track, measured from the track's inline-start edge (which the
 * layout pins to the viewport's): the content moves towards that edge, so `from` is the item's
 * leading edge and `to` its trailing one.
 */
interface ItemSpan {
  item: HTMLElement;
  from: number;
  to: number;
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
 *
 * The layout is measured once each time it changes (after a render or a resize, when it is laid
 * out anyway) and kept: finding what is on screen is then arithmetic on the animation's offset,
 * which never makes the browser bring style or layout up to date in between.
 */
export class MarqueeController implements ReactiveController {
  private animation?: Animation;
  /** Loop distance (one copy's width), speed and sign (+1 moving right) the animation runs with. */
  private distance = 0;
  private speed = 0;
  private sign = 0;
  private viewportWidth = 0;
  /** How far the viewport's start edge is from the bar's (a badge or button beside it may change width). */
  private viewportStart = 0;
  private spans: ItemSpan[] = [];
  /** Sizes already taken into account are skipped: each update is measured right after its render. */
  private readonly resizeObserver = new ResizeObserver((entries) => {
    const copy = this.parts.copies()[0];
    const resized = entries.some(({ target, borderBoxSize: [size] }) => size?.inlineSize !== (target === copy ? this.distance : this.viewportWidth));
    if (resized) this.sync();
  });
  private observed: Element[] = [];

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

  hostUpdated(): void {
    const watched = [this.parts.viewport(), this.parts.copies()[0]].filter((element): element is HTMLElement => !!element);
    if (watched.length !== this.observed.length || watched.some((element, index) => element !== this.observed[index])) {
      this.resizeObserver.disconnect();
      for (const element of watched) this.resizeObserver.observe(element);
      this.observed = watched;
    }
    this.sync();
  }

  hostDisconnected(): void {
    this.resizeObserver.disconnect();
    this.observed = [];
    this.stop();
  }

  /** The item on screen furthest from the exit: what a new headline placed after it would follow onto the screen. */
  lastVisibleItem(): HTMLElement | undefined {
    return this.visibleSpans(this.spans).at(-1)?.item;
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
    const bar = this.parts.bar();
    const viewport = this.parts.viewport();
    const track = this.parts.track();
    const copies = this.parts.copies();
    const distance = copies[0]?.getBoundingClientRect().width ?? 0;
    if (!bar || !viewport || !track || !this.settings.enabled() || distance <= 0) {
      this.stop();
      return;
    }
    const speed = this.settings.speed();
    const sign = this.settings.direction() === 'rtl' ? 1 : -1;
    const before = this.visibleSpans(this.spans);
    const viewportStartBefore = this.viewportStart;
    const view = viewport.getBoundingClientRect();
    const frame = bar.getBoundingClientRect();
    this.viewportWidth = view.width;
    this.viewportStart = sign > 0 ? frame.right - view.right : view.left - frame.left;
    this.spans = this.measure(track, copies, sign, distance);
    const animation = this.animation;
    const moved = animation && sign === this.sign ? this.anchorShift(before, this.spans) : undefined;
    const shift = moved === undefined ? 0 : moved + this.viewportStart - viewportStartBefore;
    if (animation && distance === this.distance && speed === this.speed && sign === this.sign && shift === 0) {
      this.applyPause();
      return;
    }
    // An item's place in the bar is the viewport's start, plus its place in the track, less the
    // offset: moving the offset on by as much as the other two moved keeps it still.
    const offset = animation && sign === this.sign ? this.offset + shift : 0;
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

  /**
   * Every item's span along the track. Both boxes carry the same translation, so the difference is
   * exact to the sub-pixel whatever the animation's state; the second copy repeats the first one
   * `distance` further on.
   */
  private measure(track: HTMLElement, copies: ArrayLike<HTMLElement>, sign: number, distance: number): ItemSpan[] {
    const start = track.getBoundingClientRect();
    const first = [...(copies[0]?.children ?? [])] as HTMLElement[];
    const spans = first.map((item) => {
      const box = item.getBoundingClientRect();
      return sign > 0 ? { item, from: start.right - box.right, to: start.right - box.left } : { item, from: box.left - start.left, to: box.right - start.left };
    });
    const second = [...(copies[1]?.children ?? [])] as HTMLElement[];
    if (second.length === spans.length) {
      spans.push(...spans.map(({ from, to }, index) => ({ item: second[index], from: from + distance, to: to + distance })));
    }
    return spans;
  }

  /** The spans on screen at the current offset, most advanced (nearest the exit) first. */
  private visibleSpans(spans: ItemSpan[]): ItemSpan[] {
    if (!this.animation) return [];
    const offset = this.offset;
    return spans.filter(({ from, to }) => to - offset > 0 && from - offset < this.viewportWidth).sort((a, b) => a.from - b.from);
  }

  /** How far the most advanced item on screen before, and still there, moved along the track (undefined when none). */
  private anchorShift(before: ItemSpan[], after: ItemSpan[]): number | undefined {
    for (const anchor of before) {
      const now = after.find(({ item }) => item === anchor.item);
      if (now) return now.from - anchor.from;
    }
    return undefined;
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
    this.spans = [];
  }
}
