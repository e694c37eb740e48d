import { z } from 'zod';
import { goalFor, type Principal, participantFor, siteOf } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer } from '../openapi.ts';
import type { Services } from '../services.ts';
import { CheckIn, Goal, GoalStatus, IsoDate } from '../store/index.ts';
import { Text } from '../text-field.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

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
const CheckInInput = z
  .strictObject({
    progress: z.number().int().min(0).max(100).optional(),
    confidence: z.number().int().min(1).max(5).optional(),
    wins: Text(2000).optional(),
    blockers: Text(2000).optional(),
    note: Text(4000).optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'a check-in needs at least one of progress, confidence, wins, blockers, note')
  .meta({ minProperties: 1 });
const GoalQuery = PageQuery.extend({ status: GoalStatus.optional() });
const ParticipantParams = z.object({ id: Id });
const GoalParams = z.object({ id: Id });
const CheckInParams = z.object({ id: Id });
const GoalAnswer = z.object({ goal: Goal });
const CheckInAnswer = z.object({ checkIn: CheckIn });

const errors = accessErrors('Not found in this site');
const who = '(site key, the participant, their mentor)';
const security = credentials.siteOrParticipant;

const listGoals = defineRoute(
  {
    method: 'get',
    path: '/v1/participants/{id}/goals',
    tags: ['goals'],
    summary: `List a participant's goals ${who}`,
    security,
    request: { params: ParticipantParams, query: GoalQuery },
    responses: { 200: jsonAnswer(listOf('goals', Goal), 'A page') },
  },
  { ...errors },
);
const addGoal = defineRoute(
  {
    method: 'post',
    path: '/v1/participants/{id}/goals',
    tags: ['goals'],
    summary: `Add a goal ${who}`,
    security,
    request: { params: ParticipantParams, body: jsonBody(GoalInput) },
    responses: { 201: jsonAnswer(GoalAnswer, 'Created') },
  },
  { ...errors },
);
const readGoal = defineRoute(
  {
    method: 'get',
    path: '/v1/goals/{id}',
    tags: ['goals'],
    summary: `Read a goal ${who}`,
    security,
    request: { params: GoalParams },
    responses: { 200: jsonAnswer(GoalAnswer, 'The goal') },
  },
  { ...errors },
);
const updateGoal = defineRoute(
  {
    method: 'patch',
    path: '/v1/goals/{id}',
    tags: ['goals'],
    summary: `Update a goal: status, progress 0-100, fields ${who}`,
    security,
    request: { params: GoalParams, body: jsonBody(GoalPatch) },
    responses: { 200: jsonAnswer(GoalAnswer, 'The goal') },
  },
  { ...errors },
);
const deleteGoal = defineRoute(
  {
    method: 'delete',
    path: '/v1/goals/{id}',
    tags: ['goals'],
    summary: 'Delete a goal and its check-ins (site key or the participant)',
    security,
    request: { params: GoalParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...errors },
);
const listCheckIns = defineRoute(
  {
    method: 'get',
    path: '/v1/goals/{id}/check-ins',
    tags: ['check-ins'],
    summary: `List a goal's check-ins ${who}`,
    security,
    request: { params: GoalParams, query: PageQuery },
    responses: { 200: jsonAnswer(listOf('checkIns', CheckIn), 'A page') },
  },
  { ...errors },
);
const addCheckIn = defineRoute(
  {
    method: 'post',
    path: '/v1/goals/{id}/check-ins',
    tags: ['check-ins'],
    summary: `Log a check-in; its progress becomes the goal's ${who}`,
    security,
    request: { params: GoalParams, body: jsonBody(CheckInInput) },
    responses: { 201: jsonAnswer(CheckInAnswer, 'Saved') },
  },
  { ...errors },
);
const readCheckIn = defineRoute(
  {
    method: 'get',
    path: '/v1/check-ins/{id}',
    tags: ['check-ins'],
    summary: `Read a check-in ${who}`,
    security,
    request: { params: CheckInParams },
    responses: { 200: jsonAnswer(CheckInAnswer, 'The check-in') },
  },
  { ...errors },
);
const deleteCheckIn = defineRoute(
  {
    method: 'delete',
    path: '/v1/check-ins/{id}',
    tags: ['check-ins'],
    summary: 'Delete a check-in (site key or the participant)',
    security,
    request: { params: CheckInParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...errors },
);

/** Deleting is for the owner of the data (or the site), not for a mentor reading along. */
function requireOwner(principal: Principal, participantId: string): void {
  if (principal.kind === 'participant' && principal.participantId !== participantId) {
    throw new ApiError(403, 'forbidden', 'Only the participant (or the site) may delete their data.');
  }
}

export function goalRoutes(services: Services) {
  const { store } = services;
  return router()
    .openapi(listGoals, async (c) => {
      const principal = c.get('principal');
      const participant = await participantFor(store, principal, c.req.valid('param').id);
      const { status, ...page } = c.req.valid('query');
      const result = await store.goals.list(siteOf(principal), participant.id, page, { status });
      return c.json({ goals: result.items, ...cursorOf(result) }, 200);
    })
    .openapi(addGoal, async (c) => {
      const principal = c.get('principal');
      const participant = await participantFor(store, principal, c.req.valid('param').id);
      return c.json({ goal: await store.goals.create(siteOf(principal), participant.id, c.req.valid('json')) }, 201);
    })
    .openapi(readGoal, async (c) => {
      return c.json({ goal: await goalFor(store, c.get('principal'), c.req.valid('param').id) }, 200);
    })
    .openapi(updateGoal, async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      return c.json({ goal: (await store.goals.update(siteOf(principal), goal.id, c.req.valid('json')))! }, 200);
    })
    .openapi(deleteGoal, async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      requireOwner(principal, goal.participantId);
      await store.goals.delete(siteOf(principal), goal.id);
      return c.body(null, 204);
    })
    .openapi(listCheckIns, async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      const result = await store.goals.listCheckIns(siteOf(principal), goal.id, c.req.valid('query'));
      return c.json({ checkIns: result.items, ...cursorOf(result) }, 200);
    })
    .openapi(addCheckIn, async (c) => {
      const principal = c.get('principal');
      const goal = await goalFor(store, principal, c.req.valid('param').id);
      const checkIn = await store.goals.addCheckIn(siteOf(principal), goal.id, c.req.valid('json'));
      // The goal was deleted between the check and the write: say so rather than half-succeed.
      if (!checkIn) throw new ApiError(404, 'not_found', `No goal with id "${goal.id}".`);
      return c.json({ checkIn }, 201);
    })
    .openapi(readCheckIn, async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const checkIn = await store.goals.getCheckIn(siteOf(principal), id);
      if (!checkIn) throw new ApiError(404, 'not_found', `No check-in with id "${id}".`);
      await goalFor(store, principal, checkIn.goalId);
      return c.json({ checkIn }, 200);
    })
    .openapi(deleteCheckIn, async (c) => {
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
