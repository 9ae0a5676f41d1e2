// Whether there is room to record: checked with navigator.storage.estimate() before a recording
// starts and after every chunk is written. A recording stops safely (the chunk in progress is
// written) while there is still room for that last chunk, rather than failing in the middle of a
// write. Pure: the recorder passes the browser's estimate in.

/** Free space needed to start a recording: a minute or so of chunks and their frames. */
export const START_RESERVE_BYTES = 16 * 1024 * 1024;
/** Kept free at all times beyond the chunks still to come (IndexedDB's own overhead). */
export const SAFETY_BYTES = 4 * 1024 * 1024;

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** Free bytes, or null when the browser does not say. */
export function freeBytes(estimate: StorageEstimateLike): number | null {
  if (estimate.quota === undefined || estimate.usage === undefined) return null;
  return Math.max(0, estimate.quota - estimate.usage);
}

/** Before recording: is there room to start? Unknown counts as yes (writes still catch it). */
export function canStart(estimate: StorageEstimateLike): boolean {
  const free = freeBytes(estimate);
  return free === null || free >= START_RESERVE_BYTES;
}

/**
 * After a chunk of `lastChunkBytes` was written: is there room for two more such chunks (the one
 * being recorded and the next) plus the safety margin? When not, stop now: the chunk in
 * progress still fits.
 */
export function canContinue(estimate: StorageEstimateLike, lastChunkBytes: number): boolean {
  const free = freeBytes(estimate);
  return free === null || free >= 2 * lastChunkBytes + SAFETY_BYTES;
}

/** Whether an error thrown by a write means the storage is full. */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError';
}
