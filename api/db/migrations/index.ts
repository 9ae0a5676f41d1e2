// Versioned schema migrations, applied in order at start-up. Never edit a migration that has
// shipped: add a new one. Kept as TypeScript so the compiled image carries them.
export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: '0001_extensions',
    sql: 'CREATE EXTENSION IF NOT EXISTS vector;',
  },
  {
    id: '0002_holograms',
    // Holograms are keyed by (owner, client UUID): each user has their own id space, so nobody
    // can learn whether another user's hologram exists, even by guessing its UUID.
    sql: `
      CREATE TABLE users (
        uid text PRIMARY KEY,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE holograms (
        owner_uid text NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
        id uuid NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        sample_rate integer NOT NULL,
        channels smallint NOT NULL,
        complete boolean NOT NULL DEFAULT false,
        fingerprint vector(128),
        fingerprint_stale boolean NOT NULL DEFAULT true,
        PRIMARY KEY (owner_uid, id)
      );
      CREATE INDEX holograms_newest ON holograms (owner_uid, created_at DESC, id DESC);
      CREATE INDEX holograms_fingerprint ON holograms USING hnsw (fingerprint vector_l2_ops);
      CREATE TABLE chunk_parts (
        owner_uid text NOT NULL,
        hologram_id uuid NOT NULL,
        seq integer NOT NULL CHECK (seq >= 0),
        kind text NOT NULL CHECK (kind IN ('audio', 'frames')),
        sha256 text NOT NULL,
        size bigint NOT NULL,
        content_type text NOT NULL,
        blob_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_uid, hologram_id, seq, kind),
        FOREIGN KEY (owner_uid, hologram_id) REFERENCES holograms (owner_uid, id) ON DELETE CASCADE
      );
      -- Blobs being written or waiting to be deleted. A crash between writing a blob and
      -- recording it leaves a row here, and the sweeper deletes the blob.
      CREATE TABLE pending_blobs (
        blob_key text PRIMARY KEY,
        since timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE rate_limits (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (bucket, window_start)
      );
    `,
  },
  {
    id: '0003_tria',
    // Tria's chats and memory (api/tria/), keyed by owner like holograms: every row names its
    // owner and every foreign key includes it, so no query can reach across users. Deleting a
    // session deletes its messages and their memory; deleting a hologram deletes its memory.
    sql: `
      CREATE TABLE tria_sessions (
        owner_uid text NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
        id uuid NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_uid, id)
      );
      CREATE INDEX tria_sessions_newest ON tria_sessions (owner_uid, updated_at DESC, id DESC);
      CREATE TABLE tria_messages (
        owner_uid text NOT NULL,
        session_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        role text NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
        content text NOT NULL,
        actions jsonb NOT NULL DEFAULT '[]'::jsonb,
        tool_name text,
        engine text CHECK (engine IN ('mistral', 'local')),
        error_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_uid, id),
        FOREIGN KEY (owner_uid, session_id) REFERENCES tria_sessions (owner_uid, id) ON DELETE CASCADE
      );
      CREATE INDEX tria_messages_order ON tria_messages (owner_uid, session_id, seq);
      CREATE TABLE tria_memory (
        owner_uid text NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('message', 'hologram')),
        ref uuid NOT NULL,
        session_id uuid,
        hologram_id uuid,
        text text NOT NULL,
        embedding vector(1024) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_uid, kind, ref),
        CHECK ((kind = 'message') = (session_id IS NOT NULL)),
        CHECK ((kind = 'hologram') = (hologram_id IS NOT NULL)),
        FOREIGN KEY (owner_uid, session_id) REFERENCES tria_sessions (owner_uid, id) ON DELETE CASCADE,
        FOREIGN KEY (owner_uid, hologram_id) REFERENCES holograms (owner_uid, id) ON DELETE CASCADE
      );
      CREATE INDEX tria_memory_embedding ON tria_memory USING hnsw (embedding vector_cosine_ops);
    `,
  },
  {
    id: '0004_gesture_definitions',
    // Custom gestures a user taught (api/gestures/), keyed by (owner, client UUID) like holograms.
    // Deleting leaves a tombstone (deleted, content cleared) so other devices learn of it;
    // updated_at is strictly increasing per owner (the sync cursor), hence unique.
    sql: `
      CREATE TABLE gesture_definitions (
        owner_uid text NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
        id uuid NOT NULL,
        name text NOT NULL,
        samples jsonb NOT NULL,
        action text,
        edited_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        version integer NOT NULL CHECK (version > 0),
        PRIMARY KEY (owner_uid, id),
        CHECK (jsonb_typeof(samples) = 'array' AND jsonb_array_length(samples) <= 30),
        CHECK (deleted OR (char_length(name) BETWEEN 1 AND 60 AND jsonb_array_length(samples) > 0))
      );
      CREATE UNIQUE INDEX gesture_definitions_changes ON gesture_definitions (owner_uid, updated_at);
    `,
  },
  {
    id: '0005_shares',
    // Share links (api/shares/). The token is the whole capability: 192 random bits, base64url.
    // It is stored as is so its owner can copy the link again from any device (docs/API.md
    // explains why not a hash). At most one active (unrevoked) share per hologram; revoked rows
    // stay so an old token never comes back to life. Deleting the hologram deletes its shares.
    sql: `
      CREATE TABLE shares (
        token text PRIMARY KEY CHECK (token ~ '^[A-Za-z0-9_-]{32}$'),
        owner_uid text NOT NULL,
        hologram_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        FOREIGN KEY (owner_uid, hologram_id) REFERENCES holograms (owner_uid, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX shares_one_active ON shares (owner_uid, hologram_id)
        WHERE revoked_at IS NULL;
      CREATE INDEX shares_hologram ON shares (owner_uid, hologram_id);
    `,
  },
];
