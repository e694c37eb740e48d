import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.ts';
import { storageFailure } from '../../server/store/index.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

/**
 * The failures of the disk under the database, each made for real in SQLite, and the answer
 * each becomes (a 503 that says nothing was saved); anything else stays a bug.
 */

afterAll(() => removeTempDirs());

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('storage failures', () => {
  it('a database at its size cap is full', () => {
    const database = openDatabase(join(makeTempDir(), 'capped.db'), undefined, 1);
    database.exec('CREATE TABLE notes (text TEXT)');
    const insert = database.prepare('INSERT INTO notes VALUES (?)');
    const error = thrownBy(() => {
      for (;;) insert.run('x'.repeat(4000));
    });
    expect((error as { code: string }).code).toBe('SQLITE_FULL');
    expect(storageFailure(error)).toMatchObject({ code: 'storage_full' });
    // What was committed before stays, and the file stays under its cap.
    expect((database.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n).toBeGreaterThan(100);
    expect((database.pragma('page_count', { simple: true }) as number) * 4096).toBeLessThanOrEqual(1024 * 1024);
    database.close();
  });

  it('a database opened read-only refuses writes as read-only', () => {
    const path = join(makeTempDir(), 'read-only.db');
    openDatabase(path).close();
    const database = new Database(path, { readonly: true });
    const error = thrownBy(() => database.exec("INSERT INTO sites (id) VALUES ('x')"));
    expect((error as { code: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(storageFailure(error)).toMatchObject({ code: 'storage_read_only' });
    database.close();
  });

  it('a database another writer holds is busy, worth a retry in a second', () => {
    const path = join(makeTempDir(), 'busy.db');
    const holder = openDatabase(path);
    const other = new Database(path, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    const error = thrownBy(() => other.exec('BEGIN IMMEDIATE'));
    expect((error as { code: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(storageFailure(error)).toMatchObject({ code: 'storage_busy', retryAfter: 1 });
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
  });

  it('leaves a constraint or a plain bug to the error handler', () => {
    const database = openDatabase(':memory:');
    database.exec('CREATE TABLE unique_names (name TEXT UNIQUE)');
    database.exec("INSERT INTO unique_names VALUES ('a')");
    expect(storageFailure(thrownBy(() => database.exec("INSERT INTO unique_names VALUES ('a')")))).toBeUndefined();
    expect(storageFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(storageFailure(null)).toBeUndefined();
    database.close();
  });
});
