import type { Feedback } from './records.ts';
import type { FeedbackRepository } from './repositories.ts';
import { paginate, type StoreContext, toRecord } from './store-support.ts';

const asFeedback = (row: object) => toRecord<Feedback>(row, { omit: ['site_id'] });

export function storeFeedback({ db, now, newId }: StoreContext): FeedbackRepository {
  return {
    async create(siteId, input) {
      const row = await db
        .insertInto('feedback')
        .values({
          id: newId('feedback'),
          site_id: siteId,
          participant_id: input.participantId ?? null,
          target: input.target,
          rating: input.rating,
          comment: input.comment ?? null,
          engine: input.engine ?? null,
          prompt_version: input.promptVersion ?? null,
          created_at: now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return asFeedback(row);
    },
    async list(siteId, page) {
      return paginate(db.selectFrom('feedback').selectAll().where('site_id', '=', siteId), page, asFeedback);
    },
  };
}
