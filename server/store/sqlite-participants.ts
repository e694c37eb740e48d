import type { Participant } from './records.ts';
import type { ParticipantRepository } from './repositories.ts';
import { assignments, paginate, toRecord, type StoreContext } from './sqlite-support.ts';

const asParticipant = (row: Record<string, unknown>) => toRecord<Participant>(row, { json: ['profile'], omit: ['site_id'] });

/** A second participant with the same external id in one site: the route answers 409. */
export class DuplicateError extends Error {
  override name = 'DuplicateError';
}

export function sqliteParticipants({ database, now, newId }: StoreContext): ParticipantRepository {
  const select = database.prepare('SELECT * FROM participants WHERE site_id = ? AND id = ?');
  return {
    async create(siteId, input) {
      const id = newId(input.role === 'mentor' ? 'mentor' : 'mentee');
      const time = now().toISOString();
      try {
        database.prepare(`INSERT INTO participants (id, site_id, external_id, role, display_name, profile, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(id, siteId, input.externalId, input.role, input.displayName, JSON.stringify(input.profile), time, time);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new DuplicateError(`a participant with externalId "${input.externalId}" already exists in this site`);
        }
        throw error;
      }
      return asParticipant(select.get(siteId, id) as Record<string, unknown>);
    },
    async get(siteId, id) {
      const row = select.get(siteId, id) as Record<string, unknown> | undefined;
      return row && asParticipant(row);
    },
    async list(siteId, page, filter = {}) {
      const where = filter.role ? 'site_id = @siteId AND role = @role' : 'site_id = @siteId';
      return paginate(database, 'participants', where, { siteId, role: filter.role }, page, asParticipant);
    },
    async update(siteId, id, patch) {
      const { sql, values } = assignments(patch, { externalId: 'external_id', displayName: 'display_name', profile: 'profile' });
      try {
        if (sql) database.prepare(`UPDATE participants SET ${sql}, updated_at = @time WHERE site_id = @siteId AND id = @id`).run({ ...values, siteId, id, time: now().toISOString() });
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new DuplicateError(`a participant with externalId "${patch.externalId}" already exists in this site`);
        }
        throw error;
      }
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Foreign keys cascade to goals, check-ins, pairings (and their sessions) and feedback.
      const deleted = database.prepare('DELETE FROM participants WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      // Copy the erasure into the main file now and empty the write-ahead log, which would
      // otherwise keep the old pages until the next checkpoint.
      if (deleted) database.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
  };
}
