/**
 * `npm run bench:profile`: where a route's time goes under load. Runs the built server with
 * V8's CPU profiler, puts one route under 50 connections for 10 s, and prints the process's
 * CPU per request (JavaScript and LanceDB's native threads together) and the JavaScript
 * functions that took the most of it, grouped by package. PROFILE_ROUTE picks the route:
 * search (default), next-steps, agenda, reframe or plain (a route that only answers JSON).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_ENTRY, startServer } from '../test/support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dir.ts';
import { runLoad } from './load.ts';
import { round } from './stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/** User and system CPU of a process so far, in milliseconds (Linux). */
function cpuMilliseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are the 12th and 13th fields after the command name, in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function packageOf(url: string): string {
  if (!url) return '(native or V8)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.includes('dist/server/main.js')) return 'mentor-coach server';
  if (url.startsWith('node:')) return 'node core';
  return url.split('/').slice(-2).join('/');
}

const route = process.env.PROFILE_ROUTE ?? 'search';
const profileDir = makeTempDir('mentor-coach-profile-');
const server = await startServer(makeTempDir('mentor-coach-bench-'), { COACH_RATE_LIMIT: '0', COACH_DEMO: '1', COACH_LOG_LEVEL: 'warn' }, [
  '--cpu-prof',
  `--cpu-prof-dir=${profileDir}`,
  '--cpu-prof-interval=200',
  ...BUNDLE_ENTRY,
]);
const token = (await (
  await fetch(`${server.baseURL}/v1/demo/participant-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"role":"mentee"}',
  })
).json()) as { token: string; participantId: string };
const mentor = (await (
  await fetch(`${server.baseURL}/v1/demo/participant-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"role":"mentor"}',
  })
).json()) as { token: string };
let turn = 0;
const post = (path: string, credential: string, body: () => unknown) => () =>
  fetch(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: JSON.stringify(body()),
  });
const requests: Record<string, () => Promise<Response>> = {
  search: post('/v1/resources/search', token.token, () => ({ q: `how do I keep going when work gets busy ${turn++}`, limit: 5 })),
  'next-steps': post('/v1/coach/next-steps', token.token, () => ({ question: `how do I keep going when work gets busy ${turn++}` })),
  agenda: post('/v1/coach/agenda', mentor.token, () => ({ menteeId: token.participantId, durationMinutes: 45, focus: `time management ${turn++}` })),
  reframe: post('/v1/coach/reframe', token.token, () => ({ statement: `Everyone in my cohort is ahead of me ${turn++}` })),
  plain: () => fetch(`${server.baseURL}/healthz`),
};
const request = requests[route];
if (!request) throw new Error(`PROFILE_ROUTE must be one of ${Object.keys(requests).join(', ')}`);

await runLoad(request, { connections: 50, seconds: 3, expect: 200 });
const cpuBefore = cpuMilliseconds(server.child.pid!);
const result = await runLoad(request, { connections: 50, seconds: 10, expect: 200 });
const cpuAfter = cpuMilliseconds(server.child.pid!);
await server.stop();

const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('the server wrote no CPU profile');
const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
const perSample = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let busy = 0;
for (const node of profile.nodes) {
  const ms = node.hitCount * perSample;
  const name = node.callFrame.functionName || '(anonymous)';
  if (name === '(idle)') continue;
  busy += ms;
  const where = packageOf(node.callFrame.url);
  const key = `${name} (${where}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''})`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  byPackage.set(where, (byPackage.get(where) ?? 0) + ms);
}
const share = (ms: number) => `${round((ms / busy) * 100, 1)}%`;
console.log(`\n# Profile of ${route} at 50 connections, 10 s\n`);
console.log(`${result.requests} requests (${result.perSecond}/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors})`);
console.log(`server process CPU: ${round((cpuAfter - cpuBefore) / result.requests, 2)} ms per request, all threads`);
console.log(`main JavaScript thread busy: ${round((busy * 100_000) / (profile.endTime - profile.startTime), 1)}% of the profiled time (start-up included)\n`);
console.log('| package | share of main-thread time |\n| --- | --- |');
for (const [where, ms] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`| ${where} | ${share(ms)} |`);
console.log('\n| function (self time) | share |\n| --- | --- |');
for (const [key, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${key} | ${share(ms)} |`);
removeTempDirs();
