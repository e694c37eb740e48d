import { z } from 'zod';
import { MentoringModel } from '../taxonomy.ts';
import { Text } from '../text-field.ts';

/**
 * The shapes the store keeps and the API returns, as zod schemas: the same definitions give
 * the TypeScript types, the OpenAPI document and the tests' checks of every answer.
 */
const Timestamp = z.iso.datetime();
export const IsoDate = z.iso.date();

export const SafeguardingContact = z
  .strictObject({
    name: Text(120),
    role: z.string().trim().max(120).optional(),
    phone: z.string().trim().max(40).optional(),
    email: z.email().max(200).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    hours: z.string().trim().max(120).optional(),
  })
  .meta({ id: 'SafeguardingContact' });

export const Site = z
  .object({
    id: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    safeguardingContacts: z.array(SafeguardingContact),
    /** A site can keep its participants' words away from any language model. */
    modelEnabled: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Site' });

export const ParticipantRole = z.enum(['mentee', 'mentor']);

export const Profile = z
  .strictObject({
    skills: z.array(Text(80)).max(50).default([]),
    interests: z.array(Text(80)).max(50).default([]),
    preferences: z
      .record(z.string().max(60), z.union([z.string().max(200), z.number(), z.boolean()]))
      .refine((record) => Object.keys(record).length <= 30, 'at most 30 preferences')
      .default({}),
  })
  .meta({ id: 'Profile' });

export const Participant = z
  .object({
    id: z.string(),
    externalId: z.string(),
    role: ParticipantRole,
    displayName: z.string(),
    profile: Profile,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Participant' });

export const PairingStatus = z.enum(['active', 'paused', 'ended']);

export const Pairing = z
  .object({
    id: z.string(),
    mentorId: z.string(),
    menteeId: z.string(),
    model: MentoringModel,
    status: PairingStatus,
    startedAt: Timestamp,
    endedAt: Timestamp.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Pairing' });

export const GoalStatus = z.enum(['active', 'paused', 'completed', 'abandoned']);

export const Goal = z
  .object({
    id: z.string(),
    participantId: z.string(),
    title: z.string(),
    description: z.string().optional(),
    measure: z.string().optional(),
    targetDate: IsoDate.optional(),
    status: GoalStatus,
    progress: z.number().int().min(0).max(100),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Goal' });

export const CheckIn = z
  .object({
    id: z.string(),
    goalId: z.string(),
    participantId: z.string(),
    progress: z.number().int().min(0).max(100).optional(),
    confidence: z.number().int().min(1).max(5).optional(),
    wins: z.string().optional(),
    blockers: z.string().optional(),
    note: z.string().optional(),
    createdAt: Timestamp,
  })
  .meta({ id: 'CheckIn' });

export const ActionItem = z
  .strictObject({
    id: z.string().min(1).max(40),
    text: Text(500),
    owner: ParticipantRole,
    dueDate: IsoDate.optional(),
    done: z.boolean().default(false),
  })
  .meta({ id: 'ActionItem' });

export const Session = z
  .object({
    id: z.string(),
    pairingId: z.string(),
    scheduledAt: Timestamp,
    durationMinutes: z.number().int(),
    agenda: z.unknown().optional(),
    notes: z.string().optional(),
    actionItems: z.array(ActionItem),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Session' });

export const SessionNote = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    authorId: z.string(),
    text: z.string(),
    shared: z
      .boolean()
      .meta({ description: 'True: both people in the pairing read it. False: only its author does (not the other person, not the site key).' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SessionNote' });

export const FeedbackRating = z.enum(['up', 'down']);

export const Feedback = z
  .object({
    id: z.string(),
    participantId: z.string().optional(),
    target: z.string(),
    rating: FeedbackRating,
    comment: z.string().optional(),
    engine: z.string().optional(),
    promptVersion: z.string().optional(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Feedback' });

export type Site = z.infer<typeof Site>;
export type SafeguardingContact = z.infer<typeof SafeguardingContact>;
export type Participant = z.infer<typeof Participant>;
export type Profile = z.infer<typeof Profile>;
export type Pairing = z.infer<typeof Pairing>;
export type Goal = z.infer<typeof Goal>;
export type CheckIn = z.infer<typeof CheckIn>;
export type ActionItem = z.infer<typeof ActionItem>;
export type Session = z.infer<typeof Session>;
export type SessionNote = z.infer<typeof SessionNote>;
export type Feedback = z.infer<typeof Feedback>;
