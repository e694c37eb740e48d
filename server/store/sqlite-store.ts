import type { Statement } from 'better-sqlite3';
import { type DatabaseConnection, type Driver, Kysely, type SqliteDatabase, SqliteDialect, SqliteDriver } from 'kysely';
import { createLogger, type Logger } from '../logger.ts';
import { buildStore } from './build-store.ts';
import { checkpointAfterRemoval } from './checkpoint.ts';
import { openDatabase, type Sqlite } from './database.ts';
import type { Store } from './repositories.ts';
import { monotonic, randomId, type StoreContext } from './store-support.ts';
import type { Tables } from './tables.ts';

export interface SqliteStoreOptions {
  /** The database file (`:memory:` for a throwaway one). */
  path: string;
  /** The most the database file may grow to; a write past it fails as on a full disk. */
  maxMegabytes?: number;
  now?: () => Date;
  newId?: (prefix: string) => string;
  /** Where a checkpoint that could not complete after a removal is reported. */
  logger?: Logger;
}

/** Statement texts kept prepared; past this many (no route builds that many shapes) the cache starts again. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The database as Kysely's SQLite driver sees it, with each statement prepared once: the
 * driver prepares the SQL of every query afresh, and preparing took a tenth of a coaching
 * answer's time in the profile. The query builder gives the same text for the same shape of
 * query, so the texts are few.
 */
function preparedOnce(database: Sqlite): SqliteDatabase {
  const prepared = new Map<string, Statement>();
  return {
    prepare(text: string) {
      let statement = prepared.get(text);
      if (!statement) {
        if (prepared.size >= STATEMENT_CACHE_LIMIT) prepared.clear();
        prepared.set(text, (statement = database.prepare(text)));
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
    close: () => database.close(),
  };
}

/**
 * Kysely's SQLite dialect, but a rollback only while a transaction is open. A write that
 * meets a full disk (SQLITE_FULL) or an I/O error makes SQLite roll the transaction back
 * itself; Kysely's ROLLBACK after it would then fail ("no transaction is active") and hide
 * the error that says what happened, turning a 503 storage_full into a 500.
 */
class EmbeddedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: Sqlite,
    private readonly prepared = preparedOnce(database),
  ) {
    super({ database: prepared });
  }

  override createDriver(): Driver {
    const { database, prepared } = this;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (database.inTransaction) await super.rollbackTransaction(connection);
      }
    })({ database: prepared });
  }
}

/** The embedded store: one SQLite file, the same repositories as on PostgreSQL. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = openDatabase(options.path, undefined, options.maxMegabytes);
  const db = new Kysely<Tables>({ dialect: new EmbeddedSqliteDialect(database) });
  const context: StoreContext = {
    db,
    dialect: 'sqlite',
    now: monotonic(options.now ?? (() => new Date())),
    newId: options.newId ?? randomId,
    checkpoint: checkpointAfterRemoval(database, { logger: options.logger ?? createLogger({ level: 'error' }) }),
  };
  return buildStore(context, () => db.destroy());
}
