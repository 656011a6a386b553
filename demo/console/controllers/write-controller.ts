import type { ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/editor-api.js';

/**
 * Runs one write at a time for its host (publish, correct, retract, extend) and keeps its state:
 * `busy` while in flight (a second call meanwhile is refused, so a double click cannot send twice)
 * and the `error` of the last attempt. It needs no lifecycle hooks, only its host's updates.
 */
export class WriteController {
  busy = false;
  error?: ApiError;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Runs `write` unless one is in flight; resolves to its result, or undefined when it failed or was refused. */
  async run<T>(write: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      return await write();
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError(0, { code: 'generic', message: String(error) });
      return undefined;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  clearError(): void {
    if (!this.error) return;
    this.error = undefined;
    this.host.requestUpdate();
  }
}
