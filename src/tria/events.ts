// The events of `POST /api/v1/tria/chat`'s stream, decoded from SSE into typed values. Unknown
// event names are skipped (the server may add some); a known event whose JSON does not have its
// documented shape is a protocol error. Actions stay `unknown` here: the chat checks each with
// isTriaAction right before carrying it out. Pure.
import type { SseEvent } from './sse.ts';

export type TriaServerEvent =
  | {
      readonly type: 'session';
      readonly sessionId: string;
      /** The stored id of the user's message (absent from servers older than this field). */
      readonly userMessageId?: string;
    }
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'tool'; readonly name: string; readonly status: string }
  | { readonly type: 'action'; readonly action: unknown }
  | { readonly type: 'error'; readonly code: string; readonly message: string }
  | { readonly type: 'done'; readonly messageId: string; readonly engine: string };

/** A known event whose data is not what the protocol promises. */
export class TriaProtocolError extends Error {
  override name = 'TriaProtocolError';
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function strings<K extends string>(
  event: string,
  body: Record<string, unknown>,
  keys: readonly K[],
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = body[key];
    if (typeof value !== 'string') {
      throw new TriaProtocolError(`the "${event}" event has no string "${key}"`);
    }
    out[key] = value;
  }
  return out;
}

/** The typed event, or null for an event name this client does not know. */
export function decodeTriaEvent(e: SseEvent): TriaServerEvent | null {
  const known = ['session', 'delta', 'tool', 'action', 'error', 'done'];
  if (!known.includes(e.event)) return null;
  let body: unknown;
  try {
    body = JSON.parse(e.data);
  } catch {
    throw new TriaProtocolError(`the "${e.event}" event's data is not JSON`);
  }
  if (!isRecord(body))
    throw new TriaProtocolError(`the "${e.event}" event's data is not an object`);
  switch (e.event) {
    case 'session': {
      const { userMessageId } = body;
      if (userMessageId !== undefined && typeof userMessageId !== 'string') {
        throw new TriaProtocolError('the "session" event\'s "userMessageId" is not a string');
      }
      const session = { type: 'session' as const, ...strings(e.event, body, ['sessionId']) };
      return userMessageId === undefined ? session : { ...session, userMessageId };
    }
    case 'delta':
      return { type: 'delta', ...strings(e.event, body, ['text']) };
    case 'tool':
      return { type: 'tool', ...strings(e.event, body, ['name', 'status']) };
    case 'action':
      if (!('action' in body)) throw new TriaProtocolError('the "action" event has no "action"');
      return { type: 'action', action: body.action };
    case 'error':
      return { type: 'error', ...strings(e.event, body, ['code', 'message']) };
    default:
      return { type: 'done', ...strings(e.event, body, ['messageId', 'engine']) };
  }
}
