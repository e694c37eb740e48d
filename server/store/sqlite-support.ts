import { randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Checkpoint } from './checkpoint.ts';
import type { Sqlite } from './database.ts';
import type { Page, PageRequest } from './repositories.ts';

/** The clock and id source, passed in so tests can fix them. */
export interface StoreContext {
  database: Sqlite;
  now: () => Date;
  newId: (prefix: string) => string;
  /** Run after every write that removes personal text, so no copy of it stays in the log file. */
  checkpoint: Checkpoint;
}

/** Ids that say what they name and are unguessable: `goal_` + 20 base32 characters (100 bits). */
export function randomId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `${prefix}_${[...randomBytes(20)].map((byte) => alphabet[byte % 32]).join('')}`;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * A row as an API record: camelCase names, JSON columns parsed, NULL left out (the API omits
 * absent optional fields rather than sending null), integer booleans as booleans.
 */
export function toRecord<T>(row: Record<string, unknown>, options: { json?: string[]; booleans?: string[]; omit?: string[] } = {}): T {
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === null || options.omit?.includes(column)) continue;
    if (options.json?.includes(column)) record[camel(column)] = JSON.parse(value as string);
    else if (options.booleans?.includes(column)) record[camel(column)] = value === 1;
    else record[camel(column)] = value;
  }
  return record as T;
}

interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** Undefined for a cursor this server did not make: the route answers 400 for it. */
export function decodeCursor(cursor: string): Cursor | undefined {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

const statements = new WeakMap<Sqlite, Map<string, Statement>>();

/**
 * A prepared statement for SQL built at run time, kept for the next call: preparing took a
 * tenth of a coaching answer's time in the profile. The texts are few (a table, a filter,
 * with or without a cursor), so the cache stays small.
 */
function statement(database: Sqlite, sql: string): Statement {
  let cache = statements.get(database);
  if (!cache) statements.set(database, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = database.prepare(sql)));
  return prepared;
}

/**
 * Keyset pagination in creation order: `where` must hold the filters of the list; the
 * cursor continues strictly after the last row seen, so pages never repeat or skip a row
 * even while rows are being added.
 */
export function paginate<T>(
  database: Sqlite,
  table: string,
  where: string,
  parameters: Record<string, unknown>,
  page: PageRequest,
  map: (row: Record<string, unknown>) => T,
): Page<T> {
  let condition = where;
  const values: Record<string, unknown> = { ...parameters, limit: page.limit + 1 };
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    if (!cursor) throw new InvalidCursorError('cursor is not one this server gave out');
    condition += ' AND (created_at > @cursorCreatedAt OR (created_at = @cursorCreatedAt AND id > @cursorId))';
    values.cursorCreatedAt = cursor.createdAt;
    values.cursorId = cursor.id;
  }
  const rows = statement(database, `SELECT * FROM ${table} WHERE ${condition} ORDER BY created_at, id LIMIT @limit`).all(values) as Array<
    Record<string, unknown>
  >;
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    ...(more && last ? { nextCursor: encodeCursor({ createdAt: last.created_at as string, id: last.id as string }) } : {}),
  };
}

/** Column assignments for an UPDATE from a patch of camelCase fields; undefined fields are left alone. */
export function assignments(patch: object, columns: Record<string, string>): { sql: string; values: Record<string, unknown> } {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  const fields = patch as Record<string, unknown>;
  for (const [field, column] of Object.entries(columns)) {
    if (fields[field] === undefined) continue;
    parts.push(`${column} = @${field}`);
    const value = fields[field];
    values[field] = typeof value === 'boolean' ? Number(value) : value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  return { sql: parts.join(', '), values };
}
