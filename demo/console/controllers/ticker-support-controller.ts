import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether the page's <ajel-ticker> can be given headlines to show: a settable `headlines`
 * property. Until the widget is defined (it loads as its own module) or while its `headlines` is
 * read-only, the preview draws the draft itself in the ticker's default look.
 */
export class TickerSupportController implements ReactiveController {
  acceptsHeadlines = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    void customElements.whenDefined('ajel-ticker').then((ticker) => {
      const accepts = hasSettableHeadlines(ticker);
      if (accepts === this.acceptsHeadlines) return;
      this.acceptsHeadlines = accepts;
      this.host.requestUpdate();
    });
  }
}

function hasSettableHeadlines(ticker: CustomElementConstructor): boolean {
  for (let proto = ticker.prototype; proto && proto !== HTMLElement.prototype; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'headlines');
    if (descriptor) return descriptor.set !== undefined || descriptor.writable === true;
  }
  return false;
}
