// Loaded before every browser test file (web-test-runner.config.js). A failed chai assertion whose
// actual or expected value holds a DOM node made the run stall until its timeout (mocha walks the
// node's whole object graph to print a diff) and the file count 0 tests: such values are replaced by
// a short description of the node, so the failure is reported at once and readable.
import { AssertionError, use } from '@esm-bundle/chai';

function describeNode(node: Node): string {
  if (!(node instanceof Element)) return `${node.nodeName} ${JSON.stringify((node.textContent ?? '').slice(0, 80))}`;
  const id = node.id ? `#${node.id}` : '';
  const classes = [...node.classList].map((name) => `.${name}`).join('');
  const part = node.getAttribute('part') ? `[part=${node.getAttribute('part')}]` : '';
  return `<${node.localName}${id}${classes}${part}> ${JSON.stringify((node.textContent ?? '').trim().slice(0, 80))}`;
}

/** The value with every DOM node in it (to a few levels) described instead; the value itself when it has none. */
function readable(value: unknown, depth = 0): unknown {
  if (typeof Node !== 'undefined' && value instanceof Node) return describeNode(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value) || value instanceof NodeList || value instanceof HTMLCollection) {
    const list = Array.from(value as ArrayLike<unknown>);
    const items = list.map((item) => readable(item, depth + 1));
    return items.some((item, i) => item !== list[i]) || !Array.isArray(value) ? items : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, readable(item, depth + 1)] as const);
  return entries.some(([key, item]) => item !== (value as Record<string, unknown>)[key]) ? Object.fromEntries(entries) : value;
}

use((chai) => {
  const assert = chai.Assertion.prototype.assert;
  chai.Assertion.prototype.assert = function (this: unknown, ...args: unknown[]) {
    try {
      return (assert as (...a: unknown[]) => unknown).apply(this, args);
    } catch (error) {
      if (error instanceof AssertionError) {
        const failure = error as Error & { actual?: unknown; expected?: unknown };
        const actual = readable(failure.actual);
        const expected = readable(failure.expected);
        if (actual !== failure.actual || expected !== failure.expected) {
          failure.actual = actual;
          failure.expected = expected;
          failure.message = `${failure.message} (actual: ${JSON.stringify(actual)}, expected: ${JSON.stringify(expected)})`;
        }
      }
      throw error;
    }
  } as typeof assert;
});
