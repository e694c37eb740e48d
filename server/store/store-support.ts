import { randomBytes } from 'node:crypto';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Checkpoint } from './checkpoint.ts';
import type { Page, PageRequest } from './repositories.ts';
import type { Tables } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';

/** What every repository is built from, for either database; the clock and ids are passed in so tests can fix them. */
export interface StoreContext {
  db: Kysely<Tables>;
  dialect: Dialect;
  now: () => Date;
  newId: (prefix: string) => string;
  /** Run after every write that removes personal text, so no copy of it stays in a log file. */
  checkpoint: Checkpoint;
}

/** Ids that say what they name and are unguessable: `goal_` + 20 base32 characters (100 bits). */
export function randomId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `${prefix}_${[...randomBytes(20)].map((byte) => alphabet[byte % 32]).join('')}`;
}

/**
 * A clock that never gives the same millisecond twice, nor goes back: lists are ordered by
 * (created_at, id), and ids are random, so rows made within one millisecond would otherwise
 * come back in random order instead of creation order.
 */
export function monotonic(now: () => Date): () => Date {
  let last = 0;
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last);
  };
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * A row as an API record: camelCase names, JSON columns parsed, NULL left out (the API omits
 * absent optional fields rather than sending null), integer booleans as booleans.
 */
export function toRecord<T>(row: object, options: { json?: string[]; booleans?: string[]; omit?: string[] } = {}): T {
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

/** A second row where one is allowed (the same external id, an open pairing of the same two): the route answers 409. */
export class DuplicateError extends Error {
  override name = 'DuplicateError';
}

/** A unique index refused the write, in either database's words. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** Runs a write, turning a unique-index refusal into a DuplicateError that says what was duplicated. */
export async function unique<T>(write: () => Promise<T>, duplicate: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(duplicate);
    throw error;
  }
}

/**
 * Keyset pagination in creation order: `query` holds the filters of the list; the cursor
 * continues strictly after the last row seen, so pages never repeat or skip a row even while
 * rows are being added.
 */
export async function paginate<T>(
  // biome-ignore lint/suspicious/noExplicitAny: any table with created_at and id; the caller's query is typed where it is built.
  query: SelectQueryBuilder<any, any, { created_at: string; id: string }>,
  page: PageRequest,
  map: (row: { created_at: string; id: string }) => T,
): Promise<Page<T>> {
  let bounded = query;
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    if (!cursor) throw new InvalidCursorError('cursor is not one this server gave out');
    bounded = bounded.where((eb) =>
      eb.or([eb('created_at', '>', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '>', cursor.id)])]),
    );
  }
  const rows = await bounded
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    ...(more && last ? { nextCursor: encodeCursor({ createdAt: last.created_at, id: last.id }) } : {}),
  };
}

/**
 * Column values for an UPDATE from a patch of camelCase fields: undefined fields are left
 * alone, null clears the column, booleans become 0 or 1, and the fields named in `json` JSON
 * text (whatever their value: an agenda may be a string, and must still read back as one).
 */
export function changes<Row>(patch: object, columns: Record<string, keyof Row & string>, json: string[] = []): Partial<Row> {
  const values: Record<string, unknown> = {};
  const fields = patch as Record<string, unknown>;
  for (const [field, column] of Object.entries(columns)) {
    const value = fields[field];
    if (value === undefined) continue;
    if (value === null) values[column] = null;
    else values[column] = json.includes(field) ? JSON.stringify(value) : typeof value === 'boolean' ? Number(value) : value;
  }
  return values as Partial<Row>;
}

/** Rows an UPDATE or DELETE touched, as both drivers report it. */
export const touched = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n) > 0;

/** Column equalities that pick rows out: the site and the id, every time there is a site. */
type Where = Record<string, string>;

// biome-ignore lint/suspicious/noExplicitAny: the table is chosen at run time; callers type the values they pass.
type AnyTable = any;

/** Sets `values` and a new updated_at on the rows `where` picks out; whether one changed (false when there was nothing to set). */
export async function updateWhere(db: Kysely<Tables>, table: keyof Tables, where: Where, values: object, time: string): Promise<boolean> {
  if (Object.keys(values).length === 0) return false;
  let query = (db as Kysely<AnyTable>).updateTable(table).set({ ...values, updated_at: time });
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return touched(await query.executeTakeFirst());
}

/** Deletes the rows `where` picks out; whether one went. */
export async function deleteWhere(db: Kysely<Tables>, table: keyof Tables, where: Where): Promise<boolean> {
  let query = (db as Kysely<AnyTable>).deleteFrom(table);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return touched(await query.executeTakeFirst());
}
