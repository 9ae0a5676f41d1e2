// The conversation as the chat shows it, kept on the device (localStorage) so it survives a
// reload and is there offline; the server keeps its own copy for signed-in users (its session
// id is stored here too) and merged into this one when the chat opens signed in and online
// (mergeServerMessages). Parsing is forgiving: a malformed entry is dropped, not the whole
// history. Pure apart from the injected storage.
import { detectLang } from '../../workers/tria/text.ts';
import type { TriaNotice } from './route.ts';

export type ChatMessage =
  | {
      readonly id: string;
      readonly role: 'user';
      readonly text: string;
      /** ms since the epoch. */
      readonly at: number;
      /** The server's id of this message, once it was stored there (the `session` event). */
      readonly serverId?: string;
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
      /** The server's id of this reply, once it was stored there (the `done` event). */
      readonly serverId?: string;
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
  const stored = isText(x.serverId) && x.serverId !== '' ? { serverId: x.serverId } : {};
  switch (x.role) {
    case 'user':
      return isText(x.text) ? { id, role: 'user', text: x.text, at, ...stored } : null;
    case 'tria': {
      if (!isText(x.text) || !isText(x.engine)) return null;
      if (x.via !== 'device' && x.via !== 'server') return null;
      if (x.lang !== 'ru' && x.lang !== 'en') return null;
      if (x.state !== 'streaming' && x.state !== 'done' && x.state !== 'interrupted') return null;
      // A reply still streaming when the page went away will never finish.
      const state = x.state === 'streaming' ? 'interrupted' : x.state;
      const { lang, via, engine } = x;
      return { id, role: 'tria', text: x.text, at, lang, via, engine, state, ...stored };
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

/** `history` with the user's or Tria's message `id` marked as stored on the server as `serverId`. */
export function markStored(history: ChatHistory, id: string, serverId: string): ChatHistory {
  return {
    ...history,
    messages: history.messages.map((m) =>
      m.id === id && m.role !== 'notice' ? { ...m, serverId } : m,
    ),
  };
}

/** One row of `GET /api/v1/tria/sessions/{id}/messages` (api/tria/schemas.ts), as the chat uses it. */
export interface ServerMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly engine: string | null;
  /** Set when the reply failed; its content is what was shown before. */
  readonly errorCode: string | null;
  /** ISO 8601. */
  readonly createdAt: string;
}

const serverIdOf = (m: ChatMessage): string | undefined =>
  m.role === 'notice' ? undefined : m.serverId;

/** The chat's form of a stored row (the server does not keep a reply's language: it is guessed). */
function fromServer(row: ServerMessage, lang: 'ru' | 'en'): ChatMessage {
  const base = { id: `server:${row.id}`, at: Date.parse(row.createdAt) || 0, serverId: row.id };
  if (row.role === 'user') return { ...base, role: 'user', text: row.content };
  return {
    ...base,
    role: 'tria',
    text: row.content,
    lang: detectLang(row.content, lang),
    via: 'server',
    engine: row.engine ?? '',
    state: row.errorCode ? 'interrupted' : 'done',
  };
}

/**
 * The device's history with the server's copy of its session (`rows`, oldest first) merged in,
 * each stored message shown once:
 * - a row whose id a local message carries (learnt from the stream) is that message;
 * - otherwise a local message that never learnt its id stands for it: a user message with the
 *   same text, or Tria's server reply (cut off, or dropped when the stream broke) to the user
 *   message just before; it takes the stored text and the id;
 * - any other row is added after the message of the row before it and before the next stored
 *   one, among the device's own messages there by time; tool rows and empty replies are hidden.
 * Messages only the device has (answers given here, notices) stay where they are.
 */
export function mergeServerMessages(
  history: ChatHistory,
  rows: readonly ServerMessage[],
  lang: 'ru' | 'en',
): ChatHistory {
  const shown = rows.filter((r) => r.role === 'user' || (r.role === 'assistant' && r.content));
  const inSession = new Set(shown.map((r) => r.id));
  const messages = [...history.messages];
  const at = (serverId: string) => messages.findIndex((m) => serverIdOf(m) === serverId);
  /** Index of the message that stands for the previous row; -1 before the first. */
  let anchor = -1;
  for (const row of shown) {
    const found = at(row.id);
    if (found >= 0) {
      anchor = found;
      continue;
    }
    // Local messages after the anchor that belong to no stored row of this session yet.
    let end = anchor + 1;
    while (end < messages.length && !inSession.has(serverIdOf(messages[end] as ChatMessage) ?? ''))
      end++;
    const open = messages.slice(anchor + 1, end);
    const stand = open.findIndex((m, i) => {
      if (m.role === 'notice' || m.serverId !== undefined) return false;
      if (row.role === 'user') return m.role === 'user' && m.text === row.content;
      // Tria's server reply to the user message at the anchor, before any later user message.
      return (
        m.role === 'tria' &&
        m.via === 'server' &&
        anchor >= 0 &&
        messages[anchor]?.role === 'user' &&
        !open.slice(0, i).some((o) => o.role === 'user')
      );
    });
    const stored = fromServer(row, lang);
    if (stand >= 0) {
      const index = anchor + 1 + stand;
      const local = messages[index] as ChatMessage;
      const kept = {
        id: local.id,
        at: local.at,
        ...(local.role === 'tria' ? { lang: local.lang } : {}),
      };
      messages[index] = { ...stored, ...kept } as ChatMessage;
      anchor = index;
      continue;
    }
    // Among the device's own messages there, by time (the clocks may differ a little).
    const later = open.findIndex((m) => m.at > stored.at);
    const index = anchor + 1 + (later < 0 ? open.length : later);
    messages.splice(index, 0, stored);
    anchor = index;
  }
  return { ...history, messages: messages.slice(-MAX_MESSAGES) };
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
