// Shares in the database. Owner operations are scoped by the owner's uid like every other
// query; public lookups go by token and only ever see an active (unrevoked) share, so a revoked
// or unknown token and one that never existed look the same.

import type { PartKind } from '../chunks/contract.ts';
import { type StoredPart, type StoredPartRow, toStoredPart } from '../chunks/store.ts';
import type { Queryable } from '../db/database.ts';
import { newShareToken } from './token.ts';

export interface Share {
  token: string;
  hologramId: string;
  createdAt: string;
}

interface ShareRow {
  token: string;
  hologram_id: string;
  created_at: Date | string;
}

const toShare = (r: ShareRow): Share => ({
  token: r.token,
  hologramId: r.hologram_id,
  createdAt: new Date(r.created_at).toISOString(),
});

const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

export async function activeShare(db: Queryable, owner: string, hologramId: string) {
  const { rows } = await db.query<ShareRow>(
    `SELECT token, hologram_id, created_at FROM shares
     WHERE owner_uid = $1 AND hologram_id = $2 AND revoked_at IS NULL`,
    [owner, hologramId],
  );
  return rows[0] ? toShare(rows[0]) : null;
}

/**
 * The hologram's active share, created when there is none. Null when the owner has no such
 * hologram. Safe under concurrency: the partial unique index lets one insert win, and the
 * others read the winner.
 */
export async function ensureShare(
  db: Queryable,
  owner: string,
  hologramId: string,
): Promise<{ share: Share; created: boolean } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await activeShare(db, owner, hologramId);
    if (existing) return { share: existing, created: false };
    try {
      const { rows } = await db.query<ShareRow>(
        `INSERT INTO shares (token, owner_uid, hologram_id) VALUES ($1, $2, $3)
         ON CONFLICT (owner_uid, hologram_id) WHERE revoked_at IS NULL DO NOTHING
         RETURNING token, hologram_id, created_at`,
        [newShareToken(), owner, hologramId],
      );
      if (rows[0]) return { share: toShare(rows[0]), created: true };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === FOREIGN_KEY_VIOLATION) return null;
      // A token collision (2^-192) or a racing insert: look again.
      if (code !== UNIQUE_VIOLATION) throw err;
    }
  }
  throw new Error('could not create a share after 3 attempts');
}

/** Revokes the active share, if any; false when the owner has no such hologram. */
export async function revokeShare(db: Queryable, owner: string, hologramId: string) {
  const { rows } = await db.query<{ found: boolean }>(
    `WITH revoked AS (
       UPDATE shares SET revoked_at = now()
       WHERE owner_uid = $1 AND hologram_id = $2 AND revoked_at IS NULL
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM holograms WHERE owner_uid = $1 AND id = $2) AS found`,
    [owner, hologramId],
  );
  return rows[0]?.found === true;
}

export interface SharedHologram {
  title: string;
  createdAt: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  complete: boolean;
}

/** The hologram's columns, and its parts' (all null when it has no stored part: a LEFT JOIN). */
type SharedRow = {
  title: string;
  created_at: Date | string;
  duration_ms: number;
  sample_rate: number;
  channels: number;
  complete: boolean;
} & { [K in keyof StoredPartRow]: StoredPartRow[K] | null };

const hasPart = (r: SharedRow): r is SharedRow & StoredPartRow => r.blob_key !== null;

/** The shared hologram and its stored parts (in order), in one query; null when not shared. */
export async function sharedHologram(
  db: Queryable,
  token: string,
): Promise<{ hologram: SharedHologram; parts: StoredPart[] } | null> {
  const { rows } = await db.query<SharedRow>(
    `SELECT h.title, h.created_at, h.duration_ms, h.sample_rate, h.channels, h.complete,
            p.seq, p.kind, p.sha256, p.size, p.content_type, p.blob_key
     FROM shares s
     JOIN holograms h ON h.owner_uid = s.owner_uid AND h.id = s.hologram_id
     LEFT JOIN chunk_parts p ON p.owner_uid = s.owner_uid AND p.hologram_id = s.hologram_id
     WHERE s.token = $1 AND s.revoked_at IS NULL
     ORDER BY p.seq, p.kind`,
    [token],
  );
  const first = rows[0];
  if (!first) return null;
  return {
    hologram: {
      title: first.title,
      createdAt: new Date(first.created_at).toISOString(),
      durationMs: Number(first.duration_ms),
      sampleRate: Number(first.sample_rate),
      channels: Number(first.channels),
      complete: first.complete,
    },
    parts: rows.filter(hasPart).map(toStoredPart),
  };
}

/** One part of a shared hologram; null when the share is not active or the part not stored. */
export async function sharedPart(
  db: Queryable,
  token: string,
  seq: number,
  kind: PartKind,
): Promise<StoredPart | null> {
  const { rows } = await db.query<StoredPartRow>(
    `SELECT p.seq, p.kind, p.sha256, p.size, p.content_type, p.blob_key
     FROM shares s
     JOIN chunk_parts p ON p.owner_uid = s.owner_uid AND p.hologram_id = s.hologram_id
     WHERE s.token = $1 AND s.revoked_at IS NULL AND p.seq = $2 AND p.kind = $3`,
    [token, seq, kind],
  );
  return rows[0] ? toStoredPart(rows[0]) : null;
}
