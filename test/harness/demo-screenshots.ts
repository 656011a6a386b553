// Screenshots of the demo pages as `npm start` serves them, to look at after a change:
//   npm run build && node --import tsx test/harness/demo-screenshots.ts [out-dir]
// `/` (right to left), `/partner` (left to right), the console signed in with a draft in the
// composer (Arabic and English), and each page's ticker with reduced motion showing a long
// headline, at 320, 360 and 1280 px, light and dark.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemoSite } from './demo-site.js';
import { publish } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-demo-screenshots');
mkdirSync(outDir, { recursive: true });

const LONG_HEADLINES = {
  'ar-main': 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية تضرب المنطقة الوسطى',
  'en-world': 'Breaking: the capital airport closes to all international and domestic flights until further notice as a severe sandstorm sweeps the central region',
};

const site = await startDemoSite();
for (const [channel, text] of Object.entries(LONG_HEADLINES)) await publish(site.base, channel, { text, urgent: true });

const views = [
  { name: 'publisher', path: '/' },
  { name: 'partner', path: '/partner' },
  { name: 'console-ar', path: '/console', consoleLanguage: 'ar' as const },
  { name: 'console-en', path: '/console', consoleLanguage: 'en' as const },
  { name: 'publisher-reduced-motion', path: '/', reducedMotion: 'reduce' as const },
  { name: 'partner-reduced-motion', path: '/partner', reducedMotion: 'reduce' as const },
];
for (const view of views) {
  for (const width of [320, 360, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const opened = await site.open(view.path, { width, height: 900, colorScheme, reducedMotion: view.reducedMotion, consoleLanguage: view.consoleLanguage });
      const { page } = opened;
      if (view.path === '/console') {
        await site.signIn(page);
        await site.typeDraft(page, view.consoleLanguage === 'en' ? LONG_HEADLINES['en-world'] : LONG_HEADLINES['ar-main']);
      }
      if (view.reducedMotion) {
        // The long urgent headline is the one on screen first (urgent alerts are pinned first).
        await page.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[data-current]') !== null);
      }
      const file = `${outDir}/${view.name}-${width}-${colorScheme}.png`;
      if (view.reducedMotion) await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: 520 } });
      else if (width >= 1000) await page.screenshot({ path: file, fullPage: true });
      else {
        // A phone's page is long: its first and last screens, legible at full size.
        await page.screenshot({ path: file });
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.screenshot({ path: file.replace(/\.png$/, '-end.png') });
      }
      if (opened.problems.length > 0) console.error(`${file}: ${opened.problems.join('; ')}`);
      console.log(file);
      await opened.close();
    }
  }
}
await site.close();
