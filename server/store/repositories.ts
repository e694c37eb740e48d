import type { RateLimit, RateLimitOptions } from '../auth/rate-limit.ts';
import type { ActionItem, CheckIn, Feedback, Goal, Pairing, Participant, Profile, SafeguardingContact, Session, SessionNote, Site } from './records.ts';

/**
 * What the routes need from storage, as async interfaces: SQLite implements them today, and
 * a PostgreSQL implementation can slot in for programs that run several server instances.
 * Every read and write of participant data names the site, so one site can never reach
 * another's rows, whatever a route does.
 */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface SiteInput {
  name: string;
  allowedOrigins: string[];
  safeguardingContacts: SafeguardingContact[];
  modelEnabled: boolean;
}

export interface SiteSecrets {
  keyHash: string;
  /**
   * As stored, the site's half of its token-signing key. The running server reads sites
   * through `withTokenKeys` (server/auth/token-keys.ts), whose `secrets()` answers here the
   * key derived from it and the server secret instead: never write that value back.
   */
  tokenSecret: string;
}

export interface SiteRepository {
  create(input: SiteInput, secrets: SiteSecrets, id?: string): Promise<Site>;
  get(id: string): Promise<Site | undefined>;
  secrets(id: string): Promise<SiteSecrets | undefined>;
  list(page: PageRequest): Promise<Page<Site>>;
  update(id: string, patch: Partial<SiteInput>): Promise<Site | undefined>;
  replaceSecrets(id: string, secrets: SiteSecrets): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** Changes whenever a site is created, changed or deleted: how an instance learns that another changed one. */
  changeMark(): Promise<string>;
}

export interface ParticipantInput {
  externalId: string;
  role: 'mentee' | 'mentor';
  displayName: string;
  profile: Profile;
}

/**
 * What authentication needs to know of a participant behind a token: their role, and how
 * often their tokens were revoked. `generation` counts revocations (0: never); a token
 * minted with a lower generation, or without one and in a whole second at or before
 * `revokedAt`, is refused.
 */
export interface TokenState {
  role: Participant['role'];
  generation: number;
  /** ISO time with milliseconds of the last revocation. */
  revokedAt?: string;
}

export interface ParticipantRepository {
  create(siteId: string, input: ParticipantInput): Promise<Participant>;
  get(siteId: string, id: string): Promise<Participant | undefined>;
  list(siteId: string, page: PageRequest, filter?: { role?: 'mentee' | 'mentor' }): Promise<Page<Participant>>;
  update(siteId: string, id: string, patch: Partial<Omit<ParticipantInput, 'role'>>): Promise<Participant | undefined>;
  /** Erasure: the participant and every row of theirs (goals, check-ins, pairings, sessions, feedback). */
  delete(siteId: string, id: string): Promise<boolean>;
  /** Undefined when there is no such participant (never created, or erased). */
  tokenState(siteId: string, id: string): Promise<TokenState | undefined>;
  /** Ends every token minted so far for this participant; undefined when there is no such participant. */
  revokeTokens(siteId: string, id: string, at: Date): Promise<Required<Pick<TokenState, 'generation' | 'revokedAt'>> | undefined>;
}

export interface PairingInput {
  mentorId: string;
  menteeId: string;
  model: string;
  startedAt?: string;
}

export interface PairingRepository {
  create(siteId: string, input: PairingInput): Promise<Pairing>;
  get(siteId: string, id: string): Promise<Pairing | undefined>;
  list(siteId: string, page: PageRequest, filter?: { participantId?: string; status?: Pairing['status'] }): Promise<Page<Pairing>>;
  update(siteId: string, id: string, patch: { status?: Pairing['status']; model?: string }): Promise<Pairing | undefined>;
  delete(siteId: string, id: string): Promise<boolean>;
  /** The open (active: neither paused nor ended) pairing of a mentor with a mentee, if there is one. */
  findOpen(siteId: string, mentorId: string, menteeId: string): Promise<Pairing | undefined>;
}

export interface GoalInput {
  title: string;
  description?: string;
  measure?: string;
  targetDate?: string;
}

/** null clears an optional field. */
export interface GoalPatch {
  title?: string;
  description?: string | null;
  measure?: string | null;
  targetDate?: string | null;
  status?: Goal['status'];
  progress?: number;
}

export interface CheckInInput {
  progress?: number;
  confidence?: number;
  wins?: string;
  blockers?: string;
  note?: string;
}

export interface GoalRepository {
  create(siteId: string, participantId: string, input: GoalInput): Promise<Goal>;
  get(siteId: string, id: string): Promise<Goal | undefined>;
  list(siteId: string, participantId: string, page: PageRequest, filter?: { status?: Goal['status'] }): Promise<Page<Goal>>;
  update(siteId: string, id: string, patch: GoalPatch): Promise<Goal | undefined>;
  delete(siteId: string, id: string): Promise<boolean>;
  /** Records a check-in; a check-in with progress moves the goal's progress in the same transaction. */
  addCheckIn(siteId: string, goalId: string, input: CheckInInput): Promise<CheckIn | undefined>;
  getCheckIn(siteId: string, id: string): Promise<CheckIn | undefined>;
  listCheckIns(siteId: string, goalId: string, page: PageRequest): Promise<Page<CheckIn>>;
  /** The latest `perGoal` check-ins of each goal, newest first: what coaching reads, however long a goal's history. */
  latestCheckIns(siteId: string, goalIds: string[], perGoal: number): Promise<Map<string, CheckIn[]>>;
  deleteCheckIn(siteId: string, id: string): Promise<boolean>;
}

export interface SessionInput {
  scheduledAt: string;
  durationMinutes: number;
  agenda?: unknown;
  notes?: string;
  actionItems: ActionItem[];
}

/** How far a pairing has come, read without loading its whole history. */
export interface SessionHistory {
  count: number;
  /** The session scheduled last (a future one included). */
  latest?: Session;
  /** When the last session up to `now` took place. */
  lastHeldAt?: string;
}

export interface SessionRepository {
  create(siteId: string, pairingId: string, input: SessionInput): Promise<Session>;
  get(siteId: string, id: string): Promise<Session | undefined>;
  list(siteId: string, pairingId: string, page: PageRequest): Promise<Page<Session>>;
  history(siteId: string, pairingId: string, now: Date): Promise<SessionHistory>;
  update(siteId: string, id: string, patch: Partial<SessionInput>): Promise<Session | undefined>;
  delete(siteId: string, id: string): Promise<boolean>;
}

export interface SessionNoteInput {
  text: string;
  shared: boolean;
}

export interface SessionNoteRepository {
  create(siteId: string, sessionId: string, authorId: string, input: SessionNoteInput): Promise<SessionNote>;
  get(siteId: string, id: string): Promise<SessionNote | undefined>;
  /** A session's notes that `readerId` may read, oldest first: the shared ones and the reader's own; with no reader (the site key), the shared ones. */
  list(siteId: string, sessionId: string, readerId: string | undefined, page: PageRequest): Promise<Page<SessionNote>>;
  update(siteId: string, id: string, patch: Partial<SessionNoteInput>): Promise<SessionNote | undefined>;
  delete(siteId: string, id: string): Promise<boolean>;
}

export interface FeedbackInput {
  participantId?: string;
  target: string;
  rating: 'up' | 'down';
  comment?: string;
  engine?: string;
  promptVersion?: string;
}

export interface FeedbackRepository {
  create(siteId: string, input: FeedbackInput): Promise<Feedback>;
  list(siteId: string, page: PageRequest): Promise<Page<Feedback>>;
}

export interface Store {
  sites: SiteRepository;
  participants: ParticipantRepository;
  pairings: PairingRepository;
  goals: GoalRepository;
  sessions: SessionRepository;
  sessionNotes: SessionNoteRepository;
  feedback: FeedbackRepository;
  close(): Promise<void>;
  /**
   * A rate limit kept in the database, for stores that several instances share, so that all
   * count against one allowance; absent, each process counts its own.
   */
  sharedRateLimit?(name: string, options: RateLimitOptions): RateLimit;
}
