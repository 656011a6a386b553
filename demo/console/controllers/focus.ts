import type { LitElement } from 'lit';

/** Puts the cursor in the element `selector` finds in `host`'s shadow root, once it has rendered what changed. */
export async function focusAfterUpdate(host: LitElement, selector: string): Promise<void> {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
}
