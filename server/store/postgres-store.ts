import { Kysely, type Migration as KyselyMigration, Migrator, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { createLogger, type Logger } from '../logger.ts';
import { buildStore } from './build-store.ts';
import { type Migration, migrations } from './migrations.ts';
import { PostgresRateLimit } from './postgres-rate-limit.ts';
import type { Store } from './repositories.ts';
import { DatabaseUnreachableError } from './storage-failure.ts';
import { monotonic, randomId, type StoreContext } from './store-support.ts';
import type { Tables } from './tables.ts';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`, as in DATABASE_URL. */
  url: string;
  /** Connections this process may hold at most (each instance has its own pool). */
  poolSize?: number;
  now?: () => Date;
  newId?: (prefix: string) => string;
  logger?: Logger;
}

/** Limits that keep a slow or vanished database from holding requests: an answer (often a 503) comes within seconds. */
const POOL_LIMITS = {
  /** Waiting for a free connection, or for a new one to open. */
  connectionTimeoutMillis: 5_000,
  /** An idle connection is closed after this, so a pool shrinks back after a burst. */
  idleTimeoutMillis: 30_000,
  /** The server cancels a statement that runs longer (57014, answered as storage_busy). */
  statement_timeout: 10_000,
  /** The client gives up on a query whose answer never comes (a server gone without a word). */
  query_timeout: 15_000,
  /** A transaction left open by a crashed request does not hold its locks for ever. */
  idle_in_transaction_session_timeout: 30_000,
};

/** The migrations by name for Kysely's migrator, in version order (names sort as the zero-padded versions do). */
function migrationsByName(list: Migration[]): Record<string, KyselyMigration> {
  return Object.fromEntries(
    list.map((migration) => [
      `${String(migration.version).padStart(4, '0')} ${migration.name}`,
      // One script of several statements, sent without parameters, as PostgreSQL's simple protocol allows.
      { up: async (db: Kysely<unknown>) => void (await sql.raw(migration.sql).execute(db)) },
    ]),
  );
}

/**
 * Brings the schema up to date. Kysely's migrator holds a PostgreSQL advisory lock while it
 * runs, so instances that start together run each migration once, the others waiting for it;
 * each migration is one transaction.
 */
export async function migratePostgres(db: Kysely<Tables>, list: Migration[] = migrations): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsByName(list) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (!error) return;
  const failed = results?.find((result) => result.status === 'Error');
  if (/corrupted migrations/i.test(String((error as Error).message ?? error))) {
    throw new Error(`the database has migrations this server does not know (${(error as Error).message}): upgrade the server`);
  }
  throw new Error(`migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${(error as Error).message ?? error}`, { cause: error });
}

/**
 * Participant data on a PostgreSQL server, shared by every instance that names it. The same
 * repositories as SQLite, over a pool that reconnects on its own: a query while the server is
 * gone fails (a 503 to the client), and the next one after it returns succeeds.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const logger = options.logger ?? createLogger({ level: 'error' });
  // Loaded only when a database URL names PostgreSQL: a server on SQLite does not pay for it at start-up.
  const { default: postgres } = await import('pg');
  const pool: pg.Pool = new postgres.Pool({ connectionString: options.url, max: options.poolSize ?? 10, application_name: 'mentor-coach', ...POOL_LIMITS });
  // A connection that the server drops emits 'error'; without a listener it would end the
  // process. The pool listens while a connection is idle (and drops it); a connection that a
  // request has just taken, before its query is sent, has no listener but this one. The query
  // then fails on its own, as a 503.
  const lost = (error: Error) => logger.warn('database connection lost; the pool opens a new one on the next query', { error: error.message });
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const dialect = new PostgresDialect({
    pool: {
      async connect() {
        try {
          return await pool.connect();
        } catch (error) {
          throw new DatabaseUnreachableError(error);
        }
      },
      end: () => pool.end(),
    },
  });
  const db = new Kysely<Tables>({ dialect });
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const context: StoreContext = {
    db,
    dialect: 'postgres',
    now: monotonic(options.now ?? (() => new Date())),
    newId: options.newId ?? randomId,
    // SQLite's log file is what a checkpoint empties; PostgreSQL keeps removed row versions
    // until VACUUM and in its own WAL, which the operator's retention governs (README, operators).
    checkpoint: async () => true,
  };
  return buildStore(context, () => db.destroy(), { sharedRateLimit: (name, limits) => new PostgresRateLimit(db, name, limits) });
}
