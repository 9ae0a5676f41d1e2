// Chunk parts in the database. A part row exists only once its bytes are stored and verified,
// so a row is what makes a part visible. Blobs in flight are listed in pending_blobs until
// their row is written (or they are deleted), so the sweeper can remove any a crash strands.
import { createHash, randomUUID } from 'node:crypto';
import { batched } from '../db/batch.ts';
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

interface Lookup {
  owner: string;
  hologramId: string;
  seq: number;
  kind: PartKind;
  pendingKey: string;
}

type LookupRow = (Row | Record<keyof Row, null>) & { i: number };

const lookupParts = batched<Lookup, { hologram: boolean; part: Part | null }>(async (db, items) => {
  const { rows } = await db.query<LookupRow>(
    `WITH req AS (
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[])
         WITH ORDINALITY AS r(owner_uid, hologram_id, seq, kind, pending_key, i)
     ), found AS (
       SELECT r.i::int AS i, r.pending_key,
              p.seq, p.kind, p.sha256, p.size, p.content_type, p.blob_key, p.created_at
       FROM req r
       JOIN holograms h ON h.owner_uid = r.owner_uid AND h.id = r.hologram_id
       LEFT JOIN chunk_parts p ON p.owner_uid = r.owner_uid AND p.hologram_id = r.hologram_id
         AND p.seq = r.seq AND p.kind = r.kind
     ), pending AS (
       INSERT INTO pending_blobs (blob_key)
       SELECT pending_key FROM found WHERE blob_key IS NULL
       ON CONFLICT DO NOTHING
     )
     SELECT i, ${COLUMNS} FROM found`,
    [
      items.map((l) => l.owner),
      items.map((l) => l.hologramId),
      items.map((l) => l.seq),
      items.map((l) => l.kind),
      items.map((l) => l.pendingKey),
    ],
  );
  const byItem = new Map(rows.map((r) => [Number(r.i), r]));
  return items.map((_, index) => {
    const row = byItem.get(index + 1);
    if (!row) return { hologram: false, part: null };
    return { hologram: true, part: row.blob_key === null ? null : toPart(row as Row) };
  });
});

/**
 * Whether the hologram exists and its stored part if any, and — only when the hologram exists
 * and the part does not — `pendingKey` listed in pending_blobs before any byte is written, so
 * the sweeper can find the blob if the upload never finishes. One statement, shared with
 * concurrent uploads (api/db/batch.ts).
 */
export function lookupPart(
  db: Queryable,
  owner: string,
  hologramId: string,
  seq: number,
  kind: PartKind,
  pendingKey: string,
): Promise<{ hologram: boolean; part: Part | null }> {
  return lookupParts(db, { owner, hologramId, seq, kind, pendingKey });
}

const FOREIGN_KEY_VIOLATION = '23503';

interface PartRecord {
  owner: string;
  hologramId: string;
  part: Omit<Part, 'createdAt'>;
}

/** The inserted part of each item, or undefined where its row already existed. Records need no
 * wait under load: they follow the blob store's answers, which arrive in bursts (the writer
 * thread's replies are taken in one turn), and a wait only added latency (`npm run bench:api`:
 * about 2 250 uploads/s with a 1 ms wait, 2 750 without). */
const insertParts = batched<PartRecord, Part | undefined>(
  async (db, items) => {
    const { rows } = await db.query<Row>(
      `WITH req AS (
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[],
                            $6::bigint[], $7::text[], $8::text[])
         AS r(owner_uid, hologram_id, seq, kind, sha256, size, content_type, blob_key)
     ), ins AS (
       INSERT INTO chunk_parts (owner_uid, hologram_id, seq, kind, sha256, size, content_type, blob_key)
       SELECT r.* FROM req r
       JOIN holograms h ON h.owner_uid = r.owner_uid AND h.id = r.hologram_id
       ON CONFLICT (owner_uid, hologram_id, seq, kind) DO NOTHING
       RETURNING owner_uid, hologram_id, ${COLUMNS}
     ), unpend AS (
       DELETE FROM pending_blobs WHERE blob_key IN (SELECT blob_key FROM ins)
     ), stale AS (
       UPDATE holograms h SET fingerprint_stale = true
       FROM (SELECT DISTINCT owner_uid, hologram_id FROM ins WHERE kind = 'frames') f
       WHERE h.owner_uid = f.owner_uid AND h.id = f.hologram_id
     )
     SELECT ${COLUMNS} FROM ins`,
      [
        items.map((r) => r.owner),
        items.map((r) => r.hologramId),
        items.map((r) => r.part.seq),
        items.map((r) => r.part.kind),
        items.map((r) => r.part.sha256),
        items.map((r) => r.part.size),
        items.map((r) => r.part.contentType),
        items.map((r) => r.part.blobKey),
      ],
    );
    const byKey = new Map(rows.map((r) => [r.blob_key, toPart(r)]));
    return items.map((r) => byKey.get(r.part.blobKey));
  },
  { busyWaitMs: 0 },
);

/**
 * Makes a stored, verified part visible, in one statement shared with concurrent uploads: the
 * row is inserted, the blob leaves pending_blobs, and frames mark the fingerprint stale. When
 * another upload got there first, reports whether its bytes are the same; when the hologram was
 * deleted meanwhile, `gone`.
 */
export async function recordPart(
  db: Queryable,
  owner: string,
  hologramId: string,
  part: Omit<Part, 'createdAt'>,
): Promise<RecordOutcome> {
  let inserted: Part | undefined;
  try {
    inserted = await insertParts(db, { owner, hologramId, part });
  } catch (err) {
    if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) return { outcome: 'gone' };
    throw err;
  }
  if (inserted) return { outcome: 'created', part: inserted };
  const existing = await getPart(db, owner, hologramId, part.seq, part.kind);
  if (!existing) return { outcome: 'gone' };
  return { outcome: existing.sha256 === part.sha256 ? 'same' : 'conflict', part: existing };
}
