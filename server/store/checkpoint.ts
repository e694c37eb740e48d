import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import type { Sqlite } from './database.ts';

/**
 * After a write that removes personal text (an erasure, a deleted check-in, an edited note),
 * the old text still sits in the write-ahead log until a checkpoint copies the new pages into
 * coach.db, and the log file keeps those bytes until it is truncated or overwritten. This
 * runs `wal_checkpoint(TRUNCATE)` at once and checks that it completed: SQLite answers
 * `busy = 1` when a reader (another process, a backup) still uses the log, and then the log
 * is not emptied. It tries again a few times, then says so in the log, naming what it was for.
 */
export interface CheckpointOptions {
  logger: Logger;
  /** Tries in all, with a pause that doubles between them. */
  attempts?: number;
  pauseMs?: number;
  /** How long one try may wait for readers: short, since SQLite's wait blocks the process. */
  busyTimeoutMs?: number;
}

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type Checkpoint = (what: string) => Promise<boolean>;

export function checkpointAfterRemoval(database: Sqlite, options: CheckpointOptions): Checkpoint {
  const attempts = options.attempts ?? 5;
  const pauseMs = options.pauseMs ?? 25;
  const busyTimeoutMs = options.busyTimeoutMs ?? 100;
  return async function checkpoint(what) {
    let last: CheckpointResult | undefined;
    let failure: string | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const previous = database.pragma('busy_timeout', { simple: true }) as number;
      database.pragma(`busy_timeout = ${busyTimeoutMs}`);
      try {
        [last] = database.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[];
        failure = undefined;
      } catch (error) {
        // The removal itself is committed: a failed checkpoint must not turn its answer into an error.
        failure = error instanceof Error ? error.message : String(error);
      } finally {
        database.pragma(`busy_timeout = ${previous}`);
      }
      if (!failure && last?.busy === 0) return true;
      if (attempt < attempts) await sleep(pauseMs * 2 ** (attempt - 1));
    }
    options.logger.error('checkpoint after removing personal text did not complete: the removed text may stay in coach.db-wal until the next checkpoint', {
      what,
      attempts,
      ...(last ?? {}),
      ...(failure ? { error: failure } : {}),
    });
    return false;
  };
}
