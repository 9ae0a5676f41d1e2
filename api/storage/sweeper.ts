// Deletes blobs nobody references: those of deleted holograms, and those a crashed or
// abandoned upload left behind (listed in pending_blobs when the upload began), and what a write
// cut off by a crash left in the store outside any key. Runs at start-up and then periodically on
// every instance; the work is idempotent, so instances may overlap.
import type { AppDeps } from '../deps.ts';

/** A pending upload this old is abandoned (the longest upload allowed is far shorter). */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Deletes blobs (best effort) and forgets them once gone; the sweeper retries the rest. */
export async function deleteBlobs(deps: Pick<AppDeps, 'db' | 'storage'>, keys: string[]) {
  const gone: string[] = [];
  for (const key of keys) {
    try {
      await deps.storage.delete(key);
      gone.push(key);
    } catch {
      // Kept in pending_blobs for the next sweep.
    }
  }
  if (gone.length > 0) {
    await deps.db.query('DELETE FROM pending_blobs WHERE blob_key = ANY($1::text[])', [gone]);
  }
  return gone.length;
}

/** One sweep: abandoned or orphaned pending blobs, rate-limit windows long past, the database's
 * housekeeping, and the store's incomplete writes (`incomplete`: how many; 0 while the store is
 * unreachable). */
export async function sweep(
  deps: Pick<AppDeps, 'db' | 'storage'>,
  abandonedAfterMs = ABANDONED_AFTER_MS,
  incompleteAfterMs = ABANDONED_AFTER_MS,
) {
  const { rows } = await deps.db.query<{ blob_key: string }>(
    `SELECT b.blob_key FROM pending_blobs b
     WHERE b.since < now() - $1::int * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM chunk_parts p WHERE p.blob_key = b.blob_key)
     LIMIT 1000`,
    [abandonedAfterMs],
  );
  const deleted = await deleteBlobs(
    deps,
    rows.map((r) => r.blob_key),
  );
  await deps.db.query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour'");
  await deps.db.maintain();
  // Best effort, like the deletions above: the next sweep tries again.
  const incomplete = await deps.storage.sweepIncomplete(incompleteAfterMs).catch(() => 0);
  return { deleted, incomplete };
}
