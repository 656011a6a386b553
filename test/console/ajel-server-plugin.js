// A real Ajel node for the console's browser tests, started and stopped with the test runner. The
// console reaches it over HTTP and Socket.IO from the test page's origin, like an editor's browser.
// A test asks for it with executeServerCommand('ajel-test-server') and gets its URL, the editor
// keys (the admin's too) and a channel of its own; 'ajel-drop-connections' cuts every live connection;
// 'ajel-limited-server' gives the same for a second node that allows one write a minute (its 429s are real);
// 'ajel-partner-usage' counts a partner's use in the node's store today, as the nodes serving its
// readers do, and reports its live readers as another node would; 'ajel-push-subscriber' stores a
// reader's Web Push subscription to a channel, as the node accepting it would; 'ajel-local-site' gives the URLs
// of a feed and of a webhook receiver on 127.0.0.1, which the node may reach (outboundAllow).
import { createServer } from 'node:http';
import { tsImport } from 'tsx/esm/api';

/** A newsroom's RSS feed with one fresh item, and a webhook receiver answering 204 to every POST. */
function startLocalSite() {
  const site = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/feed.xml') {
      const item = `<item><title>Console feed item</title><link>https://news.example/1</link><guid>console-1</guid><pubDate>${new Date().toUTCString()}</pubDate></item>`;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      return res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local</title><link>https://news.example/</link><description>d</description>${item}</channel></rss>`);
    }
    if (req.method === 'POST' && req.url === '/hook') return req.resume().on('end', () => res.writeHead(204).end());
    res.writeHead(404).end();
  });
  return new Promise((resolve) => site.listen(0, '127.0.0.1', () => resolve(site)));
}

export function ajelTestServerPlugin() {
  let harness;
  let node;
  let limited;
  let pageOrigins;
  let site;
  let channels = 0;
  return {
    name: 'ajel-test-server',
    async serverStart({ config }) {
      harness = await tsImport('../harness/server.ts', import.meta.url);
      pageOrigins = ['localhost', '127.0.0.1', config.hostname].map((host) => `http://${host}:${config.port}`);
      const { parseOutboundAllow } = await tsImport('../../server/net/address-policy.ts', import.meta.url);
      node = await harness.startNode({ config: { writeOrigins: pageOrigins, outboundAllow: parseOutboundAllow(['127.0.0.1']) } });
      site = await startLocalSite();
    },
    async serverStop() {
      await node?.close();
      await limited?.close();
      site?.closeAllConnections();
      site?.close();
    },
    async executeCommand({ command, payload }) {
      if (command === 'ajel-test-server') {
        const channel = `desk-${++channels}`;
        await node.store.addChannels([channel]);
        return { url: node.url, editorKey: harness.EDITOR_KEY, partnerKey: harness.PARTNER_KEY, adminKey: harness.ADMIN_KEY, channel };
      }
      if (command === 'ajel-limited-server') {
        limited ??= await harness.startNode({ config: { writeOrigins: pageOrigins, writeRatePerMinute: 1 } });
        const channel = `desk-${++channels}`;
        await limited.store.addChannels([channel]);
        return { url: limited.url, editorKey: harness.EDITOR_KEY, partnerKey: harness.PARTNER_KEY, channel };
      }
      if (command === 'ajel-partner-usage') {
        const { partner, connections, deliveries, pages, live } = payload;
        const { usageDay } = await tsImport('../../server/store/store.ts', import.meta.url);
        await node.store.addPartnerUsage(partner, usageDay(Date.now()), { connections, deliveries, pages });
        await node.store.reportLiveReaders('console-test-node', new Map([[partner, live]]), Date.now());
        return true;
      }
      if (command === 'ajel-push-subscriber') {
        const { subscriptionId } = await tsImport('../../server/push/subscription.ts', import.meta.url);
        const endpoint = `https://push.example/send/${payload.browser}`;
        const subscription = { id: subscriptionId(endpoint), endpoint, p256dh: 'p256dh', auth: 'auth', createdAt: new Date().toISOString() };
        return node.store.addPushSubscription(payload.channel, subscription, 100);
      }
      if (command === 'ajel-local-site') {
        const base = `http://127.0.0.1:${site.address().port}`;
        return { feedUrl: `${base}/feed.xml`, hookUrl: `${base}/hook` };
      }
      if (command === 'ajel-drop-connections') {
        // Closes every socket's transport, as a network drop would (no Socket.IO goodbye), so the
        // clients reconnect on their own.
        for (const socket of node.server.io.sockets.sockets.values()) socket.conn.close();
        return true;
      }
      return undefined;
    },
  };
}
