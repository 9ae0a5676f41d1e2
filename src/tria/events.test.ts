import { describe, expect, it } from 'vitest';
import { decodeTriaEvent, TriaProtocolError } from './events.ts';

const ev = (event: string, data: string) => ({ event, data, id: '' });

describe('decodeTriaEvent', () => {
  it('decodes every documented event', () => {
    expect(decodeTriaEvent(ev('session', '{"sessionId":"s-1"}'))).toEqual({
      type: 'session',
      sessionId: 's-1',
    });
    expect(decodeTriaEvent(ev('session', '{"sessionId":"s-1","userMessageId":"m-0"}'))).toEqual({
      type: 'session',
      sessionId: 's-1',
      userMessageId: 'm-0',
    });
    expect(decodeTriaEvent(ev('delta', '{"text":"ля"}'))).toEqual({ type: 'delta', text: 'ля' });
    expect(decodeTriaEvent(ev('tool', '{"name":"search_holograms","status":"running"}'))).toEqual({
      type: 'tool',
      name: 'search_holograms',
      status: 'running',
    });
    expect(decodeTriaEvent(ev('action', '{"action":{"type":"zoom","factor":2}}'))).toEqual({
      type: 'action',
      action: { type: 'zoom', factor: 2 },
    });
    expect(decodeTriaEvent(ev('error', '{"code":"llm_timeout","message":"slow"}'))).toEqual({
      type: 'error',
      code: 'llm_timeout',
      message: 'slow',
    });
    expect(decodeTriaEvent(ev('done', '{"messageId":"m-1","engine":"mistral"}'))).toEqual({
      type: 'done',
      messageId: 'm-1',
      engine: 'mistral',
    });
  });

  it('skips events this client does not know', () => {
    expect(decodeTriaEvent(ev('message', '{"text":"x"}'))).toBeNull();
    expect(decodeTriaEvent(ev('ping', 'not even json'))).toBeNull();
  });

  it('refuses known events without their documented shape', () => {
    for (const [name, data] of [
      ['delta', 'not json'],
      ['delta', '["text"]'],
      ['delta', '{"text":5}'],
      ['session', '{}'],
      ['session', '{"sessionId":"s","userMessageId":7}'],
      ['action', '{"type":"zoom"}'],
      ['done', '{"messageId":"m"}'],
      ['error', '{"code":"x"}'],
    ] as const) {
      expect(() => decodeTriaEvent(ev(name, data)), `${name} ${data}`).toThrow(TriaProtocolError);
    }
  });
});
