import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether the page's <ajel-ticker> can show given headlines: the widget's public `headlines`
 * property, per its contract. Until the widget is defined (it loads as its own module) or if it
 * lacks the property, the preview draws the draft itself.
 */
export class TickerSupportController implements ReactiveController {
  acceptsHeadlines = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    void customElements.whenDefined('ajel-ticker').then((ticker) => {
      const accepts = 'headlines' in ticker.prototype;
      if (accepts === this.acceptsHeadlines) return;
      this.acceptsHeadlines = accepts;
      this.host.requestUpdate();
    });
  }
}
