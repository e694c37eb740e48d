import { createLogger, type Logger } from '../logger.ts';
import { checkpointAfterRemoval } from './checkpoint.ts';
import { openDatabase } from './database.ts';
import type { Store } from './repositories.ts';
import { sqliteFeedback } from './sqlite-feedback.ts';
import { sqliteGoals } from './sqlite-goals.ts';
import { sqlitePairings } from './sqlite-pairings.ts';
import { sqliteParticipants } from './sqlite-participants.ts';
import { sqliteSessions } from './sqlite-sessions.ts';
import { sqliteSites } from './sqlite-sites.ts';
import { randomId, type StoreContext } from './sqlite-support.ts';

export { type Checkpoint, type CheckpointResult, checkpointAfterRemoval } from './checkpoint.ts';
export * from './records.ts';
export type * from './repositories.ts';
export { DuplicateError } from './sqlite-participants.ts';
export { InvalidCursorError } from './sqlite-support.ts';
export { type StorageFailure, storageFailure } from './storage-failure.ts';

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

/**
 * A clock that never gives the same millisecond twice, nor goes back: lists are ordered by
 * (created_at, id), and ids are random, so rows made within one millisecond would otherwise
 * come back in random order instead of creation order.
 */
function monotonic(now: () => Date): () => Date {
  let last = 0;
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last);
  };
}

/** The embedded store: one SQLite file, one repository per aggregate. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = openDatabase(options.path, undefined, options.maxMegabytes);
  const context: StoreContext = {
    database,
    now: monotonic(options.now ?? (() => new Date())),
    newId: options.newId ?? randomId,
    checkpoint: checkpointAfterRemoval(database, { logger: options.logger ?? createLogger({ level: 'error' }) }),
  };
  return {
    sites: sqliteSites(context),
    participants: sqliteParticipants(context),
    pairings: sqlitePairings(context),
    goals: sqliteGoals(context),
    sessions: sqliteSessions(context),
    feedback: sqliteFeedback(context),
    async close() {
      database.close();
    },
  };
}
