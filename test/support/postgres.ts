import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPostgresStore, type PostgresStoreOptions } from '../../server/store/index.ts';
import { createDatabase } from './postgres-cluster.ts';

/**
 * A new, empty database on the run's PostgreSQL server, so test files running side by side
 * never see each other's rows; its URL. The server (and so the database) goes when the run ends.
 */
export async function freshPostgresDatabase(): Promise<string> {
  return createDatabase(inject('postgresUrl'), `mc_test_${randomBytes(6).toString('hex')}`);
}

/** A PostgreSQL store on a fresh database. */
export async function freshPostgresStore(options: Partial<PostgresStoreOptions> = {}) {
  return createPostgresStore({ url: await freshPostgresDatabase(), ...options });
}
