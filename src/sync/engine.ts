// The sync engine: uploads the queue (sync/types.ts) to the Holograms API with idempotent PUTs and
// nothing else. Pure logic: storage, HTTP, auth and time are injected, so the same code runs in
// the page, in the service worker and in Node (tests on a fake clock, the benchmark).
//
// Per hologram, oldest first: `PUT /api/v1/holograms/{id}` when its metadata changed, then each
// chunk in seq order, `audio` then `frames`, one PUT each with X-Content-SHA256. A part counts as
// uploaded only when the server answers 200/201 with the same hash (200 is a replay of a part it
// already has); only then are its local bytes dropped. Failures:
//   network error, 408/425/5xx  → wait (exponential backoff with jitter) and try again
//   429 / 503 with Retry-After  → wait as long as the server says, then try again
//   401                         → one forced token refresh, then stop: the account must sign in
//   403                         → stop (account disabled)
//   other 4xx (400/404/409/413/415/422 …) → the hologram is marked failed with the server's
//                                   reason (Retry and Delete in the UI); the others go on
// A queue belongs to the account that recorded it: a token is checked to be the owner's before
// each request, so one account's recordings never reach another account.

import { PART_CONTENT_TYPES, PART_KINDS, type PartKind } from '../../api/chunks/contract.ts';
import {
  type BackoffPolicy,
  backoffDelay,
  DEFAULT_BACKOFF,
  parseRetryAfter,
  retryAfterDelay,
} from './backoff.ts';
import { tokenUid } from './token.ts';
import {
  type Clock,
  type QueuedChunk,
  type QueuedHologram,
  realClock,
  type SyncAuth,
  type SyncFailure,
  type SyncStore,
} from './types.ts';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export type WaitReason = 'network' | 'server' | 'rate-limited';

export type SyncEvent =
  | { type: 'hologram-saved'; hologramId: string }
  | { type: 'part-confirmed'; hologramId: string; seq: number; kind: PartKind; size: number }
  | { type: 'hologram-synced'; hologramId: string }
  | { type: 'hologram-failed'; hologramId: string; failure: SyncFailure }
  | { type: 'hologram-deleted'; hologramId: string }
  | { type: 'waiting'; ms: number; reason: WaitReason; status?: number };

export type RunResult =
  /** Everything the signed-in account can upload is on the server. */
  | { outcome: 'idle'; synced: number; failed: number; otherAccount: number }
  /** A token was refused or is missing: nothing more until the user signs in again. */
  | { outcome: 'auth-required'; reason: string }
  /** The run's deadline came while waiting; try again after `afterMs`. */
  | { outcome: 'retry-later'; afterMs: number }
  | { outcome: 'aborted' };

export interface SyncEngineOptions {
  store: SyncStore;
  auth: SyncAuth;
  fetch: Fetch;
  /** Prefix of API paths, '' for the same origin. */
  apiBase?: string;
  clock?: Clock;
  /** 0 ≤ x < 1, for jitter. */
  random?: () => number;
  backoff?: BackoffPolicy;
  onEvent?: (event: SyncEvent) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Clock time (ms) by which the run must return; a wait past it ends the run. */
  deadline?: number;
}

/** Ends a run with a result. */
class Stop {
  constructor(readonly result: RunResult) {}
}

/** The server refused this hologram for good. */
class Refused {
  constructor(readonly failure: SyncFailure) {}
}

const RETRYABLE = new Set([408, 425, 429]);

/** Lets go of a body that is not needed (not awaited: a cancel may wait on the network). */
function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') {
      return { code: body.error.code, message: body.error.message };
    }
  } catch {
    // not JSON: described by the status below
  }
  return { code: `http_${res.status}`, message: `The server answered ${res.status}` };
}

function isNetworkError(err: unknown): boolean {
  if (err instanceof TypeError) return true; // fetch's network failure
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.includes('network');
}

/** Everything of this hologram is on the server. */
export function isSynced(h: QueuedHologram, chunks: readonly QueuedChunk[]): boolean {
  return (
    h.meta.complete &&
    h.syncedMetaVersion === h.metaVersion &&
    chunks.length === h.chunkCount &&
    chunks.every((c) => c.audio.confirmedAt !== null && c.frames.confirmedAt !== null)
  );
}

export class SyncEngine {
  private readonly store: SyncStore;
  private readonly auth: SyncAuth;
  private readonly fetchFn: Fetch;
  private readonly apiBase: string;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly policy: BackoffPolicy;
  private readonly emit: (event: SyncEvent) => void;
  private signal: AbortSignal = new AbortController().signal;
  private deadline: number | undefined;
  private wakeup = new AbortController();
  private requests = 0;

  constructor(opts: SyncEngineOptions) {
    this.store = opts.store;
    this.auth = opts.auth;
    this.fetchFn = opts.fetch;
    this.apiBase = (opts.apiBase ?? '').replace(/\/+$/, '');
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.policy = opts.backoff ?? DEFAULT_BACKOFF;
    this.emit = opts.onEvent ?? (() => {});
  }

  /** HTTP requests sent so far (every attempt counts). */
  get requestCount(): number {
    return this.requests;
  }

  /** Cuts the current wait short (the network came back, the user asked to sync now). */
  wake(): void {
    this.wakeup.abort();
    this.wakeup = new AbortController();
  }

  /** Uploads what the signed-in account can, until done, stopped, aborted or past `deadline`. */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    this.signal = opts.signal ?? new AbortController().signal;
    this.deadline = opts.deadline;
    try {
      const seen = new Set<string>();
      let synced = 0;
      let failed = 0;
      let otherAccount = 0;
      // New recordings may be queued during a run: passes repeat until one finds nothing new.
      for (;;) {
        const holograms = (await this.store.listHolograms())
          .filter((h) => !seen.has(h.id))
          .sort(
            (a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt) || a.id.localeCompare(b.id),
          );
        if (holograms.length === 0) break;
        for (const h of holograms) {
          seen.add(h.id);
          const state = await this.syncHologram(h);
          if (state === 'synced') synced++;
          else if (state === 'failed') failed++;
          else if (state === 'other-account') otherAccount++;
        }
      }
      return { outcome: 'idle', synced, failed, otherAccount };
    } catch (err) {
      if (err instanceof Stop) return err.result;
      throw err;
    }
  }

  private async syncHologram(
    first: QueuedHologram,
  ): Promise<'synced' | 'failed' | 'other-account' | 'deleted' | 'recording'> {
    if (first.failure) return 'failed';
    if (first.deleted && first.owner === null) {
      await this.store.deleteHologram(first.id);
      this.emit({ type: 'hologram-deleted', hologramId: first.id });
      return 'deleted';
    }
    const owner = first.owner ?? (await this.claim(first.id));
    if (owner === null || owner !== this.auth.uid) return 'other-account';
    try {
      if (first.deleted) {
        await this.deleteOnServer(owner, first);
        return 'deleted';
      }
      let uploaded = false;
      for (;;) {
        const h = await this.store.getHologram(first.id);
        if (!h || h.deleted || h.failure) return h?.failure ? 'failed' : 'deleted';
        if (h.metaVersion > h.syncedMetaVersion) {
          await this.putMeta(owner, h);
          uploaded = true;
        }
        const chunks = await this.store.listChunks(h.id);
        for (const chunk of chunks) {
          for (const kind of PART_KINDS) {
            if (chunk[kind].confirmedAt !== null) continue;
            await this.putPart(owner, chunk, kind);
            uploaded = true;
          }
        }
        const now = await this.store.getHologram(h.id);
        if (!now) return 'deleted';
        const after = await this.store.listChunks(h.id);
        if (isSynced(now, after)) {
          if (uploaded) this.emit({ type: 'hologram-synced', hologramId: h.id });
          return 'synced';
        }
        // Nothing new since this pass began: still recording; its next chunk triggers a run.
        if (after.length === chunks.length && now.metaVersion === now.syncedMetaVersion) {
          return 'recording';
        }
      }
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      await this.store.updateHologram(first.id, (x) => ({ ...x, failure: err.failure }));
      this.emit({ type: 'hologram-failed', hologramId: first.id, failure: err.failure });
      return 'failed';
    }
  }

  /** Gives an unowned hologram to the signed-in account (signing in anonymously if needed). */
  private async claim(id: string): Promise<string | null> {
    let uid = this.auth.uid;
    if (uid === null) {
      const token = await this.withRetries(() => this.auth.getIdToken({ signInAnonymously: true }));
      uid = token === null ? null : tokenUid(token);
      if (uid === null) throw new Stop({ outcome: 'auth-required', reason: 'signed_out' });
    }
    const claimed = uid;
    const h = await this.store.updateHologram(id, (x) =>
      x.owner === null ? { ...x, owner: claimed } : x,
    );
    return h?.owner ?? null;
  }

  private async putMeta(owner: string, h: QueuedHologram): Promise<void> {
    const version = h.metaVersion;
    const res = await this.request(owner, `/api/v1/holograms/${h.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(h.meta),
    });
    discard(res);
    await this.store.updateHologram(h.id, (x) => ({
      ...x,
      syncedMetaVersion: Math.max(x.syncedMetaVersion, version),
    }));
    this.emit({ type: 'hologram-saved', hologramId: h.id });
  }

  private async putPart(owner: string, chunk: QueuedChunk, kind: PartKind): Promise<void> {
    const part = chunk[kind];
    const where = { seq: chunk.seq, kind };
    const bytes = await this.store.readPart(chunk.hologramId, chunk.seq, kind);
    if (!bytes) {
      throw new Refused({
        status: 0,
        code: 'local_bytes_missing',
        message: 'The recorded bytes of this part are missing on this device',
        ...where,
        at: this.clock.now(),
      });
    }
    const res = await this.request(
      owner,
      `/api/v1/holograms/${chunk.hologramId}/chunks/${chunk.seq}/${kind}`,
      {
        method: 'PUT',
        headers: { 'Content-Type': PART_CONTENT_TYPES[kind], 'X-Content-SHA256': part.sha256 },
        body: bytes as Uint8Array<ArrayBuffer>,
      },
      where,
    );
    const stored = (await res.json().catch(() => null)) as { sha256?: unknown; size?: unknown };
    if (stored?.sha256 !== part.sha256 || stored.size !== part.size) {
      throw new Refused({
        status: res.status,
        code: 'server_hash_mismatch',
        message: 'The server confirmed other bytes than the ones recorded here',
        ...where,
        at: this.clock.now(),
      });
    }
    await this.store.confirmPart(chunk.hologramId, chunk.seq, kind, this.clock.now());
    this.emit({ type: 'part-confirmed', hologramId: chunk.hologramId, ...where, size: part.size });
  }

  private async deleteOnServer(owner: string, h: QueuedHologram): Promise<void> {
    const chunks = await this.store.listChunks(h.id);
    const uploaded =
      h.syncedMetaVersion > 0 ||
      chunks.some((c) => c.audio.confirmedAt !== null || c.frames.confirmedAt !== null);
    if (uploaded) {
      try {
        discard(await this.request(owner, `/api/v1/holograms/${h.id}`, { method: 'DELETE' }));
      } catch (err) {
        // Already gone on the server (deleted from another device) is what was asked for.
        if (!(err instanceof Refused && err.failure.status === 404)) throw err;
      }
    }
    await this.store.deleteHologram(h.id);
    this.emit({ type: 'hologram-deleted', hologramId: h.id });
  }

  /** A token of `owner`, or a stop: a token of anyone else is never used for owner's queue. */
  private async token(owner: string, forceRefresh: boolean): Promise<string> {
    let token: string | null;
    try {
      token = await this.auth.getIdToken(forceRefresh ? { forceRefresh: true } : {});
    } catch (err) {
      if (isNetworkError(err)) throw err;
      throw new Stop({ outcome: 'auth-required', reason: 'token_unavailable' });
    }
    if (token === null) throw new Stop({ outcome: 'auth-required', reason: 'signed_out' });
    if (tokenUid(token) !== owner) {
      throw new Stop({ outcome: 'auth-required', reason: 'account_changed' });
    }
    return token;
  }

  /** Sends one request until it succeeds, retrying what may pass later (see the header). */
  private async request(
    owner: string,
    path: string,
    init: RequestInit,
    where: { seq?: number; kind?: PartKind } = {},
  ): Promise<Response> {
    let failures = 0;
    let forceRefresh = false;
    let refreshed = false;
    for (;;) {
      this.throwIfAborted();
      let res: Response;
      try {
        const token = await this.token(owner, forceRefresh);
        forceRefresh = false;
        this.requests++;
        res = await this.fetchFn(`${this.apiBase}${path}`, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            Authorization: `Bearer ${token}`,
          },
          signal: this.signal,
        });
      } catch (err) {
        if (err instanceof Stop) throw err;
        this.throwIfAborted();
        if (!isNetworkError(err)) throw err;
        failures++;
        await this.wait(backoffDelay(failures, this.random, this.policy), 'network');
        continue;
      }
      if (res.ok) return res;
      if (res.status === 401 || res.status === 403) {
        const { code } = await errorOf(res);
        if (res.status === 401 && !refreshed) {
          refreshed = true;
          forceRefresh = true;
          continue;
        }
        throw new Stop({ outcome: 'auth-required', reason: code });
      }
      if (RETRYABLE.has(res.status) || res.status >= 500) {
        failures++;
        const asked = parseRetryAfter(res.headers.get('retry-after'), this.clock.now());
        discard(res);
        const ms =
          asked === null
            ? backoffDelay(failures, this.random, this.policy)
            : retryAfterDelay(asked, this.random, this.policy);
        await this.wait(ms, res.status === 429 ? 'rate-limited' : 'server', res.status);
        continue;
      }
      const { code, message } = await errorOf(res);
      throw new Refused({ status: res.status, code, message, ...where, at: this.clock.now() });
    }
  }

  /** Retries `fn` while it fails with network errors (anonymous sign-in offline). */
  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    let failures = 0;
    for (;;) {
      this.throwIfAborted();
      try {
        return await fn();
      } catch (err) {
        if (!isNetworkError(err)) {
          throw new Stop({ outcome: 'auth-required', reason: 'sign_in_failed' });
        }
        failures++;
        await this.wait(backoffDelay(failures, this.random, this.policy), 'network');
      }
    }
  }

  private async wait(ms: number, reason: WaitReason, status?: number): Promise<void> {
    if (this.deadline !== undefined && this.clock.now() + ms > this.deadline) {
      throw new Stop({ outcome: 'retry-later', afterMs: ms });
    }
    this.emit({ type: 'waiting', ms, reason, ...(status === undefined ? {} : { status }) });
    await this.clock.sleep(ms, AbortSignal.any([this.signal, this.wakeup.signal]));
    this.throwIfAborted();
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw new Stop({ outcome: 'aborted' });
  }
}
