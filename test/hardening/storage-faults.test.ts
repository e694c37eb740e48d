import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';
import { allCheckIns } from '../support/check-in-burst.ts';
import { ScratchDisk } from '../support/scratch-disk.ts';
import { freePort, SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

/**
 * The disk under the data folder failing, with a real server process: full while people
 * write, capped by the operator's quota, and read-only at start. Each ends in a clear answer;
 * no acknowledged write is lost, and none refused is half kept.
 */

const ADMIN_KEY = 'storage-faults-operator-key';
const started: StartedServer[] = [];
const disks: ScratchDisk[] = [];

afterAll(async () => {
  for (const server of started) await server.stop();
  for (const disk of disks) disk.unmount();
  removeTempDirs();
});

async function boot(dataDir: string, environment: NodeJS.ProcessEnv = {}): Promise<StartedServer> {
  const server = await startServer(dataDir, { COACH_ADMIN_KEY: ADMIN_KEY, COACH_RATE_LIMIT: '0', COACH_LOG_LEVEL: 'silent', ...environment }, SOURCE_ENTRY);
  started.push(server);
  return server;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function call(baseURL: string, key: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

/** A site with one mentee and one goal, and a token for the mentee. */
async function program(baseURL: string) {
  const {
    body: { apiKey },
  } = await call(baseURL, ADMIN_KEY, 'POST', '/v1/admin/sites', { name: 'Storage faults' });
  const {
    body: { participant },
  } = await call(baseURL, apiKey, 'POST', '/v1/participants', { externalId: 'm-1', role: 'mentee', displayName: 'M' });
  const {
    body: { goal },
  } = await call(baseURL, apiKey, 'POST', `/v1/participants/${participant.id}/goals`, { title: 'Finish the course' });
  const {
    body: { token },
  } = await call(baseURL, apiKey, 'POST', '/v1/participant-tokens', { participantId: participant.id });
  return { apiKey, token, goalId: goal.id as string };
}

/** Every check-in of the goal, page by page. */
const write = (baseURL: string, key: string, goalId: string, note: string) =>
  call(baseURL, key, 'POST', `/v1/goals/${goalId}/check-ins`, { note, confidence: 3 });

/**
 * Writes until storage refuses, then checks that the refusals are the clear 503, that reads,
 * coaching and health go on, that writing resumes once `relieve` makes room, and that after a
 * restart every acknowledged check-in is there and no refused one is.
 */
async function fillUntilRefused(
  dataDir: string,
  environment: NodeJS.ProcessEnv,
  exhaust: (write: (note: string) => Promise<Answer>) => Promise<void>,
  relieve: () => Promise<NodeJS.ProcessEnv>,
  /**
   * A full disk refuses every write; a database at its page cap still takes a row that fits
   * in the free space of a page it has (ids are random, so rows land in different pages).
   */
  full: 'every write' | 'writes that need room',
) {
  const server = await boot(dataDir, environment);
  const { apiKey, token, goalId } = await program(server.baseURL);
  const acknowledged = new Set<string>();
  const refused = new Set<string>();
  const answers: number[] = [];
  let sequence = 0;
  const writeOne = async (note: string) => {
    const answer = await write(server.baseURL, token, goalId, `${note} #${sequence++}`);
    answers.push(answer.status);
    if (answer.status === 201) acknowledged.add(answer.body.checkIn.id);
    return answer;
  };
  for (let count = 0; count < 20; count++) expect((await writeOne('before')).status).toBe(201);

  await exhaust(writeOne);
  // Twenty writers at once against the full store: each refused plainly, none half kept.
  const refusals = await Promise.all(
    Array.from({ length: 20 }, async (_, writer) => {
      const note = `refused ${writer}`;
      const answer = await write(server.baseURL, token, goalId, note);
      if (answer.status === 503) refused.add(note);
      if (answer.status === 201) acknowledged.add(answer.body.checkIn.id);
      return answer;
    }),
  );
  for (const answer of refusals) {
    if (full === 'writes that need room' && answer.status === 201) continue;
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('storage_full');
    expect(answer.body.error.message).toMatch(/nothing was saved/);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  }
  expect(refused.size).toBeGreaterThan(0);
  expect(answers.filter((status) => status >= 500 && status !== 503)).toEqual([]);
  // Reading, coaching and health are not writing: they go on.
  expect((await call(server.baseURL, token, 'GET', `/v1/goals/${goalId}`)).status).toBe(200);
  expect((await call(server.baseURL, token, 'POST', '/v1/coach/next-steps', {})).status).toBe(200);
  expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);

  const nextEnvironment = await relieve();
  let resumed = await writeOne('after room was made');
  if (nextEnvironment !== environment) {
    // A quota is read at start: the operator raises it and restarts.
    await server.stop();
    const raised = await boot(dataDir, nextEnvironment);
    resumed = await write(raised.baseURL, token, goalId, 'after the quota was raised');
    if (resumed.status === 201) acknowledged.add(resumed.body.checkIn.id);
    await raised.stop();
  } else {
    await server.stop();
  }
  expect(resumed.status).toBe(201);

  const restarted = await boot(dataDir, nextEnvironment);
  const kept = await allCheckIns(restarted.baseURL, apiKey, goalId);
  const keptIds = new Set(kept.map((checkIn) => checkIn.id));
  const lost = [...acknowledged].filter((id) => !keptIds.has(id));
  expect(lost).toEqual([]);
  expect(kept.filter((checkIn) => refused.has(checkIn.note ?? ''))).toEqual([]);
  expect(kept).toHaveLength(acknowledged.size);
  await restarted.stop();
  console.log(
    `storage faults (${dataDir}): ${acknowledged.size} writes acknowledged and kept, ${answers.filter((status) => status === 503).length + refused.size} refused with 503, 0 lost`,
  );
  return { acknowledged: acknowledged.size, refused: answers.filter((status) => status === 503).length + refused.size };
}

describe('a full disk', () => {
  const disk = ScratchDisk.mount(64);
  if (disk) disks.push(disk);

  // Mounting a tmpfs needs root (CI runs as root): without it this test fails rather than
  // passing on nothing, since the quota test below reaches SQLITE_FULL another way.
  it('refuses writes plainly while a 64 MB tmpfs is full, and loses nothing', async () => {
    if (!disk) throw new Error('no 64 MB tmpfs could be mounted: run the hardening suite as root (mount -t tmpfs)');
    const dataDir = join(disk.path, 'data');
    const result = await fillUntilRefused(
      dataDir,
      {},
      async (writeOne) => {
        disk.fill();
        // The last free pages of the write-ahead log may take a few more before it refuses.
        for (let tries = 0; tries < 50 && (await writeOne('while filling')).status === 201; tries++);
      },
      async () => {
        disk.free();
        return {};
      },
      'every write',
    );
    expect(result.acknowledged).toBeGreaterThanOrEqual(20);
  });

  it("refuses writes plainly at the operator's quota (COACH_DB_MAX_MB), and loses nothing", async () => {
    const dataDir = join(makeTempDir('mentor-coach-quota-'), 'data');
    const result = await fillUntilRefused(
      dataDir,
      { COACH_DB_MAX_MB: '1' },
      async (writeOne) => {
        // Long notes until one no longer fits, then short ones until twenty in a row do not.
        const long = 'A long week of notes. '.repeat(40);
        for (let tries = 0; tries < 2000 && (await writeOne(long)).status === 201; tries++);
        for (let tries = 0, refusedInARow = 0; tries < 4000 && refusedInARow < 20; tries++) {
          refusedInARow = (await writeOne('short')).status === 503 ? refusedInARow + 1 : 0;
        }
      },
      async () => ({ COACH_DB_MAX_MB: '4' }),
      'writes that need room',
    );
    expect(result.acknowledged).toBeGreaterThan(100);
  });
});

/** Starts the server and waits for it to stop by itself, with what it wrote to stderr. */
function startExpectingExit(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return freePort().then(
    (port) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, SOURCE_ENTRY, {
          cwd: projectRoot,
          env: { ...process.env, PORT: String(port), COACH_DATA_DIR: dataDir, COACH_LOG_LEVEL: 'error' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      }),
  );
}

describe('a read-only data folder', () => {
  // As root, permissions do not stop a write: a read-only mount does. Without root, a folder
  // without write permission is the same refusal.
  const disk = ScratchDisk.mount(64);
  if (disk) disks.push(disk);

  function readOnlyFolder(prepare: (folder: string) => Promise<void>): Promise<string> {
    const folder = disk ? disk.path : makeTempDir('mentor-coach-read-only-');
    return prepare(folder).then(() => {
      if (disk) disk.readOnly(true);
      else chmodSync(folder, 0o555);
      return folder;
    });
  }

  it('stops start-up with one line that names the folder and the fix, for a new data folder', async () => {
    const folder = await readOnlyFolder(async () => {});
    const { code, stderr } = await startExpectingExit(join(folder, 'data'));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^Cannot use the data folder ${join(folder, 'data')}: .*(read-only|may not write).*COACH_DATA_DIR`));
  });

  it('stops start-up the same way when the data was there and the folder became read-only', async () => {
    if (disk) disk.readOnly(false);
    const folder = await readOnlyFolder(async (path) => {
      const dataDir = join(path, 'existing');
      mkdirSync(dataDir, { recursive: true });
      const server = await boot(dataDir);
      await program(server.baseURL);
      await server.stop();
    });
    const { code, stderr } = await startExpectingExit(join(folder, 'existing'));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Cannot use the data folder .*existing: .*COACH_DATA_DIR/);
  });
});
