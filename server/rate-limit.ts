/** `capacity` tokens at once, refilled at `perMinute`; one per request. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perMinute: number,
    private readonly capacity = perMinute,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.at = now();
  }

  /** Takes a token; returns 0 when allowed, else the seconds to wait. */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return this.secondsUntilToken();
  }

  /** True when the bucket is back to full and may be forgotten. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private get rate(): number {
    return this.perMinute / 60_000;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.rate);
    this.at = now;
  }

  private secondsUntilToken(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate / 1000));
  }
}

/** A token bucket per key (a client address, a key's name); full buckets are forgotten, so memory follows the active keys. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private sweepAt = 10_000;

  constructor(
    private readonly perMinute: number,
    private readonly capacity = perMinute,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    return this.bucket(key).take();
  }

  private bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep();
      bucket = new TokenBucket(this.perMinute, this.capacity, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Forgets full buckets; sweeps again only once the map has doubled, so a sweep costs O(1) per new key. */
  private sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full) this.buckets.delete(key);
    this.sweepAt = Math.max(10_000, this.buckets.size * 2);
  }
}

/**
 * Holds refusals for a moment, so a client that ignores `Retry-After` in a tight loop gets a few
 * answers a second instead of thousands; at most `capacity` are held at once, the rest answered at once.
 */
export class Tarpit {
  private held = 0;

  constructor(
    private readonly delayMs = 1000,
    private readonly capacity = 1000,
  ) {}

  async hold(): Promise<void> {
    if (this.held >= this.capacity) return;
    this.held += 1;
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs).unref());
    } finally {
      this.held -= 1;
    }
  }
}
