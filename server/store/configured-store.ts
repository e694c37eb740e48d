import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createPostgresStore } from './postgres-store.ts';
import type { Store } from './repositories.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { storageFailure } from './storage-failure.ts';

/** How long start-up waits for a PostgreSQL server that is not up yet (starting beside this one, or restarting). */
const START_WAIT_MS = 60_000;

/** The URL with its password masked, for log lines. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/**
 * The participant store the configuration names: PostgreSQL when DATABASE_URL is set (its
 * migrations run first), else coach.db in the data folder. A PostgreSQL server that cannot
 * be reached yet is waited for, with a log line per try; a refusal that waiting cannot mend
 * (a wrong password, a missing database) stops start-up at once.
 */
export async function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  if (!config.databaseUrl) {
    return createSqliteStore({ path: join(config.dataDir, 'coach.db'), maxMegabytes: config.databaseMaxMegabytes, logger });
  }
  const database = withoutPassword(config.databaseUrl);
  const deadline = Date.now() + START_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await createPostgresStore({ url: config.databaseUrl, poolSize: config.databasePoolSize, logger });
      logger.info('participant data on PostgreSQL', { database, pool: config.databasePoolSize });
      return store;
    } catch (error) {
      if (!storageFailure(error) || Date.now() > deadline) throw error;
      logger.warn('waiting for the database', { database, attempt, error: error instanceof Error ? error.message : String(error) });
      await sleep(Math.min(500 * 2 ** (attempt - 1), 5_000));
    }
  }
}
