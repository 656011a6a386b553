import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RotationSettings {
  /** False when headlines scroll instead (no reduced motion). */
  enabled(): boolean;
  /** Keys of the headlines in the order they are shown. */
  keys(): string[];
  paused(): boolean;
  /** How long the headline with this key stays on screen, in milliseconds. */
  dwell(key: string): number;
}

/** With reduced motion, shows one headline at a time and moves to the next after a reading pause. */
export class RotationController implements ReactiveController {
  /** Key of the headline on screen. */
  current: string | undefined;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly settings: RotationSettings,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const keys = this.settings.enabled() ? this.settings.keys() : [];
    if (keys.length === 0) this.current = undefined;
    else if (!this.current || !keys.includes(this.current)) this.show(keys[0]);
  }

  hostUpdated(): void {
    if (!this.current || this.settings.paused()) this.stopTimer();
    else this.timer ??= setTimeout(() => this.advance(), this.settings.dwell(this.current));
  }

  hostDisconnected(): void {
    this.stopTimer();
  }

  /** Shows this headline now, for a full dwell time. */
  show(key: string): void {
    if (key === this.current) return;
    this.current = key;
    this.stopTimer();
    this.host.requestUpdate();
  }

  private advance(): void {
    this.timer = undefined;
    const keys = this.settings.keys();
    if (keys.length === 0) return;
    this.show(keys[(keys.indexOf(this.current ?? '') + 1) % keys.length]);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
