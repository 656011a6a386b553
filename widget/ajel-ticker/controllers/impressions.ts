import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ImpressionCounter } from './impression-counter.js';

export interface ImpressionsOptions {
  /** False to count nothing (`stats="off"`, static mode): no observer, no listener, no beacon. */
  enabled(): boolean;
  /** The headline items a reader can see now, each with its `data-key` (`channel/id`). */
  items(): Iterable<HTMLElement>;
  /** The scrolling area: an item covering half of it counts as half visible, however long it is. */
  viewport(): HTMLElement | null;
  /** Where a channel's beacons go. */
  endpoint(channel: string): string;
}

/**
 * What the reader saw and clicked, counted by an ImpressionCounter (impression-counter.ts, loaded
 * after the first render that counts). Each render starts the items' second afresh: renders are
 * rare (a change, a pause), and it never counts too much. With reduced motion, only the item on
 * screen is watched.
 */
export class ImpressionsController implements ReactiveController {
  private counter?: Promise<ImpressionCounter | undefined>;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ImpressionsOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (!this.options.enabled()) return this.hostDisconnected();
    if (!this.counter) {
      const loading: Promise<ImpressionCounter | undefined> = import('./impression-counter.js').then(
        ({ ImpressionCounter }) => (this.counter === loading ? new ImpressionCounter(this.options) : undefined),
        () => {
          // The chunk did not load (the network): the next render tries again.
          if (this.counter === loading) this.counter = undefined;
          return undefined;
        },
      );
      this.counter = loading;
    }
    void this.counter.then((counter) => counter?.watch());
  }

  hostDisconnected(): void {
    void this.counter?.then((counter) => counter?.stop());
    this.counter = undefined;
  }

  /** A click on the link of the headline with this key (`channel/id`). */
  clicked(key: string): void {
    void this.counter?.then((counter) => counter?.clicked(key));
  }
}
