import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

// `vite build` makes the embeddable widget: one self-contained, fully minified ES module with Lit
// and socket.io-client inside, at a stable name the server serves with an ETag and a hashed alias.
const widget: UserConfig = {
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    modulePreload: false,
    rolldownOptions: {
      input: 'widget/index.ts',
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: 'ajel-ticker.js', format: 'es', inlineDynamicImports: true },
    },
  },
};

const page = (name: string) => fileURLToPath(new URL(`./demo/${name}.html`, import.meta.url));

// `vite build --mode pages` makes the demo sites and the editor console: pages in dist/ (served at
// /, /partner and /console) with hashed assets in dist/assets/. The pages load the widget from
// /widget/ajel-ticker.js as any publisher would, so the widget is not bundled into them. It runs
// before the widget build (`npm run build`), because it empties dist/.
const pages: UserConfig = {
  root: 'demo',
  publicDir: 'public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { index: page('index'), partner: page('partner'), console: page('console') },
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'pages' ? pages : widget));
