import type { Site } from './records.ts';
import type { SiteRepository } from './repositories.ts';
import { changes, deleteWhere, paginate, type StoreContext, toRecord, updateWhere } from './store-support.ts';
import type { SitesTable } from './tables.ts';

const asSite = (row: object) =>
  toRecord<Site>(row, { json: ['allowed_origins', 'safeguarding_contacts'], booleans: ['model_enabled'], omit: ['key_hash', 'token_secret'] });

export function storeSites({ db, now, newId, checkpoint }: StoreContext): SiteRepository {
  const select = (id: string) => db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return {
    async create(input, secrets, id = newId('site')) {
      const time = now().toISOString();
      const row = await db
        .insertInto('sites')
        .values({
          id,
          name: input.name,
          allowed_origins: JSON.stringify(input.allowedOrigins),
          safeguarding_contacts: JSON.stringify(input.safeguardingContacts),
          model_enabled: Number(input.modelEnabled),
          key_hash: secrets.keyHash,
          token_secret: secrets.tokenSecret,
          created_at: time,
          updated_at: time,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return asSite(row);
    },
    async get(id) {
      const row = await select(id);
      return row && asSite(row);
    },
    async secrets(id) {
      // Read on every request with a participant token.
      const row = await db.selectFrom('sites').select(['key_hash', 'token_secret']).where('id', '=', id).executeTakeFirst();
      return row && { keyHash: row.key_hash, tokenSecret: row.token_secret };
    },
    async list(page) {
      return paginate(db.selectFrom('sites').selectAll(), page, asSite);
    },
    async update(id, patch) {
      const values = changes<SitesTable>(
        patch,
        {
          name: 'name',
          allowedOrigins: 'allowed_origins',
          safeguardingContacts: 'safeguarding_contacts',
          modelEnabled: 'model_enabled',
        },
        ['allowedOrigins', 'safeguardingContacts'],
      );
      const changed = await updateWhere(db, 'sites', { id }, values, now().toISOString());
      // Safeguarding contacts name real people, with their phone numbers.
      if (changed && patch.safeguardingContacts !== undefined) await checkpoint('safeguarding contacts update');
      return this.get(id);
    },
    async replaceSecrets(id, secrets) {
      return updateWhere(db, 'sites', { id }, { key_hash: secrets.keyHash, token_secret: secrets.tokenSecret }, now().toISOString());
    },
    async changeMark() {
      // Every write stamps updated_at, and a deletion changes the count.
      const row = await db
        .selectFrom('sites')
        .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('updated_at').as('latest')])
        .executeTakeFirstOrThrow();
      return `${Number(row.count)}|${row.latest ?? ''}`;
    },
    async delete(id) {
      // Every participant of the site, and all of theirs, go with it (foreign key cascade).
      const deleted = await deleteWhere(db, 'sites', { id });
      if (deleted) await checkpoint('site deletion');
      return deleted;
    },
  };
}
