import { Hono } from 'hono';
import { z } from 'zod';
import { goalFor, participantFor, siteOf, type Principal } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, commonErrors, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { CheckIn, Goal, GoalStatus, IsoDate } from '../store/index.ts';
import { validate } from '../validation.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const GoalInput = z.strictObject({
  title: Text(200),
  description: Text(2000).optional(),
  measure: Text(500).optional().meta({ description: 'How you will know it is done' }),
  targetDate: IsoDate.optional(),
});
// null clears an optional field.
const GoalPatch = z.strictObject({
  title: Text(200).optional(),
  description: Text(2000).nullable().optional(),
  measure: Text(500).nullable().optional(),
  targetDate: IsoDate.nullable().optional(),
  status: GoalStatus.optional(),
  progress: z.number().int().min(0).max(100).optional(),
});
const CheckInInput = z.strictObject({
  progress: z.number().int().min(0).max(100).optional(),
  confidence: z.number().int().min(1).max(5).optional(),
  wins: Text(2000).optional(),
  blockers: Text(2000).optional(),
  note: Text(4000).optional(),
}).refine((input) => Object.keys(input).length > 0, 'a check-in needs at least one of progress, confidence, wins, blockers, note');
const GoalQuery = PageQuery.extend({ status: GoalStatus.optional() });
const ParticipantParams = z.object({ id: Id });
const GoalParams = z.object({ id: Id });
const CheckInParams = z.object({ id: Id });
const GoalAnswer = z.object({ goal: Goal });
const CheckInAnswer = z.object({ checkIn: CheckIn });

const errors = accessErrors('Not found in this site');
const who = '(site key, the participant, their mentor)';

export const goalDocs: RouteDoc[] = [
  { method: 'get', path: '/v1/participants/{id}/goals', tag: 'goals', summary: `List a participant's goals ${who}`, params: ParticipantParams, query: GoalQuery, responses: { 200: { description: 'A page', schema: listOf('goals', Goal) }, ...errors, ...commonErrors } },
  { method: 'post', path: '/v1/participants/{id}/goals', tag: 'goals', summary: `Add a goal ${who}`, params: ParticipantParams, body: GoalInput, responses: { 201: { description: 'Created', schema: GoalAnswer }, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/goals/{id}', tag: 'goals', summary: `Read a goal ${who}`, params: GoalParams, responses: { 200: { description: 'The goal', schema: GoalAnswer }, ...errors } },
  { method: 'patch', path: '/v1/goals/{id}', tag: 'goals', summary: `Update a goal: status, progress 0-100, fields ${who}`, params: GoalParams, body: GoalPatch, responses: { 200: { description: 'The goal', schema: GoalAnswer }, ...errors, ...commonErrors } },
  { method: 'delete', path: '/v1/goals/{id}', tag: 'goals', summary: 'Delete a goal and its check-ins (site key or the participant)', params: GoalParams, responses: { 204: { description: 'Deleted' }, ...errors } },
  { method: 'get', path: '/v1/goals/{id}/check-ins', tag: 'check-ins', summary: `List a goal's check-ins ${who}`, params: GoalParams, query: PageQuery, responses: { 200: { description: 'A page', schema: listOf('checkIns', CheckIn) }, ...errors, ...commonErrors } },
  { method: 'post', path: '/v1/goals/{id}/check-ins', tag: 'check-ins', summary: `Log a check-in; its progress becomes the goal's ${who}`, params: GoalParams, body: CheckInInput, responses: { 201: { description: 'Saved', schema: CheckInAnswer }, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/check-ins/{id}', tag: 'check-ins', summary: `Read a check-in ${who}`, params: CheckInParams, responses: { 200: { description: 'The check-in', schema: CheckInAnswer }, ...errors } },
  { method: 'delete', path: '/v1/check-ins/{id}', tag: 'check-ins', summary: 'Delete a check-in (site key or the participant)', params: CheckInParams, responses: { 204: { description: 'Deleted' }, ...errors } },
];

/** Deleting is for the owner of the data (or the site), not for a mentor reading along. */
function requireOwner(principal: Principal, participantId: string): void {
  if (principal.kind === 'participant' && principal.participantId !== participantId) {
    throw new ApiError(403, 'forbidden', 'Only the participant (or the site) may delete their data.');
  }
}

export function goalRoutes(services: Services) {
  const { store } = services;
  return new Hono<AppEnv>()
    .get('/v1/participants/:id/goals', validate('param', ParticipantParams), validate('query', GoalQuery), async (c) => {
      const principal = c.get('principal');
      const participant = await participantFor(store, principal, c.req.valid('param').id);
      const { status, ...page } = c.req.valid('query');
      const result = await store.goals.list(siteOf(principal), participant.id, page, { status });
      return c.json({ goals: result.items, ...cursorOf(result) });
    })
    .post('/v1/participants/:id/goals', validate('param', ParticipantParams), validate('json', GoalInput), async (c) => {
      const principal = c.get('principal');
      const participant = await participantFor(store, principal, c.req.valid('param').id);
      return c.json({ goal: await store.goals.create(siteOf(principal), participant.id, c.req.valid('json')) }, 201);
    })
    .get('/v1/goals/:id', validate('param', GoalParams), async (c) => {
      return c.json({ goal: await goalFor(store, c.get('principal'), c.req.valid('param').id) });
    })
    .patch('/v1/goals/:id', validate('param', GoalParams), validate('json', GoalPatch), async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      return c.json({ goal: (await store.goals.update(siteOf(principal), goal.id, c.req.valid('json')))! });
    })
    .delete('/v1/goals/:id', validate('param', GoalParams), async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      requireOwner(principal, goal.participantId);
      await store.goals.delete(siteOf(principal), goal.id);
      return c.body(null, 204);
    })
    .get('/v1/goals/:id/check-ins', validate('param', GoalParams), validate('query', PageQuery), async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      const result = await store.goals.listCheckIns(siteOf(principal), goal.id, c.req.valid('query'));
      return c.json({ checkIns: result.items, ...cursorOf(result) });
    })
    .post('/v1/goals/:id/check-ins', validate('param', GoalParams), validate('json', CheckInInput), async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      const checkIn = await store.goals.addCheckIn(siteOf(principal), goal.id, c.req.valid('json'));
      // The goal was deleted between the check and the write: say so rather than half-succeed.
      if (!checkIn) throw new ApiError(404, 'not_found', `No goal with id "${goal.id}".`);
      return c.json({ checkIn }, 201);
    })
    .get('/v1/check-ins/:id', validate('param', CheckInParams), async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const checkIn = await store.goals.getCheckIn(siteOf(principal), id);
      if (!checkIn) throw new ApiError(404, 'not_found', `No check-in with id "${id}".`);
      await goalFor(store, principal, checkIn.goalId);
      return c.json({ checkIn });
    })
    .delete('/v1/check-ins/:id', validate('param', CheckInParams), async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const checkIn = await store.goals.getCheckIn(siteOf(principal), id);
      if (!checkIn) throw new ApiError(404, 'not_found', `No check-in with id "${id}".`);
      await goalFor(store, principal, checkIn.goalId);
      requireOwner(principal, checkIn.participantId);
      await store.goals.deleteCheckIn(siteOf(principal), id);
      return c.body(null, 204);
    });
}
