// XML 1.0 allows neither these characters nor unpaired surrogates anywhere in a document, escaped or
// not (§2.2): a feed that contains one is rejected whole by strict parsers.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text as XML character data or an attribute value: escaped, with the characters XML forbids
 * removed and unpaired surrogates replaced by U+FFFD. Text reaching a feed may come from another
 * system writing to Redis, so the feed is safe whatever the store holds.
 */
export function xmlText(value: string): string {
  return value.toWellFormed().replace(NOT_XML, '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}
