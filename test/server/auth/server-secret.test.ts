/**
 * Token-signing keys need the database's per-site secret and the server secret together: the
 * same coach.db under another server secret refuses every earlier token, and the database's
 * contents alone mint none. Without COACH_SECRET the server makes one, keeps it owner-only in
 * a file beside coach.db, and says so. Real SQLite files, the real app, a real server process.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import {
  deriveTokenKey,
  loadServerSecret,
  newSiteKey,
  newTokenSecret,
  SERVER_SECRET_FILE,
  ServerSecretError,
  signParticipantToken,
  withTokenKeys,
} from '../../../server/auth/index.ts';
import { projectRoot } from '../../../server/paths.ts';
import type { Services } from '../../../server/services.ts';
import { createSqliteStore, type Participant } from '../../../server/store/index.ts';
import { freePort } from '../../support/server-process.ts';
import { createTestServices } from '../../support/services.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';
import { type App, call, fetchAnswer } from './http.ts';

const SECRET_A = 'server-secret-A-0123456789abcdefghijklmnop';
const SECRET_B = 'server-secret-B-0123456789abcdefghijklmnop';
const ADMIN_KEY = 'operator-key-for-the-server-secret-test';
const opened: Services[] = [];

afterAll(async () => {
  for (const services of opened) await services.store.close().catch(() => undefined);
  removeTempDirs();
});

/** The app on `databasePath` under `serverSecret`, as server/main.ts builds it. */
function serverOn(databasePath: string, serverSecret: string): { services: Services; app: App } {
  const services = createTestServices({ store: withTokenKeys(createSqliteStore({ path: databasePath }), serverSecret) });
  opened.push(services);
  return { services, app: createApp(services) };
}

/** What someone holding only a copy of coach.db reads: the site's stored token secret. */
function storedTokenSecret(databasePath: string, siteId: string): string {
  const database = new Database(databasePath, { readonly: true });
  try {
    return (database.prepare('SELECT token_secret FROM sites WHERE id = ?').get(siteId) as { token_secret: string }).token_secret;
  } finally {
    database.close();
  }
}

function forge(siteId: string, participant: Pick<Participant, 'id' | 'role'>, secret: string, generation?: number): string {
  const now = Math.floor(Date.now() / 1000);
  return signParticipantToken(
    { v: 1, site: siteId, sub: participant.id, role: participant.role, ...(generation === undefined ? {} : { gen: generation }), iat: now, exp: now + 600 },
    secret,
  );
}

describe('deriveTokenKey', () => {
  it('depends on both secrets, and on nothing else', () => {
    const site = newTokenSecret();
    expect(deriveTokenKey(SECRET_A, site)).toBe(deriveTokenKey(SECRET_A, site));
    expect(deriveTokenKey(SECRET_A, site)).not.toBe(deriveTokenKey(SECRET_B, site));
    expect(deriveTokenKey(SECRET_A, site)).not.toBe(deriveTokenKey(SECRET_A, newTokenSecret()));
    expect(deriveTokenKey(SECRET_A, site)).not.toBe(site);
    expect(Buffer.from(deriveTokenKey(SECRET_A, site), 'base64url')).toHaveLength(32);
  });
});

describe('a copy of coach.db', () => {
  it('under another server secret, refuses the tokens minted before; under the same one, accepts them', async () => {
    const databasePath = join(makeTempDir('mentor-coach-secret-'), 'coach.db');
    const first = serverOn(databasePath, SECRET_A);
    const id = 'site_secrettest01';
    const { apiKey, keyHash } = newSiteKey(id);
    await first.services.store.sites.create(
      { name: 'Secret site', allowedOrigins: [], safeguardingContacts: [], modelEnabled: true },
      { keyHash, tokenSecret: newTokenSecret() },
      id,
    );
    const mentee = (await call(first.app, 'POST', '/v1/participants', { auth: apiKey, body: { externalId: 'x-1', role: 'mentee', displayName: 'Mentee' } }))
      .body.participant as Participant;
    const token = (await call(first.app, 'POST', '/v1/participant-tokens', { auth: apiKey, body: { participantId: mentee.id } })).body.token as string;
    expect((await call(first.app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: token })).status).toBe(200);
    await first.services.store.close();

    const other = serverOn(databasePath, SECRET_B);
    const refused = await call(other.app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    // Site keys are hashes, not signatures: they work under any server secret.
    expect((await call(other.app, 'GET', '/v1/site', { auth: apiKey })).status).toBe(200);
    // Tokens it mints itself work for it.
    const fresh = (await call(other.app, 'POST', '/v1/participant-tokens', { auth: apiKey, body: { participantId: mentee.id } })).body.token as string;
    expect((await call(other.app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: fresh })).status).toBe(200);
    await other.services.store.close();

    const same = serverOn(databasePath, SECRET_A);
    expect((await call(same.app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: token })).status).toBe(200);
    expect((await call(same.app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: fresh })).status).toBe(401);
  });

  it('alone mints no token: one signed with the stored secret is refused', async () => {
    const databasePath = join(makeTempDir('mentor-coach-secret-'), 'coach.db');
    const { services, app } = serverOn(databasePath, SECRET_A);
    const id = 'site_secrettest02';
    const { apiKey, keyHash } = newSiteKey(id);
    await services.store.sites.create(
      { name: 'Secret site', allowedOrigins: [], safeguardingContacts: [], modelEnabled: true },
      { keyHash, tokenSecret: newTokenSecret() },
      id,
    );
    const mentee = (await call(app, 'POST', '/v1/participants', { auth: apiKey, body: { externalId: 'x-2', role: 'mentee', displayName: 'Mentee' } })).body
      .participant as Participant;

    const stored = storedTokenSecret(databasePath, id);
    for (const forged of [forge(id, mentee, stored), forge(id, mentee, stored, 0)]) {
      const answer = await call(app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: forged });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('invalid_token');
    }
    // The same forgery with the derived key would pass: the refusal is the server secret's doing.
    expect((await call(app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: forge(id, mentee, deriveTokenKey(SECRET_A, stored)) })).status).toBe(200);
    // The database holds the site's half only, never the derived key.
    const everything =
      readFileSync(databasePath).toString('latin1') + (existsSync(`${databasePath}-wal`) ? readFileSync(`${databasePath}-wal`).toString('latin1') : '');
    expect(everything).not.toContain(deriveTokenKey(SECRET_A, stored));
    expect(everything).not.toContain(SECRET_A);
  });
});

describe('loadServerSecret', () => {
  it('makes a secret once, in an owner-only file beside coach.db, and reads it back after', () => {
    const dataDir = makeTempDir('mentor-coach-secret-file-');
    const made = loadServerSecret(dataDir);
    expect(made).toMatchObject({ source: 'generated', path: join(dataDir, SERVER_SECRET_FILE) });
    expect(made.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(made.path!).mode & 0o777).toBe(0o600);
    expect(readFileSync(made.path!, 'utf8').trim()).toBe(made.secret);
    expect(readdirSync(dataDir)).toEqual([SERVER_SECRET_FILE]);

    expect(loadServerSecret(dataDir)).toEqual({ secret: made.secret, source: 'file', path: made.path, tightened: false });
    expect(loadServerSecret(makeTempDir('mentor-coach-secret-file-')).secret).not.toBe(made.secret);
  });

  it('lets COACH_SECRET win, and writes no file then', () => {
    const dataDir = makeTempDir('mentor-coach-secret-file-');
    expect(loadServerSecret(dataDir, SECRET_A)).toEqual({ secret: SECRET_A, source: 'environment' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('makes a file readable by others owner-only, and refuses one too short to be a secret', () => {
    const dataDir = makeTempDir('mentor-coach-secret-file-');
    const path = join(dataDir, SERVER_SECRET_FILE);
    writeFileSync(path, `${SECRET_B}\n`);
    chmodSync(path, 0o644);
    expect(loadServerSecret(dataDir)).toMatchObject({ secret: SECRET_B, source: 'file', tightened: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);

    writeFileSync(path, 'short\n');
    expect(() => loadServerSecret(dataDir)).toThrow(ServerSecretError);
    expect(() => loadServerSecret(dataDir)).toThrow(/server-secret holds fewer than 32 characters: delete it to have a new one made/);
  });
});

describe('the server process', () => {
  it('without COACH_SECRET makes and keeps one, says so, and tokens survive restarts but not a new secret', async () => {
    const dataDir = makeTempDir('mentor-coach-secret-process-');
    const first = await start(dataDir, {});
    let token: string;
    let menteeId: string;
    let forged: string;
    try {
      const generated = first.log.find((line) => String(line.msg).startsWith('no COACH_SECRET: generated a server secret'));
      expect(generated).toMatchObject({ level: 'warn', path: join(dataDir, SERVER_SECRET_FILE) });
      expect(statSync(join(dataDir, SERVER_SECRET_FILE)).mode & 0o777).toBe(0o600);
      expect(existsSync(join(dataDir, 'coach.db'))).toBe(true);

      const site = await fetchAnswer(first.baseURL, 'POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'Process site' } });
      expect(site.status, site.text).toBe(201);
      const mentee = await fetchAnswer(first.baseURL, 'POST', '/v1/participants', {
        auth: site.body.apiKey,
        body: { externalId: 'p-1', role: 'mentee', displayName: 'P' },
      });
      menteeId = mentee.body.participant.id;
      token = (await fetchAnswer(first.baseURL, 'POST', '/v1/participant-tokens', { auth: site.body.apiKey, body: { participantId: menteeId } })).body.token;
      expect((await fetchAnswer(first.baseURL, 'GET', `/v1/participants/${menteeId}/goals`, { auth: token })).status).toBe(200);
      forged = forge(site.body.site.id, { id: menteeId, role: 'mentee' }, storedTokenSecret(join(dataDir, 'coach.db'), site.body.site.id));
      expect((await fetchAnswer(first.baseURL, 'GET', `/v1/participants/${menteeId}/goals`, { auth: forged })).body.error.code).toBe('invalid_token');
    } finally {
      await first.stop();
    }

    const second = await start(dataDir, {});
    try {
      expect(second.log.some((line) => String(line.msg).startsWith('no COACH_SECRET: generated'))).toBe(false);
      expect(second.log).toContainEqual(
        expect.objectContaining({ msg: expect.stringContaining('server secret read from its file'), path: join(dataDir, SERVER_SECRET_FILE) }),
      );
      expect((await fetchAnswer(second.baseURL, 'GET', `/v1/participants/${menteeId}/goals`, { auth: token })).status).toBe(200);
    } finally {
      await second.stop();
    }

    const third = await start(dataDir, { COACH_SECRET: SECRET_B });
    try {
      expect(third.log.some((line) => String(line.msg).includes('server secret'))).toBe(false);
      const refused = await fetchAnswer(third.baseURL, 'GET', `/v1/participants/${menteeId}/goals`, { auth: token });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('invalid_token');
    } finally {
      await third.stop();
    }
  }, 180_000);
});

/** Starts server/main.ts on `dataDir` and reads its log until it listens (the index may still be building). */
async function start(dataDir: string, environment: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      COACH_DATA_DIR: dataDir,
      COACH_ADMIN_KEY: ADMIN_KEY,
      COACH_LOG_LEVEL: 'info',
      COACH_SECRET: '',
      ...environment,
    },
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const log: Array<Record<string, unknown>> = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    log.push(JSON.parse(line) as Record<string, unknown>);
    if (log.at(-1)!.msg === 'listening') return { baseURL: `http://127.0.0.1:${port}`, log, stop };
  }
  await stop();
  throw new Error(`the server stopped before listening: ${stderr}`);
}
