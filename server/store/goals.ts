import type { CheckIn, Goal } from './records.ts';
import type { GoalRepository } from './repositories.ts';
import { changes, deleteWhere, paginate, type StoreContext, toRecord, updateWhere } from './store-support.ts';
import type { GoalsTable } from './tables.ts';

const asGoal = (row: object) => toRecord<Goal>(row, { omit: ['site_id'] });
const asCheckIn = (row: object) => toRecord<CheckIn>(row, { omit: ['site_id'] });

export function storeGoals({ db, now, newId, checkpoint }: StoreContext): GoalRepository {
  const selectGoal = (siteId: string, id: string) => db.selectFrom('goals').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
  return {
    async create(siteId, participantId, input) {
      const time = now().toISOString();
      const row = await db
        .insertInto('goals')
        .values({
          id: newId('goal'),
          site_id: siteId,
          participant_id: participantId,
          title: input.title,
          description: input.description ?? null,
          measure: input.measure ?? null,
          target_date: input.targetDate ?? null,
          status: 'active',
          progress: 0,
          created_at: time,
          updated_at: time,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return asGoal(row);
    },
    async get(siteId, id) {
      const row = await selectGoal(siteId, id);
      return row && asGoal(row);
    },
    async list(siteId, participantId, page, filter = {}) {
      let query = db.selectFrom('goals').selectAll().where('site_id', '=', siteId).where('participant_id', '=', participantId);
      if (filter.status) query = query.where('status', '=', filter.status);
      return paginate(query, page, asGoal);
    },
    async update(siteId, id, patch) {
      const values = changes<GoalsTable>(patch, {
        title: 'title',
        description: 'description',
        measure: 'measure',
        targetDate: 'target_date',
        status: 'status',
        progress: 'progress',
      });
      const changed = await updateWhere(db, 'goals', { site_id: siteId, id }, values, now().toISOString());
      // A new title, description or measure replaces the person's words; progress and status do not.
      if (changed && (patch.title !== undefined || patch.description !== undefined || patch.measure !== undefined)) await checkpoint('goal text update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      // Its check-ins go with it (foreign key cascade).
      const deleted = await deleteWhere(db, 'goals', { site_id: siteId, id });
      if (deleted) await checkpoint('goal deletion');
      return deleted;
    },
    async addCheckIn(siteId, goalId, input) {
      const time = now().toISOString();
      // One transaction: the check-in and the goal's new progress are saved together or not at all.
      const row = await db.transaction().execute(async (trx) => {
        const goal = await trx.selectFrom('goals').select('participant_id').where('site_id', '=', siteId).where('id', '=', goalId).executeTakeFirst();
        if (!goal) return undefined;
        const checkIn = await trx
          .insertInto('check_ins')
          .values({
            id: newId('checkin'),
            site_id: siteId,
            goal_id: goalId,
            participant_id: goal.participant_id,
            progress: input.progress ?? null,
            confidence: input.confidence ?? null,
            wins: input.wins ?? null,
            blockers: input.blockers ?? null,
            note: input.note ?? null,
            created_at: time,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.progress !== undefined) {
          await trx.updateTable('goals').set({ progress: input.progress, updated_at: time }).where('site_id', '=', siteId).where('id', '=', goalId).execute();
        }
        return checkIn;
      });
      return row && asCheckIn(row);
    },
    async getCheckIn(siteId, id) {
      const row = await db.selectFrom('check_ins').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
      return row && asCheckIn(row);
    },
    async listCheckIns(siteId, goalId, page) {
      return paginate(db.selectFrom('check_ins').selectAll().where('site_id', '=', siteId).where('goal_id', '=', goalId), page, asCheckIn);
    },
    async latestCheckIns(siteId, goalIds, perGoal) {
      // One indexed read per goal (check_ins_by_goal), each stopping after `perGoal` rows.
      const lists = await Promise.all(
        goalIds.map((goalId) =>
          db
            .selectFrom('check_ins')
            .selectAll()
            .where('site_id', '=', siteId)
            .where('goal_id', '=', goalId)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(perGoal)
            .execute(),
        ),
      );
      return new Map(goalIds.map((goalId, index) => [goalId, lists[index]!.map(asCheckIn)]));
    },
    async deleteCheckIn(siteId, id) {
      const deleted = await deleteWhere(db, 'check_ins', { site_id: siteId, id });
      if (deleted) await checkpoint('check-in deletion');
      return deleted;
    },
  };
}
