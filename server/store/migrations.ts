/**
 * The database schema as an ordered list of migrations, the same SQL for SQLite and
 * PostgreSQL (plain types both read alike). A migration is never edited once released: a
 * change is a new entry. SQLite records how many have run in `PRAGMA user_version`
 * (database.ts); PostgreSQL in `schema_migrations`, written by Kysely's migrator
 * (postgres-store.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'sites, participants, pairings, goals, check-ins, sessions, feedback',
    sql: `
      CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        allowed_origins TEXT NOT NULL,          -- JSON array of origins
        safeguarding_contacts TEXT NOT NULL,    -- JSON array of {name, role?, phone?, email?, url?, hours?}
        model_enabled INTEGER NOT NULL DEFAULT 1,
        key_hash TEXT NOT NULL,                 -- sha256 of the site key's secret part
        token_secret TEXT NOT NULL,             -- signs this site's participant tokens
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE participants (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('mentee', 'mentor')),
        display_name TEXT NOT NULL,
        profile TEXT NOT NULL,                  -- JSON {skills[], interests[], preferences{}}
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (site_id, external_id)
      );
      CREATE INDEX participants_by_site ON participants (site_id, created_at, id);

      CREATE TABLE pairings (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        mentor_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        mentee_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
        started_at TEXT NOT NULL,
        ended_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pairings_by_site ON pairings (site_id, created_at, id);
      CREATE INDEX pairings_by_mentor ON pairings (mentor_id);
      CREATE INDEX pairings_by_mentee ON pairings (mentee_id);
      -- One pairing of the same two people at a time, until it ends.
      CREATE UNIQUE INDEX pairings_open ON pairings (mentor_id, mentee_id) WHERE status <> 'ended';

      CREATE TABLE goals (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT,
        measure TEXT,
        target_date TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'completed', 'abandoned')),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX goals_by_participant ON goals (participant_id, created_at, id);

      CREATE TABLE check_ins (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        progress INTEGER CHECK (progress BETWEEN 0 AND 100),
        confidence INTEGER CHECK (confidence BETWEEN 1 AND 5),
        wins TEXT,
        blockers TEXT,
        note TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX check_ins_by_goal ON check_ins (goal_id, created_at, id);
      CREATE INDEX check_ins_by_participant ON check_ins (participant_id);

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        pairing_id TEXT NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
        scheduled_at TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        agenda TEXT,                            -- JSON: the agenda used, if any
        notes TEXT,
        action_items TEXT NOT NULL,             -- JSON array of {id, text, owner, dueDate?, done}
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_pairing ON sessions (pairing_id, scheduled_at, id);

      CREATE TABLE feedback (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT,
        engine TEXT,
        prompt_version TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX feedback_by_site ON feedback (site_id, created_at, id);
      CREATE INDEX feedback_by_participant ON feedback (participant_id);
    `,
  },
  {
    version: 2,
    name: 'participant token revocation',
    // A row only for participants whose tokens were ever revoked: no row is generation 0.
    // A table of its own keeps these columns out of the participant record the API returns,
    // and its foreign key erases it with the participant.
    sql: `
      CREATE TABLE participant_tokens (
        participant_id TEXT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        generation INTEGER NOT NULL CHECK (generation >= 1), -- tokens carrying a lower one are revoked
        revoked_at TEXT NOT NULL                             -- ISO time, milliseconds, of the last revocation
      );
    `,
  },
  {
    version: 3,
    name: 'rate limits shared by instances',
    // One token bucket per limit and key, for instances that share a PostgreSQL database
    // (server/store/postgres-rate-limit.ts); one process on SQLite keeps its buckets in memory
    // and leaves this table empty.
    sql: `
      CREATE TABLE rate_limits (
        bucket TEXT PRIMARY KEY,                -- the limit's name and its key (a credential, an address)
        tokens DOUBLE PRECISION NOT NULL,       -- events the bucket still allows at updated_ms
        updated_ms BIGINT NOT NULL,             -- when it was last counted, milliseconds since 1970
        taken INTEGER NOT NULL                  -- 1 if the last count let the event through
      );
      CREATE INDEX rate_limits_by_age ON rate_limits (updated_ms);
    `,
  },
  {
    version: 4,
    name: 'session notes, shared or private to their author',
    // A person's own notes on a session, beside the session's shared `notes`: each says whether
    // the other person reads it. The author's erasure takes their notes (cascade), and the
    // session's deletion takes all of its notes.
    sql: `
      CREATE TABLE session_notes (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        author_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX session_notes_by_session ON session_notes (session_id, created_at, id);
      CREATE INDEX session_notes_by_author ON session_notes (author_id);
    `,
  },
];
