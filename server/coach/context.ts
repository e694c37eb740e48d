/**
 * What an engine knows about the person it answers: their goals with recent check-ins, in a
 * shape that is the same whether the host stored them here or sent them inline.
 */
export interface CheckInState {
  progress?: number;
  confidence?: number;
  wins?: string;
  blockers?: string;
  note?: string;
  at: Date;
}

export interface GoalState {
  id?: string;
  title: string;
  description?: string;
  measure?: string;
  targetDate?: string;
  status: 'active' | 'paused' | 'completed' | 'abandoned';
  progress: number;
  createdAt?: Date;
  updatedAt?: Date;
  /** Newest first. */
  checkIns: CheckInState[];
}

export interface ParticipantContext {
  now: Date;
  /** Seeds the choice among equally fitting material: stable per participant. */
  seed: string;
  name?: string;
  goals: GoalState[];
  /** Action items the participant agreed at their pair's last session and has not done yet. */
  agreed?: OpenActionItem[];
  /** When their pair last met: a pair that meets is not stalled, whatever the check-ins say. */
  lastMetAt?: Date;
}

export interface OpenActionItem {
  text: string;
  owner: 'mentee' | 'mentor';
  dueDate?: string;
}

export interface PairingContext {
  model: 'one-to-one' | 'group' | 'peer' | 'e-mentoring';
  startedAt?: Date;
  status: 'active' | 'paused' | 'ended';
  sessionsHeld: number;
  openActionItems: OpenActionItem[];
  /** What the mentee (alone or with the mentor) agreed at the last session and has done: worth a word of credit, not a review. */
  doneActionItems?: string[];
  /** The latest session held (not one still ahead). */
  lastMetAt?: Date;
}

const DAY = 86_400_000;

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / DAY);
}

/** Days from now to a YYYY-MM-DD date (negative when past). */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY);
}
