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
];
