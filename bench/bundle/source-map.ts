// Attributes each byte of a minified file to the source it came from, through its source map
// (version 3: base64 VLQ mappings; columns count UTF-16 code units, as JavaScript strings do).

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]));

/** The numbers of one mapping segment. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}

/**
 * The text of `code` attributed to each source: a stretch of generated code belongs to the source
 * of the segment it starts with, up to the next segment. Code no segment covers (bundler glue)
 * goes to `null`.
 */
export function codeBySource(code: string, map: SourceMapV3): Map<string | null, string> {
  const parts = new Map<string | null, string[]>();
  const add = (source: string | null, text: string) => {
    if (text) (parts.get(source) ?? parts.set(source, []).get(source)!).push(text);
  };
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  code.split('\n').forEach((line, lineNumber, lines) => {
    let start = 0;
    let column = 0;
    let owner: string | null = null;
    for (const segment of (mappingLines[lineNumber] ?? '').split(',')) {
      if (!segment) continue;
      const [columnDelta, sourceDelta] = decodeSegment(segment);
      column += columnDelta;
      add(owner, line.slice(start, column));
      start = column;
      if (sourceDelta === undefined) {
        owner = null;
      } else {
        sourceIndex += sourceDelta;
        owner = map.sources[sourceIndex];
      }
    }
    add(owner, line.slice(start));
    if (lineNumber < lines.length - 1) add(owner, '\n');
  });
  return new Map([...parts].map(([source, texts]) => [source, texts.join('')]));
}
