// The owner's side of sharing: read, make and revoke a hologram's link through
// /api/v1/holograms/{id}/share, and a queue (in localStorage) for what was asked while offline
// or before the hologram reached the server, carried out by `flush()` when the device is online.
// Fetch and storage are injected, so it runs in Node against the real API in tests.
import { apiUrl } from '../app/api-url.ts';

/** Where ID tokens come from (the app's auth client). */
export interface TokenSource {
  getIdToken(opts?: { forceRefresh?: boolean }): Promise<string | null>;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ShareLink {
  token: string;
  hologramId: string;
  createdAt: string;
  /** `/h/{token}` */
  path: string;
}

export type ShareAction = 'create' | 'revoke';

export interface QueuedShare {
  hologramId: string;
  action: ShareAction;
  /** ms since epoch */
  queuedAt: number;
}

export const SHARE_QUEUE_KEY = 'holograms.share-queue';

/** Why an action could not be done now: `retry` ones stay queued. */
export class ShareError extends Error {
  override name = 'ShareError';
  constructor(
    readonly reason: 'offline' | 'signed-out' | 'not-uploaded' | 'server' | 'refused',
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }

  /** Whether trying again later may succeed. */
  get retry(): boolean {
    return this.reason !== 'refused';
  }
}

/** The queue in `store`; an unreadable queue reads as empty. */
export function readQueue(store: KeyValueStore): QueuedShare[] {
  try {
    const parsed = JSON.parse(store.getItem(SHARE_QUEUE_KEY) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (q): q is QueuedShare =>
        typeof q === 'object' &&
        q !== null &&
        typeof (q as QueuedShare).hologramId === 'string' &&
        ((q as QueuedShare).action === 'create' || (q as QueuedShare).action === 'revoke') &&
        typeof (q as QueuedShare).queuedAt === 'number',
    );
  } catch {
    return [];
  }
}

function writeQueue(store: KeyValueStore, queue: QueuedShare[]): void {
  store.setItem(SHARE_QUEUE_KEY, JSON.stringify(queue));
}

/** Queues an action; the latest wish for a hologram replaces an earlier one. */
export function enqueue(store: KeyValueStore, item: QueuedShare): QueuedShare[] {
  const queue = readQueue(store).filter((q) => q.hologramId !== item.hologramId);
  queue.push(item);
  writeQueue(store, queue);
  return queue;
}

export function dequeue(store: KeyValueStore, hologramId: string): void {
  writeQueue(
    store,
    readQueue(store).filter((q) => q.hologramId !== hologramId),
  );
}

export function queued(store: KeyValueStore, hologramId: string): QueuedShare | null {
  return readQueue(store).find((q) => q.hologramId === hologramId) ?? null;
}

export interface FlushResult {
  hologramId: string;
  action: ShareAction;
  link: ShareLink | null;
  error: ShareError | null;
}

export class ShareClient {
  private flushing: Promise<FlushResult[]> | null = null;

  constructor(
    readonly tokens: TokenSource,
    private readonly store: KeyValueStore,
    private readonly fetchFn: Fetch = (url, init) => fetch(url, init),
    private readonly online: () => boolean = () => globalThis.navigator?.onLine ?? true,
  ) {}

  /** The active link, or null when the hologram is not shared. */
  async get(hologramId: string): Promise<ShareLink | null> {
    const res = await this.send(hologramId, 'GET');
    if (res.status === 204) return null;
    if (res.status === 404) {
      throw new ShareError('not-uploaded', 'The hologram is not on the server yet', 404);
    }
    return (await res.json()) as ShareLink;
  }

  /** Makes (or returns) the link now; offline or not yet uploaded, queues it and throws. */
  create(hologramId: string): Promise<ShareLink> {
    return this.act(hologramId, 'create') as Promise<ShareLink>;
  }

  /** Revokes the link now; offline, queues it and throws. */
  async revoke(hologramId: string): Promise<void> {
    await this.act(hologramId, 'revoke');
  }

  /**
   * Carries out the queued actions, oldest first; what still cannot be done stays queued. A flush
   * asked while one runs (the app's reconnect handler and an open panel) joins it rather than
   * sending every request again.
   */
  flush(): Promise<FlushResult[]> {
    this.flushing ??= this.flushQueue().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushQueue(): Promise<FlushResult[]> {
    const results: FlushResult[] = [];
    for (const item of readQueue(this.store)) {
      try {
        const link = await this.run(item.hologramId, item.action);
        dequeue(this.store, item.hologramId);
        results.push({ ...item, link, error: null });
      } catch (err) {
        const error = err instanceof ShareError ? err : new ShareError('offline', String(err));
        if (!error.retry) dequeue(this.store, item.hologramId);
        results.push({ ...item, link: null, error });
      }
    }
    return results;
  }

  private async act(hologramId: string, action: ShareAction): Promise<ShareLink | null> {
    try {
      const result = await this.run(hologramId, action);
      dequeue(this.store, hologramId);
      return result;
    } catch (err) {
      const error = err instanceof ShareError ? err : new ShareError('offline', String(err));
      if (error.retry && error.reason !== 'signed-out') {
        enqueue(this.store, { hologramId, action, queuedAt: Date.now() });
      }
      throw error;
    }
  }

  private async run(hologramId: string, action: ShareAction): Promise<ShareLink | null> {
    const res = await this.send(hologramId, action === 'create' ? 'PUT' : 'DELETE');
    if (res.status === 404) {
      throw new ShareError('not-uploaded', 'The hologram is not on the server yet', 404);
    }
    if (action === 'revoke') return null;
    return (await res.json()) as ShareLink;
  }

  /** One request with a token, retried once with a fresh token after a 401. */
  private async send(hologramId: string, method: string): Promise<Response> {
    if (!this.online()) throw new ShareError('offline', 'The device is offline');
    const url = apiUrl(`/api/v1/holograms/${encodeURIComponent(hologramId)}/share`);
    for (const forceRefresh of [false, true]) {
      let token: string | null;
      try {
        token = await this.tokens.getIdToken({ forceRefresh });
      } catch (err) {
        throw new ShareError('offline', `No token: ${String(err)}`);
      }
      if (!token) throw new ShareError('signed-out', 'Nobody is signed in');
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(method === 'PUT' ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(method === 'PUT' ? { body: '{}' } : {}),
        });
      } catch (err) {
        throw new ShareError('offline', `The request failed: ${String(err)}`);
      }
      if (res.status === 401 && !forceRefresh) continue;
      if (res.ok || res.status === 404) return res;
      const message = (await errorMessage(res)) ?? `The server answered ${res.status}`;
      if (res.status === 401) throw new ShareError('signed-out', message, 401);
      if (res.status === 429 || res.status >= 500)
        throw new ShareError('server', message, res.status);
      throw new ShareError('refused', message, res.status);
    }
    throw new ShareError('signed-out', 'The token was refused');
  }
}

async function errorBody(res: Response): Promise<{ code?: unknown; message?: unknown } | null> {
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { error?: object } | null;
  return (body?.error as { code?: unknown; message?: unknown } | undefined) ?? null;
}

async function errorMessage(res: Response): Promise<string | null> {
  const e = await errorBody(res);
  return typeof e?.message === 'string' ? e.message : null;
}
