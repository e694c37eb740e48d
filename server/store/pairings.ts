import { sql } from 'kysely';
import type { Pairing } from './records.ts';
import type { PairingRepository } from './repositories.ts';
import { deleteWhere, paginate, type StoreContext, toRecord, unique } from './store-support.ts';

const asPairing = (row: object) => toRecord<Pairing>(row, { omit: ['site_id'] });

export function storePairings({ db, now, newId, checkpoint }: StoreContext): PairingRepository {
  return {
    async create(siteId, input) {
      const time = now().toISOString();
      const row = await unique(
        () =>
          db
            .insertInto('pairings')
            .values({
              id: newId('pair'),
              site_id: siteId,
              mentor_id: input.mentorId,
              mentee_id: input.menteeId,
              model: input.model,
              status: 'active',
              started_at: input.startedAt ?? time,
              created_at: time,
              updated_at: time,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        'these two participants are already paired',
      );
      return asPairing(row);
    },
    async get(siteId, id) {
      const row = await db.selectFrom('pairings').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
      return row && asPairing(row);
    },
    async list(siteId, page, filter = {}) {
      let query = db.selectFrom('pairings').selectAll().where('site_id', '=', siteId);
      const { participantId, status } = filter;
      if (participantId) query = query.where((eb) => eb.or([eb('mentor_id', '=', participantId), eb('mentee_id', '=', participantId)]));
      if (status) query = query.where('status', '=', status);
      return paginate(query, page, asPairing);
    },
    async update(siteId, id, patch) {
      const time = now().toISOString();
      // Ending stamps ended_at once; reopening clears it; changing only the model leaves it.
      const endedAt = patch.status === 'ended' ? sql<string>`COALESCE(ended_at, ${time})` : patch.status ? null : undefined;
      await unique(
        () =>
          db
            .updateTable('pairings')
            .set({
              ...(patch.status ? { status: patch.status } : {}),
              ...(patch.model ? { model: patch.model } : {}),
              ...(endedAt !== undefined ? { ended_at: endedAt } : {}),
              updated_at: time,
            })
            .where('site_id', '=', siteId)
            .where('id', '=', id)
            .execute(),
        'these two participants already have an open pairing',
      );
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Its sessions, with their notes, go with it (foreign key cascade).
      const deleted = await deleteWhere(db, 'pairings', { site_id: siteId, id });
      if (deleted) await checkpoint('pairing deletion');
      return deleted;
    },
    async findOpen(siteId, mentorId, menteeId) {
      const row = await db
        .selectFrom('pairings')
        .selectAll()
        .where('site_id', '=', siteId)
        .where('mentor_id', '=', mentorId)
        .where('mentee_id', '=', menteeId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row && asPairing(row);
    },
  };
}
