/**
 * Notes on a session, shared or private to their author, on both databases: a private note is
 * read by its author alone (not the other person, not the site key, who get "not found" for
 * it), only the author changes a note, and a closed pairing keeps its notes readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import type { Services } from '../../../server/services.ts';
import type { Pairing, Participant, Session } from '../../../server/store/index.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';
import { STORES } from '../../support/stores.ts';

describe.each(STORES)('session notes on $name', ({ open }) => {
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let siteKey: string;
  let siteId: string;
  let mentor: Participant;
  let mentee: Participant;
  let stranger: Participant;
  let pairing: Pairing;
  let session: Session;
  const tokens: Record<string, string> = {};

  async function call(method: string, path: string, auth: string, body?: unknown) {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  }
  const noteTexts = async (auth: string) =>
    ((await call('GET', `/v1/sessions/${session.id}/notes`, auth)).body.notes as Array<{ text: string }>).map((note) => note.text);

  beforeAll(async () => {
    services = createTestServices({ store: await open() });
    app = createApp(services);
    const site = await createTestSite(services, 'Notes');
    siteKey = site.apiKey;
    siteId = site.site.id;
    const profile = { skills: [], interests: [], preferences: {} };
    mentor = await services.store.participants.create(site.site.id, { externalId: 'mentor', role: 'mentor', displayName: 'Mo', profile });
    mentee = await services.store.participants.create(site.site.id, { externalId: 'mentee', role: 'mentee', displayName: 'Amara', profile });
    stranger = await services.store.participants.create(site.site.id, { externalId: 'other', role: 'mentee', displayName: 'Zed', profile });
    pairing = await services.store.pairings.create(site.site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    session = await services.store.sessions.create(site.site.id, pairing.id, { scheduledAt: '2031-05-10T17:00:00.000Z', durationMinutes: 30, actionItems: [] });
    for (const person of [mentor, mentee, stranger]) tokens[person.id] = await tokenFor(services, person, site.site.id);
  });
  afterAll(async () => {
    await services.store.close();
  });

  it('a private note is its author’s alone; a shared one both people read', async () => {
    const mine = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: 'I felt nervous about the SQL part' });
    expect(mine.status, mine.text).toBe(201);
    expect(mine.body.note).toMatchObject({ sessionId: session.id, authorId: mentee.id, text: 'I felt nervous about the SQL part', shared: false });
    const recap = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentor.id]!, { text: 'Agreed: two practice queries a week', shared: true });
    expect(recap.status, recap.text).toBe(201);

    expect(await noteTexts(tokens[mentee.id]!)).toEqual(['I felt nervous about the SQL part', 'Agreed: two practice queries a week']);
    expect(await noteTexts(tokens[mentor.id]!)).toEqual(['Agreed: two practice queries a week']);
    expect(await noteTexts(siteKey)).toEqual(['Agreed: two practice queries a week']);

    // The other person and the site are told nothing of the private note, not even that it exists.
    for (const auth of [tokens[mentor.id]!]) {
      expect((await call('PATCH', `/v1/session-notes/${mine.body.note.id}`, auth, { shared: true })).status).toBe(404);
      expect((await call('DELETE', `/v1/session-notes/${mine.body.note.id}`, auth)).status).toBe(404);
    }
    // A site key writes and changes no notes: a note has a person as its author.
    expect((await call('PATCH', `/v1/session-notes/${mine.body.note.id}`, siteKey, { text: 'changed by the site' })).status).toBe(403);
    expect((await call('POST', `/v1/sessions/${session.id}/notes`, siteKey, { text: 'from the site' })).status).toBe(403);
    // Only the author changes a shared note.
    expect((await call('PATCH', `/v1/session-notes/${recap.body.note.id}`, tokens[mentee.id]!, { text: 'rewritten' })).status).toBe(403);
    const unshared = await call('PATCH', `/v1/session-notes/${recap.body.note.id}`, tokens[mentor.id]!, { shared: false });
    expect(unshared.body.note).toMatchObject({ shared: false, text: 'Agreed: two practice queries a week' });
    expect(await noteTexts(tokens[mentee.id]!)).toEqual(['I felt nervous about the SQL part']);
  });

  it('someone outside the pairing reaches none of it; bad notes are refused plainly', async () => {
    expect((await call('GET', `/v1/sessions/${session.id}/notes`, tokens[stranger.id]!)).status).toBe(403);
    expect((await call('POST', `/v1/sessions/${session.id}/notes`, tokens[stranger.id]!, { text: 'planted' })).status).toBe(403);
    expect((await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: '   ' })).status).toBe(400);
    expect((await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: 'x', author: mentor.id })).status).toBe(400);
    const note = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: 'one more' });
    expect((await call('PATCH', `/v1/session-notes/${note.body.note.id}`, tokens[mentee.id]!, {})).status).toBe(400);
    expect((await call('GET', '/v1/sessions/session_doesnotexist/notes', tokens[mentee.id]!)).status).toBe(404);
  });

  it('a closed pairing keeps its notes readable and takes no new ones; an author may still remove theirs, the site any', async () => {
    const kept = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: 'to remove later' });
    const shared = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentor.id]!, { text: 'shared before the end', shared: true });
    await services.store.pairings.update(siteId, pairing.id, { status: 'ended' });
    const closedWrite = await call('POST', `/v1/sessions/${session.id}/notes`, tokens[mentee.id]!, { text: 'too late' });
    expect(closedWrite.status).toBe(409);
    expect(closedWrite.body.error.code).toBe('pairing_not_open');
    expect(await noteTexts(tokens[mentee.id]!)).toContain('shared before the end');
    expect((await call('DELETE', `/v1/session-notes/${kept.body.note.id}`, tokens[mentee.id]!)).status).toBe(204);
    expect(await noteTexts(tokens[mentee.id]!)).not.toContain('to remove later');
    expect((await call('DELETE', `/v1/session-notes/${shared.body.note.id}`, siteKey)).status).toBe(204);
    expect(await noteTexts(tokens[mentor.id]!)).not.toContain('shared before the end');
  });

  it("an author's erasure takes their notes with them", async () => {
    const before = await services.store.sessionNotes.list(siteId, session.id, mentee.id, { limit: 100 });
    expect(before.items.some((note) => note.authorId === mentee.id)).toBe(true);
    await services.store.participants.delete(siteId, mentee.id);
    const after = await services.store.sessionNotes.list(siteId, session.id, undefined, { limit: 100 });
    expect(after.items.every((note) => note.authorId !== mentee.id)).toBe(true);
  });
});
