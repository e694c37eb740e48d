import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '../test/support/temp-dir.ts';
import type { LoadResult } from './load.ts';

const run = promisify(execFile);

export interface WrkLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request bodies sent in turn, so that no cache answers a repeated request. */
  bodies?: string[];
  connections: number;
  seconds: number;
}

/** Whether Debian's wrk is on this machine (`apt-get install wrk`). */
export async function haveWrk(): Promise<boolean> {
  // `wrk --version` prints its version and usage, and exits with 1 on some builds.
  return run('wrk', ['--version']).then(
    () => true,
    (error: { stdout?: string }) => Boolean(error.stdout?.startsWith('wrk')),
  );
}

const luaString = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;

/**
 * A closed-loop load from wrk, a load generator written in C in its own process: one thread,
 * `connections` connections, each sending the next request as soon as the last is answered.
 * The bodies go round in turn (a Lua script wrk runs); every answer that is not 2xx counts as
 * an error. Latency percentiles are wrk's own (corrected for coordinated omission).
 */
export async function runWrk(load: WrkLoad): Promise<LoadResult> {
  const folder = makeTempDir('mentor-coach-wrk-');
  const script = join(folder, 'requests.lua');
  const headers = Object.entries(load.headers ?? {}).map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  const bodies = load.bodies ?? [];
  writeFileSync(
    script,
    [
      `wrk.method = ${luaString(load.method ?? 'GET')}`,
      ...headers,
      `local bodies = { ${bodies.map(luaString).join(',\n')} }`,
      'local turn = 0',
      'request = function()',
      '  if #bodies == 0 then return wrk.format() end',
      '  turn = turn % #bodies + 1',
      '  return wrk.format(nil, nil, nil, bodies[turn])',
      'end',
      '',
    ].join('\n'),
  );
  // A slow answer is latency, not an error: wrk's own 2 s timeout would count the tail as failures.
  const { stdout } = await run('wrk', ['-t1', `-c${load.connections}`, `-d${load.seconds}s`, '--timeout', '30s', '--latency', '-s', script, load.url], {
    maxBuffer: 1 << 20,
  });
  return parseWrk(stdout);
}

const MILLISECONDS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

/** wrk's summary: requests, errors, requests/s and the latency percentiles it prints with --latency. */
export function parseWrk(output: string): LoadResult {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const latency = (percent: string) => {
    const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    return match ? Number(match[1]) * MILLISECONDS[match[2]!]! : Number.NaN;
  };
  const requests = number(/(\d+) requests in/);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = number(/Non-2xx or 3xx responses: (\d+)/) + (socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0);
  return {
    requests,
    errors,
    perSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    p50: Math.round(latency('50') * 100) / 100,
    p99: Math.round(latency('99') * 100) / 100,
  };
}
