import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('ajel-ticker')
export class AjelTicker extends LitElement {
  @property() channel = '';

  render() {
    return html`<div part="base">${this.channel}</div>`;
  }
}
