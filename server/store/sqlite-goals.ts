import type { CheckIn, Goal } from './records.ts';
import type { GoalRepository } from './repositories.ts';
import { assignments, paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asGoal = (row: Record<string, unknown>) => toRecord<Goal>(row, { omit: ['site_id'] });
const asCheckIn = (row: Record<string, unknown>) => toRecord<CheckIn>(row, { omit: ['site_id'] });

export function sqliteGoals({ database, now, newId, checkpoint }: StoreContext): GoalRepository {
  const selectGoal = database.prepare('SELECT * FROM goals WHERE site_id = ? AND id = ?');
  const selectCheckIn = database.prepare('SELECT * FROM check_ins WHERE site_id = ? AND id = ?');
  const insertCheckIn = database.prepare(`INSERT INTO check_ins (id, site_id, goal_id, participant_id, progress, confidence, wins, blockers, note, created_at)
    VALUES (@id, @siteId, @goalId, @participantId, @progress, @confidence, @wins, @blockers, @note, @time)`);
  const latestOfGoal = database.prepare('SELECT * FROM check_ins WHERE site_id = ? AND goal_id = ? ORDER BY created_at DESC, id DESC LIMIT ?');
  const moveProgress = database.prepare('UPDATE goals SET progress = @progress, updated_at = @time WHERE id = @goalId');
  // One transaction: the check-in and the goal's new progress are saved together or not at all.
  const recordCheckIn = database.transaction((values: Record<string, unknown>) => {
    insertCheckIn.run(values);
    if (values.progress !== null) moveProgress.run(values);
  });

  return {
    async create(siteId, participantId, input) {
      const id = newId('goal');
      const time = now().toISOString();
      database
        .prepare(`INSERT INTO goals (id, site_id, participant_id, title, description, measure, target_date, status, progress, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'active', 0, ?, ?)`)
        .run(id, siteId, participantId, input.title, input.description ?? null, input.measure ?? null, input.targetDate ?? null, time, time);
      return asGoal(selectGoal.get(siteId, id) as Record<string, unknown>);
    },
    async get(siteId, id) {
      const row = selectGoal.get(siteId, id) as Record<string, unknown> | undefined;
      return row && asGoal(row);
    },
    async list(siteId, participantId, page, filter = {}) {
      let where = 'site_id = @siteId AND participant_id = @participantId';
      if (filter.status) where += ' AND status = @status';
      return paginate(database, 'goals', where, { siteId, participantId, status: filter.status }, page, asGoal);
    },
    async update(siteId, id, patch) {
      const { sql, values } = assignments(patch, {
        title: 'title',
        description: 'description',
        measure: 'measure',
        targetDate: 'target_date',
        status: 'status',
        progress: 'progress',
      });
      const changed =
        Boolean(sql) &&
        database
          .prepare(`UPDATE goals SET ${sql}, updated_at = @time WHERE site_id = @siteId AND id = @id`)
          .run({ ...values, siteId, id, time: now().toISOString() }).changes > 0;
      // A new title, description or measure replaces the person's words; progress and status do not.
      if (changed && (patch.title !== undefined || patch.description !== undefined || patch.measure !== undefined)) await checkpoint('goal text update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Its check-ins go with it (foreign key cascade).
      const deleted = database.prepare('DELETE FROM goals WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      if (deleted) await checkpoint('goal deletion');
      return deleted;
    },
    async addCheckIn(siteId, goalId, input) {
      const goal = selectGoal.get(siteId, goalId) as { participant_id: string } | undefined;
      if (!goal) return undefined;
      const id = newId('checkin');
      recordCheckIn({
        id,
        siteId,
        goalId,
        participantId: goal.participant_id,
        progress: input.progress ?? null,
        confidence: input.confidence ?? null,
        wins: input.wins ?? null,
        blockers: input.blockers ?? null,
        note: input.note ?? null,
        time: now().toISOString(),
      });
      return asCheckIn(selectCheckIn.get(siteId, id) as Record<string, unknown>);
    },
    async getCheckIn(siteId, id) {
      const row = selectCheckIn.get(siteId, id) as Record<string, unknown> | undefined;
      return row && asCheckIn(row);
    },
    async listCheckIns(siteId, goalId, page) {
      return paginate(database, 'check_ins', 'site_id = @siteId AND goal_id = @goalId', { siteId, goalId }, page, asCheckIn);
    },
    async latestCheckIns(siteId, goalIds, perGoal) {
      // One indexed read per goal (check_ins_by_goal), each stopping after `perGoal` rows.
      return new Map(goalIds.map((goalId) => [goalId, (latestOfGoal.all(siteId, goalId, perGoal) as Array<Record<string, unknown>>).map(asCheckIn)]));
    },
    async deleteCheckIn(siteId, id) {
      const deleted = database.prepare('DELETE FROM check_ins WHERE site_id = ? AND id = ?').run(siteId, id).changes > 0;
      if (deleted) await checkpoint('check-in deletion');
      return deleted;
    },
  };
}
