// Bundle: the size of the served ajel-ticker.js (minified, gzip, brotli) against its gzip budget,
// what Lit, socket.io-client and our own code each contribute to it (our code file by file), and
// the chunks it imports lazily (loaded only when a feature is used).

import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWidget, DIST_WIDGET } from '../lib/build.js';
import { fixed, markdownTable, percent } from '../lib/table.js';
import { codeBySource, type SourceMapV3 } from './source-map.js';

/** The file readers load first, in decimal kilobytes of gzip (the stricter reading). */
const GZIP_BUDGET_BYTES = 26_000;
/** Our own code's share of it (issue 18's target, not yet met: the table says by how much). */
const AJEL_GZIP_TARGET_BYTES = 6_000;

const PARTS = ['lit', 'socket.io-client', 'ajel', 'other', 'bundler glue'] as const;
export type Part = (typeof PARTS)[number];
/** Listed even when absent (0 bytes), so that a missing one shows. */
const MAIN_PARTS: readonly Part[] = ['lit', 'socket.io-client', 'ajel'];

const PACKAGES: Record<string, Part> = {
  lit: 'lit',
  'lit-html': 'lit',
  'lit-element': 'lit',
  '@lit/reactive-element': 'lit',
  'socket.io-client': 'socket.io-client',
  'engine.io-client': 'socket.io-client',
  'socket.io-parser': 'socket.io-client',
  'engine.io-parser': 'socket.io-client',
  '@socket.io/component-emitter': 'socket.io-client',
};

export interface Sizes {
  minified: number;
  gzip: number;
  brotli: number;
}

export interface BundleResult {
  file: string;
  total: Sizes;
  budget: { gzipBytes: number; headroomBytes: number; headroomShare: number; within: boolean };
  /** Our own code's gzip bytes in the file against its target. */
  ajelTarget: { gzipBytes: number; ajelGzipBytes: number; within: boolean };
  /** Minified bytes are exact (by source map); gzip and brotli are the total split in proportion to each part compressed alone. */
  parts: Array<{ part: Part; sources: string[] } & Sizes>;
  /** Our own code in the file, source by source, largest first: split as the parts are. */
  ajelSources: Array<{ source: string } & Sizes>;
  /** Chunks the file imports lazily, each when a reader first uses what it holds. */
  lazyChunks: Array<{ file: string; ajelSources: string[] } & Sizes>;
  /** Whether this build is byte for byte the dist/widget/ajel-ticker.js that `npm run build` made (undefined if there is none). */
  matchesDist?: boolean;
}

const sizesOf = (data: Buffer): Sizes => ({ minified: data.length, gzip: gzip(data), brotli: brotli(data) });
const gzip = (data: Buffer) => (data.length === 0 ? 0 : gzipSync(data, { level: 9 }).length);
const brotli = (data: Buffer) =>
  data.length === 0
    ? 0
    : brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length;

function partOf(source: string | null): Part {
  if (source === null) return 'bundler glue';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  if (match) return PACKAGES[match[1]] ?? 'other';
  return /(^|\/)widget\//.test(source) ? 'ajel' : 'other';
}

function shortName(source: string | null): string {
  if (source === null) return '(none)';
  const inPackage = /node_modules\/(.+)$/.exec(source);
  if (inPackage) return inPackage[1];
  return /(?:^|\/)(widget\/.+)$/.exec(source)?.[1] ?? source.replace(/^(\.\.\/)+/, '');
}

export async function runBundle(log: (line: string) => void = () => {}): Promise<BundleResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'ajel-bundle-'));
  try {
    log('bundle: building the widget with a source map...');
    const file = await buildWidget({ outDir, sourcemap: 'hidden' });
    const code = readFileSync(file);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapV3;

    const total = sizesOf(code);
    const bySource = codeBySource(code.toString('utf8'), map);
    const byPart = new Map<Part, { text: string[]; sources: Set<string> }>();
    for (const [source, text] of bySource) {
      const part = partOf(source);
      const entry = byPart.get(part) ?? byPart.set(part, { text: [], sources: new Set() }).get(part)!;
      entry.text.push(text);
      entry.sources.add(shortName(source));
    }
    const parts = inProportion(
      total,
      PARTS.filter((part) => byPart.has(part) || MAIN_PARTS.includes(part)).map((part) => ({
        part,
        sources: [...(byPart.get(part)?.sources ?? [])].sort(),
        text: byPart.get(part)?.text.join('') ?? '',
      })),
    );
    const ajelPart = parts.find((part) => part.part === 'ajel')!;
    const ajelSources = inProportion(
      ajelPart,
      [...bySource].filter(([source]) => partOf(source) === 'ajel').map(([source, text]) => ({ source: shortName(source), text })),
    ).sort((a, b) => b.minified - a.minified);

    const lazyChunks = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js') && join(outDir, name) !== file)
      .sort()
      .map((name) => {
        const chunk = readFileSync(join(outDir, name));
        const chunkMap = JSON.parse(readFileSync(join(outDir, `${name}.map`), 'utf8')) as SourceMapV3;
        const sources = [...codeBySource(chunk.toString('utf8'), chunkMap).keys()].filter((source) => partOf(source) === 'ajel');
        return { file: name.replace(/-[\w-]{8}\.js$/, '-[hash].js'), ajelSources: sources.map(shortName).sort(), ...sizesOf(chunk) };
      });

    const headroomBytes = GZIP_BUDGET_BYTES - total.gzip;
    return {
      file: 'dist/widget/ajel-ticker.js',
      total,
      budget: { gzipBytes: GZIP_BUDGET_BYTES, headroomBytes, headroomShare: headroomBytes / GZIP_BUDGET_BYTES, within: headroomBytes >= 0 },
      ajelTarget: { gzipBytes: AJEL_GZIP_TARGET_BYTES, ajelGzipBytes: ajelPart.gzip, within: ajelPart.gzip <= AJEL_GZIP_TARGET_BYTES },
      parts,
      ajelSources,
      lazyChunks,
      ...(existsSync(DIST_WIDGET) ? { matchesDist: readFileSync(DIST_WIDGET).equals(code) } : {}),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Sizes of pieces of `whole` (which is their concatenation): minified exact, gzip and brotli the
 * whole's real figures split in proportion to each piece compressed alone.
 */
function inProportion<T extends { text: string }>(whole: Sizes, pieces: T[]): Array<Omit<T, 'text'> & Sizes> {
  const alone = pieces.map(({ text, ...rest }) => ({ rest, ...sizesOf(Buffer.from(text, 'utf8')) }));
  const gzipAlone = alone.reduce((sum, piece) => sum + piece.gzip, 0);
  const brotliAlone = alone.reduce((sum, piece) => sum + piece.brotli, 0);
  return alone.map(({ rest, minified, gzip: gzipped, brotli: brotlied }) => ({
    ...(rest as Omit<T, 'text'>),
    minified,
    gzip: gzipAlone === 0 ? 0 : Math.round((gzipped / gzipAlone) * whole.gzip),
    brotli: brotliAlone === 0 ? 0 : Math.round((brotlied / brotliAlone) * whole.brotli),
  }));
}

const kB = (bytes: number) => `${fixed(bytes / 1000, 1)} kB`;

export function formatBundle(result: BundleResult): string {
  const { total } = result;
  const rows = result.parts.map((part) => [
    part.part,
    kB(part.minified),
    kB(part.gzip),
    kB(part.brotli),
    percent(part.gzip / total.gzip, 0),
  ]);
  rows.push(['total', kB(total.minified), kB(total.gzip), kB(total.brotli), '100%']);
  const table = markdownTable(['part of ajel-ticker.js', 'minified', 'gzip', 'brotli', 'share of gzip'], rows);
  const sources = markdownTable(
    ['ajel, by source', 'minified', 'gzip', 'brotli', 'share of gzip'],
    result.ajelSources.map((source) => [source.source, kB(source.minified), kB(source.gzip), kB(source.brotli), percent(source.gzip / total.gzip, 1)]),
  );
  const lazy =
    result.lazyChunks.length === 0
      ? 'No lazily loaded chunks.'
      : markdownTable(
          ['loaded lazily', 'minified', 'gzip', 'brotli', 'ajel sources'],
          result.lazyChunks.map((chunk) => [chunk.file, kB(chunk.minified), kB(chunk.gzip), kB(chunk.brotli), chunk.ajelSources.join(', ')]),
        );
  const { budget, ajelTarget } = result;
  // Exact where the margin is a few bytes.
  const bytes = (value: number) => `${value.toLocaleString('en')} B`;
  const lazyGzip = result.lazyChunks.reduce((sum, chunk) => sum + chunk.gzip, 0);
  const verdict =
    (budget.within
      ? `${bytes(total.gzip)} gzip against a budget of ${bytes(budget.gzipBytes)}: ${bytes(budget.headroomBytes)} (${percent(budget.headroomShare, 1)}) of headroom.`
      : `${bytes(total.gzip)} gzip is OVER the budget of ${bytes(budget.gzipBytes)} by ${bytes(-budget.headroomBytes)}.`) +
    ` Our own code in it: ${kB(ajelTarget.ajelGzipBytes)} gzip against a target of ${kB(ajelTarget.gzipBytes)}` +
    (ajelTarget.within ? '.' : ` (over by ${kB(ajelTarget.ajelGzipBytes - ajelTarget.gzipBytes)}).`) +
    (result.lazyChunks.length > 0 ? ` The lazily loaded chunks add ${kB(lazyGzip)} gzip in all: the impression counter after the first render that counts (on most pages), the bell's subscribing and a partner token's renewal only where they are used.` : '');
  return (
    `${table}\n\n${sources}\n\n${lazy}\n\n${verdict} Minified sizes per part are exact (by source map); gzip and brotli split the file's real total in ` +
    `proportion to each part (or source) compressed alone; the budget is for ajel-ticker.js, which readers load first. Lit: lit, lit-html, lit-element, @lit/reactive-element; socket.io-client: ` +
    `with engine.io-client and both parsers; ajel: widget/.` +
    (result.matchesDist === false ? ' Note: dist/widget/ajel-ticker.js differs from this build of the current sources (run `npm run build`).' : '')
  );
}
