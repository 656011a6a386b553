import { expect } from '@esm-bundle/chai';
import '../../widget/index.js';

describe('ajel-ticker module', () => {
  it('defines the custom element', () => {
    expect(customElements.get('ajel-ticker')).to.be.a('function');
  });
});
