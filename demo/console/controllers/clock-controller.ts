import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host every `intervalMs`, for relative times such as "expires in 12 min". */
export class ClockController implements ReactiveController {
  now = Date.now();
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 15_000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
