import type { SessionNote } from './records.ts';
import type { SessionNoteRepository } from './repositories.ts';
import { changes, deleteWhere, paginate, type StoreContext, toRecord, updateWhere } from './store-support.ts';
import type { SessionNotesTable } from './tables.ts';

const asNote = (row: object) => toRecord<SessionNote>(row, { booleans: ['shared'], omit: ['site_id'] });

export function storeSessionNotes({ db, now, newId, checkpoint }: StoreContext): SessionNoteRepository {
  const select = (siteId: string, id: string) =>
    db.selectFrom('session_notes').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
  return {
    async create(siteId, sessionId, authorId, input) {
      const time = now().toISOString();
      const row = await db
        .insertInto('session_notes')
        .values({
          id: newId('note'),
          site_id: siteId,
          session_id: sessionId,
          author_id: authorId,
          text: input.text,
          shared: Number(input.shared),
          created_at: time,
          updated_at: time,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return asNote(row);
    },
    async get(siteId, id) {
      const row = await select(siteId, id);
      return row && asNote(row);
    },
    async list(siteId, sessionId, readerId, page) {
      // The filter is in the query, not after it: a page never counts a note its reader may not see.
      const query = db
        .selectFrom('session_notes')
        .selectAll()
        .where('site_id', '=', siteId)
        .where('session_id', '=', sessionId)
        .where((eb) => (readerId ? eb.or([eb('shared', '=', 1), eb('author_id', '=', readerId)]) : eb('shared', '=', 1)));
      return paginate(query, page, asNote);
    },
    async update(siteId, id, patch) {
      const values = changes<SessionNotesTable>(patch, { text: 'text', shared: 'shared' });
      const changed = await updateWhere(db, 'session_notes', { site_id: siteId, id }, values, now().toISOString());
      if (changed && patch.text !== undefined) await checkpoint('session note update');
      return this.get(siteId, id);
    },
    async delete(siteId, id) {
      const deleted = await deleteWhere(db, 'session_notes', { site_id: siteId, id });
      if (deleted) await checkpoint('session note deletion');
      return deleted;
    },
  };
}
