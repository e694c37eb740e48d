import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../server/auth/rate-limit.ts';
import { createPostgresStore, type Store } from '../../../server/store/index.ts';
import { freshPostgresDatabase } from '../../support/postgres.ts';

/** Two stores on one database stand for two instances: each its own pool, one table of buckets. */
let first: Store;
let second: Store;
let time = Date.parse('2031-01-01T00:00:00.000Z');
const now = () => time;

beforeAll(async () => {
  const url = await freshPostgresDatabase();
  [first, second] = await Promise.all([createPostgresStore({ url }), createPostgresStore({ url })]);
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
});

describe('rate limits shared through PostgreSQL', () => {
  it('counts both instances against one allowance, refilling as the in-memory bucket does', async () => {
    const options = { perMinute: 6, burst: 3, now };
    const limits = [first.sharedRateLimit!('requests', options), second.sharedRateLimit!('requests', options)];
    const local = new RateLimiter(options);
    const answers: number[] = [];
    const expected: number[] = [];
    for (let index = 0; index < 5; index++) {
      answers.push(await limits[index % 2]!.take('site:a'));
      expected.push(local.take('site:a'));
    }
    // Three at once, then one every 10 s: the fourth and fifth wait 10 s, whichever instance asks.
    expect(answers).toEqual([0, 0, 0, 10, 10]);
    expect(answers).toEqual(expected);
    expect(await limits[1]!.wait('site:a')).toBe(10);
    time += 4_000;
    expect(await limits[0]!.take('site:a')).toBe(6);
    time += 6_000;
    expect(await limits[1]!.wait('site:a')).toBe(0);
    expect(await limits[1]!.take('site:a')).toBe(0);
    expect(await limits[0]!.take('site:a')).toBe(10);
    // Another key, and another limit on the same key, have buckets of their own.
    expect(await limits[0]!.take('site:b')).toBe(0);
    expect(await second.sharedRateLimit!('refused-credentials', options).take('site:a')).toBe(0);
  });

  it('lets exactly the allowance through when both instances take at once', async () => {
    const options = { perMinute: 60, burst: 5, now };
    const limits = [first.sharedRateLimit!('burst', options), second.sharedRateLimit!('burst', options)];
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => limits[index % 2]!.take('address:203.0.113.9')));
    expect(answers.filter((seconds) => seconds === 0)).toHaveLength(5);
    expect(answers.filter((seconds) => seconds > 0).every((seconds) => seconds === 1)).toBe(true);
  });
});
