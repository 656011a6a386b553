import type { PushSettings } from '../../../server/protocol.js';
import type { PushState } from './push-alerts.js';

// What pressing the bell does, in a chunk of its own (push-alerts.ts imports it then): most readers
// never press it.

/** Asks for permission, registers the publisher's worker, subscribes with the server's key and hands the subscription to the server. */
export async function subscribe(endpoint: string, worker: string): Promise<PushState> {
  const settings = (await (await fetch(endpoint)).json()) as PushSettings;
  if (!settings.enabled || !settings.publicKey) return 'unavailable';
  if ((await Notification.requestPermission()) !== 'granted') return 'unavailable';
  const registration = await navigator.serviceWorker.register(worker);
  await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: settings.publicKey });
  const response = await send(`${endpoint}/subscriptions`, 'POST', subscription.toJSON());
  if (!response.ok) {
    await subscription.unsubscribe();
    return 'unavailable';
  }
  return 'on';
}

export async function unsubscribe(endpoint: string, registration: ServiceWorkerRegistration | undefined): Promise<PushState> {
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    await send(`${endpoint}/subscriptions`, 'DELETE', { endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }
  return 'off';
}

const send = (url: string, method: string, body: unknown) => fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
