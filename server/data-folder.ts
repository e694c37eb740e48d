import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Start-up on a data folder the server cannot use (read-only, not ours, full) ends with one
 * line that says which folder, what is wrong and what to do, rather than a stack trace.
 */
const reasons: Record<string, string> = {
  EROFS: 'it is on a read-only file system',
  EACCES: 'this process may not write there',
  EPERM: 'this process may not write there',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'part of that path is a file, not a folder',
  SQLITE_READONLY: 'the database there is read-only',
  SQLITE_CANTOPEN: 'the database there cannot be opened for writing',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'reading or writing there fails',
};

/**
 * Makes the data folder if need be and proves a file can be written in it; says what is
 * wrong if not. A recursive mkdir reports a read-only parent as ENOENT, so the first folder
 * that is missing is made on its own to learn the real cause.
 */
export function checkDataFolder(dataDir: string): string | undefined {
  try {
    mkdirSync(dataDir, { recursive: true });
    const probe = join(dataDir, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return undefined;
  } catch (error) {
    let missing = dataDir;
    while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
    try {
      if (!existsSync(missing)) mkdirSync(missing);
    } catch (cause) {
      return dataFolderProblem(cause, dataDir);
    }
    return dataFolderProblem(error, dataDir) ?? `Cannot use the data folder ${dataDir}: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

export function dataFolderProblem(error: unknown, dataDir: string): string | undefined {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const reason = reasons[code] ?? Object.entries(reasons).find(([prefix]) => code.startsWith(`${prefix}_`))?.[1];
  if (!reason) return undefined;
  return `Cannot use the data folder ${dataDir}: ${reason} (${code}). mentor-coach keeps participant data and its index there and must write to it; make it writable or set COACH_DATA_DIR to a folder that is.`;
}
