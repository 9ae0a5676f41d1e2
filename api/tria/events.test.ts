import { describe, expect, it } from 'vitest';
import { formatSse, parseSse, type TriaEvent } from './events.ts';

describe('chat events on the wire', () => {
  const events: TriaEvent[] = [
    {
      event: 'session',
      data: {
        sessionId: '0b7a3c1e-2f4d-4a59-8c61-5d2e9f0a7b13',
        userMessageId: '5d2e9f0a-7b13-4a59-8c61-0b7a3c1e2f4d',
      },
    },
    { event: 'delta', data: { text: 'Line one\nline two: «ля4»\n\n' } },
    { event: 'tool', data: { name: 'describe_hologram', status: 'start' } },
    { event: 'action', data: { action: { type: 'rotate', yawDeg: -45, pitchDeg: 0 } } },
    { event: 'error', data: { code: 'tria_timeout', message: 'Трия слишком долго отвечала.' } },
    { event: 'done', data: { messageId: 'a2b0…', engine: 'mistral' } },
  ];

  it('formats each event as one event line and one JSON data line', () => {
    expect(formatSse(events[1] as TriaEvent)).toBe(
      'event: delta\ndata: {"text":"Line one\\nline two: «ля4»\\n\\n"}\n\n',
    );
  });

  it('parses what it formats, in order', () => {
    expect(parseSse(events.map(formatSse).join(''))).toEqual(events);
  });

  it('reads CRLF line ends, comments, data split over lines, and skips unnamed events', () => {
    const body =
      ': keep-alive\r\n\r\nevent: delta\r\ndata: {"text":\r\ndata: "hi"}\r\n\r\ndata: {"x":1}\r\n\r\n';
    expect(parseSse(body)).toEqual([{ event: 'delta', data: { text: 'hi' } }]);
  });
});
