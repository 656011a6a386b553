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
 * The widget's Lit templates (html`...`) are indented for reading: a run of spacing that holds a
 * line break is one space to HTML, and none at all next to a tag, where it makes no text the widget
 * shows (its bars are flex and grid boxes, its text stays on one line). Every other space stays.
 */
function minifyLitTemplates(): Plugin {
  const own = /\/widget\/.*\.ts$/;
  const minify = (text: string) =>
    text.replace(/\s*\n\s*/g, (space, at: number, whole: string) => {
      const before = whole[at - 1];
      const after = whole[at + space.length];
      return before === '>' || after === '<' || after === '>' ? '' : ' ';
    });
  return {
    name: 'ajel:minify-lit-templates',
    apply: 'build',
    transform(code, id) {
      if (!own.test(id) || id.endsWith('.styles.ts') || !code.includes('html`')) return undefined;
      const quasis: Array<{ start: number; end: number }> = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        const record = node as Record<string, unknown> & { type?: string };
        if (record.type === 'TaggedTemplateExpression' && (record.tag as { type: string; name?: string }).type === 'Identifier' && (record.tag as { name: string }).name === 'html') {
          quasis.push(...((record.quasi as { quasis: Array<{ start: number; end: number }> }).quasis));
        }
        for (const [key, value] of Object.entries(record)) if (key !== 'type' && typeof value === 'object') visit(value);
      };
      visit(this.parse(code));
      let minified = '';
      let at = 0;
      for (const { start, end } of quasis.sort((a, b) => a.start - b.start)) {
        minified += code.slice(at, start) + minify(code.slice(start, end));
        at = end;
      }
      return { code: minified + code.slice(at), map: null };
    },
  };
}

/**
 * engine.io-client registers every transport it has for the names a client may ask for, and
 * nothing else refers to them: the widget gives the two it uses as implementations (WebSocket,
 * long-polling by fetch; live-channel.ts), so the registry can be empty and the bundle carries
 * neither XHR polling nor WebTransport. A newer engine.io-client that lays its transports out
 * otherwise fails the build rather than shipping them all unnoticed.
 */
function noTransportRegistry(): Plugin {
  const registry = /engine\.io-client\/build\/esm\/transports\/index\.js$/;
  return {
    name: 'ajel:no-transport-registry',
    apply: 'build',
    transform(code, id) {
      if (!registry.test(id)) return undefined;
      if (!/^export const transports = \{\n(\s+\w+: \w+,\n)+\};\s*$/m.test(code)) this.error('engine.io-client transports/index.js changed: check noTransportRegistry in vite.config.ts');
      return { code: 'export const transports = {};\n', map: null };
    },
  };
}

/**
 * socket.io-client's Socket has features the widget does not use: catch-all listeners (onAny,
 * onAnyOutgoing and their kin), retried emits (`retries`), emitWithAck, send, volatile and
 * compress. Take them out of its class, and the calls to them out of the methods it keeps; a
 * socket.io-client whose code differs fails the build.
 */
function trimSocketIoSocket(): Plugin {
  const file = /socket\.io-client\/build\/esm\/socket\.js$/;
  const methods = new Set([
    'send', 'emitWithAck', '_addToQueue', '_drainQueue', 'compress', 'volatile', 'onAny', 'prependAny', 'offAny', 'listenersAny',
    'onAnyOutgoing', 'prependAnyOutgoing', 'offAnyOutgoing', 'listenersAnyOutgoing', 'notifyOutgoingListeners',
  ]);
  const calls = [
    /\n\s*if \(this\._opts\.retries && !this\.flags\.fromQueue && !this\.flags\.volatile\) \{\n\s*this\._addToQueue\(args\);\n\s*return this;\n\s*\}/,
    /\n\s*this\.notifyOutgoingListeners\(packet\);/g,
    /\n\s*this\._drainQueue\(true\);/,
    /\n\s*if \(this\._anyListeners && this\._anyListeners\.length\) \{\n\s*const listeners = this\._anyListeners\.slice\(\);\n\s*for \(const listener of listeners\) \{\n\s*listener\.apply\(this, args\);\n\s*\}\n\s*\}/,
  ];
  return {
    name: 'ajel:trim-socket-io-socket',
    apply: 'build',
    transform(code, id) {
      if (!file.test(id)) return undefined;
      const program = this.parse(code);
      const socket = program.body.find(
        (node) => node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'ClassDeclaration' && node.declaration.id?.name === 'Socket',
      );
      const members = socket?.type === 'ExportNamedDeclaration' && socket.declaration?.type === 'ClassDeclaration' ? socket.declaration.body.body : [];
      const removed = members.filter((member) => member.type === 'MethodDefinition' && member.key.type === 'Identifier' && methods.has(member.key.name));
      if (removed.length !== methods.size) this.error('socket.io-client Socket changed: check trimSocketIoSocket in vite.config.ts');
      let trimmed = '';
      let at = 0;
      for (const member of removed) {
        trimmed += code.slice(at, member.start);
        at = member.end;
      }
      trimmed += code.slice(at);
      for (const call of calls) {
        const next = trimmed.replace(call, '');
        if (next === trimmed) this.error(`socket.io-client Socket changed (${call.source}): check trimSocketIoSocket in vite.config.ts`);
        trimmed = next;
      }
      if ([...methods].some((name) => new RegExp(`this\\.${name}\\b`).test(trimmed))) this.error('socket.io-client Socket still calls a method trimSocketIoSocket removed');
      return { code: trimmed, map: null };
    },
  };
}

/**
 * socket.io-client and engine.io-client take their packet formats from socket.io-parser and
 * engine.io-parser, binary packets included: give the widget the text-only formats
 * (widget/socket-parser/), which are all that its server sends, and engine.io-client's URI parser
 * by the platform's URL.
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
  plugins: [minifyLitStyles(), minifyLitTemplates(), noTransportRegistry(), trimSocketIoSocket(), textOnlySocketParsers()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    modulePreload: false,
    rolldownOptions: {
      input: 'widget/index.ts',
      preserveEntrySignatures: 'strict',
      treeshake: {
        // Reached only through engine.io-client's index, which re-exports every transport: the widget
        // uses neither XHR polling nor WebTransport (nor the full parser WebTransport takes), and
        // their top-level code (an XHR feature test, unload listeners) must not keep them in.
        moduleSideEffects: (id) => (/\/node_modules\/(engine\.io-client\/build\/esm\/transports\/(polling-xhr|webtransport)\.js$|engine\.io-parser\/)/.test(id) ? false : undefined),
      },
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
