import { sql } from 'kysely';
import type { Session } from './records.ts';
import type { SessionRepository } from './repositories.ts';
import { changes, deleteWhere, paginate, type StoreContext, toRecord, updateWhere } from './store-support.ts';
import type { SessionsTable } from './tables.ts';

const asSession = (row: object) => toRecord<Session>(row, { json: ['agenda', 'action_items'], omit: ['site_id'] });

export function storeSessions({ db, dialect, now, newId, checkpoint }: StoreContext): SessionRepository {
  // Times are kept as the client wrote them (any precision or offset): compare them as instants.
  const atOrBefore = (time: string) =>
    dialect === 'sqlite' ? sql<boolean>`julianday(scheduled_at) <= julianday(${time})` : sql<boolean>`scheduled_at::timestamptz <= ${time}::timestamptz`;
  const ofPairing = (siteId: string, pairingId: string) => db.selectFrom('sessions').where('site_id', '=', siteId).where('pairing_id', '=', pairingId);
  return {
    async create(siteId, pairingId, input) {
      const time = now().toISOString();
      const row = await db
        .insertInto('sessions')
        .values({
          id: newId('session'),
          site_id: siteId,
          pairing_id: pairingId,
          scheduled_at: input.scheduledAt,
          duration_minutes: input.durationMinutes,
          agenda: input.agenda === undefined ? null : JSON.stringify(input.agenda),
          notes: input.notes ?? null,
          action_items: JSON.stringify(input.actionItems),
          created_at: time,
          updated_at: time,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return asSession(row);
    },
    async get(siteId, id) {
      const row = await db.selectFrom('sessions').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
      return row && asSession(row);
    },
    async list(siteId, pairingId, page) {
      return paginate(ofPairing(siteId, pairingId).selectAll(), page, asSession);
    },
    async history(siteId, pairingId, at) {
      const [count, last, held] = await Promise.all([
        ofPairing(siteId, pairingId)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow(),
        // Scheduled last; among sessions at the same time, the one recorded last.
        ofPairing(siteId, pairingId)
          .selectAll()
          .orderBy('scheduled_at', 'desc')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst(),
        ofPairing(siteId, pairingId).select('scheduled_at').where(atOrBefore(at.toISOString())).orderBy('scheduled_at', 'desc').limit(1).executeTakeFirst(),
      ]);
      return {
        // PostgreSQL counts in bigint, which its driver hands over as text.
        count: Number(count.count),
        ...(last ? { latest: asSession(last) } : {}),
        ...(held ? { lastHeldAt: held.scheduled_at } : {}),
      };
    },
    async update(siteId, id, patch) {
      const values = changes<SessionsTable>(
        patch,
        {
          scheduledAt: 'scheduled_at',
          durationMinutes: 'duration_minutes',
          agenda: 'agenda',
          notes: 'notes',
          actionItems: 'action_items',
        },
        ['agenda', 'actionItems'],
      );
      const changed = await updateWhere(db, 'sessions', { site_id: siteId, id }, values, now().toISOString());
      // Notes, the agenda and action items are the pair's words; the time and length are not.
      if (changed && (patch.notes !== undefined || patch.agenda !== undefined || patch.actionItems !== undefined)) await checkpoint('session text update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      const deleted = await deleteWhere(db, 'sessions', { site_id: siteId, id });
      if (deleted) await checkpoint('session deletion');
      return deleted;
    },
  };
}
