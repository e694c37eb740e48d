import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Migration, migrations } from './migrations.ts';

export type Sqlite = Database.Database;

/**
 * Opens (or creates) the participant database. WAL lets reads run beside a write; with
 * synchronous=FULL a write is on disk before it is acknowledged, so a killed process or a
 * lost machine keeps every answer the client saw succeed.
 */
export function openDatabase(path: string, list: Migration[] = migrations, maxMegabytes = 0): Sqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not just unlinked: an erasure request leaves no readable copy.
  database.pragma('secure_delete = ON');
  database.pragma('busy_timeout = 5000');
  migrate(database, list);
  if (maxMegabytes > 0) {
    // A cap below the current size leaves the file as it is and refuses any further growth.
    const pageSize = database.pragma('page_size', { simple: true }) as number;
    database.pragma(`max_page_count = ${Math.floor((maxMegabytes * 1024 * 1024) / pageSize)}`);
  }
  return database;
}

/**
 * Runs the migrations the file has not seen, in one IMMEDIATE transaction: it takes the write
 * lock before reading the version, so two processes starting on one file at once cannot both
 * run the same migration; the second waits (busy_timeout), then finds nothing left to do.
 */
export function migrate(database: Sqlite, list: Migration[]): void {
  const latest = list.at(-1)?.version ?? 0;
  database
    .transaction(() => {
      const current = database.pragma('user_version', { simple: true }) as number;
      if (current > latest) {
        throw new Error(`the database is at schema version ${current}, newer than this server knows (${latest}): upgrade the server`);
      }
      for (const migration of list.filter((entry) => entry.version > current)) database.exec(migration.sql);
      if (current < latest) database.pragma(`user_version = ${latest}`);
    })
    .immediate();
}
