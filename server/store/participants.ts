import { sql } from 'kysely';
import type { Participant } from './records.ts';
import type { ParticipantRepository } from './repositories.ts';
import { changes, deleteWhere, paginate, type StoreContext, toRecord, unique, updateWhere } from './store-support.ts';
import type { ParticipantsTable } from './tables.ts';

const asParticipant = (row: object) => toRecord<Participant>(row, { json: ['profile'], omit: ['site_id'] });

export function storeParticipants({ db, now, newId, checkpoint }: StoreContext): ParticipantRepository {
  const duplicate = (externalId: unknown) => `a participant with externalId "${externalId}" already exists in this site`;
  return {
    async create(siteId, input) {
      const time = now().toISOString();
      const row = await unique(
        () =>
          db
            .insertInto('participants')
            .values({
              id: newId(input.role === 'mentor' ? 'mentor' : 'mentee'),
              site_id: siteId,
              external_id: input.externalId,
              role: input.role,
              display_name: input.displayName,
              profile: JSON.stringify(input.profile),
              created_at: time,
              updated_at: time,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        duplicate(input.externalId),
      );
      return asParticipant(row);
    },
    async get(siteId, id) {
      const row = await db.selectFrom('participants').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
      return row && asParticipant(row);
    },
    async list(siteId, page, filter = {}) {
      let query = db.selectFrom('participants').selectAll().where('site_id', '=', siteId);
      if (filter.role) query = query.where('role', '=', filter.role);
      return paginate(query, page, asParticipant);
    },
    async update(siteId, id, patch) {
      const values = changes<ParticipantsTable>(patch, { externalId: 'external_id', displayName: 'display_name', profile: 'profile' }, ['profile']);
      const changed = await unique(() => updateWhere(db, 'participants', { site_id: siteId, id }, values, now().toISOString()), duplicate(patch.externalId));
      // Every field a patch may change is the person's own words or identity: the old value goes.
      if (changed) await checkpoint('participant update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Foreign keys cascade to goals, check-ins, pairings (and their sessions), feedback and
      // the token revocation row.
      const deleted = await deleteWhere(db, 'participants', { site_id: siteId, id });
      if (deleted) await checkpoint('participant erasure');
      return deleted;
    },
    async tokenState(siteId, id) {
      // Read on every request with a participant token: one lookup for existence, role and revocation.
      const row = await db
        .selectFrom('participants as p')
        .leftJoin('participant_tokens as t', 't.participant_id', 'p.id')
        .select(['p.role', 't.generation', 't.revoked_at'])
        .where('p.site_id', '=', siteId)
        .where('p.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return { role: row.role, generation: row.generation ?? 0, ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}) };
    },
    async revokeTokens(siteId, id, at) {
      const time = at.toISOString();
      // The cut-off never moves back, even if the clock does between two revocations. (CASE,
      // not MAX or GREATEST: SQLite and PostgreSQL name that function differently.)
      const row = await db
        .insertInto('participant_tokens')
        .columns(['participant_id', 'site_id', 'generation', 'revoked_at'])
        .expression((eb) =>
          eb
            .selectFrom('participants')
            .select(['id', 'site_id', sql<number>`1`.as('generation'), sql<string>`CAST(${time} AS TEXT)`.as('revoked_at')])
            .where('site_id', '=', siteId)
            .where('id', '=', id),
        )
        .onConflict((conflict) =>
          conflict.column('participant_id').doUpdateSet({
            generation: sql`participant_tokens.generation + 1`,
            revoked_at: sql`CASE WHEN excluded.revoked_at > participant_tokens.revoked_at THEN excluded.revoked_at ELSE participant_tokens.revoked_at END`,
          }),
        )
        .returning(['generation', 'revoked_at'])
        .executeTakeFirst();
      return row && { generation: row.generation, revokedAt: row.revoked_at };
    },
  };
}
