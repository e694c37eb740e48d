/**
 * The tables as the query builder sees them, column for column as `migrations.ts` creates them.
 * Both databases keep the same types: times as ISO 8601 text (so keyset cursors and records
 * are byte for byte the same on either), JSON as text, booleans as 0 or 1.
 */
type Nullable<T> = T | null;

export interface SitesTable {
  id: string;
  name: string;
  allowed_origins: string;
  safeguarding_contacts: string;
  model_enabled: number;
  key_hash: string;
  token_secret: string;
  created_at: string;
  updated_at: string;
}

export interface ParticipantsTable {
  id: string;
  site_id: string;
  external_id: string;
  role: 'mentee' | 'mentor';
  display_name: string;
  profile: string;
  created_at: string;
  updated_at: string;
}

export interface ParticipantTokensTable {
  participant_id: string;
  site_id: string;
  generation: number;
  revoked_at: string;
}

export interface PairingsTable {
  id: string;
  site_id: string;
  mentor_id: string;
  mentee_id: string;
  model: string;
  status: 'active' | 'paused' | 'ended';
  started_at: string;
  ended_at: Nullable<string>;
  created_at: string;
  updated_at: string;
}

export interface GoalsTable {
  id: string;
  site_id: string;
  participant_id: string;
  title: string;
  description: Nullable<string>;
  measure: Nullable<string>;
  target_date: Nullable<string>;
  status: 'active' | 'paused' | 'completed' | 'abandoned';
  progress: number;
  created_at: string;
  updated_at: string;
}

export interface CheckInsTable {
  id: string;
  site_id: string;
  goal_id: string;
  participant_id: string;
  progress: Nullable<number>;
  confidence: Nullable<number>;
  wins: Nullable<string>;
  blockers: Nullable<string>;
  note: Nullable<string>;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  site_id: string;
  pairing_id: string;
  scheduled_at: string;
  duration_minutes: number;
  agenda: Nullable<string>;
  notes: Nullable<string>;
  action_items: string;
  created_at: string;
  updated_at: string;
}

export interface SessionNotesTable {
  id: string;
  site_id: string;
  session_id: string;
  author_id: string;
  text: string;
  shared: number;
  created_at: string;
  updated_at: string;
}

export interface FeedbackTable {
  id: string;
  site_id: string;
  participant_id: Nullable<string>;
  target: string;
  rating: 'up' | 'down';
  comment: Nullable<string>;
  engine: Nullable<string>;
  prompt_version: Nullable<string>;
  created_at: string;
}

export interface RateLimitsTable {
  bucket: string;
  tokens: number;
  /** BIGINT: the pg driver hands it over as text. */
  updated_ms: string | number;
  taken: number;
}

export interface Tables {
  sites: SitesTable;
  participants: ParticipantsTable;
  participant_tokens: ParticipantTokensTable;
  pairings: PairingsTable;
  goals: GoalsTable;
  check_ins: CheckInsTable;
  sessions: SessionsTable;
  session_notes: SessionNotesTable;
  feedback: FeedbackTable;
  rate_limits: RateLimitsTable;
}
