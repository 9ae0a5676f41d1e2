// The service worker's part of syncing (built by sw-build.ts into /sync-sw.js, which the generated
// Workbox worker loads with importScripts). On a Background Sync event for the queue: when a page
// of the app is open, it asks that page to run (the page has the live auth client and already
// shows progress); when none is, it runs the sync engine itself, signed in from Firebase's
// IndexedDB session, until done or until the time a sync event may take runs out; an unfinished
// queue rejects the event so that the browser schedules it again.
import { apiUrl } from '../app/api-url.ts';
import { FirebaseAuthClient } from '../auth/auth-client.ts';
import { loadClientConfig } from '../auth/client-config.ts';
import { SyncEngine } from './engine.ts';
import { IdbSyncStore } from './idb-store.ts';
import { SYNC_LOCK, SYNC_MESSAGE, SYNC_TAG } from './runner.ts';

/** Chromium ends a sync event after 3 minutes; the run stops waiting before that. */
const BACKGROUND_RUN_MS = 150_000;

interface SyncEventLike extends Event {
  readonly tag: string;
  waitUntil(work: Promise<unknown>): void;
}

interface ServiceWorkerScope {
  readonly clients: {
    matchAll(options: {
      type: 'window';
    }): Promise<ReadonlyArray<{ postMessage(m: unknown): void }>>;
  };
  addEventListener(type: 'sync', listener: (event: SyncEventLike) => void): void;
}

const scope = globalThis as unknown as ServiceWorkerScope;

/** The sign-in configuration for this worker's lifetime (it has no localStorage). */
const configCache = new Map<string, string>();
const configStorage = {
  getItem: (key: string) => configCache.get(key) ?? null,
  setItem: (key: string, value: string) => {
    configCache.set(key, value);
  },
};

export async function backgroundSync(): Promise<void> {
  const pages = await scope.clients.matchAll({ type: 'window' });
  if (pages.length > 0) {
    for (const page of pages) page.postMessage({ type: SYNC_MESSAGE });
    return;
  }
  const auth = new FirebaseAuthClient({ loadConfig: () => loadClientConfig(configStorage) });
  await auth.ready();
  const engine = new SyncEngine({
    store: new IdbSyncStore(),
    auth,
    fetch: (url, init) => fetch(url, init),
    apiBase: apiUrl(''),
  });
  const result = await navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, (lock) =>
    lock ? engine.run({ deadline: Date.now() + BACKGROUND_RUN_MS }) : null,
  );
  if (result?.outcome === 'retry-later') {
    throw new Error('The upload queue is not finished; Background Sync will try again');
  }
}

scope.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(backgroundSync());
});
