// Gesture definitions in the database, always scoped by owner: every query names the owner's
// uid, and the key is (owner, id), so one account can never reach another's rows.
//
// Writes of one account are serialised (a row lock on its `users` row) and each takes an
// `updated_at` strictly greater than every other of that account, so `updated_at` is a per-account
// change sequence: a reader that saw changes up to T can never later meet a committed change at
// or before T, and `updatedSince=T` is an exact sync cursor.
import type { Database, Queryable } from '../db/database.ts';
import { ApiError } from '../http/errors.ts';
import type {
  GestureActionType,
  GestureChanges,
  GestureDefinition,
  LandmarkSample,
} from './contract.ts';
import { MAX_GESTURES_PER_USER } from './contract.ts';

export interface GestureWrite {
  name: string;
  samples: LandmarkSample[];
  action: GestureActionType | null;
  /** Client's edit time; undefined means now. */
  editedAt: string | undefined;
}

/** A parsed `If-Match` / `If-None-Match`: a version, `*`, or none. */
export type Precondition = number | '*' | null;

interface Row {
  id: string;
  name: string;
  samples: unknown;
  action: string | null;
  edited_at: Date | string;
  updated_at: Date | string;
  deleted: boolean;
  version: number | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toDefinition(r: Row): GestureDefinition {
  const samples = typeof r.samples === 'string' ? JSON.parse(r.samples) : r.samples;
  return {
    id: r.id,
    name: r.name,
    samples: samples as LandmarkSample[],
    action: r.action as GestureActionType | null,
    editedAt: iso(r.edited_at),
    updatedAt: iso(r.updated_at),
    version: Number(r.version),
    deleted: r.deleted,
  };
}

const COLUMNS = 'id, name, samples, action, edited_at, updated_at, deleted, version';

/** The next change time of `owner`: now (ms), but always after the account's latest change. */
const NEXT_STAMP = `(SELECT greatest(date_trunc('milliseconds', clock_timestamp()),
    coalesce(max(updated_at), '-infinity'::timestamptz) + interval '1 millisecond')
  FROM gesture_definitions WHERE owner_uid = $1)`;

export const notFound = () =>
  new ApiError(404, 'gesture_not_found', 'No gesture definition with this id in your account');

const preconditionFailed = (current: GestureDefinition | null) =>
  new ApiError(
    412,
    'version_mismatch',
    current
      ? `The stored definition is at version ${current.version}; fetch the changes and retry`
      : 'No live definition matches the precondition',
    current ? { ETag: `"${current.version}"` } : {},
  );

/** Parses an If-Match / If-None-Match value the schema already checked. */
export function parsePrecondition(value: string | undefined): Precondition {
  if (value === undefined) return null;
  if (value === '*') return '*';
  return Number(value.replaceAll('"', ''));
}

/** Locks the account's writes and reads the current row, if any. */
async function lockAndRead(tx: Queryable, owner: string, id: string) {
  await tx.query('SELECT 1 FROM users WHERE uid = $1 FOR UPDATE', [owner]);
  const { rows } = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM gesture_definitions WHERE owner_uid = $1 AND id = $2`,
    [owner, id],
  );
  return rows[0] ? toDefinition(rows[0]) : null;
}

const sameContent = (a: GestureDefinition, b: GestureWrite) =>
  a.name === b.name &&
  a.action === b.action &&
  JSON.stringify(a.samples) === JSON.stringify(b.samples);

/**
 * Creates or updates a definition under the preconditions. A write whose content (name,
 * samples, action) equals the live stored one changes nothing and succeeds whatever its
 * preconditions say, so a retried PUT is idempotent. `created`: no row existed before.
 */
export async function putGesture(
  db: Database,
  owner: string,
  id: string,
  input: GestureWrite,
  ifMatch: Precondition,
  ifNoneMatch: Precondition,
): Promise<{ definition: GestureDefinition; created: boolean }> {
  return db.transaction(async (tx) => {
    const current = await lockAndRead(tx, owner, id);
    if (current && !current.deleted && sameContent(current, input)) {
      return { definition: current, created: false };
    }
    if (ifMatch !== null) {
      if (!current) throw notFound();
      if (ifMatch === '*' ? current.deleted : current.version !== ifMatch) {
        throw preconditionFailed(current);
      }
    }
    if (ifNoneMatch !== null && current && !current.deleted) {
      if (ifNoneMatch === '*' || current.version === ifNoneMatch) throw preconditionFailed(current);
    }
    if (!current || current.deleted) {
      const { rows } = await tx.query<{ n: number | string }>(
        'SELECT count(*) AS n FROM gesture_definitions WHERE owner_uid = $1 AND NOT deleted',
        [owner],
      );
      if (Number(rows[0]?.n ?? 0) >= MAX_GESTURES_PER_USER) {
        throw new ApiError(
          409,
          'too_many_gestures',
          `An account keeps at most ${MAX_GESTURES_PER_USER} gesture definitions; delete one first`,
        );
      }
    }
    const { rows } = await tx.query<Row>(
      `INSERT INTO gesture_definitions
         (owner_uid, id, name, samples, action, edited_at, updated_at, deleted, version)
       VALUES ($1, $2, $3, $4::jsonb, $5, least(coalesce($6::timestamptz, now()), now()),
               ${NEXT_STAMP}, false, 1)
       ON CONFLICT (owner_uid, id) DO UPDATE SET
         name = EXCLUDED.name, samples = EXCLUDED.samples, action = EXCLUDED.action,
         edited_at = EXCLUDED.edited_at, updated_at = EXCLUDED.updated_at, deleted = false,
         version = gesture_definitions.version + 1
       RETURNING ${COLUMNS}`,
      [owner, id, input.name, JSON.stringify(input.samples), input.action, input.editedAt ?? null],
    );
    const row = rows[0];
    if (!row) throw new Error('upsert returned no row');
    return { definition: toDefinition(row), created: current === null };
  });
}

/** A live definition, or null (unknown, another account's, or deleted). */
export async function getGesture(db: Queryable, owner: string, id: string) {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gesture_definitions
     WHERE owner_uid = $1 AND id = $2 AND NOT deleted`,
    [owner, id],
  );
  return rows[0] ? toDefinition(rows[0]) : null;
}

/**
 * Turns a live definition into a tombstone (name, samples and action cleared; edited at the
 * client's deletion time, capped at now) and returns its new version. Throws 404 for no live
 * definition, 412 for a failed If-Match.
 */
export async function deleteGesture(
  db: Database,
  owner: string,
  id: string,
  ifMatch: Precondition,
  editedAt: string | undefined,
): Promise<number> {
  return db.transaction(async (tx) => {
    const current = await lockAndRead(tx, owner, id);
    if (!current || current.deleted) throw notFound();
    if (typeof ifMatch === 'number' && current.version !== ifMatch) {
      throw preconditionFailed(current);
    }
    const { rows } = await tx.query<{ version: number | string }>(
      `UPDATE gesture_definitions SET
         name = '', samples = '[]'::jsonb, action = NULL, deleted = true,
         edited_at = least(coalesce($3::timestamptz, now()), now()),
         updated_at = ${NEXT_STAMP}, version = version + 1
       WHERE owner_uid = $1 AND id = $2
       RETURNING version`,
      [owner, id, editedAt ?? null],
    );
    return Number(rows[0]?.version);
  });
}

/** The account's changes after `since` (all when null), oldest first, tombstones included. */
export async function listChanges(
  db: Queryable,
  owner: string,
  since: string | null,
  limit: number,
): Promise<GestureChanges> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gesture_definitions
     WHERE owner_uid = $1 AND ($2::timestamptz IS NULL OR updated_at > $2::timestamptz)
     ORDER BY updated_at LIMIT $3`,
    [owner, since, limit + 1],
  );
  const items = rows.slice(0, limit).map(toDefinition);
  const last = items.at(-1);
  return {
    items,
    cursor: last ? last.updatedAt : since === null ? null : new Date(since).toISOString(),
    hasMore: rows.length > limit,
  };
}
