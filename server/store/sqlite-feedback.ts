import type { Feedback } from './records.ts';
import type { FeedbackRepository } from './repositories.ts';
import { paginate, type StoreContext, toRecord } from './sqlite-support.ts';

const asFeedback = (row: Record<string, unknown>) => toRecord<Feedback>(row, { omit: ['site_id'] });

export function sqliteFeedback({ database, now, newId }: StoreContext): FeedbackRepository {
  return {
    async create(siteId, input) {
      const id = newId('feedback');
      database
        .prepare(`INSERT INTO feedback (id, site_id, participant_id, target, rating, comment, engine, prompt_version, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          id,
          siteId,
          input.participantId ?? null,
          input.target,
          input.rating,
          input.comment ?? null,
          input.engine ?? null,
          input.promptVersion ?? null,
          now().toISOString(),
        );
      return asFeedback(database.prepare('SELECT * FROM feedback WHERE id = ?').get(id) as Record<string, unknown>);
    },
    async list(siteId, page) {
      return paginate(database, 'feedback', 'site_id = @siteId', { siteId }, page, asFeedback);
    },
  };
}
