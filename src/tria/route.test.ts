import { describe, expect, it } from 'vitest';
import { recognise } from '../../workers/tria/intents.ts';
import { failureOutcome, LIVE_INTENTS, localReason, STORED_DATA_INTENTS } from './route.ts';
import { TriaTransportError } from './transport.ts';

const online = { online: true, serverHasKey: true };

describe('localReason: which engine answers', () => {
  it('answers questions about the live state locally even when the server could', () => {
    for (const phrase of [
      'какая нота сейчас звучит?',
      'what note is playing now?',
      'поверни вид вправо',
      'zoom in',
      'reset the view',
      'начни запись',
      'stop recording',
    ]) {
      const { intent } = recognise(phrase);
      expect(LIVE_INTENTS.has(intent), phrase).toBe(true);
      expect(localReason({ intent, ...online }), phrase).toBe('live-state');
    }
  });

  it('sends everything else to the server when online and the server has a key', () => {
    for (const phrase of [
      'describe my last hologram',
      'найди похожие голограммы',
      'what can you do?',
      'как управлять жестами?',
      'tell me a joke',
    ]) {
      expect(localReason({ intent: recognise(phrase).intent, ...online }), phrase).toBeNull();
    }
  });

  it('answers locally offline', () => {
    const intent = recognise('describe my last hologram').intent;
    expect(localReason({ intent, online: false, serverHasKey: true })).toBe('offline');
  });

  it('with a server without a key, asks it only about the stored holograms', () => {
    const noKey = { online: true, serverHasKey: false };
    for (const phrase of ['describe my last hologram', 'найди похожие голограммы']) {
      const intent = recognise(phrase).intent;
      expect(STORED_DATA_INTENTS.has(intent), phrase).toBe(true);
      expect(localReason({ intent, ...noKey }), phrase).toBeNull();
    }
    for (const phrase of ['what can you do?', 'как управлять жестами?', 'tell me a joke']) {
      expect(localReason({ intent: recognise(phrase).intent, ...noKey }), phrase).toBe(
        'no-server-key',
      );
    }
  });
});

describe('failureOutcome: what the chat says when the server could not answer', () => {
  const http = (status: number, code: string) =>
    new TriaTransportError('http', code, 'failed', status);

  it('falls back silently when nobody is signed in', () => {
    expect(failureOutcome(new TriaTransportError('signed-out', 'signed_out', 'x'))).toEqual({
      silent: true,
    });
  });

  it('names the failure and keeps its code', () => {
    const cases: Array<
      [TriaTransportError | { type: 'error'; code: string; message: string }, string]
    > = [
      [new TriaTransportError('network', 'unreachable', 'x'), 'unreachable'],
      [new TriaTransportError('timeout', 'timeout', 'x'), 'timeout'],
      [new TriaTransportError('protocol', 'bad_stream', 'x'), 'bad-reply'],
      [http(429, 'rate_limited'), 'rate-limited'],
      [http(401, 'unauthenticated'), 'session-expired'],
      [http(403, 'forbidden'), 'session-expired'],
      [http(500, 'internal'), 'server-error'],
      [http(502, 'http_502'), 'server-error'],
      [{ type: 'error', code: 'tria_rate_limited', message: 'slow down' }, 'rate-limited'],
      [{ type: 'error', code: 'tria_timeout', message: 'Mistral timed out' }, 'timeout'],
      [{ type: 'error', code: 'tria_unavailable', message: 'no model' }, 'server-error'],
      [{ type: 'error', code: 'tria_failed', message: 'failed' }, 'server-error'],
    ];
    for (const [failure, notice] of cases) {
      expect(failureOutcome(failure)).toEqual({ silent: false, notice, code: failure.code });
    }
  });
});
