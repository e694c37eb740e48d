/**
 * When the disk under the participant database fails (full, read-only, gone), SQLite says so
 * with an error code. Those are no bug of the server's and no fault of the client's: the
 * answer is a 503 that says what happened and that nothing was saved, and the server goes on
 * serving reads and coaching. The operator finds the code in the log.
 */
export interface StorageFailure {
  code: 'storage_full' | 'storage_read_only' | 'storage_busy' | 'storage_unavailable';
  message: string;
  /** Seconds until trying again is worth it. */
  retryAfter: number;
}

export function storageFailure(error: unknown): StorageFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL') {
    return {
      code: 'storage_full',
      retryAfter: 60,
      message: "The coach's storage is full, so nothing was saved. Please try again later; the program's operator has been told.",
    };
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return {
      code: 'storage_read_only',
      retryAfter: 60,
      message: 'The coach cannot save right now (its storage is read-only), so nothing was saved. Please try again later.',
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'storage_busy', retryAfter: 1, message: 'The coach is busy saving other work. Nothing was saved; please try again in a moment.' };
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return { code: 'storage_unavailable', retryAfter: 30, message: 'The coach could not reach its storage, so nothing was saved. Please try again later.' };
  }
  return undefined;
}
