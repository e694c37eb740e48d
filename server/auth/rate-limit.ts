import { ApiError } from '../errors.ts';

/**
 * A limit on how often something may happen per key (a credential, a client address). The
 * routes see only this interface: the in-memory limiter below serves one process, and a
 * limiter kept in a shared database can take its place when several processes serve one
 * program. Both answer in seconds to wait, so a 429 can say when to come back.
 */
export interface RateLimit {
  /**
   * Counts one event for `key` if the limit allows it, and answers 0; over the limit it
   * counts nothing and answers the whole seconds until one more would pass.
   */
  take(key: string): number | Promise<number>;
  /** The whole seconds until one more event for `key` would pass, 0 if now; counts nothing. */
  wait(key: string): number | Promise<number>;
}

export interface RateLimitOptions {
  /** Requests per minute per key, sustained. */
  perMinute: number;
  /** Requests allowed at once above the sustained rate. */
  burst?: number;
  now?: () => number;
}

/** The 429 of a limit: Retry-After says when, the message says it too, in words. */
export function tooManyRequests(seconds: number, what = 'Too many requests'): ApiError {
  return new ApiError(429, 'rate_limited', `${what}: try again in ${seconds} s.`, undefined, { 'Retry-After': String(seconds) });
}

/** Takes one from `limit` for `key`, or throws the 429 that says how long to wait. */
export async function enforce(limit: RateLimit, key: string, what?: string): Promise<void> {
  const seconds = await limit.take(key);
  if (seconds > 0) throw tooManyRequests(seconds, what);
}

/** A token bucket's shape, wherever it is kept: `capacity` events at once, refilled at `perMillisecond`. */
export function bucketShape(options: RateLimitOptions) {
  const perMillisecond = options.perMinute / 60_000;
  return {
    perMillisecond,
    capacity: options.burst ?? Math.max(1, Math.ceil(options.perMinute / 4)),
    /** Whole seconds until a bucket holding `tokens` (under one) holds one. */
    secondsUntilOne: (tokens: number) => Math.max(1, Math.ceil((1 - tokens) / perMillisecond / 1000)),
  };
}

/** A token bucket per key, in memory: `burst` events at once, refilled at `perMinute`. */
export class RateLimiter implements RateLimit {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  private readonly perMillisecond: number;
  private readonly capacity: number;
  private readonly secondsUntilOne: (tokens: number) => number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    ({ perMillisecond: this.perMillisecond, capacity: this.capacity, secondsUntilOne: this.secondsUntilOne } = bucketShape(options));
    this.now = options.now ?? Date.now;
  }

  take(key: string): number {
    const time = this.now();
    const bucket = this.refilled(key, time);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return this.secondsUntilOne(bucket.tokens);
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    // Full buckets carry no information: drop them now and then so memory stays flat.
    if (this.buckets.size > 10_000) this.sweep(time);
    return 0;
  }

  wait(key: string): number {
    const bucket = this.refilled(key, this.now());
    return bucket.tokens < 1 ? this.secondsUntilOne(bucket.tokens) : 0;
  }

  /** The bucket as it stands at `time`; a key never seen has a full one. */
  private refilled(key: string, time: number): { tokens: number; updated: number } {
    const stored = this.buckets.get(key);
    if (!stored) return { tokens: this.capacity, updated: time };
    return { tokens: Math.min(this.capacity, stored.tokens + (time - stored.updated) * this.perMillisecond), updated: time };
  }

  private sweep(time: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (time - bucket.updated) * this.perMillisecond >= this.capacity) this.buckets.delete(key);
    }
  }
}
