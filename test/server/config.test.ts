import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { projectRoot } from '../../server/paths.ts';

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
      port: 8787, host: '127.0.0.1', dataDir: resolve('./data'), adminKey: undefined, demo: true,
      openai: { apiKey: undefined, baseURL: undefined, model: undefined, timeoutSeconds: 15 },
      embeddings: { provider: 'local', model: 'text-embedding-3-small' }, logLevel: 'info', rateLimitPerMinute: 600,
      databaseMaxMegabytes: 0, searchMemoryChunks: 10_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000', HOST: '0.0.0.0', COACH_DATA_DIR: '/srv/coach', COACH_ADMIN_KEY: 'a-long-operator-secret',
      OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', COACH_MODEL: 'llama3.1',
      COACH_EMBEDDINGS: 'openai', COACH_EMBEDDING_MODEL: 'nomic-embed-text', COACH_LOG_LEVEL: 'warn',
      COACH_RATE_LIMIT: '120', COACH_DB_MAX_MB: '512', COACH_MODEL_TIMEOUT: '40', COACH_SEARCH_MEMORY_CHUNKS: '0',
    });
    expect(config).toMatchObject({
      port: 9000, host: '0.0.0.0', dataDir: '/srv/coach', adminKey: 'a-long-operator-secret', demo: false,
      openai: { apiKey: 'sk-test', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutSeconds: 40 },
      embeddings: { provider: 'openai', model: 'nomic-embed-text' }, logLevel: 'warn', rateLimitPerMinute: 120, databaseMaxMegabytes: 512, searchMemoryChunks: 0,
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', COACH_EMBEDDINGS: '' }).port).toBe(8787);
  });

  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '80.5'], ['HOST', 'exa mple'], ['COACH_DEMO', 'yes'],
    ['OPENAI_BASE_URL', 'not a url'], ['OPENAI_BASE_URL', 'ftp://example.com'], ['COACH_EMBEDDINGS', 'bert'],
    ['COACH_LOG_LEVEL', 'loud'], ['COACH_ADMIN_KEY', 'short'], ['COACH_DB_MAX_MB', '-1'], ['COACH_DB_MAX_MB', 'lots'],
    ['COACH_MODEL_TIMEOUT', '0'], ['COACH_MODEL_TIMEOUT', '2.5'], ['COACH_RATE_LIMIT', 'fast'], ['COACH_SEARCH_MEMORY_CHUNKS', '-5'],
  ])('rejects %s=%s with one line naming it and what it accepts', (name, value) => {
    const [line, ...rest] = lines({ [name]: value });
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^Invalid ${name}=.*: ${name} accepts .+\\.$`));
  });

  it('never echoes a secret', () => {
    expect(lines({ COACH_ADMIN_KEY: 'short' })[0]).toBe('Invalid COACH_ADMIN_KEY=(hidden): COACH_ADMIN_KEY accepts a secret of at least 16 characters.');
  });

  it('gives one line per bad variable', () => {
    expect(lines({ PORT: 'x', COACH_EMBEDDINGS: 'y', HOST: 'a b' })).toHaveLength(3);
  });

  it('turns demo mode off when an operator key is set, and refuses both at once', () => {
    expect(loadConfig({ COACH_ADMIN_KEY: 'a-long-operator-secret' }).demo).toBe(false);
    expect(loadConfig({ COACH_DEMO: '0' }).demo).toBe(false);
    expect(lines({ COACH_ADMIN_KEY: 'a-long-operator-secret', COACH_DEMO: '1' })[0]).toMatch(/^Invalid COACH_DEMO=1: demo mode is never on when COACH_ADMIN_KEY is set/);
  });

  it('asks for a key or server when embeddings come from OpenAI', () => {
    expect(lines({ COACH_EMBEDDINGS: 'openai' })[0]).toMatch(/^Invalid COACH_EMBEDDINGS="openai": set OPENAI_API_KEY/);
    expect(loadConfig({ COACH_EMBEDDINGS: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }).embeddings.provider).toBe('openai');
  });

  it('stops start-up with exit code 1 and the one line on stderr', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: projectRoot, env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').filter((line) => !line.includes('npm warn'))).toEqual([
      'Invalid PORT="eighty": PORT accepts a whole number from 1 to 65535.',
    ]);
    expect(result.stdout).toBe('');
  });
});
