import { percentile, round } from './stats.ts';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * A closed-loop load: `connections` workers each send the next request as soon as the last
 * one is answered, for `seconds`. Bounded in time, on loopback only.
 */
export async function runLoad(request: () => Promise<Response>, options: { connections: number; seconds: number; expect: number }): Promise<LoadResult> {
  const deadline = performance.now() + options.seconds * 1000;
  const samples: number[] = [];
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const response = await request();
        await response.arrayBuffer();
        if (response.status !== options.expect) errors++;
      } catch {
        errors++;
      }
      samples.push(performance.now() - started);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = (performance.now() - began) / 1000;
  return {
    requests: samples.length,
    errors,
    perSecond: round(samples.length / elapsed, 0),
    p50: round(percentile(samples, 0.5), 2),
    p99: round(percentile(samples, 0.99), 2),
  };
}
