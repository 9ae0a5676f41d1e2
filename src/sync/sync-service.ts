// The page's one queue and sync runner, wired to the real things: the IndexedDB store, fetch, the
// app's auth client, Web Locks, Background Sync, and the page's events (online, visible again,
// a periodic tick, a change of account, a message from the service worker). The shell starts it;
// the recorder writes into its store and triggers it after every chunk.
import { apiUrl } from '../app/api-url.ts';
import { authClient } from '../auth/auth-client.ts';
import { finalizeAbandoned } from '../recording/recorder.ts';
import { SyncEngine } from './engine.ts';
import { IdbSyncStore } from './idb-store.ts';
import { SYNC_MESSAGE, SYNC_TAG, SyncRunner, TICK_MS } from './runner.ts';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

async function registerBackgroundSync(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const sync = (
    registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined
  )?.sync;
  await sync?.register(SYNC_TAG);
}

export const queueStore = new IdbSyncStore();

let runner: SyncRunner | null = null;

/** Starts syncing (once per page) and returns the runner. */
export function startSync(): SyncRunner {
  if (runner) return runner;
  const engine = new SyncEngine({
    store: queueStore,
    auth: authClient,
    fetch: (url, init) => fetch(url, init),
    apiBase: apiUrl(''),
    onEvent: (event) => started.handleEvent(event),
  });
  const started = new SyncRunner(engine, {
    locks: navigator.locks,
    online: () => navigator.onLine,
    registerBackgroundSync,
  });
  runner = started;
  const trigger = () => started.trigger();
  window.addEventListener('online', trigger);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') trigger();
  });
  setInterval(trigger, TICK_MS);
  authClient.onChange(trigger);
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: unknown } | null)?.type === SYNC_MESSAGE) trigger();
  });
  // Recordings cut off by a reload or crash are closed first, so their final metadata goes too.
  void finalizeAbandoned(queueStore, navigator.locks).finally(trigger);
  return started;
}
