import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from './loopback.ts';

/** What each variable accepts, in the words of the one line printed when it is wrong. */
const accepts = {
  PORT: 'a whole number from 1 to 65535',
  HOST: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
  COACH_DATA_DIR: 'a folder path',
  COACH_ADMIN_KEY: 'a secret of at least 16 characters',
  COACH_DEMO: '1 (seed the demo site) or 0',
  COACH_SECRET: 'a secret of at least 32 characters, such as the output of openssl rand -base64 32',
  OPENAI_API_KEY: 'an API key',
  OPENAI_BASE_URL: 'an http(s) URL such as http://127.0.0.1:11434/v1',
  COACH_MODEL: 'a model name such as gpt-4o-mini',
  COACH_MODEL_TIMEOUT: 'seconds to wait for one model call, a whole number from 1 to 300',
  COACH_EMBEDDINGS: '"local" (default, offline) or "openai"',
  COACH_EMBEDDING_MODEL: 'an embedding model name such as text-embedding-3-small',
  COACH_LOG_LEVEL: 'debug, info, warn, error or silent',
  COACH_RATE_LIMIT: 'requests per minute per credential, a whole number (0 turns the limit off)',
  COACH_AUTH_FAILURE_LIMIT: 'refused credentials per minute per client address before it gets 429, a whole number (0 turns the limit off)',
  COACH_DEMO_TOKEN_LIMIT: 'demo tokens per minute per client address, a whole number (0 turns the limit off)',
  COACH_TRUSTED_PROXIES: 'how many reverse proxies in front of the server append to X-Forwarded-For, a whole number from 0 to 10',
  COACH_DB_MAX_MB: 'the most megabytes the participant database may grow to, a whole number (0 for no cap)',
  COACH_SEARCH_MEMORY_CHUNKS: 'the largest index, in chunks, searched from a copy in memory, a whole number (0: always query LanceDB)',
  COACH_INDEX_DIR: 'a folder path for the search index (unset: index/ in the data folder)',
  DATABASE_URL: 'a PostgreSQL URL, postgres://user:password@host:5432/database (unset: the embedded SQLite file)',
  COACH_DB_POOL: 'the most PostgreSQL connections one process holds, a whole number from 1 to 100',
} as const;

type Variable = keyof typeof accepts;

const Environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z
    .string()
    .regex(/^[\w.:-]+$/)
    .default('127.0.0.1'),
  COACH_DATA_DIR: z.string().default('./data'),
  COACH_ADMIN_KEY: z.string().min(16).optional(),
  COACH_DEMO: z.enum(['0', '1']).optional(),
  COACH_SECRET: z.string().min(32).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  COACH_MODEL: z.string().optional(),
  COACH_MODEL_TIMEOUT: z.coerce.number().int().min(1).max(300).default(15),
  COACH_EMBEDDINGS: z.enum(['local', 'openai']).default('local'),
  COACH_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  COACH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  COACH_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  COACH_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(20),
  COACH_DEMO_TOKEN_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(60),
  COACH_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  COACH_DB_MAX_MB: z.coerce.number().int().min(0).max(10_000_000).default(0),
  COACH_SEARCH_MEMORY_CHUNKS: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  COACH_INDEX_DIR: z.string().optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  COACH_DB_POOL: z.coerce.number().int().min(1).max(100).default(10),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder holding the index and the participant database. */
  dataDir: string;
  adminKey?: string;
  demo: boolean;
  /** Why demo mode is on or off, in words for the start-up log. */
  demoReason: string;
  /** COACH_SECRET; without it the server keeps a generated one beside coach.db (server/auth/server-secret.ts). */
  serverSecret?: string;
  /** `timeoutSeconds` bounds one model call; an answer gets twice that, retries and repair included. */
  openai: { apiKey?: string; baseURL?: string; model?: string; timeoutSeconds: number };
  embeddings: { provider: 'local' | 'openai'; model: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Requests per minute per credential; 0 for no limit. */
  rateLimitPerMinute: number;
  /** Refused credentials per minute per client address; 0 for no limit. */
  authFailuresPerMinute: number;
  /** Demo tokens per minute per client address; 0 for no limit. */
  demoTokensPerMinute: number;
  /** Reverse proxies whose X-Forwarded-For entries are believed; 0 believes none. */
  trustedProxies: number;
  /** A cap on the participant database (a quota on a disk shared with other things); 0 for none. */
  databaseMaxMegabytes: number;
  /** Up to this many chunks, search runs on a copy in memory instead of LanceDB queries. */
  searchMemoryChunks: number;
  /** The LanceDB index: `index/` in the data folder, or COACH_INDEX_DIR, a folder several instances may share. */
  indexDir: string;
  /** DATABASE_URL: participant data on this PostgreSQL server, shared by every instance; unset, coach.db in the data folder. */
  databaseUrl?: string;
  /** Connections each instance's pool holds at most. */
  databasePoolSize: number;
}

/** Start-up stops on this: one line per bad variable, naming it and what it accepts. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

const display = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);

/**
 * Demo mode hands out participant tokens to anyone who asks, so by default it is on only
 * where nobody else can ask: a loopback HOST, and no operator key. COACH_DEMO=1 turns it on
 * elsewhere (a shared test server); it is never on with COACH_ADMIN_KEY (refused above).
 */
function demoMode(env: z.infer<typeof Environment>): { demo: boolean; demoReason: string } {
  if (env.COACH_DEMO) return { demo: env.COACH_DEMO === '1', demoReason: `COACH_DEMO=${env.COACH_DEMO}` };
  if (env.COACH_ADMIN_KEY) return { demo: false, demoReason: 'COACH_ADMIN_KEY is set' };
  // Each instance would seed (and reseed) the demo site in the one shared database.
  if (env.DATABASE_URL) return { demo: false, demoReason: 'DATABASE_URL is set (COACH_DEMO=1 turns demo mode on)' };
  if (!isLoopbackHost(env.HOST)) return { demo: false, demoReason: `HOST ${env.HOST} is not a loopback address (COACH_DEMO=1 turns demo mode on)` };
  return { demo: true, demoReason: `HOST ${env.HOST} is a loopback address and COACH_ADMIN_KEY is unset` };
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (FOO= in an env file) means "not set", as most tools read it.
  const present = Object.fromEntries(Object.keys(accepts).flatMap((name) => (environment[name] ? [[name, environment[name]]] : [])));
  const parsed = Environment.safeParse(present);
  const lines: string[] = [];
  if (!parsed.success) {
    const names = new Set(parsed.error.issues.map((issue) => String(issue.path[0]) as Variable));
    for (const name of names) {
      // A database URL carries its password.
      const secret = name === 'COACH_ADMIN_KEY' || name === 'OPENAI_API_KEY' || name === 'COACH_SECRET' || name === 'DATABASE_URL';
      const shown = secret ? '(hidden)' : display(String(present[name]));
      lines.push(`Invalid ${name}=${shown}: ${name} accepts ${accepts[name]}.`);
    }
    throw new ConfigError(lines);
  }
  const env = parsed.data;
  if (env.COACH_DEMO === '1' && env.COACH_ADMIN_KEY) {
    lines.push('Invalid COACH_DEMO=1: demo mode is never on when COACH_ADMIN_KEY is set; unset one of them.');
  }
  if (env.DATABASE_URL && !env.COACH_SECRET) {
    // A generated secret lives in one instance's data folder: the others would refuse its tokens.
    lines.push('DATABASE_URL is set, so COACH_SECRET must be too: the same secret on every instance, so that a token one signs, all accept.');
  }
  if (env.COACH_EMBEDDINGS === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
    lines.push('Invalid COACH_EMBEDDINGS="openai": set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (a compatible server) too.');
  }
  if (lines.length) throw new ConfigError(lines);
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.COACH_DATA_DIR),
    adminKey: env.COACH_ADMIN_KEY,
    ...demoMode(env),
    serverSecret: env.COACH_SECRET,
    openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.COACH_MODEL, timeoutSeconds: env.COACH_MODEL_TIMEOUT },
    embeddings: { provider: env.COACH_EMBEDDINGS, model: env.COACH_EMBEDDING_MODEL },
    logLevel: env.COACH_LOG_LEVEL,
    rateLimitPerMinute: env.COACH_RATE_LIMIT,
    authFailuresPerMinute: env.COACH_AUTH_FAILURE_LIMIT,
    demoTokensPerMinute: env.COACH_DEMO_TOKEN_LIMIT,
    trustedProxies: env.COACH_TRUSTED_PROXIES,
    databaseMaxMegabytes: env.COACH_DB_MAX_MB,
    searchMemoryChunks: env.COACH_SEARCH_MEMORY_CHUNKS,
    indexDir: env.COACH_INDEX_DIR ? resolve(env.COACH_INDEX_DIR) : join(resolve(env.COACH_DATA_DIR), 'index'),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.COACH_DB_POOL,
  };
}
