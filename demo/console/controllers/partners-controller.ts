import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/editor-api.js';
import type { PartnersApi, PartnerUsage, PartnerView } from '../api/partners-api.js';

/** How often usage (live readers above all) is read again while the page is open. */
const USAGE_REFRESH_MS = 30_000;

/**
 * The partners and each one's usage today, read when the host connects, again on `load()`, and
 * usage every USAGE_REFRESH_MS. A partner an admin just changed is put in with `put()`.
 */
export class PartnersController implements ReactiveController {
  partners: PartnerView[] = [];
  /** By partner id; a partner whose usage could not be read has none. */
  usage = new Map<string, PartnerUsage>();
  loading = false;
  error?: ApiError;
  private timer?: ReturnType<typeof setInterval>;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: () => PartnersApi | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    this.timer = setInterval(() => void this.refreshUsage(), USAGE_REFRESH_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.generation++;
  }

  async load(): Promise<void> {
    const api = this.api();
    if (!api) return;
    const generation = ++this.generation;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const partners = await api.list();
      const usage = await this.readUsage(api, partners);
      if (generation !== this.generation) return;
      this.partners = partners;
      this.usage = usage;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error instanceof ApiError ? error : new ApiError(0, { code: 'generic', message: String(error) });
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Puts a partner as the server answered it after a change (new ones first), and reads its usage. */
  async put(partner: PartnerView): Promise<void> {
    const known = this.partners.some((other) => other.id === partner.id);
    this.partners = known ? this.partners.map((other) => (other.id === partner.id ? partner : other)) : [partner, ...this.partners];
    this.host.requestUpdate();
    const api = this.api();
    if (!api) return;
    const usage = await this.readUsage(api, [partner]);
    this.usage = new Map([...this.usage, ...usage]);
    this.host.requestUpdate();
  }

  private async refreshUsage(): Promise<void> {
    const api = this.api();
    if (!api || this.loading || this.partners.length === 0) return;
    const generation = this.generation;
    const usage = await this.readUsage(api, this.partners);
    if (generation !== this.generation) return;
    this.usage = usage;
    this.host.requestUpdate();
  }

  /** Each partner's usage; one that fails is left out (the list says so) rather than failing the rest. */
  private async readUsage(api: PartnersApi, partners: PartnerView[]): Promise<Map<string, PartnerUsage>> {
    const answers = await Promise.allSettled(partners.map((partner) => api.usage(partner.id)));
    const usage = new Map<string, PartnerUsage>();
    answers.forEach((answer, index) => {
      if (answer.status === 'fulfilled') usage.set(partners[index].id, answer.value);
    });
    return usage;
  }
}
