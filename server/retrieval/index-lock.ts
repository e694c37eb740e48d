import lockfile from 'proper-lockfile';

/**
 * Runs `write` while holding the index folder's lock, so that instances starting together on
 * one shared folder, and `npm run ingest` beside them, change the tables one at a time: the
 * first builds the index, the others then find it built and write nothing. proper-lockfile
 * keeps the lock as a folder beside the index (created atomically, on NFS too) and refreshes
 * it while held; a holder that died leaves it stale after `stale` ms, and the next takes it.
 */
export async function withIndexLock<T>(directory: string, write: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(directory, {
    lockfilePath: `${directory}.lock`,
    realpath: false,
    stale: 20_000,
    // Building the built-in corpus takes seconds; a large ingest longer: wait up to ten minutes.
    retries: { retries: 600, minTimeout: 200, maxTimeout: 1_000 },
  });
  try {
    return await write();
  } finally {
    await release();
  }
}
