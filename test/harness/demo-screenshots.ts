// Screenshots of the demo pages as `npm start` serves them, to look at after a change:
//   npm run build && node --import tsx test/harness/demo-screenshots.ts [out-dir]
// `/` (right to left), the partner's front page and its article with Ajel's frame (left to right,
// on the partner's own origin; light only, the partner has no dark theme), the console signed in
// with a draft in the composer (Arabic and English), and each page's ticker with reduced motion
// showing a long headline, at 320, 360 and 1280 px, light and dark.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_PRIVATE_CHANNEL } from '../../server/demo-seed.js';
import { startDemoSite } from './demo-site.js';
import { publish } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-demo-screenshots');
mkdirSync(outDir, { recursive: true });

const LONG_HEADLINES = {
  'ar-main': 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية تضرب المنطقة الوسطى',
  [DEMO_PRIVATE_CHANNEL]: 'Breaking: the capital airport closes to all international and domestic flights until further notice as a severe sandstorm sweeps the central region',
};

const site = await startDemoSite();
for (const [channel, text] of Object.entries(LONG_HEADLINES)) await publish(site.base, channel, { text, urgent: true });

const bothSchemes = ['light', 'dark'] as const;
const lightOnly = ['light'] as const;
const views = [
  { name: 'publisher', path: '/', schemes: bothSchemes },
  { name: 'partner', path: `${site.partner}/`, schemes: lightOnly },
  { name: 'article', path: `${site.partner}/article`, schemes: lightOnly, frame: true },
  { name: 'console-ar', path: '/console', consoleLanguage: 'ar' as const, schemes: bothSchemes },
  { name: 'console-en', path: '/console', consoleLanguage: 'en' as const, schemes: bothSchemes },
  { name: 'publisher-reduced-motion', path: '/', reducedMotion: 'reduce' as const, schemes: bothSchemes },
  { name: 'partner-reduced-motion', path: `${site.partner}/`, reducedMotion: 'reduce' as const, schemes: lightOnly },
  { name: 'article-reduced-motion', path: `${site.partner}/article`, reducedMotion: 'reduce' as const, schemes: lightOnly, frame: true },
];
for (const view of views) {
  for (const width of [320, 360, 1280]) {
    for (const colorScheme of view.schemes) {
      const opened = await site.open(view.path, { width, height: 900, colorScheme, reducedMotion: view.reducedMotion, consoleLanguage: view.consoleLanguage });
      const { page } = opened;
      if (view.path === '/console') {
        await site.signIn(page);
        await site.typeDraft(page, view.consoleLanguage === 'en' ? LONG_HEADLINES[DEMO_PRIVATE_CHANNEL] : LONG_HEADLINES['ar-main']);
      }
      const file = `${outDir}/${view.name}-${width}-${colorScheme}.png`;
      if (view.frame) {
        // The article's frame of Ajel's embed where a reader reaches it, fitted to the embed's height
        // (with reduced motion: to the long headline on screen).
        const frameElement = page.locator('iframe[data-ajel-embed]');
        await frameElement.evaluate((element) => element.scrollIntoView({ block: 'center' }));
        const embed = page.frames().find((frame) => frame !== page.mainFrame())!;
        await embed.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[data-current], [part~="item"]') !== null);
        const fitted = async () =>
          Math.abs((await frameElement.evaluate((element) => element.getBoundingClientRect().height)) - (await embed.evaluate(() => document.documentElement.scrollHeight))) <= 1;
        for (let tries = 0; !(await fitted()) && tries < 50; tries++) await page.waitForTimeout(100);
        await page.screenshot({ path: file.replace(/\.png$/, '-frame.png') });
        console.log(file.replace(/\.png$/, '-frame.png'));
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (view.reducedMotion) {
        if (!view.frame) {
          // The long urgent headline is the one on screen first (urgent alerts are pinned first).
          await page.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[data-current]') !== null);
          await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: 520 } });
        }
      } else if (width >= 1000) await page.screenshot({ path: file, fullPage: true });
      else {
        // A phone's page is long: its first and last screens, legible at full size.
        await page.screenshot({ path: file });
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.screenshot({ path: file.replace(/\.png$/, '-end.png') });
      }
      if (opened.problems.length > 0) console.error(`${file}: ${opened.problems.join('; ')}`);
      if (!(view.frame && view.reducedMotion)) console.log(file);
      await opened.close();
    }
  }
}
await site.close();
