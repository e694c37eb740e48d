import { ApiError } from '../errors.ts';

export interface RateLimitOptions {
  /** Requests per minute per credential, sustained. */
  perMinute: number;
  /** Requests allowed at once above the sustained rate. */
  burst?: number;
  now?: () => number;
}

/**
 * A token bucket per credential: `burst` requests at once, refilled at `perMinute`. A request
 * over the limit is a 429 whose Retry-After says when the next one will pass.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  private readonly perMillisecond: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    this.perMillisecond = options.perMinute / 60_000;
    this.capacity = options.burst ?? Math.max(1, Math.ceil(options.perMinute / 4));
    this.now = options.now ?? Date.now;
  }

  take(key: string): void {
    const time = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updated: time };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (time - bucket.updated) * this.perMillisecond);
    bucket.updated = time;
    if (bucket.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMillisecond / 1000));
      this.buckets.set(key, bucket);
      throw new ApiError(429, 'rate_limited', `Too many requests: try again in ${seconds} s.`, undefined, { 'Retry-After': String(seconds) });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    // Full buckets carry no information: drop them now and then so memory stays flat.
    if (this.buckets.size > 10_000) this.sweep(time);
  }

  private sweep(time: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (time - bucket.updated) * this.perMillisecond >= this.capacity) this.buckets.delete(key);
    }
  }
}
