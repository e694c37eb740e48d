import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../server/store/migrations.ts';
import { createPostgresStore, migratePostgres } from '../../../server/store/postgres-store.ts';
import type { Tables } from '../../../server/store/tables.ts';
import { freshPostgresDatabase } from '../../support/postgres.ts';

const connect = (url: string) => new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });

describe('PostgreSQL migrations', () => {
  it('run once when several stores start together on an empty database', async () => {
    const url = await freshPostgresDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => createPostgresStore({ url })));
    const db = connect(url);
    const ran = await db
      .selectFrom('schema_migrations' as keyof Tables)
      .selectAll()
      .execute();
    expect(ran).toHaveLength(migrations.length);
    await Promise.all(stores.map((store) => store.close()));
    await db.destroy();
  });

  it('refuse a database that a newer server migrated, saying to upgrade', async () => {
    const url = await freshPostgresDatabase();
    const db = connect(url);
    await migratePostgres(db, [...migrations, { version: 99, name: 'from a later release', sql: 'CREATE TABLE later (id TEXT)' }]);
    await expect(migratePostgres(db)).rejects.toThrow(/does not know .*upgrade the server/);
    await expect(createPostgresStore({ url })).rejects.toThrow(/upgrade the server/);
    await db.destroy();
  });
});
