// Shared by the widget's browser tests and the demo page tests, which hand it to the page (so it is
// plain JavaScript, one self-contained function, nothing compiled into it).
/**
 * What a sighted reader cannot see of the headline on screen in a reduced-motion ticker: content
 * that overflows its box, and each line box of its text, time and marker that lies beyond its own
 * box or a box that clips it (viewport, clip layer, bar). Empty when the whole headline shows.
 * @param {Element} ticker an `<ajel-ticker>`
 * @returns {string[]}
 */
export function unseenLines(ticker) {
  const root = ticker.shadowRoot;
  const item = root.querySelector('[part~="item"][data-current]');
  if (!item) return ['no headline on screen'];
  const unseen = [];
  if (item.scrollHeight > item.clientHeight || item.scrollWidth > item.clientWidth) {
    unseen.push(`content ${item.scrollWidth}×${item.scrollHeight} px in a box of ${item.clientWidth}×${item.clientHeight} px`);
  }
  const range = document.createRange();
  range.selectNodeContents(item);
  const lines = [...range.getClientRects()].filter((line) => line.width > 0 && line.height > 0);
  if (lines.length < 3) unseen.push(`only ${lines.length} line boxes measured`);
  for (const box of [item, ...root.querySelectorAll('.viewport, .clip, .base')]) {
    const edges = box.getBoundingClientRect();
    for (const line of lines) {
      if (line.top < edges.top - 0.5 || line.bottom > edges.bottom + 0.5 || line.left < edges.left - 0.5 || line.right > edges.right + 0.5) {
        const at = `x ${line.left.toFixed(1)}–${line.right.toFixed(1)}, y ${line.top.toFixed(1)}–${line.bottom.toFixed(1)}`;
        unseen.push(`a line box at ${at} lies beyond .${box.className.split(' ')[0]}`);
      }
    }
  }
  return unseen;
}
