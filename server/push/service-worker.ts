// The service worker a publisher's page registers for push alerts. A browser runs a service worker
// only from the page's own origin, so the publisher hosts a one-line file that imports this one:
//   importScripts('https://ajel.example/push/ajel-push-worker.js');
// It shows each alert as one notification per headline (its tag), replaced by a correction or a
// retraction, and opens the headline's link when the notification is clicked.

export const SERVICE_WORKER_PATH = '/push/ajel-push-worker.js';

export const SERVICE_WORKER_SOURCE = `'use strict';
(() => {
  const safeLink = (link) => {
    try {
      const url = new URL(link);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  };
  self.addEventListener('push', (event) => {
    let message;
    try {
      message = event.data && event.data.json();
    } catch {
      return;
    }
    if (!message || message.ajel !== 1 || typeof message.tag !== 'string') return;
    event.waitUntil((async () => {
      const shown = await self.registration.getNotifications({ tag: message.tag });
      // A correction or retraction of an alert this browser never showed (dismissed, or it was offline) shows nothing new.
      if (message.type !== 'alert' && shown.length === 0) return;
      await self.registration.showNotification(message.title, {
        body: message.body,
        tag: message.tag,
        lang: message.lang,
        dir: message.dir,
        timestamp: Date.parse(message.at) || Date.now(),
        renotify: message.type === 'alert',
        silent: message.type !== 'alert',
        data: { ajel: 1, url: message.type === 'retraction' ? undefined : safeLink(message.url) },
      });
    })());
  });
  self.addEventListener('notificationclick', (event) => {
    const data = event.notification.data;
    if (!data || data.ajel !== 1) return;
    event.notification.close();
    if (!data.url) return;
    event.waitUntil((async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = open.find((client) => client.url === data.url);
      if (same) return same.focus();
      return self.clients.openWindow(data.url);
    })());
  });
})();
`;
