import { z } from 'zod';
import { type Principal, requireParticipant, sessionFor, siteOf } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { SessionNote } from '../store/index.ts';
import { Text } from '../text-field.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const NoteInput = z.strictObject({
  text: Text(10_000),
  shared: z.boolean().default(false).meta({ description: 'Let the other person in the pairing read it (default: private to you)' }),
});
const NotePatch = z
  .strictObject({ text: Text(10_000).optional(), shared: z.boolean().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'a change needs text or shared')
  .meta({ minProperties: 1 });
const SessionParams = z.object({ id: Id });
const NoteParams = z.object({ id: Id });
const NoteAnswer = z.object({ note: SessionNote });

const errors = accessErrors('Not found in this site, or a private note of someone else');
const closed = { 409: refusal('The pairing is paused or ended (`pairing_not_open`): its notes stay readable, nothing new is written') };

const listNotes = defineRoute(
  {
    method: 'get',
    path: '/v1/sessions/{id}/notes',
    tags: ['sessions'],
    summary: "A session's notes the caller may read: the shared ones, and a person's own private ones (site key: the shared ones)",
    security: credentials.siteOrParticipant,
    request: { params: SessionParams, query: PageQuery },
    responses: { 200: jsonAnswer(listOf('notes', SessionNote), 'A page, oldest first') },
  },
  { ...errors },
);
const writeNote = defineRoute(
  {
    method: 'post',
    path: '/v1/sessions/{id}/notes',
    tags: ['sessions'],
    summary: 'Write a note on a session, private to you or shared with the other person (either person in the pairing)',
    security: credentials.participant,
    request: { params: SessionParams, body: jsonBody(NoteInput) },
    responses: { 201: jsonAnswer(NoteAnswer, 'Written') },
  },
  { ...closed, ...errors },
);
const changeNote = defineRoute(
  {
    method: 'patch',
    path: '/v1/session-notes/{id}',
    tags: ['sessions'],
    summary: "Change your note's words, or share it or take it back (its author)",
    security: credentials.participant,
    request: { params: NoteParams, body: jsonBody(NotePatch) },
    responses: { 200: jsonAnswer(NoteAnswer, 'The note') },
  },
  { ...closed, ...errors },
);
const deleteNote = defineRoute(
  {
    method: 'delete',
    path: '/v1/session-notes/{id}',
    tags: ['sessions'],
    summary: 'Delete a note (its author, at any time; or the site key)',
    security: credentials.siteOrParticipant,
    request: { params: NoteParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...errors },
);

/**
 * A person's own notes on a session. A private note is its author's alone: the other person
 * in the pairing and the site key get "not found" for it, as for a note that does not exist,
 * so its existence is not told either.
 */
export function sessionNoteRoutes(services: Services) {
  const { store } = services;
  /** A note the caller may read, through its session's pairing; `use` as for the pairing. */
  const noteFor = async (principal: Principal, id: string, use: 'history' | 'new') => {
    const note = await store.sessionNotes.get(siteOf(principal), id);
    const reader = principal.kind === 'participant' ? principal.participantId : undefined;
    if (!note || (!note.shared && note.authorId !== reader)) throw new ApiError(404, 'not_found', `No note with id "${id}".`);
    await sessionFor(store, principal, note.sessionId, use);
    return note;
  };
  return router()
    .openapi(listNotes, async (c) => {
      const principal = c.get('principal');
      const session = await sessionFor(store, principal, c.req.valid('param').id);
      const reader = principal.kind === 'participant' ? principal.participantId : undefined;
      const page = await store.sessionNotes.list(siteOf(principal), session.id, reader, c.req.valid('query'));
      return c.json({ notes: page.items, ...cursorOf(page) }, 200);
    })
    .openapi(writeNote, async (c) => {
      const principal = c.get('principal');
      const { siteId, participantId } = requireParticipant(principal);
      const session = await sessionFor(store, principal, c.req.valid('param').id, 'new');
      return c.json({ note: await store.sessionNotes.create(siteId, session.id, participantId, c.req.valid('json')) }, 201);
    })
    .openapi(changeNote, async (c) => {
      const principal = c.get('principal');
      const { siteId, participantId } = requireParticipant(principal);
      const note = await noteFor(principal, c.req.valid('param').id, 'new');
      if (note.authorId !== participantId) throw new ApiError(403, 'forbidden', 'Only its author changes a note.');
      return c.json({ note: (await store.sessionNotes.update(siteId, note.id, c.req.valid('json')))! }, 200);
    })
    .openapi(deleteNote, async (c) => {
      const principal = c.get('principal');
      // Your own words are yours to remove even after the pairing ended; the site may remove any (data care).
      const note =
        principal.kind === 'site'
          ? await store.sessionNotes.get(principal.siteId, c.req.valid('param').id)
          : await noteFor(principal, c.req.valid('param').id, 'history');
      if (!note) throw new ApiError(404, 'not_found', `No note with id "${c.req.valid('param').id}".`);
      if (principal.kind === 'participant' && note.authorId !== principal.participantId)
        throw new ApiError(403, 'forbidden', 'Only its author deletes a note.');
      await store.sessionNotes.delete(siteOf(principal), note.id);
      return c.body(null, 204);
    });
}
