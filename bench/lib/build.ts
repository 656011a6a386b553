import { join } from 'node:path';
import { build } from 'vite';
import { ROOT } from './node-process.js';

const WIDGET_FILE = 'ajel-ticker.js';
export const DIST_WIDGET = join(ROOT, 'dist/widget', WIDGET_FILE);

/**
 * Builds the widget with the project's own Vite config (what `npm run build` does), into dist/
 * or elsewhere; `sourcemap: 'hidden'` adds a map beside it without changing the file itself.
 */
export async function buildWidget(options: { outDir?: string; sourcemap?: 'hidden' } = {}): Promise<string> {
  const outDir = options.outDir ?? join(ROOT, 'dist/widget');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, ...(options.sourcemap ? { sourcemap: options.sourcemap } : {}) },
  });
  return join(outDir, WIDGET_FILE);
}
