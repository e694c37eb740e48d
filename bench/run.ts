/**
 * `npm run bench`: start-up, memory, retrieval latency and recall at scale, ingest rate,
 * measured on this machine in one run. Writes bench/results/latest.md and latest.json.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { corpusDir, projectRoot } from '../server/paths.ts';
import { createLocalEmbedder, ingestFolder, ResourceIndex } from '../server/retrieval/index.ts';
import { createDatabase, startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { freePort, startServer } from '../test/support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dir.ts';
import { barChart } from './chart.ts';
import { startInstantModel } from './instant-model.ts';
import { type LoadResult, runLoad } from './load.ts';
import { residentMegabytes } from './resident-memory.ts';
import { scaleTable } from './scale-table.ts';
import { measureSearchScale } from './search-scale.ts';
import { percentile, round } from './stats.ts';
import { timeUnderstanding } from './understanding.ts';
import { widgetFirstRender, widgetSizes } from './widget.ts';
import { haveWrk, runWrk } from './wrk.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').filter(Boolean).map(Number);
// BENCH_ONLY=coach (or startup, ingest, data, widget, model, understanding, scale) runs one part, for quick comparisons.
const only = process.env.BENCH_ONLY;
const part = (name: string) => !only || only.split(',').includes(name);
const results: Record<string, unknown> = {};
const lines: string[] = [];
const log = (line: string) => {
  console.log(line);
  lines.push(line);
};

async function benchStartup(): Promise<void> {
  const dataDir = makeTempDir('mentor-coach-bench-');
  const first = await startServer(dataDir);
  await first.stop();
  const present: number[] = [];
  let idleRss = 0;
  for (let run = 0; run < 3; run++) {
    const server = await startServer(dataDir);
    present.push(server.msToHealthy);
    if (run === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      idleRss = residentMegabytes(server.child.pid!);
    }
    await server.stop();
  }
  const median = percentile(present, 0.5);
  results.startup = { firstStartMs: round(first.msToHealthy), indexPresentMs: round(median), idleRssMb: round(idleRss) };
  log('\n## Start-up and memory (server process, local embeddings, built-in corpus)\n');
  log('| measure | value | target |');
  log('| --- | --- | --- |');
  log(`| process start to healthy /healthz, first start (builds the index) | ${round(first.msToHealthy, 0)} ms | |`);
  log(`| process start to healthy /healthz, index present (median of 3) | ${round(median, 0)} ms | < 1500 ms |`);
  log(`| resident memory at idle | ${round(idleRss, 0)} MB | < 300 MB |`);
}

async function benchCorpusIngest(): Promise<void> {
  const index = await ResourceIndex.open({ directory: join(makeTempDir(), 'index'), embedder: createLocalEmbedder() });
  const summary = await ingestFolder(index, corpusDir, { source: 'corpus' });
  const rate = summary.chunks / (summary.milliseconds / 1000);
  results.corpusIngest = { documents: summary.added, chunks: summary.chunks, ms: summary.milliseconds, chunksPerSecond: round(rate, 0) };
  log('\n## Ingest\n');
  log('| what | chunks | time | rate |');
  log('| --- | --- | --- | --- |');
  log(
    `| built-in corpus, ${summary.added} files (parse, chunk, embed, write, index) | ${summary.chunks} | ${summary.milliseconds} ms | ${round(rate, 0)} chunks/s |`,
  );
}

interface DataRow {
  store: string;
  instances: number;
  writes: LoadResult;
  reads: LoadResult;
}

/** Requests/s summed over instances loaded at once; the slower instance's latencies. */
function together(loads: LoadResult[]): LoadResult {
  return {
    requests: loads.reduce((sum, load) => sum + load.requests, 0),
    errors: loads.reduce((sum, load) => sum + load.errors, 0),
    perSecond: round(
      loads.reduce((sum, load) => sum + load.perSecond, 0),
      0,
    ),
    p50: Math.max(...loads.map((load) => load.p50)),
    p99: Math.max(...loads.map((load) => load.p99)),
  };
}

/**
 * Check-in writes, then goal reads, through HTTP on `instances` server processes that share
 * one store (`environment` names it), 50 connections in all split between them, 10 s each.
 */
async function measureParticipantData(store: string, instances: number, environment: NodeJS.ProcessEnv): Promise<DataRow> {
  const adminKey = 'bench-operator-key-0123456789';
  const servers = await Promise.all(
    Array.from({ length: instances }, () =>
      startServer(makeTempDir('mentor-coach-bench-'), { COACH_ADMIN_KEY: adminKey, COACH_RATE_LIMIT: '0', COACH_LOG_LEVEL: 'error', ...environment }),
    ),
  );
  const call = async (key: string, method: string, path: string, body?: unknown) =>
    (
      await fetch(`${servers[0]!.baseURL}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    ).json() as Promise<any>;
  const { apiKey } = await call(adminKey, 'POST', '/v1/admin/sites', { name: 'Bench' });
  const { participant } = await call(apiKey, 'POST', '/v1/participants', { externalId: 'bench-1', role: 'mentee', displayName: 'Bench' });
  const { goal } = await call(apiKey, 'POST', `/v1/participants/${participant.id}/goals`, { title: 'Measure the store', targetDate: '2027-01-31' });
  const { token } = await call(apiKey, 'POST', '/v1/participant-tokens', { participantId: participant.id });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ progress: 40, confidence: 3, note: 'Benchmark check-in with a short note about the week.' });
  const connections = Math.floor(50 / instances);
  const writes = together(
    await Promise.all(
      servers.map((server) =>
        runWrk({ url: `${server.baseURL}/v1/goals/${goal.id}/check-ins`, method: 'POST', headers, bodies: [body], connections, seconds: 10 }),
      ),
    ),
  );
  const reads = together(
    await Promise.all(servers.map((server) => runWrk({ url: `${server.baseURL}/v1/goals/${goal.id}`, headers, connections, seconds: 10 }))),
  );
  await Promise.all(servers.map((server) => server.stop()));
  return { store, instances, writes, reads };
}

async function benchParticipantData(): Promise<void> {
  const rows = [await measureParticipantData('SQLite (WAL, synchronous=FULL)', 1, {})];
  // A throwaway PostgreSQL cluster on this machine, with Debian's defaults (fsync and synchronous_commit on).
  const cluster = await startPostgresCluster();
  try {
    for (const instances of [1, 2]) {
      const url = await createDatabase(cluster.url, `bench_${instances}`);
      rows.push(await measureParticipantData('PostgreSQL', instances, { DATABASE_URL: url, COACH_SECRET: 'bench-server-secret-of-32-characters-at-least' }));
    }
  } finally {
    cluster.stop();
  }
  results.participantData = rows;
  log('\n## Participant data through HTTP (wrk, 50 connections in all, 10 s each, participant token)\n');
  log('| store | instances | check-in writes/s | p99 | goal reads/s | p99 | errors |');
  log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const { store, instances, writes, reads } of rows) {
    log(`| ${store} | ${instances} | ${writes.perSecond} | ${writes.p99} ms | ${reads.perSecond} | ${reads.p99} ms | ${writes.errors + reads.errors} |`);
  }
}

/** Bodies that all differ, from a list of texts, so that no cache answers a repeated request. */
function distinct(texts: string[], count: number, body: (text: string) => unknown): string[] {
  return Array.from({ length: count }, (_unused, turn) => JSON.stringify(body(`${texts[turn % texts.length]} (${Math.floor(turn / texts.length)})`)));
}

async function benchCoach(): Promise<void> {
  const plainPort = await freePort();
  const plain = spawn(process.execPath, ['--import', 'tsx', 'bench/plain-server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(plainPort) },
    stdio: 'ignore',
  });
  for (
    let tries = 0;
    tries < 200 &&
    !(await fetch(`http://127.0.0.1:${plainPort}/plain`).then(
      (response) => response.ok,
      () => false,
    ));
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Every request asks something different (the dev sets' questions and statements in turn), so
  // the search cache helps only with what really repeats: a participant's goals and blockers.
  const questions = readFileSync(new URL('../test/eval/data/retrieval-dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).query as string);
  const statements = readFileSync(new URL('../test/eval/data/reframe-dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).statement as string);
  // The ceiling of this setup: wrk (C, one thread, its own process) against a bare Hono route,
  // on the same two cores as the server. Every route's share is of this figure, measured now.
  const baseline = await runWrk({ url: `http://127.0.0.1:${plainPort}/plain`, connections: 50, seconds: 10 });
  const rows: Record<string, unknown> = {};
  log(
    '\n## Coaching routes under wrk (demo mentee and mentor, offline engine, every request different; share: requests/s of a bare Hono route measured in the same run)\n',
  );
  log(
    'Search runs on a copy of the chunks in memory (the default up to 10,000 chunks) or as LanceDB queries (`COACH_SEARCH_MEMORY_CHUNKS=0`), both measured here.\n',
  );
  log('| route | search | p50 / p99 at 1 connection | p50 / p99 at 50 | requests/s at 50 | share of bare Hono | errors | target |');
  log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [search, environment] of [
    ['in memory', {}],
    ['LanceDB', { COACH_SEARCH_MEMORY_CHUNKS: '0' }],
  ] as const) {
    const server = await startServer(makeTempDir('mentor-coach-bench-'), { COACH_RATE_LIMIT: '0', COACH_DEMO: '1', ...environment });
    const token = async (role: string) =>
      (await (
        await fetch(`${server.baseURL}/v1/demo/participant-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role }),
        })
      ).json()) as { token: string; participantId: string };
    const mentee = await token('mentee');
    const mentor = await token('mentor');
    const headers = (credential: string) => ({ authorization: `Bearer ${credential}`, 'content-type': 'application/json' });
    const routes: Array<{ name: string; path: string; credential: string; bodies: string[]; target?: number }> = [
      {
        name: 'POST /v1/coach/next-steps',
        path: '/v1/coach/next-steps',
        credential: mentee.token,
        bodies: distinct(questions, 20_000, (question) => ({ question })),
        target: 0.05,
      },
      {
        name: 'POST /v1/coach/agenda',
        path: '/v1/coach/agenda',
        credential: mentor.token,
        bodies: distinct(questions, 20_000, (focus) => ({ menteeId: mentee.participantId, durationMinutes: 45, focus })),
      },
      {
        name: 'POST /v1/coach/reframe',
        path: '/v1/coach/reframe',
        credential: mentee.token,
        bodies: distinct(statements, 20_000, (statement) => ({ statement })),
      },
      {
        name: 'POST /v1/resources/search',
        path: '/v1/resources/search',
        credential: mentee.token,
        bodies: distinct(questions, 40_000, (q) => ({ q, limit: 5 })),
        target: 0.15,
      },
    ];
    for (const route of routes) {
      const load = { url: `${server.baseURL}${route.path}`, method: 'POST' as const, headers: headers(route.credential), bodies: route.bodies };
      const single = await runWrk({ ...load, connections: 1, seconds: 5 });
      const loaded = await runWrk({ ...load, connections: 50, seconds: 10 });
      const share = round(loaded.perSecond / baseline.perSecond, 3);
      rows[`${route.name} (${search})`] = { single, loaded, share };
      log(
        `| ${route.name} | ${search} | ${single.p50} / ${single.p99} ms | ${loaded.p50} / ${loaded.p99} ms | ${loaded.perSecond} | ${share} | ${single.errors + loaded.errors} | ${route.target && search === 'in memory' ? `≥ ${route.target}` : ''} |`,
      );
    }
    await server.stop();
  }
  log(`| bare Hono JSON route (the ceiling) | | | ${baseline.p50} / ${baseline.p99} ms | ${baseline.perSecond} | 1 | ${baseline.errors} | |`);
  results.coach = { loadGenerator: 'wrk, 1 thread, 50 connections, 10 s', baseline, routes: rows };
  plain.kill();
}

async function benchModelOverhead(): Promise<void> {
  const model = await startInstantModel();
  const servers = {
    offline: await startServer(makeTempDir('mentor-coach-bench-'), { COACH_RATE_LIMIT: '0', COACH_DEMO: '1' }),
    llm: await startServer(makeTempDir('mentor-coach-bench-'), {
      COACH_RATE_LIMIT: '0',
      COACH_DEMO: '1',
      OPENAI_BASE_URL: model.baseURL,
      COACH_MODEL: 'instant',
    }),
  };
  const rows: Record<string, unknown> = {};
  log('\n## Language-model engine overhead (a loopback model answering at once; 1 connection, 10 s; the same questions on both servers)\n');
  log('| route | offline p50 / p99 | llm p50 / p99 | added p50 / p99 | model answers used |');
  log('| --- | --- | --- | --- | --- |');
  for (const [name, path, body] of [
    ['POST /v1/coach/next-steps', '/v1/coach/next-steps', (turn: number) => ({ question: `How do I keep going when I am tired after work? (${turn})` })],
    ['POST /v1/coach/reframe', '/v1/coach/reframe', (turn: number) => ({ statement: `Everyone in my cohort is ahead of me (${turn})` })],
  ] as const) {
    const measured: Record<string, LoadResult> = {};
    let used = 0;
    for (const [engine, server] of Object.entries(servers)) {
      const { token } = (await (
        await fetch(`${server.baseURL}/v1/demo/participant-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"role":"mentee"}',
        })
      ).json()) as { token: string };
      let turn = 0;
      measured[engine] = await runLoad(
        async () => {
          const response = await fetch(`${server.baseURL}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body(turn++)),
          });
          if (engine === 'llm' && response.headers.get('x-coach-engine') === 'llm') used++;
          return response;
        },
        { connections: 1, seconds: 10, expect: 200 },
      );
    }
    const offline = measured.offline!;
    const llm = measured.llm!;
    rows[name] = { offline, llm, usedShare: round(used / llm.requests, 3) };
    log(
      `| ${name} | ${offline.p50} / ${offline.p99} ms | ${llm.p50} / ${llm.p99} ms | ${round(llm.p50 - offline.p50, 2)} / ${round(llm.p99 - offline.p99, 2)} ms | ${round((used / llm.requests) * 100, 1)}% |`,
    );
  }
  results.modelOverhead = rows;
  await Promise.all(Object.values(servers).map((server) => server.stop()));
  await model.close();
}

function benchUnderstanding(): void {
  const rows = [timeUnderstanding(2000), timeUnderstanding(200)];
  results.understanding = rows;
  log('\n## Understanding a text (safety screen and thinking patterns)\n');
  log('The learned model, the safety rules and the words that carried each call, in this process (target: under 2 ms at the p50 for 2,000 characters).\n');
  log('| characters | texts x passes | p50 | p90 |\n| --- | --- | --- | --- |');
  for (const row of rows) log(`| ${row.characters} | ${row.texts} x 5 | ${row.p50Ms} ms | ${row.p90Ms} ms |`);
}

async function benchWidget(): Promise<void> {
  const sizes = widgetSizes();
  const render = await widgetFirstRender();
  results.widget = { sizes, firstRender: render };
  log('\n## Widget (Lit included)\n');
  log('| build | raw | gzip | brotli | target |');
  log('| --- | --- | --- | --- | --- |');
  for (const [file, size] of Object.entries(sizes)) log(`| ${file} | ${size.raw} KB | ${size.gzip} KB | ${size.brotli} KB | < 20 KB gzip |`);
  log('');
  log(
    `Time to first render on the demo page, cold (no cache), headless Chromium, median of ${render.loads} loads: ` +
      `${render.readyMs} ms from navigation start to the widget drawn, ${render.goalsMs} ms to the mentee's goals on screen (token and first API answer included).`,
  );
}

log(
  `# mentor-coach benchmark\n\n${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model.trim()}, ${round(totalmem() / 2 ** 30, 0)} GiB, ${type()} ${release()}, Node ${process.version}. ` +
    'Servers run as child processes on loopback. Throughput is measured by wrk, a load generator in C in its own process, on the same two cores (its ceiling is the bare Hono route of the coaching table); latency at one connection by this process. Compare ratios of one run, not absolute figures across runs.\n',
);
if ((part('data') || part('coach')) && !(await haveWrk())) {
  console.error('npm run bench measures throughput with wrk, a load generator in its own process: apt-get install wrk');
  process.exit(1);
}
if (part('startup')) await benchStartup();
if (part('widget')) await benchWidget();
if (part('ingest')) await benchCorpusIngest();
if (part('data')) await benchParticipantData();
if (part('coach')) await benchCoach();
if (part('model')) await benchModelOverhead();
if (part('understanding')) benchUnderstanding();
if (part('scale')) {
  const rows = [];
  for (const size of sizes) rows.push(await measureSearchScale(size, { memoryUpTo: 100_000 }));
  results.scale = rows;
  for (const line of scaleTable(rows)) log(line);
}
removeTempDirs();

const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
// A partial run (BENCH_ONLY) is for comparing; only a full run replaces the published report.
const name = only ? `partial-${only.replaceAll(',', '-')}` : 'latest';
writeFileSync(new URL(`${name}.md`, resultsDir), `${lines.join('\n')}\n`);
writeFileSync(new URL(`${name}.json`, resultsDir), `${JSON.stringify(results, null, 2)}\n`);
const coach = results.coach as { routes: Record<string, { share: number }> } | undefined;
if (coach) {
  const bars = Object.entries(coach.routes).map(([label, row]) => {
    const [, route, search] = /^POST (\S+) \((.+)\)$/.exec(label)!;
    return { label: route!, value: row.share, group: `search ${search}` };
  });
  writeFileSync(
    new URL(`${name}.svg`, resultsDir),
    barChart('Requests/s at 50 connections under wrk, as a share of a bare Hono route', bars, { target: 0.05 }),
  );
}
