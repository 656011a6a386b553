import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, minifySync, type Plugin, type UserConfig } from 'vite';
import { replacementFor } from './widget/socket-parser/replaced-packages.js';

/**
 * Lit keeps component styles as css`...` template strings, which the JavaScript minifier leaves
 * as written: strip their comments and spacing, write numbers and colours short, drop the quotes
 * of attribute values that are plain words, and give the private custom properties (`--_name`,
 * which only the stylesheet itself sets and reads) short names (the widget's own *.styles.ts only,
 * which hold no strings or interpolations where spacing matters).
 */
function minifyLitStyles(): Plugin {
  const minify = (css: string) => {
    const privateNames = new Map<string, string>();
    return css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/--_[\w-]+/g, (name) => privateNames.get(name) ?? privateNames.set(name, `--_${privateNames.size.toString(36)}`).get(name)!)
      .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
      .replace(/([\s:(,-])0\.(\d)/g, '$1.$2')
      .replace(/=(['"])([a-z][\w-]*)\1\]/gi, '=$2]')
      .trim();
  };
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
 * Code of engine.io-client the widget never runs, taken out; an engine.io-client whose code differs
 * fails the build. Its Socket reads two options the widget never sets (live-channel.ts):
 * `closeOnBeforeunload` (a listener that closes the connection quietly as the page unloads) and
 * `rememberUpgrade` (open with WebSocket straight away after it once worked, which the widget does
 * anyway: WebSocket is its first transport). Its WebSocket transport picks the options Node's `ws`
 * takes, which a browser's WebSocket never gets (it is React Native's that would).
 */
function trimEngineIoClient(): Plugin {
  const removals: Array<[file: RegExp, pattern: RegExp, replacement: string]> = [
    [/\/socket\.js$/, /\n\s*if \(this\.opts\.closeOnBeforeunload\) \{[\s\S]*?addEventListener\("beforeunload", this\._beforeunloadEventListener, false\);\n\s*\}/, ''],
    [/\/socket\.js$/, /\n\s*if \(this\._beforeunloadEventListener\) \{\n\s*removeEventListener\("beforeunload", this\._beforeunloadEventListener, false\);\n\s*\}/, ''],
    [
      /\/socket\.js$/,
      /const transportName = this\.opts\.rememberUpgrade &&\s*Socket\.priorWebsocketSuccess &&\s*this\.transports\.indexOf\("websocket"\) !== -1\s*\? "websocket"\s*: this\.transports\[0\];/,
      'const transportName = this.transports[0];',
    ],
    [/\/transports\/websocket\.js$/, /: pick\(this\.opts, "agent", "perMessageDeflate",[^)]*\);/, ': {};'],
  ];
  return {
    name: 'ajel:trim-engine-io-client',
    apply: 'build',
    transform(code, id) {
      if (!id.includes('/node_modules/engine.io-client/build/esm/')) return undefined;
      let trimmed = code;
      for (const [file, pattern, replacement] of removals) {
        if (!file.test(id)) continue;
        const next = trimmed.replace(pattern, replacement);
        if (next === trimmed) this.error(`engine.io-client changed (${pattern.source.slice(0, 60)}…): check trimEngineIoClient in vite.config.ts`);
        trimmed = next;
      }
      return trimmed === code ? undefined : { code: trimmed, map: null };
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
// and socket.io-client inside, at a stable name the server serves with an ETag and a hashed alias,
// and the chunks it imports lazily.
const widget: UserConfig = {
  publicDir: false,
  plugins: [
    minifyLitStyles(),
    minifyLitTemplates(),
    plainLazyImports(),
    noTransportRegistry(),
    trimSocketIoSocket(),
    trimEngineIoClient(),
    textOnlySocketParsers(),
    // socket.io-client and engine.io-client name their internals `_name` (Lit's `_$` names are short
    // already); the widget's own are its private members.
    minifyChunks(new RegExp(`^(?:_[a-z]\\w*|${privateMemberNames().join('|')})$`)),
  ],
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
        // What only some readers use (the push bell's subscribing, a partner's token renewal) is
        // imported when it is needed, from chunks named by their content (server/http/static.ts).
        chunkFileNames: 'chunks/[name]-[hash].js',
        format: 'es',
        minify: false,
      },
    },
  },
};

/**
 * Vite wraps each lazy import() in a helper that preloads the chunk's CSS and dependencies; the
 * widget's lazy chunks have neither, so the helper only loads the chunk (and weighs nothing).
 */
function plainLazyImports(): Plugin {
  const helper = '\0vite/preload-helper.js';
  return {
    name: 'ajel:plain-lazy-imports',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      return id === helper ? 'export const __vitePreload = (load) => load();\n' : undefined;
    },
  };
}

/**
 * Minifies each chunk, renaming the properties no code outside the bundle reads (`include`) to
 * names as short as locals'. Rolldown's own minifier renames properties only in a build of one
 * chunk: here every chunk gets the same names (one cache).
 */
function minifyChunks(include: RegExp): Plugin {
  let cache: Record<string, string | false> = {};
  return {
    name: 'ajel:minify-chunks',
    apply: 'build',
    renderStart() {
      cache = {};
    },
    renderChunk(code, chunk) {
      const result = minifySync(chunk.fileName, code, { module: true, compress: { target: 'es2021' }, mangle: { toplevel: true }, sourcemap: true, mangleProps: { include, quoted: true, cache } });
      if (result.errors.length > 0) this.error(`mangling ${chunk.fileName}: ${result.errors[0].message}`);
      cache = result.mangleCache ?? cache;
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * The names of the widget's `private` class members (TypeScript's: compiled, they are ordinary
 * properties) that are safe to shorten: the property mangler renames every occurrence of a name in
 * the bundle, so a name is left as it is when anything else might use it: the platform (any word of
 * TypeScript's DOM and ES declarations), Lit or socket.io-client (any word of their code), the wire
 * and storage formats (server/protocol.ts), or the widget itself as a public member, an object key
 * or a string. A decorated member (Lit's reactive properties, which Lit finds by name) never starts
 * its line with `private`, so it is never a candidate.
 */
function privateMemberNames(): string[] {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const filesIn = (dir: string, extension: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? filesIn(join(dir, entry.name), extension) : entry.name.endsWith(extension) ? [join(dir, entry.name)] : [],
    );
  const read = (files: string[]) => files.map((file) => readFileSync(file, 'utf8')).join('\n');
  const widget = read(filesIn(join(root, 'widget'), '.ts'));
  const candidates = new Set([...widget.matchAll(/^\s*private (?:readonly |static |async |get |set )*(\w+)/gm)].map((match) => match[1]));
  const typescriptLib = join(root, 'node_modules/typescript/lib');
  const outside = read([
    ...readdirSync(typescriptLib).filter((name) => /^lib\.(dom|es|webworker).*\.d\.ts$/.test(name)).map((name) => join(typescriptLib, name)),
    ...['lit-html', 'lit-element', '@lit/reactive-element', 'socket.io-client/build/esm', 'engine.io-client/build/esm', '@socket.io/component-emitter/lib/esm'].flatMap((dir) =>
      filesIn(join(root, 'node_modules', dir), '.js'),
    ),
    join(root, 'server/protocol.ts'),
  ]);
  const words = new Set(outside.match(/[A-Za-z_$][\w$]*/g));
  const notPrivate = widget.replace(/^\s*private .*$/gm, '');
  const usedOtherwise = (name: string) =>
    new RegExp(`^\\s*(?:@\\w+\\([^)]*\\)\\s*)*(?:readonly |static |async |get |set )*${name}\\??[(:=<;]`, 'm').test(notPrivate) ||
    new RegExp(`[{,]\\s*${name}\\s*[,}]`).test(widget) ||
    new RegExp(`['"\`]${name}['"\`]`).test(widget);
  return [...candidates].filter((name) => !words.has(name) && !usedOtherwise(name)).sort();
}

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
