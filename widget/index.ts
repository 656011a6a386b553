import { AjelTicker } from './ajel-ticker/ajel-ticker.js';

// A page may include the script twice, even from two URLs (the stable name and the content-hashed
// one): each copy is its own module, and only the first may define the element.
if (!customElements.get('ajel-ticker')) customElements.define('ajel-ticker', AjelTicker);

export { AjelTicker };
export type * from './ajel-ticker/ajel-ticker.js';
