// The server side of "My holograms": list every page of `GET /api/v1/holograms`, rename with
// `PUT /api/v1/holograms/{id}` (the whole record, new title), delete with `DELETE`. Tokens come
// from the auth client; a 401 is retried once with a refreshed token.
import { apiUrl } from '../app/api-url.ts';
import type { ServerHologram } from './model.ts';

/** Where tokens come from (src/auth/auth-client.ts). */
export interface TokenSource {
  getIdToken(opts?: { forceRefresh?: boolean }): Promise<string | null>;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** The server refused or failed; `code` and `message` are from its JSON error when it sent one. */
export class HologramsApiError extends Error {
  override name = 'HologramsApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Nobody is signed in, so there is nothing on the server to show or change. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
}

const PAGE = 100;

async function failure(res: Response): Promise<HologramsApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown };
  } | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : `http_${res.status}`;
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : `The server answered ${res.status}`;
  return new HologramsApiError(res.status, code, message);
}

export class HologramsApi {
  constructor(
    private readonly tokens: TokenSource,
    private readonly fetchFn: Fetch = (url, init) => fetch(url, init),
  ) {}

  /** Every hologram of the signed-in account, newest first; [] when nobody is signed in. */
  async list(): Promise<ServerHologram[]> {
    const all: ServerHologram[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const res = await this.send(`/api/v1/holograms?${query}`, { method: 'GET' }, false);
      if (!res) return [];
      const page = (await res.json()) as { items: ServerHologram[]; nextCursor: string | null };
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** Gives a server hologram a new title; answers the updated record. */
  async rename(hologram: ServerHologram, title: string): Promise<ServerHologram> {
    const body = {
      title,
      createdAt: hologram.createdAt,
      durationMs: hologram.durationMs,
      sampleRate: hologram.sampleRate,
      channels: hologram.channels,
      complete: hologram.complete,
    };
    const res = await this.send(
      `/api/v1/holograms/${encodeURIComponent(hologram.id)}`,
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
      true,
    );
    return (await (res as Response).json()) as ServerHologram;
  }

  /** Deletes a hologram on the server; one that is already gone counts as deleted. */
  async remove(id: string): Promise<void> {
    try {
      const res = await this.send(
        `/api/v1/holograms/${encodeURIComponent(id)}`,
        { method: 'DELETE' },
        true,
      );
      await res?.body?.cancel();
    } catch (err) {
      if (err instanceof HologramsApiError && err.status === 404) return;
      throw err;
    }
  }

  /** Sends with a bearer token; null when nobody is signed in and `required` is false. */
  private async send(path: string, init: RequestInit, required: boolean): Promise<Response | null> {
    for (const forceRefresh of [false, true]) {
      const token = await this.tokens.getIdToken({ forceRefresh });
      if (!token) {
        if (required) throw new SignedOutError('Sign in to change holograms on the server');
        return null;
      }
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      headers.set('Accept', 'application/json');
      const res = await this.fetchFn(apiUrl(path), { ...init, headers, cache: 'no-store' });
      if (res.ok) return res;
      if (res.status === 401 && !forceRefresh) {
        await res.body?.cancel();
        continue;
      }
      throw await failure(res);
    }
    throw new HologramsApiError(401, 'unauthorized', 'The ID token was refused');
  }
}
