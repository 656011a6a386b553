import { RateLimiter, type Tarpit } from '../rate-limit.js';
import { ApiError } from './errors.js';

/**
 * What each client address may spend per minute: the anonymous reads (API, feeds, `/embed`, one budget
 * for all of them), or the refused pushes to `/api/ingest`.
 */
export class ReadBudget {
  private readonly limiter: RateLimiter;

  constructor(
    readsPerMinute: number,
    /** Where refusals wait before they are answered. */
    private readonly tarpit: Tarpit,
    private readonly onRefused: () => void,
    /** What the 429 says there were too many of. */
    private readonly spent = 'reads',
  ) {
    this.limiter = new RateLimiter(readsPerMinute, Math.max(10, Math.ceil(readsPerMinute / 10)));
  }

  /** Spends one read of `address`; over the budget, throws the 429 the client gets, after a pause. */
  async spend(address: string): Promise<void> {
    const retry = this.limiter.take(address);
    if (retry === 0) return;
    this.onRefused();
    await this.tarpit.hold();
    throw new ApiError(429, 'rate_limited', `too many ${this.spent} from this address; try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
  }
}
