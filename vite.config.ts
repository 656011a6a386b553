import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { replacementFor } from './widget/socket-parser/replaced-packages.js';

/**
 * Lit keeps component styles as css`...` template strings, which the JavaScript minifier leaves
 * as written: strip their comments and spacing (the widget's own *.styles.ts only, which hold no
 * strings or interpolations where spacing matters).
 */
function minifyLitStyles(): Plugin {
  const minify = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'ajel:minify-lit-styles',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return undefined;
      return { code: code.replace(/css`([^`]*)`/g, (_, body: string) => `css\`${minify(body)}\``), map: null };
    },
  };
}

/**
 * engine.io-client registers every transport it has for the names a client may ask for, and
 * nothing else refers to them: drop WebTransport, which the widget never asks for (it connects over
 * WebSocket, falling back to polling), so the bundle does not carry it. A newer engine.io-client
 * that lays its transports out otherwise fails the build rather than shipping them all unnoticed.
 */
function onlyTheWidgetsTransports(): Plugin {
  const registry = /engine\.io-client\/build\/esm\/transports\/index\.js$/;
  return {
    name: 'ajel:only-the-widgets-transports',
    apply: 'build',
    transform(code, id) {
      if (!registry.test(id)) return undefined;
      const trimmed = code.replace(/^import \{ WT \} from "\.\/webtransport\.js";\n/m, '').replace(/^\s*webtransport: WT,\n/m, '');
      if (trimmed === code || trimmed.includes('WT')) this.error('engine.io-client transports/index.js changed: check onlyTheWidgetsTransports in vite.config.ts');
      return { code: trimmed, map: null };
    },
  };
}

/**
 * socket.io-client and engine.io-client take their packet formats from socket.io-parser and
 * engine.io-parser, binary packets included: give the widget the text-only formats
 * (widget/socket-parser/), which are all that its server sends.
 */
function textOnlySocketParsers(): Plugin {
  return {
    name: 'ajel:text-only-socket-parsers',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      const file = replacementFor(source, importer);
      return file && fileURLToPath(new URL(`./widget/socket-parser/${file}`, import.meta.url));
    },
  };
}

// `vite build` makes the embeddable widget: one self-contained, fully minified ES module with Lit
// and socket.io-client inside, at a stable name the server serves with an ETag and a hashed alias.
const widget: UserConfig = {
  publicDir: false,
  plugins: [minifyLitStyles(), onlyTheWidgetsTransports(), textOnlySocketParsers()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    modulePreload: false,
    rolldownOptions: {
      input: 'widget/index.ts',
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: 'ajel-ticker.js',
        format: 'es',
        codeSplitting: false,
        // socket.io-client and engine.io-client name their internals `_name`; nothing outside the
        // bundle reads them, so they can be as short as locals. (Lit's `_$` names are short already.)
        minify: { compress: true, mangle: true, mangleProps: { include: /^_[a-z]/, quoted: true } },
      },
    },
  },
};

const page = (name: string) => fileURLToPath(new URL(`./demo/${name}.html`, import.meta.url));

// `vite build --mode pages` makes the publisher's demo page and the editor console: pages in dist/
// (served at / and /console) with hashed assets in dist/assets/. The pages load the widget from
// /widget/ajel-ticker.js as any publisher would, so the widget is not bundled into them. It runs
// before the widget build (`npm run build`), because it empties dist/. The demo partner's pages
// are not Ajel's: its own server (demo/partner-site/) serves them as they are.
const pages: UserConfig = {
  root: 'demo',
  publicDir: 'public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { index: page('index'), console: page('console') },
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'pages' ? pages : widget));
