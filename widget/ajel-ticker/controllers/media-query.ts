import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Tracks a media query (reduced motion, colour scheme) and re-renders its host when it flips. */
export class MediaQueryController implements ReactiveController {
  matches = false;
  private readonly query: MediaQueryList;

  constructor(
    private readonly host: ReactiveControllerHost,
    query: string,
  ) {
    this.query = matchMedia(query);
    this.matches = this.query.matches;
    host.addController(this);
  }

  hostConnected(): void {
    this.query.addEventListener('change', this.onChange);
    this.onChange();
  }

  hostDisconnected(): void {
    this.query.removeEventListener('change', this.onChange);
  }

  private readonly onChange = () => {
    if (this.query.matches === this.matches) return;
    this.matches = this.query.matches;
    this.host.requestUpdate();
  };
}
