import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { projectRoot } from '../../server/paths.ts';
import { freePort } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

afterAll(() => removeTempDirs());

function lines(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config from the environment', () => {
  it('has embedded defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      adminKey: undefined,
      demo: true,
      demoReason: 'HOST 127.0.0.1 is a loopback address and COACH_ADMIN_KEY is unset',
      serverSecret: undefined,
      openai: { apiKey: undefined, baseURL: undefined, model: undefined, timeoutSeconds: 15 },
      embeddings: { provider: 'local', model: 'text-embedding-3-small' },
      logLevel: 'info',
      rateLimitPerMinute: 600,
      authFailuresPerMinute: 20,
      demoTokensPerMinute: 60,
      trustedProxies: 0,
      databaseMaxMegabytes: 0,
      searchMemoryChunks: 10_000,
      indexDir: resolve('./data/index'),
      databaseUrl: undefined,
      databasePoolSize: 10,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      COACH_DATA_DIR: '/srv/coach',
      COACH_ADMIN_KEY: 'a-long-operator-secret',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      COACH_MODEL: 'llama3.1',
      COACH_EMBEDDINGS: 'openai',
      COACH_EMBEDDING_MODEL: 'nomic-embed-text',
      COACH_LOG_LEVEL: 'warn',
      COACH_RATE_LIMIT: '120',
      COACH_DB_MAX_MB: '512',
      COACH_MODEL_TIMEOUT: '40',
      COACH_SEARCH_MEMORY_CHUNKS: '0',
      COACH_SECRET: 'a-server-secret-of-at-least-32-characters',
      COACH_AUTH_FAILURE_LIMIT: '5',
      COACH_DEMO_TOKEN_LIMIT: '0',
      COACH_TRUSTED_PROXIES: '2',
      DATABASE_URL: 'postgres://coach:pw@db.internal:5432/coach',
      COACH_DB_POOL: '25',
      COACH_INDEX_DIR: '/srv/shared/index',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/coach',
      adminKey: 'a-long-operator-secret',
      demo: false,
      serverSecret: 'a-server-secret-of-at-least-32-characters',
      authFailuresPerMinute: 5,
      demoTokensPerMinute: 0,
      trustedProxies: 2,
      openai: { apiKey: 'sk-test', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutSeconds: 40 },
      embeddings: { provider: 'openai', model: 'nomic-embed-text' },
      logLevel: 'warn',
      rateLimitPerMinute: 120,
      databaseMaxMegabytes: 512,
      searchMemoryChunks: 0,
      databaseUrl: 'postgres://coach:pw@db.internal:5432/coach',
      databasePoolSize: 25,
      indexDir: '/srv/shared/index',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', COACH_EMBEDDINGS: '' }).port).toBe(8787);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['HOST', 'exa mple'],
    ['COACH_DEMO', 'yes'],
    ['OPENAI_BASE_URL', 'not a url'],
    ['OPENAI_BASE_URL', 'ftp://example.com'],
    ['COACH_EMBEDDINGS', 'bert'],
    ['COACH_LOG_LEVEL', 'loud'],
    ['COACH_ADMIN_KEY', 'short'],
    ['COACH_DB_MAX_MB', '-1'],
    ['COACH_DB_MAX_MB', 'lots'],
    ['COACH_MODEL_TIMEOUT', '0'],
    ['COACH_MODEL_TIMEOUT', '2.5'],
    ['COACH_RATE_LIMIT', 'fast'],
    ['COACH_SEARCH_MEMORY_CHUNKS', '-5'],
    ['COACH_SECRET', 'only-thirty-one-characters-long'],
    ['COACH_AUTH_FAILURE_LIMIT', '-1'],
    ['COACH_DEMO_TOKEN_LIMIT', 'many'],
    ['COACH_TRUSTED_PROXIES', '11'],
    ['COACH_TRUSTED_PROXIES', '1.5'],
    ['DATABASE_URL', 'mysql://db/coach'],
    ['DATABASE_URL', 'not a url'],
    ['COACH_DB_POOL', '0'],
    ['COACH_DB_POOL', '101'],
  ])('rejects %s=%s with one line naming it and what it accepts', (name, value) => {
    const [line, ...rest] = lines({ [name]: value });
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^Invalid ${name}=.*: ${name} accepts .+\\.$`));
  });

  it('never echoes a secret', () => {
    expect(lines({ COACH_ADMIN_KEY: 'short' })[0]).toBe('Invalid COACH_ADMIN_KEY=(hidden): COACH_ADMIN_KEY accepts a secret of at least 16 characters.');
    expect(lines({ COACH_SECRET: 'only-thirty-one-characters-long' })).toEqual([
      'Invalid COACH_SECRET=(hidden): COACH_SECRET accepts a secret of at least 32 characters, such as the output of openssl rand -base64 32.',
    ]);
    expect(loadConfig({ COACH_SECRET: 'exactly-thirty-two-characters-ok' }).serverSecret).toBe('exactly-thirty-two-characters-ok');
  });

  it('hides a database URL, which carries its password', () => {
    expect(lines({ DATABASE_URL: 'mysql://coach:hunter2@db/coach' })[0]).toMatch(/^Invalid DATABASE_URL=\(hidden\): /);
  });

  it('with a shared database: asks for one server secret for every instance, and leaves demo mode off unless asked', () => {
    const url = 'postgres://coach@127.0.0.1:5432/coach';
    expect(lines({ DATABASE_URL: url })).toEqual([
      'DATABASE_URL is set, so COACH_SECRET must be too: the same secret on every instance, so that a token one signs, all accept.',
    ]);
    const secret = 'a-server-secret-of-at-least-32-characters';
    expect(loadConfig({ DATABASE_URL: url, COACH_SECRET: secret })).toMatchObject({
      demo: false,
      demoReason: 'DATABASE_URL is set (COACH_DEMO=1 turns demo mode on)',
    });
    expect(loadConfig({ DATABASE_URL: url, COACH_SECRET: secret, COACH_DEMO: '1' }).demo).toBe(true);
  });

  it('gives one line per bad variable', () => {
    expect(lines({ PORT: 'x', COACH_EMBEDDINGS: 'y', HOST: 'a b' })).toHaveLength(3);
  });

  it('turns demo mode off when an operator key is set, and refuses both at once', () => {
    expect(loadConfig({ COACH_ADMIN_KEY: 'a-long-operator-secret' }).demo).toBe(false);
    expect(loadConfig({ COACH_DEMO: '0' }).demo).toBe(false);
    expect(lines({ COACH_ADMIN_KEY: 'a-long-operator-secret', COACH_DEMO: '1' })[0]).toMatch(
      /^Invalid COACH_DEMO=1: demo mode is never on when COACH_ADMIN_KEY is set/,
    );
  });

  it('turns demo mode on by default only on a loopback HOST without an operator key', () => {
    for (const host of ['127.0.0.1', '127.0.0.53', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
      expect(loadConfig({ HOST: host }), host).toMatchObject({ demo: true, demoReason: `HOST ${host} is a loopback address and COACH_ADMIN_KEY is unset` });
    }
    for (const host of ['0.0.0.0', '::', '128.0.0.1', '126.255.255.255', '10.0.0.7', '192.168.1.20', '::2', 'coach.example.org', 'localhost.example.org']) {
      expect(loadConfig({ HOST: host }), host).toMatchObject({
        demo: false,
        demoReason: `HOST ${host} is not a loopback address (COACH_DEMO=1 turns demo mode on)`,
      });
    }
    expect(loadConfig({ HOST: '127.0.0.1', COACH_ADMIN_KEY: 'a-long-operator-secret' })).toMatchObject({ demo: false, demoReason: 'COACH_ADMIN_KEY is set' });
    expect(loadConfig({ HOST: '0.0.0.0', COACH_DEMO: '1' })).toMatchObject({ demo: true, demoReason: 'COACH_DEMO=1' });
    expect(loadConfig({ HOST: '127.0.0.1', COACH_DEMO: '0' })).toMatchObject({ demo: false, demoReason: 'COACH_DEMO=0' });
    expect(lines({ HOST: '0.0.0.0', COACH_DEMO: '1', COACH_ADMIN_KEY: 'a-long-operator-secret' })).toHaveLength(1);
  });

  it('asks for a key or server when embeddings come from OpenAI', () => {
    expect(lines({ COACH_EMBEDDINGS: 'openai' })[0]).toMatch(/^Invalid COACH_EMBEDDINGS="openai": set OPENAI_API_KEY/);
    expect(loadConfig({ COACH_EMBEDDINGS: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }).embeddings.provider).toBe('openai');
  });

  it('stops start-up with exit code 1 and the one line on stderr', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.includes('npm warn')),
    ).toEqual(['Invalid PORT="eighty": PORT accepts a whole number from 1 to 65535.']);
    expect(result.stdout).toBe('');
  });

  it('says in the start-up log whether demo mode is on and why', async () => {
    const onLoopback = await startUpLog({ HOST: '127.0.0.1' });
    expect(onLoopback).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringContaining('demo mode on (HOST 127.0.0.1 is a loopback address and COACH_ADMIN_KEY is unset)'),
      }),
    );
    const everywhere = await startUpLog({ HOST: '0.0.0.0' });
    expect(everywhere).toContainEqual(
      expect.objectContaining({ msg: 'demo mode off (HOST 0.0.0.0 is not a loopback address (COACH_DEMO=1 turns demo mode on))' }),
    );
    expect(everywhere.some((line) => String(line.msg).startsWith('demo mode on'))).toBe(false);
    expect(everywhere.find((line) => line.msg === 'listening')).toMatchObject({ demo: false });
    const explicit = await startUpLog({ HOST: '0.0.0.0', COACH_DEMO: '1' });
    expect(explicit).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('demo mode on (COACH_DEMO=1)') }));
    expect(explicit.find((line) => line.msg === 'listening')).toMatchObject({ demo: true });
  }, 120_000);
});

/** The server's log lines up to `listening`, from a real start on a fresh data folder; then it is stopped. */
async function startUpLog(environment: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(await freePort()), COACH_DATA_DIR: makeTempDir('mentor-coach-config-'), COACH_LOG_LEVEL: 'info', ...environment },
  });
  const logged: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      logged.push(JSON.parse(line) as Record<string, unknown>);
      if (logged.at(-1)!.msg === 'listening') return logged;
    }
    throw new Error(`the server stopped before listening: ${stderr}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
