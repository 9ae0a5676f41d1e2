// Which engine answers a message, and what the chat says when the server could not. Questions
// about the live state (the note playing now, the view, recording) are answered in the browser
// at once: only it knows that state. Everything else goes to the server when the browser is
// online and someone is signed in. A server without a Mistral key answers with the same local
// engine (its `done` says `engine: 'local'`); from then on only the intents that need the
// user's stored holograms go to it. Offline, signed out or on failure the local engine answers.
// Pure.
import type { TriaIntent } from '../../workers/tria/intents.ts';
import type { TriaServerEvent } from './events.ts';
import type { TriaTransportError } from './transport.ts';

/** Intents the browser answers itself: they need the live frame, the scene or the recorder. */
export const LIVE_INTENTS: ReadonlySet<TriaIntent> = new Set<TriaIntent>([
  'current-note',
  'view',
  'start-recording',
  'stop-recording',
]);

/** Intents answered from the user's holograms, which only the server has. */
export const STORED_DATA_INTENTS: ReadonlySet<TriaIntent> = new Set<TriaIntent>([
  'describe-last',
  'find-similar',
]);

/** Why the local engine answers without asking the server. */
export type LocalReason = 'live-state' | 'offline' | 'no-server-key';

export interface RouteInput {
  readonly intent: TriaIntent;
  /** `navigator.onLine`. */
  readonly online: boolean;
  /** False once the server answered with its local engine: it has no key (this page's lifetime). */
  readonly serverHasKey: boolean;
}

/** The reason to answer locally, or null to ask the server (which needs a signed-in user). */
export function localReason({ intent, online, serverHasKey }: RouteInput): LocalReason | null {
  if (LIVE_INTENTS.has(intent)) return 'live-state';
  if (!online) return 'offline';
  if (!serverHasKey && !STORED_DATA_INTENTS.has(intent)) return 'no-server-key';
  return null;
}

/** What the chat shows when the server could not answer (the local engine answers after it). */
export type TriaNotice =
  | 'unreachable'
  | 'timeout'
  | 'rate-limited'
  | 'session-expired'
  | 'server-error'
  | 'bad-reply';

/**
 * How a failed server request is handled: `silent` falls back without a notice (nobody signed
 * in: the expected path), otherwise the notice is shown before the local answer.
 */
export type FailureOutcome =
  | { readonly silent: true }
  | { readonly silent: false; readonly notice: TriaNotice; readonly code: string };

/** The server's `error` event codes (api/tria/chat.ts) and the notice each one shows. */
const EVENT_NOTICES: Readonly<Record<string, TriaNotice>> = {
  tria_rate_limited: 'rate-limited',
  tria_timeout: 'timeout',
};

/** The outcome of a transport failure or of an `error` event in the stream. */
export function failureOutcome(
  failure: TriaTransportError | Extract<TriaServerEvent, { type: 'error' }>,
): FailureOutcome {
  const notice = (n: TriaNotice): FailureOutcome => ({
    silent: false,
    notice: n,
    code: failure.code,
  });
  if ('type' in failure) return notice(EVENT_NOTICES[failure.code] ?? 'server-error');
  switch (failure.kind) {
    case 'signed-out':
      return { silent: true };
    case 'network':
      return notice('unreachable');
    case 'timeout':
      return notice('timeout');
    case 'protocol':
      return notice('bad-reply');
    case 'http':
      if (failure.status === 429) return notice('rate-limited');
      if (failure.status === 401 || failure.status === 403) return notice('session-expired');
      return notice('server-error');
  }
}
