// Chunk parts in the database. A part row exists only once its bytes are stored and verified,
// so a row is what makes a part visible. Blobs in flight are listed in pending_blobs until
// their row is written (or they are deleted), so the sweeper can remove any a crash strands.
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { PartKind } from './contract.ts';

/** A stored part: what its verified bytes are and where they are kept. */
export interface StoredPart {
  seq: number;
  kind: PartKind;
  sha256: string;
  size: number;
  contentType: string;
  blobKey: string;
}

export interface Part extends StoredPart {
  createdAt: string;
}

/** A chunk_parts row's columns that make a StoredPart, as queries return them. */
export interface StoredPartRow {
  seq: number;
  kind: PartKind;
  sha256: string;
  size: number | string;
  content_type: string;
  blob_key: string;
}

interface Row extends StoredPartRow {
  created_at: Date | string;
}

export const toStoredPart = (r: StoredPartRow): StoredPart => ({
  seq: Number(r.seq),
  kind: r.kind,
  sha256: r.sha256,
  size: Number(r.size),
  contentType: r.content_type,
  blobKey: r.blob_key,
});

const toPart = (r: Row): Part => ({
  ...toStoredPart(r),
  createdAt: new Date(r.created_at).toISOString(),
});

const COLUMNS = 'seq, kind, sha256, size, content_type, blob_key, created_at';

/** A fresh, unguessable storage key for one upload of one part. */
export function newBlobKey(owner: string, hologramId: string, seq: number, kind: PartKind) {
  const ownerKey = createHash('sha256').update(owner).digest('hex').slice(0, 32);
  return `u/${ownerKey}/h/${hologramId}/${seq}-${kind}-${randomUUID()}`;
}

export async function getPart(
  db: Queryable,
  owner: string,
  hologramId: string,
  seq: number,
  kind: PartKind,
): Promise<Part | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM chunk_parts
     WHERE owner_uid = $1 AND hologram_id = $2 AND seq = $3 AND kind = $4`,
    [owner, hologramId, seq, kind],
  );
  return rows[0] ? toPart(rows[0]) : null;
}

export async function listParts(db: Queryable, owner: string, hologramId: string) {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM chunk_parts WHERE owner_uid = $1 AND hologram_id = $2
     ORDER BY seq, kind`,
    [owner, hologramId],
  );
  return rows.map(toPart);
}

export async function removePending(db: Queryable, keys: string[]) {
  await db.query('DELETE FROM pending_blobs WHERE blob_key = ANY($1::text[])', [keys]);
}

export type RecordOutcome =
  | { outcome: 'created'; part: Part }
  | { outcome: 'same' | 'conflict'; part: Part }
  | { outcome: 'gone' };

/**
 * Whether the hologram exists and its stored part if any, and — only when the hologram exists
 * and the part does not — `pendingKey` listed in pending_blobs before any byte is written, so
 * the sweeper can find the blob if the upload never finishes. One round trip.
 */
export async function lookupPart(
  db: Queryable,
  owner: string,
  hologramId: string,
  seq: number,
  kind: PartKind,
  pendingKey: string,
): Promise<{ hologram: boolean; part: Part | null }> {
  const { rows } = await db.query<Row | Record<keyof Row, null>>(
    `WITH found AS (
       SELECT p.seq, p.kind, p.sha256, p.size, p.content_type, p.blob_key, p.created_at
       FROM holograms h
       LEFT JOIN chunk_parts p
         ON p.owner_uid = h.owner_uid AND p.hologram_id = h.id AND p.seq = $3 AND p.kind = $4
       WHERE h.owner_uid = $1 AND h.id = $2
     ), pending AS (
       INSERT INTO pending_blobs (blob_key)
       SELECT $5 FROM found WHERE found.blob_key IS NULL
       ON CONFLICT DO NOTHING
     )
     SELECT * FROM found`,
    [owner, hologramId, seq, kind, pendingKey],
  );
  const row = rows[0];
  if (!row) return { hologram: false, part: null };
  return { hologram: true, part: row.blob_key === null ? null : toPart(row as Row) };
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Makes a stored, verified part visible, in one statement: the row is inserted, the blob leaves
 * pending_blobs, and frames mark the fingerprint stale. When another upload got there first,
 * reports whether its bytes are the same; when the hologram was deleted meanwhile, `gone`.
 */
export async function recordPart(
  db: Queryable,
  owner: string,
  hologramId: string,
  part: Omit<Part, 'createdAt'>,
): Promise<RecordOutcome> {
  let inserted: Row | undefined;
  try {
    const { rows } = await db.query<Row>(
      `WITH ins AS (
         INSERT INTO chunk_parts (owner_uid, hologram_id, seq, kind, sha256, size, content_type, blob_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (owner_uid, hologram_id, seq, kind) DO NOTHING
         RETURNING ${COLUMNS}
       ), unpend AS (
         DELETE FROM pending_blobs WHERE blob_key = $8 AND EXISTS (SELECT 1 FROM ins)
       ), stale AS (
         UPDATE holograms SET fingerprint_stale = true
         WHERE owner_uid = $1 AND id = $2 AND $4 = 'frames' AND EXISTS (SELECT 1 FROM ins)
       )
       SELECT * FROM ins`,
      [
        owner,
        hologramId,
        part.seq,
        part.kind,
        part.sha256,
        part.size,
        part.contentType,
        part.blobKey,
      ],
    );
    inserted = rows[0];
  } catch (err) {
    if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) return { outcome: 'gone' };
    throw err;
  }
  if (inserted) return { outcome: 'created', part: toPart(inserted) };
  const existing = await getPart(db, owner, hologramId, part.seq, part.kind);
  if (!existing) return { outcome: 'gone' };
  return { outcome: existing.sha256 === part.sha256 ? 'same' : 'conflict', part: existing };
}
