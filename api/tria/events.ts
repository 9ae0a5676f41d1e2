// The events of `POST /api/v1/tria/chat` (text/event-stream): each is `event: <name>` with one
// JSON `data:` line. The browser's <tria-chat> reads exactly these; parseSse is the reader the
// tests use and any client may. Pure: no Node or DOM APIs.
import type { TriaAction } from '../../workers/tria/actions.ts';

export type TriaEngine = 'mistral' | 'local';

export interface TriaEventMap {
  /** First event: the session the exchange is stored in, and the stored user message's id. */
  session: { sessionId: string; userMessageId: string };
  /** Reply text, in order; the reply is their concatenation. */
  delta: { text: string };
  /** A tool call of the Mistral path starting, finished or failed. */
  tool: { name: string; status: 'start' | 'done' | 'error' };
  /** A scene action for the client to carry out (already checked with isTriaAction). */
  action: { action: TriaAction };
  /** The reply failed; `message` is in the user's language. A `done` follows when stored. */
  error: { code: string; message: string };
  /** Last event: the stored assistant message and the engine that answered. */
  done: { messageId: string; engine: TriaEngine };
}

export type TriaEventName = keyof TriaEventMap;

export type TriaEvent = {
  [K in TriaEventName]: { event: K; data: TriaEventMap[K] };
}[TriaEventName];

/** Something that takes events in order (the SSE stream, or a test's array). */
export type EmitEvent = (event: TriaEvent) => Promise<void>;

/** The wire form of one event. */
export function formatSse(e: TriaEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/**
 * Parses a complete text/event-stream body into events (blank-line separated blocks; `data:`
 * lines joined with newlines; comments and unnamed events skipped). Data that is not JSON throws.
 */
export function parseSse(body: string): TriaEvent[] {
  const out: TriaEvent[] = [];
  for (const block of body.split(/\r\n\r\n|\n\n|\r\r/)) {
    let name: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (name === undefined || data.length === 0) continue;
    out.push({ event: name, data: JSON.parse(data.join('\n')) } as TriaEvent);
  }
  return out;
}
