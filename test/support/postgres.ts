import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresStore, type PostgresStoreOptions } from '../../server/store/index.ts';

/**
 * A new, empty database on the run's PostgreSQL server, so test files running side by side
 * never see each other's rows; its URL. The server (and so the database) goes when the run ends.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const admin = new URL(inject('postgresUrl'));
  const name = `mc_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client(admin.href);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.href;
}

/** A PostgreSQL store on a fresh database. */
export async function freshPostgresStore(options: Partial<PostgresStoreOptions> = {}) {
  return createPostgresStore({ url: await freshPostgresDatabase(), ...options });
}
