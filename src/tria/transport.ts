// How the chat talks to Tria on the server: `POST /api/v1/tria/chat` with the user's Firebase ID
// token, answered by a `text/event-stream` of session/delta/tool/action/error/done events, and
// `GET /api/v1/tria/sessions/{id}/messages` for the stored conversation. Every way this can fail
// becomes a TriaTransportError the chat can show and fall back from. The token source and fetch
// are injected, so the tests drive it against a real HTTP server in Node.
import { apiUrl } from '../app/api-url.ts';
import { decodeTriaEvent, TriaProtocolError, type TriaServerEvent } from './events.ts';
import type { ServerMessage } from './history.ts';
import { readSse } from './sse.ts';

export interface TriaChatRequest {
  /** The server's conversation, from an earlier `session` event; absent for a new one. */
  readonly sessionId?: string;
  readonly message: string;
  readonly lang: 'ru' | 'en';
  /** Whether the app is recording (the server's local engine answers start/stop by it). */
  readonly recording?: boolean;
}

/** The signed-in user's Firebase ID token, or null when nobody is signed in. */
export type GetIdToken = () => Promise<string | null>;

/**
 * - `signed-out`: no token, the server was not asked;
 * - `network`: no answer, or the stream broke off before `done`;
 * - `timeout`: nothing arrived for `idleTimeoutMs`;
 * - `http`: the server answered with an error status (`code` is its JSON error code);
 * - `protocol`: the answer was not the documented stream.
 */
export type TriaFailure = 'signed-out' | 'network' | 'timeout' | 'http' | 'protocol';

export class TriaTransportError extends Error {
  override name = 'TriaTransportError';
  constructor(
    readonly kind: TriaFailure,
    /** The server's error code for `http`, otherwise a fixed code naming the failure. */
    readonly code: string,
    message: string,
    /** The HTTP status, for `http`. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface TriaTransportOptions {
  readonly getIdToken: GetIdToken;
  readonly fetch?: typeof fetch;
  /** The endpoint; `/api/v1/tria/chat` on the API's origin by default. */
  readonly url?: string;
  /** The sessions collection; `/api/v1/tria/sessions` on the API's origin by default. */
  readonly sessionsUrl?: string;
  /** How long the stream may stay silent (no bytes, heartbeats count) before it is abandoned. */
  readonly idleTimeoutMs?: number;
}

/** Default for `idleTimeoutMs`: Mistral with tool calls can think for a while between events. */
export const IDLE_TIMEOUT_MS = 30_000;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

async function httpError(res: Response): Promise<TriaTransportError> {
  let code = `http_${res.status}`;
  let message = `the server answered ${res.status}`;
  try {
    const body: unknown = await res.json();
    const error = isRecord(body) ? body.error : undefined;
    if (isRecord(error) && typeof error.code === 'string') {
      code = error.code;
      if (typeof error.message === 'string') message = error.message;
    }
  } catch {
    // Not the JSON error shape (a proxy's HTML page, say): the status says enough.
  }
  return new TriaTransportError('http', code, message, res.status);
}

const ROLES: ReadonlySet<unknown> = new Set(['user', 'assistant', 'tool']);
const textOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';

/** One stored message as the API documents it, or null. */
function parseServerMessage(x: unknown): ServerMessage | null {
  if (!isRecord(x)) return null;
  const { id, role, content, engine, errorCode, createdAt } = x;
  if (typeof id !== 'string' || typeof content !== 'string' || typeof createdAt !== 'string') {
    return null;
  }
  if (!ROLES.has(role) || !textOrNull(engine) || !textOrNull(errorCode)) return null;
  return { id, role: role as ServerMessage['role'], content, engine, errorCode, createdAt };
}

export class TriaTransport {
  private readonly fetch: typeof fetch;
  private readonly url: string;
  private readonly sessionsUrl: string;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: TriaTransportOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.url = options.url ?? apiUrl('/api/v1/tria/chat');
    this.sessionsUrl = options.sessionsUrl ?? apiUrl('/api/v1/tria/sessions');
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  }

  /**
   * Sends one message and yields the reply's events up to and including `done`. Throws a
   * TriaTransportError on failure; an abort through `signal` rethrows the AbortError as is.
   */
  async *chat(request: TriaChatRequest, signal?: AbortSignal): AsyncGenerator<TriaServerEvent> {
    const token = await this.token();

    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, this.idleTimeoutMs);
    };
    const failure = (err: unknown): unknown => {
      if (err instanceof TriaTransportError) return err;
      if (timedOut) {
        return new TriaTransportError('timeout', 'timeout', 'the server stopped answering');
      }
      if (signal?.aborted) return err;
      if (err instanceof TriaProtocolError) {
        return new TriaTransportError('protocol', 'bad_stream', err.message);
      }
      return new TriaTransportError(
        'network',
        'unreachable',
        err instanceof Error ? err.message : String(err),
      );
    };

    try {
      touch();
      const res = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'text/event-stream',
        },
        body: JSON.stringify(request),
        signal: abort.signal,
      });
      if (!res.ok) throw await httpError(res);
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || !res.body) {
        throw new TriaTransportError(
          'protocol',
          'bad_stream',
          `expected an event stream, got "${type}"`,
        );
      }
      const watched = res.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            touch();
            controller.enqueue(chunk);
          },
        }),
      );
      for await (const sse of readSse(watched)) {
        const event = decodeTriaEvent(sse);
        if (!event) continue;
        yield event;
        if (event.type === 'done') return;
      }
      throw new TriaTransportError(
        'network',
        'stream_interrupted',
        'the reply stopped before it was finished',
      );
    } catch (err) {
      throw failure(err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      abort.abort();
    }
  }

  /**
   * The stored messages of the signed-in user's session `sessionId`, oldest first (tool rows
   * included). Throws a TriaTransportError on failure (`http` 404: no such session of theirs).
   */
  async messages(sessionId: string, signal?: AbortSignal): Promise<ServerMessage[]> {
    const token = await this.token();
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.idleTimeoutMs);
    try {
      const url = `${this.sessionsUrl}/${encodeURIComponent(sessionId)}/messages`;
      const res = await this.fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: abort.signal,
      });
      if (!res.ok) throw await httpError(res);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new TriaTransportError('protocol', 'bad_messages', 'the messages are not JSON');
      }
      const items = isRecord(body) && Array.isArray(body.items) ? body.items : null;
      const parsed = items?.map(parseServerMessage) ?? [null];
      if (parsed.some((m) => m === null)) {
        throw new TriaTransportError('protocol', 'bad_messages', 'the messages are malformed');
      }
      return parsed as ServerMessage[];
    } catch (err) {
      if (err instanceof TriaTransportError) throw err;
      if (timedOut) throw new TriaTransportError('timeout', 'timeout', 'the server did not answer');
      if (signal?.aborted) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new TriaTransportError('network', 'unreachable', reason);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The ID token, or a TriaTransportError: `signed-out`, or `network` when none can be had. */
  private async token(): Promise<string> {
    let token: string | null;
    try {
      token = await this.options.getIdToken();
    } catch (err) {
      // Signed in, but no fresh token could be had (the auth service is unreachable).
      const reason = err instanceof Error ? err.message : String(err);
      throw new TriaTransportError('network', 'token_unavailable', reason);
    }
    if (!token) throw new TriaTransportError('signed-out', 'signed_out', 'nobody is signed in');
    return token;
  }
}
