// Joins the custom gesture parts to the signed-in account: which bucket of the gesture store is
// live (the account's uid, or ANONYMOUS_BUCKET while nobody is signed in), the classifier built
// from it (rebuilt on every change of the store, from this tab or another), and when
// gesture-sync.ts runs: at sign-in (after the gestures taught signed out are adopted into the
// account), when the device is back online, and a little after a local save or delete (any
// dirty record). A failed sync waits the server's Retry-After, or an exponential backoff with
// jitter, before it tries again. Plain module: the store, the auth client, fetch and the timers
// are given, so Node tests drive it.
import type { CustomGestureJSON } from '../../workers/gestures/custom.ts';
import type { AuthClient, AuthUser } from '../auth/auth-client.ts';
import {
  type BackoffPolicy,
  backoffDelay,
  DEFAULT_BACKOFF,
  retryAfterDelay,
} from '../sync/backoff.ts';
import {
  ANONYMOUS_BUCKET,
  type GestureStore,
  type LocalGesture,
  toCustomGestures,
} from './gesture-store.ts';
import { GestureSyncError, type GestureSyncReport, syncGestures } from './gesture-sync.ts';

/** How long after a local change the sync waits for more changes, ms. */
export const SYNC_DEBOUNCE_MS = 1500;
/** The Web Lock a sync of one bucket holds, so tabs take turns. */
export const GESTURE_SYNC_LOCK = 'holo-gestures-sync';

/** The store bucket of a user: their uid, or the no-account bucket. */
export const bucketOf = (user: Pick<AuthUser, 'uid'> | null): string =>
  user?.uid ?? ANONYMOUS_BUCKET;

/**
 * The wait after the `failures`-th failed sync in a row: the server's Retry-After when it gave
 * one (capped by the policy, with a second of jitter), otherwise exponential backoff with jitter.
 */
export function retryDelayMs(
  err: unknown,
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (err instanceof GestureSyncError && err.retryAfter !== null)
    return retryAfterDelay(err.retryAfter * 1000, random, policy);
  return backoffDelay(failures, random, policy);
}

export type GestureSyncState =
  /** Nobody is signed in: the gestures stay on this device. */
  | { kind: 'local' }
  | { kind: 'idle'; report: GestureSyncReport | null }
  | { kind: 'syncing' }
  /** The last try failed; the next one is in `ms`. */
  | { kind: 'waiting'; ms: number; error: string }
  /** Waiting for the device to come back online. */
  | { kind: 'offline' };

export interface GestureAccountSnapshot {
  bucket: string;
  /** The bucket's live gestures, by name. */
  gestures: LocalGesture[];
  /** What the hand tracker recognises; null when nothing is taught. */
  classifier: CustomGestureJSON | null;
  sync: GestureSyncState;
}

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface GestureAccountOptions {
  store: GestureStore;
  auth: Pick<AuthClient, 'user' | 'onChange' | 'getIdToken'>;
  fetch: typeof fetch;
  /** Where the API lives ('' for the same origin). */
  baseUrl?: string;
  /** Whether the device is online (default: always). */
  online?: () => boolean;
  /** Web Locks, so one tab syncs a bucket at a time; absent: no lock. */
  locks?: Pick<LockManager, 'request'>;
  timers?: Timers;
  random?: () => number;
  debounceMs?: number;
  backoff?: BackoffPolicy;
}

const byName = (a: LocalGesture, b: LocalGesture) =>
  a.name.localeCompare(b.name) || a.editedAt.localeCompare(b.editedAt);

export class GestureAccount {
  private bucketNow: string;
  private gestures: LocalGesture[] = [];
  private classifier: CustomGestureJSON | null = null;
  private syncState: GestureSyncState;
  private readonly listeners = new Set<(s: GestureAccountSnapshot) => void>();
  private readonly cleanup: Array<() => void> = [];
  private readonly timers: Timers;
  private readonly random: () => number;
  private timer: unknown = null;
  /** The pending timer waits after a failure (a local change does not move it). */
  private retrying = false;
  /** The pending timer is an immediate sync (a local change does not postpone it). */
  private urgent = false;
  /** The last failure was the network (coming back online ends its wait early). */
  private networkFailure = false;
  private failures = 0;
  private running = false;
  /** Something asked for a sync while one ran: run again after it. */
  private again = false;
  private loads = 0;
  private disposed = false;

  constructor(private readonly opts: GestureAccountOptions) {
    this.timers = opts.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
    };
    this.random = opts.random ?? Math.random;
    this.bucketNow = bucketOf(opts.auth.user);
    this.syncState = this.initialSync();
  }

  /** The bucket the teacher saves into and the classifier is built from. */
  get bucket(): string {
    return this.bucketNow;
  }

  get snapshot(): GestureAccountSnapshot {
    return {
      bucket: this.bucketNow,
      gestures: this.gestures,
      classifier: this.classifier,
      sync: this.syncState,
    };
  }

  /** Called with the new snapshot after every change; returns unsubscribe. */
  subscribe(listener: (s: GestureAccountSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Loads the current bucket and follows the store and the account from now on. */
  start(): Promise<void> {
    this.cleanup.push(
      this.opts.store.subscribe((bucket) => {
        if (bucket === this.bucketNow) void this.reload();
      }),
      this.opts.auth.onChange((user) => {
        void this.switchTo(user);
      }),
    );
    return this.reload();
  }

  /** Syncs now (the device is back online), unless the server asked to wait. */
  syncNow(): void {
    if (this.retrying && !this.networkFailure) return;
    this.schedule(0, true);
  }

  /** Syncs after a short quiet time (after a local save or delete). */
  syncSoon(): void {
    this.schedule(this.opts.debounceMs ?? SYNC_DEBOUNCE_MS, false);
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.cleanup.splice(0)) off();
    this.clearTimer();
    this.listeners.clear();
  }

  private initialSync(): GestureSyncState {
    return this.bucketNow === ANONYMOUS_BUCKET ? { kind: 'local' } : { kind: 'idle', report: null };
  }

  private async switchTo(user: AuthUser | null): Promise<void> {
    const bucket = bucketOf(user);
    if (bucket !== this.bucketNow) {
      this.bucketNow = bucket;
      this.clearTimer();
      this.failures = 0;
      this.gestures = [];
      this.classifier = null;
      this.setSync(this.initialSync());
    }
    if (user) {
      // What was taught signed out becomes the account's: it was this person, on this device.
      try {
        await this.opts.store.adopt(ANONYMOUS_BUCKET, user.uid);
      } catch (err) {
        console.warn('custom gestures: could not adopt the signed-out gestures', err);
      }
    }
    await this.reload();
    if (user && this.bucketNow === bucket) this.schedule(0, true);
  }

  private async reload(): Promise<void> {
    const bucket = this.bucketNow;
    const load = ++this.loads;
    let all: LocalGesture[];
    try {
      all = (await this.opts.store.snapshot(bucket)).gestures;
    } catch (err) {
      console.warn('custom gestures: could not read the store', err);
      return;
    }
    if (load !== this.loads || bucket !== this.bucketNow || this.disposed) return;
    this.gestures = all.filter((g) => !g.deleted).sort(byName);
    this.classifier = this.gestures.length > 0 ? toCustomGestures(this.gestures).toJSON() : null;
    this.emit();
    if (all.some((g) => g.dirty)) this.syncSoon();
  }

  /** Arms the sync timer; `now` (sign-in, online) also replaces a pending retry wait. */
  private schedule(ms: number, now: boolean): void {
    if (this.disposed || this.bucketNow === ANONYMOUS_BUCKET) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if ((this.retrying || this.urgent) && !now) return;
    this.arm(ms, false);
    this.urgent = now;
  }

  private arm(ms: number, retrying: boolean): void {
    this.clearTimer();
    this.retrying = retrying;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.retrying = false;
      this.urgent = false;
      void this.run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.retrying = false;
    this.urgent = false;
  }

  private async run(): Promise<void> {
    const bucket = this.bucketNow;
    if (this.disposed || bucket === ANONYMOUS_BUCKET) return;
    if (!(this.opts.online?.() ?? true)) {
      this.setSync({ kind: 'offline' });
      return;
    }
    this.running = true;
    this.again = false;
    this.setSync({ kind: 'syncing' });
    try {
      const sync = () =>
        syncGestures({
          store: this.opts.store,
          bucket,
          fetch: this.opts.fetch,
          getIdToken: (o) => this.opts.auth.getIdToken({ forceRefresh: o?.forceRefresh ?? false }),
          ...(this.opts.baseUrl === undefined ? {} : { baseUrl: this.opts.baseUrl }),
        });
      const report = this.opts.locks
        ? await this.opts.locks.request(`${GESTURE_SYNC_LOCK}:${bucket}`, sync)
        : await sync();
      if (bucket !== this.bucketNow || this.disposed) return;
      this.failures = 0;
      this.networkFailure = false;
      this.setSync({ kind: 'idle', report });
    } catch (err) {
      if (bucket !== this.bucketNow || this.disposed) return;
      this.failures++;
      this.networkFailure = !(err instanceof GestureSyncError) || err.status === 0;
      this.again = false;
      if (this.networkFailure && !(this.opts.online?.() ?? true)) {
        this.setSync({ kind: 'offline' });
        return;
      }
      const ms = retryDelayMs(err, this.failures, this.random, this.opts.backoff);
      this.setSync({
        kind: 'waiting',
        ms,
        error: err instanceof Error ? err.message : String(err),
      });
      this.arm(ms, true);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule(0, false);
      }
    }
  }

  private setSync(state: GestureSyncState): void {
    this.syncState = state;
    this.emit();
  }

  private emit(): void {
    const s = this.snapshot;
    for (const l of [...this.listeners]) l(s);
  }
}
