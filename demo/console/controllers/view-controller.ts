import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WhoAmI } from '../../../server/protocol.js';

/** The console's pages: an editor's headlines, an admin's partners and feed sources, and the webhooks both manage. */
export const VIEWS = ['headlines', 'partners', 'sources', 'webhooks'] as const;
export type View = (typeof VIEWS)[number];

/** The pages a key can use (as the API's role checks allow), first the one it opens on; a partner's key has none. */
export function viewsFor(role: WhoAmI['role'] | undefined): View[] {
  if (role === 'editor') return ['headlines', 'webhooks'];
  if (role === 'admin') return ['partners', 'sources', 'webhooks'];
  return [];
}

/**
 * The page asked for in the address (`#partners`, `#headlines`, `#sources`, `#webhooks`), so a page can be linked to and
 * the browser's back button goes back to the last one. The shell shows it only if the key can use it.
 */
export class ViewController implements ReactiveController {
  requested?: View;
  private readonly onHashChange = () => {
    this.requested = readHash();
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The requested page if the key can use it, else the first one it can. */
  current(views: readonly View[]): View | undefined {
    return this.requested && views.includes(this.requested) ? this.requested : views[0];
  }

  hostConnected(): void {
    this.requested = readHash();
    window.addEventListener('hashchange', this.onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }
}

function readHash(): View | undefined {
  const hash = location.hash.slice(1);
  return VIEWS.find((view) => view === hash);
}
