// Tria's memory (with a Mistral key): messages and hologram descriptions embedded with Mistral's
// embeddings model and kept in pgvector, and the nearest ones to a new message recalled into the
// prompt. Every row and every query is the owner's: one user's memory never reaches another's.
import type { Queryable } from '../db/database.ts';

/** Dimensions of mistral-embed, and of the tria_memory.embedding column. */
export const EMBEDDING_DIM = 1024;
/** Memories recalled into one prompt. */
export const RECALL_K = 5;
/** Longest text stored (and embedded) per memory. */
export const MEMORY_CHARS = 4000;

export type MemoryKind = 'message' | 'hologram';

export type Memory =
  | { kind: 'message'; ref: string; sessionId: string; text: string }
  | { kind: 'hologram'; ref: string; text: string };

export interface Recalled {
  kind: MemoryKind;
  ref: string;
  text: string;
  /** Cosine distance (0 = same direction … 2 = opposite). */
  distance: number;
}

export class EmbeddingShapeError extends Error {
  override name = 'EmbeddingShapeError';
}

export function toVector(embedding: readonly number[]): string {
  if (embedding.length !== EMBEDDING_DIM || !embedding.every(Number.isFinite)) {
    throw new EmbeddingShapeError(
      `an embedding must be ${EMBEDDING_DIM} finite numbers (got ${embedding.length})`,
    );
  }
  return `[${embedding.join(',')}]`;
}

/** Stores or replaces one memory of the owner. */
export async function remember(
  db: Queryable,
  owner: string,
  memory: Memory,
  embedding: readonly number[],
) {
  await db.query(
    `INSERT INTO tria_memory (owner_uid, kind, ref, session_id, hologram_id, text, embedding)
     VALUES ($1, $2, $3, $4, $5, $6, $7::vector)
     ON CONFLICT (owner_uid, kind, ref) DO UPDATE SET
       text = EXCLUDED.text, embedding = EXCLUDED.embedding, created_at = now()`,
    [
      owner,
      memory.kind,
      memory.ref,
      memory.kind === 'message' ? memory.sessionId : null,
      memory.kind === 'hologram' ? memory.ref : null,
      memory.text.slice(0, MEMORY_CHARS),
      toVector(embedding),
    ],
  );
}

/** The owner's `k` memories nearest to `embedding`, leaving out the refs in `exclude`. */
export async function recall(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  owner: string,
  embedding: readonly number[],
  k: number,
  exclude: readonly string[] = [],
): Promise<Recalled[]> {
  const vector = toVector(embedding);
  return db.transaction(async (tx) => {
    // The owner filter applies after the HNSW scan; iterative scans go on until enough pass.
    await tx.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
    const { rows } = await tx.query<{
      kind: MemoryKind;
      ref: string;
      text: string;
      distance: number;
    }>(
      `SELECT kind, ref::text AS ref, text, embedding <=> $2::vector AS distance
       FROM tria_memory
       WHERE owner_uid = $1 AND NOT (ref::text = ANY($3::text[]))
       ORDER BY embedding <=> $2::vector LIMIT $4`,
      [owner, vector, [...exclude], k],
    );
    return rows
      .map((r) => ({ ...r, distance: Number(r.distance) }))
      .sort((a, b) => a.distance - b.distance);
  });
}
