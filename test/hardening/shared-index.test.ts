/**
 * Two server processes on one index folder (COACH_INDEX_DIR), as instances on a shared disk:
 * started together on an empty folder they build it once, and a document that `npm run
 * ingest` adds while they run shows in both instances' searches.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';
import { writeDocument } from '../support/documents.ts';
import { SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN_KEY = 'shared-index-operator-key';
const indexDir = join(makeTempDir('mentor-coach-shared-index-'), 'index');
const environment = { COACH_INDEX_DIR: indexDir, COACH_ADMIN_KEY: ADMIN_KEY, COACH_RATE_LIMIT: '0', COACH_LOG_LEVEL: 'error' };
let servers: StartedServer[] = [];
const keys: string[] = [];

beforeAll(async () => {
  servers = await Promise.all([
    startServer(join(makeTempDir('mentor-coach-a-'), 'data'), environment, SOURCE_ENTRY),
    startServer(join(makeTempDir('mentor-coach-b-'), 'data'), environment, SOURCE_ENTRY),
  ]);
  // Each instance keeps its own participant data here (SQLite in its data folder): a site on each.
  for (const server of servers) {
    const response = await fetch(`${server.baseURL}/v1/admin/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Reader' }),
    });
    keys.push(((await response.json()) as { apiKey: string }).apiKey);
  }
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  removeTempDirs();
});

async function search(index: number, q: string): Promise<string[]> {
  const response = await fetch(`${servers[index]!.baseURL}/v1/resources?q=${encodeURIComponent(q)}&limit=5`, {
    headers: { authorization: `Bearer ${keys[index]}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Array<{ id: string }> }).results.map((result) => result.id);
}

describe('two instances on one index folder', () => {
  it('build it once when they start together, and rank alike', async () => {
    const counts = await Promise.all(servers.map(async (server) => ((await (await fetch(`${server.baseURL}/healthz`)).json()) as { chunks: number }).chunks));
    expect(counts[0]).toBeGreaterThan(1000);
    // Built twice at once, the chunks would be there twice (or the tables overwritten under a reader).
    expect(counts[1]).toBe(counts[0]);
    const question = 'how do I set a goal I can actually measure';
    expect(await search(1, question)).toEqual(await search(0, question));
  });

  it('a document that npm run ingest adds shows in both searches within seconds', async () => {
    const folder = makeTempDir('mentor-coach-host-docs-');
    writeDocument(folder, {
      id: 'host-quokka-handbook',
      title: 'The quokka programme handbook',
      body: '# The quokka programme\n\nEvery quokka pair meets fortnightly in the library and logs a quokka note afterwards.',
    });
    const ingest = spawnSync(process.execPath, ['--import', 'tsx', 'server/retrieval/ingest-cli.ts', folder], {
      cwd: projectRoot,
      env: { ...process.env, COACH_INDEX_DIR: indexDir, COACH_DATA_DIR: makeTempDir('mentor-coach-ingest-') },
      encoding: 'utf8',
    });
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/1 added/);
    const deadline = Date.now() + 30_000;
    const found = [false, false];
    while (!found.every(Boolean) && Date.now() < deadline) {
      for (const index of [0, 1]) if (!found[index]) found[index] = (await search(index, 'quokka programme handbook')).includes('host-quokka-handbook');
      if (!found.every(Boolean)) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(found).toEqual([true, true]);
  });
});
