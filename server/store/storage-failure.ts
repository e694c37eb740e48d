/**
 * When the participant database fails (a full or read-only disk, a file or a server gone),
 * SQLite and PostgreSQL say so with an error code. Those are no bug of the server's and no
 * fault of the client's: the answer is a 503 that says what happened and that nothing was
 * saved, and the server goes on serving reads and coaching. The operator finds the code in
 * the log.
 */
export interface StorageFailure {
  code: 'storage_full' | 'storage_read_only' | 'storage_busy' | 'storage_unavailable';
  message: string;
  /** Seconds until trying again is worth it. */
  retryAfter: number;
}

const FULL: StorageFailure = {
  code: 'storage_full',
  retryAfter: 60,
  message: "The coach's storage is full, so nothing was saved. Please try again later; the program's operator has been told.",
};
const READ_ONLY: StorageFailure = {
  code: 'storage_read_only',
  retryAfter: 60,
  message: 'The coach cannot save right now (its storage is read-only), so nothing was saved. Please try again later.',
};
const BUSY: StorageFailure = {
  code: 'storage_busy',
  retryAfter: 1,
  message: 'The coach is busy saving other work. Nothing was saved; please try again in a moment.',
};
const UNAVAILABLE: StorageFailure = {
  code: 'storage_unavailable',
  retryAfter: 30,
  message: 'The coach could not reach its storage, so nothing was saved. Please try again later.',
};

/**
 * The PostgreSQL store could not get a connection (refused, unreachable, timed out): raised
 * by its pool, so that a network error from elsewhere (a model server) is never read as one.
 */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
  readonly code = 'DATABASE_UNREACHABLE';
  constructor(cause: unknown) {
    super(`cannot reach the database: ${cause instanceof Error ? cause.message || (cause as { code?: string }).code : String(cause)}`, { cause });
  }
}

/**
 * PostgreSQL's SQLSTATE classes (appendix A of its manual): 08 connection exceptions, 53
 * insufficient resources (53100 disk full), 57P01-57P03 a server shutting down or starting,
 * 25006 a read-only transaction (a standby), 40001/40P01 serialization failures and deadlocks,
 * 55P03 a lock not available, 57014 a statement cancelled by its timeout.
 */
function postgresFailure(code: string): StorageFailure | undefined {
  if (code === '53100') return FULL;
  if (code === '25006') return READ_ONLY;
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014' || code === '53300') return BUSY;
  if (code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03') return UNAVAILABLE;
  return undefined;
}

/**
 * Errors of the pg driver that carry no code: a connection that ended under a query, and a
 * query that outlived the client-side timeout. (Their texts are the driver's own.)
 */
function driverFailure(message: string): StorageFailure | undefined {
  return /^Connection terminated/i.test(message) || /^Query read timeout$/i.test(message) ? UNAVAILABLE : undefined;
}

export function storageFailure(error: unknown): StorageFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'DATABASE_UNREACHABLE') return UNAVAILABLE;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return postgresFailure(code);
  if (code === undefined && error instanceof Error) return driverFailure(error.message);
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL') return FULL;
  if (code.startsWith('SQLITE_READONLY')) return READ_ONLY;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return BUSY;
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return UNAVAILABLE;
  return undefined;
}
