import { RateLimiter, type Tarpit } from '../rate-limit.js';
import { ApiError } from './errors.js';

/** The anonymous reads each client address may make (API, feeds, `/embed`): one budget for all of them. */
export class ReadBudget {
  private readonly limiter: RateLimiter;

  constructor(
    readsPerMinute: number,
    /** Where refusals wait before they are answered. */
    private readonly tarpit: Tarpit,
    private readonly onRefused: () => void,
  ) {
    this.limiter = new RateLimiter(readsPerMinute, Math.max(10, Math.ceil(readsPerMinute / 10)));
  }

  /** Spends one read of `address`; over the budget, throws the 429 the client gets, after a pause. */
  async spend(address: string): Promise<void> {
    const retry = this.limiter.take(address);
    if (retry === 0) return;
    this.onRefused();
    await this.tarpit.hold();
    throw new ApiError(429, 'rate_limited', `too many reads from this address; try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
  }
}
