// The Ledger's own script: fits each Ajel frame to the height its page reports in AMP's `embed-size`
// message, and ignores messages from anything but that frame. Run in <head>, before any frame loads.
addEventListener('message', (event) => {
  const frame = [...document.querySelectorAll('iframe[data-ajel-embed]')].find((candidate) => candidate.contentWindow === event.source);
  if (!frame || event.origin !== new URL(frame.src).origin) return;
  const { sentinel, type, height } = event.data ?? {};
  if (sentinel === 'amp' && type === 'embed-size' && Number.isFinite(height) && height > 0 && height <= 1000) frame.height = String(Math.ceil(height));
});
