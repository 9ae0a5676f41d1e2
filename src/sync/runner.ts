// Decides when the sync engine runs in a page: when a chunk is queued, when the network comes back,
// when the page becomes visible, when the account changes, when the service worker's Background
// Sync asks, and on a periodic tick. One runner at a time across tabs and the service worker: a
// run holds the Web Lock `holo-sync`; another tab's run waits for it.
// Where the browser has Background Sync, a sync is registered whenever work is queued, so the
// service worker finishes it even after the page is closed (sw-sync.ts).
import type { RunResult, SyncEngine, SyncEvent } from './engine.ts';

export const SYNC_LOCK = 'holo-sync';
export const SYNC_TAG = 'holo-sync';
/** What the service worker posts to its pages to ask one of them to sync. */
export const SYNC_MESSAGE = 'holo-sync-run';
/** How often an idle page looks at the queue anyway (items of other accounts, missed events). */
export const TICK_MS = 60_000;

export type RunnerStatus =
  | { kind: 'idle'; last: RunResult | null }
  | { kind: 'running' }
  | { kind: 'waiting'; ms: number; reason: SyncEvent & { type: 'waiting' } };

export interface RunnerEnv {
  locks?: LockManager;
  online: () => boolean;
  /** Registers a Background Sync; absent where the browser has none. */
  registerBackgroundSync?: () => Promise<void>;
}

export class SyncRunner {
  private running = false;
  private again = false;
  private readonly controller = new AbortController();
  private status: RunnerStatus = { kind: 'idle', last: null };
  private readonly listeners = new Set<(status: RunnerStatus) => void>();

  constructor(
    private readonly engine: SyncEngine,
    private readonly env: RunnerEnv,
  ) {}

  get current(): RunnerStatus {
    return this.status;
  }

  /** Follows status changes; returns the unsubscribe function. */
  onStatus(cb: (status: RunnerStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Feeds the engine's events in (wire SyncEngine's onEvent here). */
  handleEvent(event: SyncEvent): void {
    if (event.type === 'waiting') this.setStatus({ kind: 'waiting', ms: event.ms, reason: event });
    else if (this.running) this.setStatus({ kind: 'running' });
  }

  /** Something may be uploadable now: run (or, if running, cut a backoff wait short). */
  trigger(): void {
    void this.env.registerBackgroundSync?.().catch(() => {});
    if (!this.env.online()) return;
    if (this.running) {
      this.again = true;
      this.engine.wake();
      return;
    }
    void this.loop();
  }

  /** Stops for good (the page is going away). */
  dispose(): void {
    this.controller.abort();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      const body = async (): Promise<void> => {
        this.setStatus({ kind: 'running' });
        let last: RunResult | null = null;
        do {
          this.again = false;
          last = await this.engine.run({ signal: this.controller.signal });
        } while (this.again && last.outcome === 'idle' && this.env.online());
        this.setStatus({ kind: 'idle', last });
      };
      const locks = this.env.locks;
      if (!locks) {
        await body();
        return;
      }
      // Aborted while waiting for another context's run: nothing to do.
      await locks.request(SYNC_LOCK, { signal: this.controller.signal }, body).catch(() => {});
    } finally {
      this.running = false;
    }
  }

  private setStatus(status: RunnerStatus): void {
    this.status = status;
    for (const cb of this.listeners) cb(status);
  }
}
