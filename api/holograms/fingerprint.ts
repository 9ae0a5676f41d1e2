// "Sounds like": each hologram's fingerprint (workers/audio/fingerprint.ts, 128-d, L2-normalised)
// is computed from its recorded frames in one pass when it is asked for and its frames changed
// since, then searched with pgvector's HNSW index within the owner's holograms.
import { FingerprintBuilder } from '../../workers/audio/fingerprint.ts';
import { decodeFrames } from '../../workers/audio/frame-codec.ts';
import { listParts } from '../chunks/store.ts';
import type { AppDeps } from '../deps.ts';
import type { Hologram } from './store.ts';
import { getHologram } from './store.ts';

/** Stale fingerprints refreshed per search, so one request's work stays bounded. */
const REFRESH_PER_SEARCH = 20;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Recomputes one hologram's fingerprint from its frames parts (in sequence order). */
export async function refreshFingerprint(deps: AppDeps, owner: string, id: string) {
  const builder = new FingerprintBuilder();
  let frames = 0;
  for (const part of await listParts(deps.db, owner, id)) {
    if (part.kind !== 'frames') continue;
    const blob = await deps.storage.get(part.blobKey);
    if (!blob) continue;
    for (const frame of decodeFrames(await readAll(blob.body)).frames) {
      builder.push(frame);
      frames++;
    }
  }
  const vector = frames > 0 ? `[${Array.from(builder.result()).join(',')}]` : null;
  await deps.db.query(
    `UPDATE holograms SET fingerprint = $3::vector, fingerprint_stale = false
     WHERE owner_uid = $1 AND id = $2`,
    [owner, id, vector],
  );
}

export async function similarHolograms(
  deps: AppDeps,
  owner: string,
  id: string,
  limit: number,
): Promise<Array<Hologram & { distance: number }> | null> {
  const { rows: stale } = await deps.db.query<{ id: string }>(
    `SELECT id FROM holograms WHERE owner_uid = $1 AND fingerprint_stale
     ORDER BY (id = $2) DESC, updated_at DESC LIMIT ${REFRESH_PER_SEARCH}`,
    [owner, id],
  );
  for (const s of stale) await refreshFingerprint(deps, owner, s.id);

  const { rows: self } = await deps.db.query<{ fingerprint: string | null }>(
    'SELECT fingerprint::text AS fingerprint FROM holograms WHERE owner_uid = $1 AND id = $2',
    [owner, id],
  );
  if (self.length === 0) return null;
  const fingerprint = self[0]?.fingerprint;
  if (!fingerprint) return [];
  return deps.db.transaction(async (tx) => {
    // The owner filter applies after the index scan; iterative scans keep going until enough
    // rows pass it (pgvector ≥ 0.8).
    await tx.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
    const { rows } = await tx.query<{ id: string; distance: number }>(
      `SELECT id, fingerprint <-> $2::vector AS distance FROM holograms
       WHERE owner_uid = $1 AND id <> $3 AND fingerprint IS NOT NULL
       ORDER BY fingerprint <-> $2::vector LIMIT $4`,
      [owner, fingerprint, id, limit],
    );
    const out: Array<Hologram & { distance: number }> = [];
    for (const r of rows) {
      const h = await getHologram(tx, owner, r.id);
      if (h) out.push({ ...h, distance: Number(r.distance) });
    }
    return out.sort((a, b) => a.distance - b.distance);
  });
}
