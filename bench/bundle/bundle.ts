// Bundle: the size of the served ajel-ticker.js (minified, gzip, brotli) against the 30 KB gzip
// budget, and what Lit, socket.io-client and our own code each contribute to it.

import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWidget, DIST_WIDGET } from '../lib/build.js';
import { fixed, markdownTable, percent } from '../lib/table.js';
import { codeBySource, type SourceMapV3 } from './source-map.js';

/** 30 KB of gzip, counted in decimal kilobytes (the stricter reading). */
const GZIP_BUDGET_BYTES = 30_000;

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
  /** Minified bytes are exact (by source map); gzip and brotli are the total split in proportion to each part compressed alone. */
  parts: Array<{ part: Part; sources: string[] } & Sizes>;
  /** Whether this build is byte for byte the dist/widget/ajel-ticker.js that `npm run build` made (undefined if there is none). */
  matchesDist?: boolean;
}

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
  return inPackage ? inPackage[1] : source.replace(/^(\.\.\/)+/, '');
}

export async function runBundle(log: (line: string) => void = () => {}): Promise<BundleResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'ajel-bundle-'));
  try {
    log('bundle: building the widget with a source map...');
    const file = await buildWidget({ outDir, sourcemap: 'hidden' });
    const code = readFileSync(file);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapV3;

    const total: Sizes = { minified: code.length, gzip: gzip(code), brotli: brotli(code) };
    const byPart = new Map<Part, { text: string[]; sources: Set<string> }>();
    for (const [source, text] of codeBySource(code.toString('utf8'), map)) {
      const part = partOf(source);
      const entry = byPart.get(part) ?? byPart.set(part, { text: [], sources: new Set() }).get(part)!;
      entry.text.push(text);
      entry.sources.add(shortName(source));
    }
    const alone = PARTS.filter((part) => byPart.has(part) || MAIN_PARTS.includes(part)).map((part) => {
      const data = Buffer.from(byPart.get(part)?.text.join('') ?? '', 'utf8');
      return { part, sources: [...(byPart.get(part)?.sources ?? [])].sort(), minified: data.length, gzip: gzip(data), brotli: brotli(data) };
    });
    const gzipAlone = alone.reduce((sum, part) => sum + part.gzip, 0);
    const brotliAlone = alone.reduce((sum, part) => sum + part.brotli, 0);
    const parts = alone.map((part) => ({
      ...part,
      gzip: Math.round((part.gzip / gzipAlone) * total.gzip),
      brotli: Math.round((part.brotli / brotliAlone) * total.brotli),
    }));

    const headroomBytes = GZIP_BUDGET_BYTES - total.gzip;
    return {
      file: 'dist/widget/ajel-ticker.js',
      total,
      budget: { gzipBytes: GZIP_BUDGET_BYTES, headroomBytes, headroomShare: headroomBytes / GZIP_BUDGET_BYTES, within: headroomBytes >= 0 },
      parts,
      ...(existsSync(DIST_WIDGET) ? { matchesDist: readFileSync(DIST_WIDGET).equals(code) } : {}),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
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
  const { budget } = result;
  const verdict = budget.within
    ? `${kB(total.gzip)} gzip against a budget of ${kB(budget.gzipBytes)}: ${kB(budget.headroomBytes)} (${percent(budget.headroomShare, 0)}) of headroom.`
    : `${kB(total.gzip)} gzip is OVER the budget of ${kB(budget.gzipBytes)} by ${kB(-budget.headroomBytes)}.`;
  return (
    `${table}\n\n${verdict} Minified sizes per part are exact (by source map); gzip and brotli split the file's real total in ` +
    `proportion to each part compressed alone. Lit: lit, lit-html, lit-element, @lit/reactive-element; socket.io-client: ` +
    `with engine.io-client and both parsers; ajel: widget/.` +
    (result.matchesDist === false ? ' Note: dist/widget/ajel-ticker.js differs from this build of the current sources (run `npm run build`).' : '')
  );
}
