import { type Kysely, sql } from 'kysely';
import { bucketShape, type RateLimit, type RateLimitOptions } from '../auth/rate-limit.ts';
import type { Tables } from './tables.ts';

/** Full buckets carry no information: every this many takes, a process deletes those that have refilled. */
const SWEEP_EVERY = 1_000;

/**
 * The token bucket of `RateLimiter`, kept in the shared database so that every instance counts
 * against one allowance: a credential or an address gets its limit once, not once per
 * instance. Each take is one statement (an upsert that refills, takes and says whether it
 * took), so two instances taking at once cannot both spend the last token.
 */
export class PostgresRateLimit implements RateLimit {
  private readonly perMillisecond: number;
  private readonly capacity: number;
  private readonly secondsUntilOne: (tokens: number) => number;
  private readonly now: () => number;
  private takes = 0;

  constructor(
    private readonly db: Kysely<Tables>,
    /** Names the limit, so two limits with the same key (an address) keep separate buckets. */
    private readonly name: string,
    options: RateLimitOptions,
  ) {
    ({ perMillisecond: this.perMillisecond, capacity: this.capacity, secondsUntilOne: this.secondsUntilOne } = bucketShape(options));
    this.now = options.now ?? Date.now;
  }

  async take(key: string): Promise<number> {
    const time = Math.floor(this.now());
    // The parameters are typed: PostgreSQL would otherwise read a fractional rate as a bigint.
    const capacity = sql`CAST(${this.capacity} AS DOUBLE PRECISION)`;
    const refilled = sql`LEAST(${capacity}, rate_limits.tokens + (CAST(${time} AS BIGINT) - rate_limits.updated_ms) * CAST(${this.perMillisecond} AS DOUBLE PRECISION))`;
    const row = await sql<{ tokens: number; taken: number }>`
      INSERT INTO rate_limits (bucket, tokens, updated_ms, taken)
      VALUES (${`${this.name}:${key}`}, ${capacity} - 1, CAST(${time} AS BIGINT), 1)
      ON CONFLICT (bucket) DO UPDATE SET
        tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
        taken = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
        updated_ms = GREATEST(rate_limits.updated_ms, CAST(${time} AS BIGINT))
      RETURNING tokens, taken`.execute(this.db);
    if (++this.takes % SWEEP_EVERY === 0) await this.sweep(time);
    const bucket = row.rows[0]!;
    return bucket.taken === 1 ? 0 : this.secondsUntilOne(bucket.tokens);
  }

  async wait(key: string): Promise<number> {
    const bucket = await this.db.selectFrom('rate_limits').select(['tokens', 'updated_ms']).where('bucket', '=', `${this.name}:${key}`).executeTakeFirst();
    if (!bucket) return 0;
    const tokens = Math.min(this.capacity, bucket.tokens + (this.now() - Number(bucket.updated_ms)) * this.perMillisecond);
    return tokens < 1 ? this.secondsUntilOne(tokens) : 0;
  }

  /** Deletes this limit's buckets that have refilled since they were last counted. */
  private async sweep(time: number): Promise<void> {
    const refillMs = Math.ceil(this.capacity / this.perMillisecond);
    await this.db
      .deleteFrom('rate_limits')
      .where('bucket', 'like', `${this.name}:%`)
      .where('updated_ms', '<', time - refillMs)
      .execute();
  }
}
