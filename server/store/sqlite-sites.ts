import type { Site } from './records.ts';
import type { SiteRepository } from './repositories.ts';
import { assignments, paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asSite = (row: Record<string, unknown>) =>
  toRecord<Site>(row, { json: ['allowed_origins', 'safeguarding_contacts'], booleans: ['model_enabled'], omit: ['key_hash', 'token_secret'] });

export function sqliteSites({ database, now, newId, checkpoint }: StoreContext): SiteRepository {
  const select = database.prepare('SELECT * FROM sites WHERE id = ?');
  // Read on every request with a participant token: prepared once.
  const selectSecrets = database.prepare('SELECT key_hash, token_secret FROM sites WHERE id = ?');
  return {
    async create(input, secrets, id = newId('site')) {
      const time = now().toISOString();
      database
        .prepare(`INSERT INTO sites (id, name, allowed_origins, safeguarding_contacts, model_enabled, key_hash, token_secret, created_at, updated_at)
        VALUES (@id, @name, @origins, @contacts, @modelEnabled, @keyHash, @tokenSecret, @time, @time)`)
        .run({
          id,
          name: input.name,
          origins: JSON.stringify(input.allowedOrigins),
          contacts: JSON.stringify(input.safeguardingContacts),
          modelEnabled: Number(input.modelEnabled),
          keyHash: secrets.keyHash,
          tokenSecret: secrets.tokenSecret,
          time,
        });
      return asSite(select.get(id) as Record<string, unknown>);
    },
    async get(id) {
      const row = select.get(id) as Record<string, unknown> | undefined;
      return row && asSite(row);
    },
    async secrets(id) {
      const row = selectSecrets.get(id) as { key_hash: string; token_secret: string } | undefined;
      return row && { keyHash: row.key_hash, tokenSecret: row.token_secret };
    },
    async list(page) {
      return paginate(database, 'sites', '1 = 1', {}, page, asSite);
    },
    async update(id, patch) {
      const { sql, values } = assignments(patch, {
        name: 'name',
        allowedOrigins: 'allowed_origins',
        safeguardingContacts: 'safeguarding_contacts',
        modelEnabled: 'model_enabled',
      });
      const changed =
        Boolean(sql) &&
        database.prepare(`UPDATE sites SET ${sql}, updated_at = @time WHERE id = @id`).run({ ...values, id, time: now().toISOString() }).changes > 0;
      // Safeguarding contacts name real people, with their phone numbers.
      if (changed && patch.safeguardingContacts !== undefined) await checkpoint('safeguarding contacts update');
      return this.get(id);
    },
    async replaceSecrets(id, secrets) {
      return (
        database
          .prepare('UPDATE sites SET key_hash = ?, token_secret = ?, updated_at = ? WHERE id = ?')
          .run(secrets.keyHash, secrets.tokenSecret, now().toISOString(), id).changes > 0
      );
    },
    async delete(id) {
      // Every participant of the site, and all of theirs, go with it (foreign key cascade).
      const deleted = database.prepare('DELETE FROM sites WHERE id = ?').run(id).changes > 0;
      if (deleted) await checkpoint('site deletion');
      return deleted;
    },
  };
}
