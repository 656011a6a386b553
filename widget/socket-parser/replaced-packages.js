// Which packet-format packages (and engine.io-client's URI parser) the widget's builds
// (vite.config.ts) and its browser tests (web-test-runner.config.js) replace with the modules beside
// this file, for whom.
export const replacedPackages = {
  'socket.io-parser': { importedBy: '/node_modules/socket.io-client/', file: 'text-parser.ts' },
  'engine.io-parser': { importedBy: '/node_modules/engine.io-client/', file: 'engine-text-parser.ts' },
  './contrib/parseuri.js': { importedBy: '/node_modules/engine.io-client/', file: 'uri.ts' },
};

/**
 * The replacement's file name for `source` imported from `importer`, if it is replaced there.
 * WebTransport's module, which the widget's build leaves out, keeps the real parser.
 */
export function replacementFor(source, importer) {
  const replacement = replacedPackages[source];
  if (!replacement || !importer?.includes(replacement.importedBy) || importer.endsWith('/webtransport.js')) return undefined;
  return replacement.file;
}
