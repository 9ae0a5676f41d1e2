// The conversation as the chat shows it, kept on the device (localStorage) so it survives a
// reload and is there offline; the server keeps its own copy for signed-in users (its session
// id is stored here too). Parsing is forgiving: a malformed entry is dropped, not the whole
// history. Pure apart from the injected storage.
import type { TriaNotice } from './route.ts';

export type ChatMessage =
  | {
      readonly id: string;
      readonly role: 'user';
      readonly text: string;
      /** ms since the epoch. */
      readonly at: number;
    }
  | {
      readonly id: string;
      readonly role: 'tria';
      readonly text: string;
      readonly at: number;
      readonly lang: 'ru' | 'en';
      /** Who answered: this browser, or the API. */
      readonly via: 'device' | 'server';
      /** The engine: `local` or what the server's `done` named (e.g. `mistral`); '' until then. */
      readonly engine: string;
      /** `streaming` while text arrives; `interrupted` when the stream broke off. */
      readonly state: 'streaming' | 'done' | 'interrupted';
    }
  | {
      readonly id: string;
      readonly role: 'notice';
      readonly at: number;
      /** Why the server could not answer. */
      readonly notice: TriaNotice;
      /** The error code behind it, shown for support. */
      readonly code: string;
    };

export type TriaMessage = Extract<ChatMessage, { role: 'tria' }>;

export interface ChatHistory {
  /** The server's conversation id, once the server has answered. */
  readonly sessionId: string | null;
  readonly messages: readonly ChatMessage[];
}

/** The localStorage key of the history. */
export const HISTORY_KEY = 'holo.tria.history.v1';
/** Older messages are dropped beyond this many. */
export const MAX_MESSAGES = 200;

export const EMPTY_HISTORY: ChatHistory = { sessionId: null, messages: [] };

const NOTICES: readonly TriaNotice[] = [
  'unreachable',
  'timeout',
  'rate-limited',
  'session-expired',
  'server-error',
  'bad-reply',
];

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string';

function parseMessage(x: unknown): ChatMessage | null {
  if (!isRecord(x) || !isText(x.id) || x.id === '') return null;
  const at = x.at;
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  const { id } = x;
  switch (x.role) {
    case 'user':
      return isText(x.text) ? { id, role: 'user', text: x.text, at } : null;
    case 'tria': {
      if (!isText(x.text) || !isText(x.engine)) return null;
      if (x.via !== 'device' && x.via !== 'server') return null;
      if (x.lang !== 'ru' && x.lang !== 'en') return null;
      if (x.state !== 'streaming' && x.state !== 'done' && x.state !== 'interrupted') return null;
      // A reply still streaming when the page went away will never finish.
      const state = x.state === 'streaming' ? 'interrupted' : x.state;
      const { lang, via, engine } = x;
      return { id, role: 'tria', text: x.text, at, lang, via, engine, state };
    }
    case 'notice': {
      const notice = NOTICES.find((n) => n === x.notice);
      return notice && isText(x.code) ? { id, role: 'notice', at, notice, code: x.code } : null;
    }
    default:
      return null;
  }
}

/** The history stored as `raw` (JSON), keeping every well-formed message; empty when unreadable. */
export function parseHistory(raw: string | null): ChatHistory {
  if (raw === null) return EMPTY_HISTORY;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return EMPTY_HISTORY;
  }
  if (!isRecord(data) || !Array.isArray(data.messages)) return EMPTY_HISTORY;
  const sessionId = isText(data.sessionId) && data.sessionId !== '' ? data.sessionId : null;
  const messages = data.messages.flatMap((m) => parseMessage(m) ?? []);
  return { sessionId, messages: messages.slice(-MAX_MESSAGES) };
}

/** `history` with `message` added at the end, the oldest dropped beyond MAX_MESSAGES. */
export function appendMessage(history: ChatHistory, message: ChatMessage): ChatHistory {
  return { ...history, messages: [...history.messages, message].slice(-MAX_MESSAGES) };
}

/** `history` with Tria's message `id` changed by `patch` (unchanged when there is none). */
export function updateReply(
  history: ChatHistory,
  id: string,
  patch: Partial<Pick<TriaMessage, 'text' | 'engine' | 'state' | 'lang'>>,
): ChatHistory {
  return {
    ...history,
    messages: history.messages.map((m) =>
      m.id === id && m.role === 'tria' ? { ...m, ...patch } : m,
    ),
  };
}

/** The subset of `Storage` the history uses. */
export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function loadHistory(storage: HistoryStorage): ChatHistory {
  return parseHistory(storage.getItem(HISTORY_KEY));
}

/** Stores `history`; false when storage refused it (full, or disabled). */
export function saveHistory(storage: HistoryStorage, history: ChatHistory): boolean {
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify(history));
    return true;
  } catch {
    return false;
  }
}
