// Holograms in the database, always scoped by owner: every query names the owner's uid.
import type { Database, Queryable } from '../db/database.ts';

export interface HologramInput {
  title: string;
  createdAt: string;
  durationMs: number;
  sampleRate: number;
  channels: 1 | 2;
  complete: boolean;
}

export interface Hologram extends HologramInput {
  id: string;
  updatedAt: string;
  chunks: { count: number; bytes: number };
}

interface Row {
  id: string;
  title: string;
  created_at: Date | string;
  updated_at: Date | string;
  duration_ms: number;
  sample_rate: number;
  channels: number;
  complete: boolean;
  chunk_count: number | string;
  chunk_bytes: number | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toHologram(r: Row): Hologram {
  return {
    id: r.id,
    title: r.title,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    durationMs: Number(r.duration_ms),
    sampleRate: Number(r.sample_rate),
    channels: Number(r.channels) === 2 ? 2 : 1,
    complete: r.complete,
    chunks: { count: Number(r.chunk_count), bytes: Number(r.chunk_bytes) },
  };
}

const SELECT = `
  SELECT h.id, h.title, h.created_at, h.updated_at, h.duration_ms, h.sample_rate, h.channels,
         h.complete,
         (SELECT count(DISTINCT seq) FROM chunk_parts p WHERE p.owner_uid = h.owner_uid AND p.hologram_id = h.id) AS chunk_count,
         (SELECT coalesce(sum(size), 0) FROM chunk_parts p WHERE p.owner_uid = h.owner_uid AND p.hologram_id = h.id) AS chunk_bytes
  FROM holograms h`;

/** Creates or updates; `created` tells which. */
export async function upsertHologram(
  db: Queryable,
  owner: string,
  id: string,
  input: HologramInput,
): Promise<{ created: boolean }> {
  const { rows } = await db.query<{ created: boolean }>(
    `INSERT INTO holograms (owner_uid, id, title, created_at, duration_ms, sample_rate, channels, complete)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (owner_uid, id) DO UPDATE SET
       title = EXCLUDED.title, created_at = EXCLUDED.created_at, duration_ms = EXCLUDED.duration_ms,
       sample_rate = EXCLUDED.sample_rate, channels = EXCLUDED.channels,
       complete = EXCLUDED.complete, updated_at = now()
     RETURNING (xmax = 0) AS created`,
    [
      owner,
      id,
      input.title,
      input.createdAt,
      input.durationMs,
      input.sampleRate,
      input.channels,
      input.complete,
    ],
  );
  return { created: rows[0]?.created === true };
}

export async function getHologram(db: Queryable, owner: string, id: string) {
  const { rows } = await db.query<Row>(`${SELECT} WHERE h.owner_uid = $1 AND h.id = $2`, [
    owner,
    id,
  ]);
  return rows[0] ? toHologram(rows[0]) : null;
}

export async function hologramExists(db: Queryable, owner: string, id: string) {
  const { rows } = await db.query('SELECT 1 FROM holograms WHERE owner_uid = $1 AND id = $2', [
    owner,
    id,
  ]);
  return rows.length > 0;
}

export interface Page {
  items: Hologram[];
  nextCursor: string | null;
}

const encodeCursor = (h: Hologram) =>
  Buffer.from(JSON.stringify([h.createdAt, h.id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  return null;
}

/** Newest first; `after` is a decoded cursor. */
export async function listHolograms(
  db: Queryable,
  owner: string,
  limit: number,
  after: [string, string] | null,
): Promise<Page> {
  const params: unknown[] = [owner, limit + 1];
  let where = 'h.owner_uid = $1';
  if (after) {
    params.push(after[0], after[1]);
    where += ' AND (h.created_at, h.id) < ($3::timestamptz, $4::uuid)';
  }
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE ${where} ORDER BY h.created_at DESC, h.id DESC LIMIT $2`,
    params,
  );
  const items = rows.slice(0, limit).map(toHologram);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * Deletes the hologram and its chunk rows, recording their blobs as pending deletion in the same
 * transaction; returns the blob keys for the caller to delete. Null when there is none.
 */
export async function deleteHologram(db: Database, owner: string, id: string) {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ blob_key: string }>(
      'SELECT blob_key FROM chunk_parts WHERE owner_uid = $1 AND hologram_id = $2',
      [owner, id],
    );
    const keys = rows.map((r) => r.blob_key);
    if (keys.length > 0) {
      await tx.query(
        'INSERT INTO pending_blobs (blob_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING',
        [keys],
      );
    }
    const deleted = await tx.query('DELETE FROM holograms WHERE owner_uid = $1 AND id = $2', [
      owner,
      id,
    ]);
    return deleted.rowCount > 0 ? keys : null;
  });
}
