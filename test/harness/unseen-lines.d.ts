/** See unseen-lines.js. */
export function unseenLines(ticker: Element): string[];
