// Keeps the device's custom gestures (gesture-store.ts) and the account's gesture definitions
// (`/api/v1/gestures`, docs/API.md) the same. Pure decisions first, tested in Node:
//
// - pull: the server's changes after the bucket's cursor; a clean local copy takes the server's
//   state (or goes, for a tombstone); a dirty one is a conflict, and the later edit wins
//   (editedAt; a tie goes to the server). A losing local edit is dropped; a winning one stays
//   dirty, rebased onto the server's version so its push applies.
// - push: every dirty record, as PUT or DELETE conditional on the version it is based on
//   (`If-Match`, or `If-None-Match: *` for one the server never had). 412 means the server
//   moved meanwhile: the next round pulls that change and decides again.
//
// The runner (`syncGestures`) only carries these out, with an injected `fetch` and ID token, and
// never sends one account's bucket with another account's token.
import type {
  GestureChanges,
  GestureDefinition,
  GestureDefinitionInput,
} from '../../api/gestures/contract.ts';
import { tokenUid } from '../sync/token.ts';
import {
  fromRemote,
  type GestureSyncStore,
  type LocalGesture,
  type StoreWrite,
} from './gesture-store.ts';

// ---------------------------------------------------------------------------------------------
// Pure decisions

/** True when both say the same: both deleted, or the same name, samples and action. */
export function sameContent(local: LocalGesture, remote: GestureDefinition): boolean {
  if (local.deleted || remote.deleted) return local.deleted && remote.deleted;
  return (
    local.name === remote.name &&
    local.action === remote.action &&
    JSON.stringify(local.samples) === JSON.stringify(remote.samples)
  );
}

/** True when the local edit wins over the server's state (the later edit wins; ties: server). */
export function localWins(local: LocalGesture, remote: GestureDefinition): boolean {
  return Date.parse(local.editedAt) > Date.parse(remote.editedAt);
}

export interface MergeDecision {
  write: StoreWrite | null;
  /** A dirty local record met a server change it was not based on. */
  conflict: boolean;
}

/** What one change from the server does to the local record with its id. */
export function mergeRemote(
  local: LocalGesture | undefined,
  remote: GestureDefinition,
): MergeDecision {
  if (!local) {
    return {
      write: remote.deleted
        ? null
        : { id: remote.id, expect: null, next: fromRemote(remote), rebase: null },
      conflict: false,
    };
  }
  // Already based on this version (our own push coming back) or a newer one.
  if (local.version !== null && local.version >= remote.version)
    return { write: null, conflict: false };
  const base = { id: local.id, expect: local.editedAt, rebase: remote.version };
  // A dirty copy that already says what the server says (a push whose answer was lost) agrees.
  const conflict = local.dirty && !sameContent(local, remote);
  if (conflict && localWins(local, remote)) {
    return { write: { ...base, next: { ...local, version: remote.version } }, conflict };
  }
  return { write: { ...base, next: remote.deleted ? null : fromRemote(remote) }, conflict };
}

export type PushOp =
  /** Deleted here and never on the server: just forget it. */
  | { kind: 'forget'; local: LocalGesture }
  | { kind: 'delete'; local: LocalGesture; ifMatch: number }
  | { kind: 'put'; local: LocalGesture; ifMatch: number | null; body: GestureDefinitionInput };

/** The requests that send the dirty records, in a stable order. */
export function planPush(gestures: readonly LocalGesture[]): PushOp[] {
  return gestures
    .filter((g) => g.dirty)
    .sort((a, b) => a.editedAt.localeCompare(b.editedAt) || a.id.localeCompare(b.id))
    .map((local): PushOp => {
      if (local.deleted) {
        return local.version === null
          ? { kind: 'forget', local }
          : { kind: 'delete', local, ifMatch: local.version };
      }
      const { name, samples, action, editedAt } = local;
      return {
        kind: 'put',
        local,
        ifMatch: local.version,
        body: { name, samples, action, editedAt },
      };
    });
}

/** How the server answered one push request. */
export type PushOutcome =
  /** PUT stored (or already had) this definition. */
  | { kind: 'stored'; remote: GestureDefinition }
  /** DELETE made a tombstone at this version (null when the ETag was missing). */
  | { kind: 'deleted'; version: number | null }
  /** 404: a DELETE found nothing live, or a PUT's If-Match found no definition at all. */
  | { kind: 'missing' }
  /** 412: the server's version moved on. */
  | { kind: 'conflict' };

/** The local write after a push request (null: nothing to write, the next round decides). */
export function afterPush(op: PushOp, outcome: PushOutcome | null): StoreWrite | null {
  const { local } = op;
  const write = (next: LocalGesture | null, rebase: number | null): StoreWrite => ({
    id: local.id,
    expect: local.editedAt,
    next,
    rebase,
  });
  if (op.kind === 'forget') return write(null, null);
  if (!outcome || outcome.kind === 'conflict') return null;
  if (op.kind === 'delete') {
    return outcome.kind === 'deleted' ? write(null, outcome.version) : write(null, null);
  }
  if (outcome.kind === 'stored') return write(fromRemote(outcome.remote), outcome.remote.version);
  // The server has no such definition at all: send it again as a new one.
  return outcome.kind === 'missing' ? write({ ...local, version: null }, null) : null;
}

// ---------------------------------------------------------------------------------------------
// The runner

export interface GestureSyncDeps {
  store: GestureSyncStore;
  /** The bucket to sync: the signed-in account's Firebase uid. */
  bucket: string;
  fetch: typeof fetch;
  /** The current user's ID token (null: nobody signed in); forceRefresh after a 401. */
  getIdToken: (opts?: { forceRefresh?: boolean }) => Promise<string | null>;
  /** Where the API lives ('' for the same origin; src/app/api-url.ts). */
  baseUrl?: string;
  /** Pull/push rounds at most (conflicts need a second); default 3. */
  maxRounds?: number;
}

export interface GestureSyncReport {
  /** Why nothing was sent: nobody signed in, or the token is another account's. */
  skipped: 'signed-out' | 'other-account' | null;
  /** Server changes that changed a local record. */
  pulled: number;
  /** Definitions the server stored. */
  pushed: number;
  /** Deletions the server confirmed. */
  deleted: number;
  conflicts: number;
  rounds: number;
  /** Records the server refused for good (400, 409 …): left dirty here, the others still sync. */
  refused: Array<{ id: string; status: number; code: string; message: string }>;
}

/** A request the API refused or that did not reach it; `retryAfter` in seconds, if given. */
export class GestureSyncError extends Error {
  override name = 'GestureSyncError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

async function refusal(res: Response): Promise<GestureSyncError> {
  let code = 'http_error';
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not the JSON error shape: keep the status line
  }
  const retry = Number(res.headers.get('Retry-After'));
  return new GestureSyncError(
    res.status,
    code,
    message,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

/**
 * Pulls, then pushes, until nothing conflicts (or `maxRounds`). Throws GestureSyncError when the
 * API cannot be reached or asks to come back later; run one at a time per store and bucket.
 */
export async function syncGestures(deps: GestureSyncDeps): Promise<GestureSyncReport> {
  const report: GestureSyncReport = {
    skipped: null,
    pulled: 0,
    pushed: 0,
    deleted: 0,
    conflicts: 0,
    rounds: 0,
    refused: [],
  };
  const base = (deps.baseUrl ?? '').replace(/\/+$/, '');
  let token = await deps.getIdToken();
  if (!token) return { ...report, skipped: 'signed-out' };
  if (tokenUid(token) !== deps.bucket) return { ...report, skipped: 'other-account' };

  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const send = async () => {
      try {
        return await deps.fetch(`${base}${path}`, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            Authorization: `Bearer ${token}`,
          },
        });
      } catch (err) {
        throw new GestureSyncError(0, 'network', err instanceof Error ? err.message : String(err));
      }
    };
    let res = await send();
    if (res.status === 401) {
      const fresh = await deps.getIdToken({ forceRefresh: true });
      if (fresh && tokenUid(fresh) === deps.bucket) {
        token = fresh;
        res = await send();
      }
    }
    return res;
  };

  const pull = async () => {
    for (;;) {
      const { gestures, cursor } = await deps.store.snapshot(deps.bucket);
      const query = cursor ? `?updatedSince=${encodeURIComponent(cursor)}` : '';
      const res = await request(`/api/v1/gestures${query}`);
      if (!res.ok) throw await refusal(res);
      const page = (await res.json()) as GestureChanges;
      const local = new Map(gestures.map((g) => [g.id, g]));
      const writes: StoreWrite[] = [];
      for (const remote of page.items) {
        const { write, conflict } = mergeRemote(local.get(remote.id), remote);
        if (write) writes.push(write);
        if (conflict) report.conflicts++;
      }
      await deps.store.commit(deps.bucket, writes, page.cursor);
      report.pulled += writes.length;
      if (!page.hasMore) return;
    }
  };

  const send = async (op: PushOp): Promise<PushOutcome | null> => {
    if (op.kind === 'forget') return null;
    const path = `/api/v1/gestures/${op.local.id}`;
    const res =
      op.kind === 'delete'
        ? await request(`${path}?editedAt=${encodeURIComponent(op.local.editedAt)}`, {
            method: 'DELETE',
            headers: { 'If-Match': `"${op.ifMatch}"` },
          })
        : await request(path, {
            method: 'PUT',
            headers: {
              'Content-Type': 'application/json',
              ...(op.ifMatch === null
                ? { 'If-None-Match': '*' }
                : { 'If-Match': `"${op.ifMatch}"` }),
            },
            body: JSON.stringify(op.body),
          });
    if (res.status === 412) return { kind: 'conflict' };
    if (res.status === 404) return { kind: 'missing' };
    if (!res.ok) {
      const error = await refusal(res);
      // Worth retrying later (auth, rate limit, server or network trouble): stop here.
      if (res.status < 400 || res.status >= 500 || [401, 403, 408, 429].includes(res.status))
        throw error;
      report.refused.push({
        id: op.local.id,
        status: error.status,
        code: error.code,
        message: error.message,
      });
      return null;
    }
    if (op.kind === 'delete') {
      report.deleted++;
      const version = /^"(\d+)"$/.exec(res.headers.get('ETag') ?? '')?.[1];
      return { kind: 'deleted', version: version === undefined ? null : Number(version) };
    }
    report.pushed++;
    return { kind: 'stored', remote: (await res.json()) as GestureDefinition };
  };

  const maxRounds = deps.maxRounds ?? 3;
  while (report.rounds < maxRounds) {
    report.rounds++;
    await pull();
    const ops = planPush((await deps.store.snapshot(deps.bucket)).gestures);
    let conflicted = false;
    for (const op of ops) {
      const outcome = await send(op);
      // A conflict, or a definition to send again as new: another round settles it.
      if (outcome?.kind === 'conflict' || (outcome?.kind === 'missing' && op.kind === 'put'))
        conflicted = true;
      const write = afterPush(op, outcome);
      if (write) await deps.store.commit(deps.bucket, [write]);
    }
    if (!conflicted) break;
  }
  return report;
}
