import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where the reader stands: `unsupported` hides the bell; `unavailable` when notifications are blocked or the channel sends no alerts. */
export type PushState = 'unsupported' | 'off' | 'on' | 'busy' | 'unavailable';

export interface PushAlertsOptions {
  /** The publisher's one-line worker file on its own origin (the `push-worker` attribute), resolved; '' for none. */
  worker(): string;
  /** The channel's push settings on the Ajel server; its subscriptions are under it. */
  endpoint(): string | undefined;
  changed(subscribed: boolean): void;
}

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/**
 * A reader's opt-in to a channel's urgent alerts by Web Push. Asks nothing on load: it only looks
 * for a subscription the reader made before. Pressing the bell subscribes (push-subscription.ts,
 * loaded then); pressing it again unsubscribes.
 */
export class PushAlertsController implements ReactiveController {
  state: PushState = 'unsupported';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: PushAlertsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.options.worker() || !supported()) return this.set('unsupported');
    if (Notification.permission === 'denied') return this.set('unavailable');
    this.set('off');
    void this.registration().then(async (registration) => {
      if (registration && (await registration.pushManager.getSubscription())) this.set('on');
    });
  }

  async toggle(): Promise<void> {
    const endpoint = this.options.endpoint();
    if (!endpoint || this.state === 'busy' || this.state === 'unsupported') return;
    const was = this.state;
    this.set('busy');
    try {
      const { subscribe, unsubscribe } = await import('./push-subscription.js');
      const now = was === 'on' ? await unsubscribe(endpoint, await this.registration()) : await subscribe(endpoint, this.options.worker());
      if (now === 'on' || was === 'on') this.options.changed(now === 'on');
      this.set(now);
    } catch {
      this.set(Notification.permission === 'denied' ? 'unavailable' : was === 'on' ? 'on' : 'off');
    }
  }

  private registration(): Promise<ServiceWorkerRegistration | undefined> {
    return navigator.serviceWorker.getRegistration(this.options.worker()).catch(() => undefined);
  }

  private set(state: PushState): void {
    if (state === this.state) return;
    this.state = state;
    this.host.requestUpdate();
  }
}

