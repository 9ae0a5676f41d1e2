import { describe, expect, it } from 'vitest';
import {
  appendMessage,
  type ChatHistory,
  type ChatMessage,
  EMPTY_HISTORY,
  HISTORY_KEY,
  type HistoryStorage,
  loadHistory,
  MAX_MESSAGES,
  markStored,
  mergeServerMessages,
  parseHistory,
  type ServerMessage,
  saveHistory,
  updateReply,
} from './history.ts';

const user = (id: string, text = 'hi'): ChatMessage => ({ id, role: 'user', text, at: 1 });
const reply: ChatMessage = {
  id: 'r',
  role: 'tria',
  text: 'Now playing A4',
  at: 2,
  lang: 'en',
  via: 'device',
  engine: 'local',
  state: 'done',
};
const notice: ChatMessage = { id: 'n', role: 'notice', at: 3, notice: 'unreachable', code: 'x' };

function memoryStorage(): HistoryStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('chat history', () => {
  it('round-trips through storage', () => {
    const storage = memoryStorage();
    const history: ChatHistory = { sessionId: 's-1', messages: [user('u'), reply, notice] };
    expect(saveHistory(storage, history)).toBe(true);
    expect(storage.map.has(HISTORY_KEY)).toBe(true);
    expect(loadHistory(storage)).toEqual(history);
  });

  it('starts empty when nothing or garbage is stored', () => {
    expect(parseHistory(null)).toEqual(EMPTY_HISTORY);
    expect(parseHistory('{not json')).toEqual(EMPTY_HISTORY);
    expect(parseHistory('[]')).toEqual(EMPTY_HISTORY);
    expect(parseHistory('{"messages":"no"}')).toEqual(EMPTY_HISTORY);
  });

  it('drops only the malformed messages, and an empty session id', () => {
    const raw = JSON.stringify({
      sessionId: '',
      messages: [
        user('a'),
        { id: 'b', role: 'user', at: 1 },
        { ...reply, id: 'c', lang: 'de' },
        { ...reply, id: 'c2', via: 'cloud' },
        { id: 'd', role: 'notice', at: 1, notice: 'made-up', code: 'x' },
        { id: '', role: 'user', text: 'no id', at: 1 },
        { id: 'e', role: 'user', text: 'no time', at: Number.NaN },
        { id: 'f', role: 'robot', text: 'who', at: 1 },
        reply,
        notice,
      ],
    });
    expect(parseHistory(raw)).toEqual({ sessionId: null, messages: [user('a'), reply, notice] });
  });

  it('marks a reply that was still streaming when the page went away as interrupted', () => {
    const raw = JSON.stringify({ sessionId: 's', messages: [{ ...reply, state: 'streaming' }] });
    expect(parseHistory(raw).messages).toEqual([{ ...reply, state: 'interrupted' }]);
  });

  it('keeps the newest MAX_MESSAGES messages', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < MAX_MESSAGES + 5; i++) history = appendMessage(history, user(`m${i}`));
    expect(history.messages).toHaveLength(MAX_MESSAGES);
    expect(history.messages[0]?.id).toBe('m5');
    expect(history.messages.at(-1)?.id).toBe(`m${MAX_MESSAGES + 4}`);
    const stored = JSON.stringify({ messages: [user('x'), ...history.messages] });
    expect(parseHistory(stored).messages[0]?.id).toBe('m5');
  });

  it('updates only the named reply of Tria', () => {
    const history: ChatHistory = { sessionId: null, messages: [user('r'), reply] };
    const updated = updateReply(history, 'r', { text: 'changed', state: 'interrupted' });
    expect(updated.messages[0]).toEqual(user('r'));
    expect(updated.messages[1]).toEqual({ ...reply, text: 'changed', state: 'interrupted' });
    expect(updateReply(history, 'missing', { text: 'x' })).toEqual(history);
  });

  it('reports a storage that refuses to write (quota, private mode)', () => {
    const full: HistoryStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(saveHistory(full, { sessionId: null, messages: [user('a')] })).toBe(false);
  });
});

describe('the server id of stored messages', () => {
  it('is set on the named user or Tria message only, and survives storage', () => {
    const history: ChatHistory = { sessionId: 's', messages: [user('u'), reply, notice] };
    const stored = markStored(
      markStored(markStored(history, 'u', 'srv-u'), 'r', 'srv-r'),
      'n',
      'x',
    );
    expect(stored.messages).toEqual([
      { ...user('u'), serverId: 'srv-u' },
      { ...reply, serverId: 'srv-r' },
      notice,
    ]);
    expect(parseHistory(JSON.stringify(stored))).toEqual(stored);
    const odd = JSON.stringify({
      messages: [
        { ...user('v'), serverId: 7 },
        { ...reply, serverId: '' },
      ],
    });
    expect(parseHistory(odd).messages).toEqual([user('v'), reply]);
  });
});

describe('mergeServerMessages', () => {
  const T0 = Date.parse('2025-11-23T10:00:00.000Z');
  const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
  const row = (
    id: string,
    role: ServerMessage['role'],
    content: string,
    s: number,
    extra: Partial<ServerMessage> = {},
  ): ServerMessage => ({
    id,
    role,
    content,
    engine: role === 'assistant' ? 'mistral' : null,
    errorCode: null,
    createdAt: iso(s),
    ...extra,
  });
  const asked = (id: string, text: string, s: number, serverId?: string): ChatMessage => ({
    id,
    role: 'user',
    text,
    at: T0 + s * 1000,
    ...(serverId ? { serverId } : {}),
  });
  const answered = (
    id: string,
    text: string,
    s: number,
    extra: Partial<Extract<ChatMessage, { role: 'tria' }>> = {},
  ): ChatMessage => ({
    id,
    role: 'tria',
    text,
    at: T0 + s * 1000,
    lang: 'en',
    via: 'server',
    engine: 'mistral',
    state: 'done',
    ...extra,
  });
  const ids = (h: ChatHistory) => h.messages.map((m) => m.id);

  const server = [
    row('u1', 'user', 'Describe my last hologram', 0),
    row('t1', 'tool', '{"id":"h-1"}', 1),
    row('a1', 'assistant', '“Morning”: 2.5 s.', 2),
    row('u2', 'user', 'Find similar holograms', 10),
    row('a2', 'assistant', 'Closest to “Morning”: “Noon” (0.12).', 11),
  ];

  it('adds nothing the device has, however often it runs', () => {
    const local: ChatHistory = {
      sessionId: 's',
      messages: [
        asked('l1', 'Describe my last hologram', 0, 'u1'),
        answered('l2', '“Morning”: 2.5 s.', 2, { serverId: 'a1' }),
        asked('l3', 'Rotate the view right', 5),
        answered('l4', 'Rotating right by 30°.', 5, { via: 'device', engine: 'local' }),
        asked('l5', 'Find similar holograms', 10, 'u2'),
        answered('l6', 'Closest to “Morning”: “Noon” (0.12).', 11, { serverId: 'a2' }),
      ],
    };
    expect(mergeServerMessages(local, server, 'en')).toEqual(local);
  });

  it('fills in a device history that lost the session, oldest first, without tool rows', () => {
    const merged = mergeServerMessages({ sessionId: 's', messages: [] }, server, 'ru');
    expect(merged.messages).toEqual([
      { id: 'server:u1', role: 'user', text: 'Describe my last hologram', at: T0, serverId: 'u1' },
      {
        id: 'server:a1',
        role: 'tria',
        text: '“Morning”: 2.5 s.',
        at: T0 + 2000,
        lang: 'en',
        via: 'server',
        engine: 'mistral',
        state: 'done',
        serverId: 'a1',
      },
      asked('server:u2', 'Find similar holograms', 10, 'u2'),
      answered('server:a2', 'Closest to “Morning”: “Noon” (0.12).', 11, { serverId: 'a2' }),
    ]);
    expect(mergeServerMessages(merged, server, 'ru')).toEqual(merged);
  });

  it('completes a reply whose stream broke off, and the user message that never learnt its id', () => {
    const local: ChatHistory = {
      sessionId: 's',
      messages: [
        asked('l1', 'Describe my last hologram', 0, 'u1'),
        answered('l2', '“Morning”: 2.5 s.', 2, { serverId: 'a1' }),
        asked('l3', 'Find similar holograms', 10),
        answered('l4', 'Closest to', 11, { state: 'interrupted', engine: '' }),
        { id: 'l5', role: 'notice', at: T0 + 12_000, notice: 'unreachable', code: 'x' },
        answered('l6', 'Looking for holograms…', 12, { via: 'device', engine: 'local' }),
      ],
    };
    const merged = mergeServerMessages(local, server, 'en');
    expect(ids(merged)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5', 'l6']);
    expect(merged.messages[2]).toEqual(asked('l3', 'Find similar holograms', 10, 'u2'));
    expect(merged.messages[3]).toEqual(
      answered('l4', 'Closest to “Morning”: “Noon” (0.12).', 11, { serverId: 'a2' }),
    );
    expect(mergeServerMessages(merged, server, 'en')).toEqual(merged);
  });

  it('places what only the server has among the device’s own messages by time', () => {
    const local: ChatHistory = {
      sessionId: 's',
      messages: [
        asked('l1', 'Describe my last hologram', 0, 'u1'),
        answered('l2', '“Morning”: 2.5 s.', 2, { serverId: 'a1' }),
        asked('l3', 'Zoom in', 5),
        answered('l4', 'Zooming in ×1.25.', 5, { via: 'device', engine: 'local' }),
        asked('l5', 'What note is playing now?', 20),
        answered('l6', 'Now playing A4.', 20, { via: 'device', engine: 'local' }),
      ],
    };
    const merged = mergeServerMessages(local, server, 'en');
    expect(ids(merged)).toEqual(['l1', 'l2', 'l3', 'l4', 'server:u2', 'server:a2', 'l5', 'l6']);
  });

  it('shows a failed reply as cut off, guesses its language, and hides one with no text', () => {
    const failed = [
      row('u1', 'user', 'опиши мою последнюю голограмму', 0),
      row('a1', 'assistant', 'Смотрю на вашу', 1, { errorCode: 'tria_timeout' }),
      row('u2', 'user', 'найди похожие', 5),
      row('a2', 'assistant', '', 6, { errorCode: 'tria_unavailable' }),
    ];
    const merged = mergeServerMessages(EMPTY_HISTORY, failed, 'en');
    expect(merged.messages.map((m) => m.role)).toEqual(['user', 'tria', 'user']);
    expect(merged.messages[1]).toMatchObject({ lang: 'ru', state: 'interrupted', serverId: 'a1' });
  });

  it('keeps the newest MAX_MESSAGES', () => {
    const many = Array.from({ length: MAX_MESSAGES + 10 }, (_, i) =>
      row(`u${i}`, 'user', `message ${i}`, i),
    );
    const merged = mergeServerMessages({ sessionId: 's', messages: [] }, many, 'en');
    expect(merged.messages).toHaveLength(MAX_MESSAGES);
    expect(merged.messages[0]?.id).toBe('server:u10');
  });
});
