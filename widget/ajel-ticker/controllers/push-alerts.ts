import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PushSettings } from '../../../server/protocol.js';

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
 * for a subscription the reader made before. Pressing the bell asks for permission, registers the
 * publisher's worker, subscribes with the server's key and hands the subscription to the server;
 * pressing it again unsubscribes.
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
      this.set(was === 'on' ? await this.unsubscribe(endpoint) : await this.subscribe(endpoint));
    } catch {
      this.set(Notification.permission === 'denied' ? 'unavailable' : was === 'on' ? 'on' : 'off');
    }
  }

  private async subscribe(endpoint: string): Promise<PushState> {
    const settings = (await (await fetch(endpoint)).json()) as PushSettings;
    if (!settings.enabled || !settings.publicKey) return 'unavailable';
    if ((await Notification.requestPermission()) !== 'granted') return 'unavailable';
    const registration = await navigator.serviceWorker.register(this.options.worker());
    await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: settings.publicKey });
    const response = await send(`${endpoint}/subscriptions`, 'POST', subscription.toJSON());
    if (!response.ok) {
      await subscription.unsubscribe();
      return 'unavailable';
    }
    this.options.changed(true);
    return 'on';
  }

  private async unsubscribe(endpoint: string): Promise<PushState> {
    const subscription = await (await this.registration())?.pushManager.getSubscription();
    if (subscription) {
      await send(`${endpoint}/subscriptions`, 'DELETE', { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    this.options.changed(false);
    return 'off';
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

const send = (url: string, method: string, body: unknown) => fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

