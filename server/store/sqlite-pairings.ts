import type { Pairing } from './records.ts';
import type { PairingRepository } from './repositories.ts';
import { DuplicateError } from './sqlite-participants.ts';
import { paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asPairing = (row: Record<string, unknown>) => toRecord<Pairing>(row, { omit: ['site_id'] });

export function sqlitePairings({ database, now, newId, checkpoint }: StoreContext): PairingRepository {
  const select = database.prepare('SELECT * FROM pairings WHERE site_id = ? AND id = ?');
  return {
    async create(siteId, input) {
      const id = newId('pair');
      const time = now().toISOString();
      try {
        database
          .prepare(`INSERT INTO pairings (id, site_id, mentor_id, mentee_id, model, status, started_at, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)`)
          .run(id, siteId, input.mentorId, input.menteeId, input.model, input.startedAt ?? time, time, time);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateError('these two participants are already paired');
        throw error;
      }
      return asPairing(select.get(siteId, id) as Record<string, unknown>);
    },
    async get(siteId, id) {
      const row = select.get(siteId, id) as Record<string, unknown> | undefined;
      return row && asPairing(row);
    },
    async list(siteId, page, filter = {}) {
      let where = 'site_id = @siteId';
      if (filter.participantId) where += ' AND (mentor_id = @participantId OR mentee_id = @participantId)';
      if (filter.status) where += ' AND status = @status';
      return paginate(database, 'pairings', where, { siteId, ...filter }, page, asPairing);
    },
    async update(siteId, id, patch) {
      const time = now().toISOString();
      try {
        database
          .prepare(`UPDATE pairings SET status = COALESCE(@status, status), model = COALESCE(@model, model),
          ended_at = CASE WHEN @status = 'ended' AND ended_at IS NULL THEN @time WHEN @status IN ('active', 'paused') THEN NULL ELSE ended_at END,
          updated_at = @time WHERE site_id = @siteId AND id = @id`)
          .run({ status: patch.status ?? null, model: patch.model ?? null, time, siteId, id });
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateError('these two participants already have an open pairing');
        throw error;
      }
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Its sessions, with their notes, go with it (foreign key cascade).
      const deleted = database.prepare('DELETE FROM pairings WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      if (deleted) await checkpoint('pairing deletion');
      return deleted;
    },
    async findOpen(siteId, mentorId, menteeId) {
      const row = database
        .prepare(`SELECT * FROM pairings WHERE site_id = ? AND mentor_id = ? AND mentee_id = ? AND status = 'active'`)
        .get(siteId, mentorId, menteeId) as Record<string, unknown> | undefined;
      return row && asPairing(row);
    },
  };
}
