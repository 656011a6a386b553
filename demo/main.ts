// `npm start`: the Ajel server, started as server/main.ts starts it, and beside it, on a port and an
// origin of its own (AJEL_DEMO_PARTNER_PORT), the site of the demo's partner, The Northern Ledger
// (demo/partner-site/): a partner with a server of its own, which holds its secret and mints its
// readers' tokens.
import { createServer } from 'node:http';
import { DEMO_PARTNER, demoWanted, seedDemoPartner } from '../server/demo-seed.js';
import { configFromEnvironment, startAjel } from '../server/start.js';
import { partnerSite } from './partner-site/site.js';

const config = configFromEnvironment();
const port = config.demoPartnerPort;
const partnerUrl = `http://localhost:${port}`;
const demo = demoWanted(config);
const ajel = await startAjel(config, demo ? { demoPartnerSite: partnerUrl } : {});

const pages = [`publisher ${ajel.url}/`, `editor console ${ajel.url}/console`];
if (!demo) {
  ajel.logger.info('the demo is off (AJEL_DEMO): no demo partner site');
} else {
  // What the publisher's admin does once: register the partner and hand its server the credential.
  const credential = await seedDemoPartner(ajel.store, [partnerUrl, `http://127.0.0.1:${port}`]);
  const site = createServer(partnerSite({ ajel: ajel.url, credential, channels: DEMO_PARTNER.channels }));
  await new Promise<void>((resolve, reject) => {
    site.once('error', reject);
    site.listen(port, config.host, resolve);
  }).catch((error: Error) => {
    ajel.logger.fatal({ port, err: error.message }, 'the demo partner site cannot listen on AJEL_DEMO_PARTNER_PORT');
    process.exit(2);
  });
  ajel.onStop(() => new Promise((resolve) => site.close(() => resolve())));
  pages.push(`partner (own origin) ${partnerUrl}/`, `partner's article with the frame embed ${partnerUrl}/article`);
}
if (ajel.pages) ajel.logger.info(`demo: ${pages.join(' · ')}`);
