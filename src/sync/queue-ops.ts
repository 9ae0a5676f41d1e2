// What the user (and the recorder) do to the queue besides recording: retry a failed hologram and
// delete one. Pure over the SyncStore, so Node tests run them on the memory store.
import type { SyncStore } from './types.ts';

/** Clears a failure; the hologram is sent again from its metadata on (a 404 re-creates it). */
export async function retryHologram(store: SyncStore, id: string): Promise<void> {
  await store.updateHologram(id, (h) => ({ ...h, failure: null, syncedMetaVersion: 0 }));
}

/**
 * Deletes a hologram: at once when the server has nothing of it; otherwise it is marked deleted
 * and the sync engine deletes it on the server first (the owner's account, when it is online),
 * then here. Returns true when it is gone already.
 */
export async function deleteHologram(store: SyncStore, id: string): Promise<boolean> {
  const h = await store.getHologram(id);
  if (!h) return true;
  const chunks = await store.listChunks(id);
  const onServer =
    h.syncedMetaVersion > 0 ||
    chunks.some((c) => c.audio.confirmedAt !== null || c.frames.confirmedAt !== null);
  if (!onServer) {
    await store.deleteHologram(id);
    return true;
  }
  await store.updateHologram(id, (x) => ({ ...x, deleted: true, failure: null }));
  return false;
}
