import type { Participant } from './records.ts';
import type { ParticipantRepository } from './repositories.ts';
import { assignments, paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asParticipant = (row: Record<string, unknown>) => toRecord<Participant>(row, { json: ['profile'], omit: ['site_id'] });

/** A second participant with the same external id in one site: the route answers 409. */
export class DuplicateError extends Error {
  override name = 'DuplicateError';
}

export function sqliteParticipants({ database, now, newId, checkpoint }: StoreContext): ParticipantRepository {
  const select = database.prepare('SELECT * FROM participants WHERE site_id = ? AND id = ?');
  // Read on every request with a participant token: one lookup for existence, role and revocation.
  const selectTokenState = database.prepare(`SELECT p.role, COALESCE(t.generation, 0) AS generation, t.revoked_at
    FROM participants p LEFT JOIN participant_tokens t ON t.participant_id = p.id WHERE p.site_id = ? AND p.id = ?`);
  // The cut-off never moves back, even if the clock does between two revocations.
  const revoke = database.prepare(`INSERT INTO participant_tokens (participant_id, site_id, generation, revoked_at)
    SELECT id, site_id, 1, @at FROM participants WHERE site_id = @siteId AND id = @id
    ON CONFLICT (participant_id) DO UPDATE SET generation = generation + 1, revoked_at = MAX(revoked_at, excluded.revoked_at)
    RETURNING generation, revoked_at`);
  return {
    async create(siteId, input) {
      const id = newId(input.role === 'mentor' ? 'mentor' : 'mentee');
      const time = now().toISOString();
      try {
        database
          .prepare(`INSERT INTO participants (id, site_id, external_id, role, display_name, profile, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(id, siteId, input.externalId, input.role, input.displayName, JSON.stringify(input.profile), time, time);
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
      let changed = false;
      try {
        if (sql) {
          changed =
            database
              .prepare(`UPDATE participants SET ${sql}, updated_at = @time WHERE site_id = @siteId AND id = @id`)
              .run({ ...values, siteId, id, time: now().toISOString() }).changes > 0;
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new DuplicateError(`a participant with externalId "${patch.externalId}" already exists in this site`);
        }
        throw error;
      }
      // Every field a patch may change is the person's own words or identity: the old value goes.
      if (changed) await checkpoint('participant update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Foreign keys cascade to goals, check-ins, pairings (and their sessions), feedback and
      // the token revocation row.
      const deleted = database.prepare('DELETE FROM participants WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      if (deleted) await checkpoint('participant erasure');
      return deleted;
    },
    async tokenState(siteId, id) {
      const row = selectTokenState.get(siteId, id) as { role: Participant['role']; generation: number; revoked_at: string | null } | undefined;
      if (!row) return undefined;
      return { role: row.role, generation: row.generation, ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}) };
    },
    async revokeTokens(siteId, id, at) {
      const row = revoke.get({ siteId, id, at: at.toISOString() }) as { generation: number; revoked_at: string } | undefined;
      return row && { generation: row.generation, revokedAt: row.revoked_at };
    },
  };
}
