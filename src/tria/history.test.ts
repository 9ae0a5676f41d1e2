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
  parseHistory,
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
