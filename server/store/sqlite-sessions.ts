import type { Session } from './records.ts';
import type { SessionRepository } from './repositories.ts';
import { assignments, paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asSession = (row: Record<string, unknown>) => toRecord<Session>(row, { json: ['agenda', 'action_items'], omit: ['site_id'] });

export function sqliteSessions({ database, now, newId, checkpoint }: StoreContext): SessionRepository {
  const select = database.prepare('SELECT * FROM sessions WHERE site_id = ? AND id = ?');
  const count = database.prepare('SELECT COUNT(*) AS count FROM sessions WHERE site_id = ? AND pairing_id = ?');
  // Scheduled last; among sessions at the same time, the one recorded last.
  const latest = database.prepare('SELECT * FROM sessions WHERE site_id = ? AND pairing_id = ? ORDER BY scheduled_at DESC, created_at DESC, id DESC LIMIT 1');
  // julianday() reads the times as instants, whatever their precision or offset.
  const lastHeld = database.prepare(
    'SELECT scheduled_at FROM sessions WHERE site_id = ? AND pairing_id = ? AND julianday(scheduled_at) <= julianday(?) ORDER BY scheduled_at DESC LIMIT 1',
  );
  return {
    async create(siteId, pairingId, input) {
      const id = newId('session');
      const time = now().toISOString();
      database
        .prepare(`INSERT INTO sessions (id, site_id, pairing_id, scheduled_at, duration_minutes, agenda, notes, action_items, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          id,
          siteId,
          pairingId,
          input.scheduledAt,
          input.durationMinutes,
          input.agenda === undefined ? null : JSON.stringify(input.agenda),
          input.notes ?? null,
          JSON.stringify(input.actionItems),
          time,
          time,
        );
      return asSession(select.get(siteId, id) as Record<string, unknown>);
    },
    async get(siteId, id) {
      const row = select.get(siteId, id) as Record<string, unknown> | undefined;
      return row && asSession(row);
    },
    async list(siteId, pairingId, page) {
      return paginate(database, 'sessions', 'site_id = @siteId AND pairing_id = @pairingId', { siteId, pairingId }, page, asSession);
    },
    async history(siteId, pairingId, now) {
      const last = latest.get(siteId, pairingId) as Record<string, unknown> | undefined;
      const held = lastHeld.get(siteId, pairingId, now.toISOString()) as { scheduled_at: string } | undefined;
      return {
        count: (count.get(siteId, pairingId) as { count: number }).count,
        ...(last ? { latest: asSession(last) } : {}),
        ...(held ? { lastHeldAt: held.scheduled_at } : {}),
      };
    },
    async update(siteId, id, patch) {
      const { sql, values } = assignments(patch, {
        scheduledAt: 'scheduled_at',
        durationMinutes: 'duration_minutes',
        agenda: 'agenda',
        notes: 'notes',
        actionItems: 'action_items',
      });
      const changed =
        Boolean(sql) &&
        database
          .prepare(`UPDATE sessions SET ${sql}, updated_at = @time WHERE site_id = @siteId AND id = @id`)
          .run({ ...values, siteId, id, time: now().toISOString() }).changes > 0;
      // Notes, the agenda and action items are the pair's words; the time and length are not.
      if (changed && (patch.notes !== undefined || patch.agenda !== undefined || patch.actionItems !== undefined)) await checkpoint('session text update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      const deleted = database.prepare('DELETE FROM sessions WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      if (deleted) await checkpoint('session deletion');
      return deleted;
    },
  };
}
