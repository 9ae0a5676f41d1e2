// /api/v1/tria on both backends with Auth Emulator users: the local engine answering from real
// holograms and frames uploaded through the API; the Mistral path with the real SDK against the
// Mistral double (streaming, tool calls and their results, retries on 429, failures and
// timeouts kept in the history, memory); the chat rate limit; and isolation between users.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  BACKENDS,
  type Backend,
  createHologram,
  openBackend,
} from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { type MistralDouble, startMistralDouble } from '../../e2e/harness/mistral-double.ts';
import { HologramAnalyser } from '../../workers/audio/analyser.ts';
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { sine } from '../../workers/audio/signals.ts';
import { type App, createApp } from '../app.ts';
import { DEFAULT_TRIA } from '../config.ts';
import { parseSse, type TriaEvent, type TriaEventMap, type TriaEventName } from './events.ts';
import type { TriaMessage, TriaSession } from './store.ts';

function framesOf(hz: number, seconds: number): HologramFrame[] {
  const a = new HologramAnalyser({ sampleRate: 48_000, channels: 1, fps: 30 });
  a.push(sine(hz, seconds, 48_000, 0.5));
  const out: HologramFrame[] = [];
  for (let f = a.pull(); f; f = a.pull()) out.push(structuredClone(f));
  return out;
}

const of = <K extends TriaEventName>(events: TriaEvent[], name: K): TriaEventMap[K][] =>
  events.filter((e) => e.event === name).map((e) => e.data as TriaEventMap[K]);
const text = (events: TriaEvent[]) =>
  of(events, 'delta')
    .map((d) => d.text)
    .join('');

let double: MistralDouble;
let frames440: Uint8Array;

beforeAll(async () => {
  double = await startMistralDouble();
  frames440 = encodeFrames(framesOf(440, 1), [
    { t: 200, gesture: 'open_palm', confidence: 0.9, hand: 'right' },
    { t: 400, gesture: 'open_palm', confidence: 0.8, hand: 'right' },
    { t: 600, gesture: 'fist', confidence: 0.95, hand: 'left' },
  ]);
});
afterAll(() => double.close());

describe.each(BACKENDS)('Tria on %s', (name) => {
  let b: Backend;
  /** The same backend with a Mistral key, talking to the double. */
  let mistral: App;
  const newUser = (tag: string) =>
    createUser(inject('authEmulatorHost'), `${tag}-${randomUUID()}@example.com`, `pw-${tag}-1234`);

  const call = (app: App, user: EmulatorUser, path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        Authorization: `Bearer ${user.idToken}`,
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  async function chat(app: App, user: EmulatorUser, body: Record<string, unknown>) {
    const res = await call(app, user, '/api/v1/tria/chat', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events[0]?.event).toBe('session');
    expect(events.at(-1)?.event).toBe('done');
    return events;
  }

  /** Reads the stream as it arrives, noting when each event came (ms after the request). */
  async function chatTimed(app: App, user: EmulatorUser, body: Record<string, unknown>) {
    const started = performance.now();
    const res = await call(app, user, '/api/v1/tria/chat', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const timed: Array<{ event: TriaEvent; ms: number }> = [];
    let buffer = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      buffer += decoder.decode(r.value, { stream: true });
      const end = buffer.lastIndexOf('\n\n');
      if (end < 0) continue;
      for (const event of parseSse(buffer.slice(0, end + 2))) {
        timed.push({ event, ms: performance.now() - started });
      }
      buffer = buffer.slice(end + 2);
    }
    return timed;
  }

  async function messagesOf(app: App, user: EmulatorUser, sessionId: string) {
    const res = await call(app, user, `/api/v1/tria/sessions/${sessionId}/messages`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: TriaMessage[] }).items;
  }

  async function uploadFrames(user: EmulatorUser, id: string, bytes: Uint8Array) {
    const res = await call(b.app, user, `/api/v1/holograms/${id}/chunks/0/frames`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-Content-SHA256': createHash('sha256').update(bytes).digest('hex'),
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(201);
  }

  const memoryRows = async (owner: string) =>
    (
      await b.deps.db.query<{ kind: string; ref: string; text: string }>(
        'SELECT kind, ref::text AS ref, text FROM tria_memory WHERE owner_uid = $1 ORDER BY created_at',
        [owner],
      )
    ).rows;

  beforeAll(async () => {
    b = await openBackend(name);
    mistral = createApp({
      ...b.deps,
      tria: {
        ...DEFAULT_TRIA,
        apiKey: double.apiKey,
        serverUrl: double.url,
        timeoutMs: 1_000,
        retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
      },
    });
  });
  afterAll(() => b.close());
  beforeEach(() => double.reset());

  describe('without a key: the local engine', () => {
    it('describes the last hologram from its uploaded frames, in English and Russian', async () => {
      const user = await newUser('local');
      await createHologram(b.app, user.idToken, 'Older one');
      const id = await createHologram(b.app, user.idToken, 'Concert A');
      await uploadFrames(user, id, frames440);

      const en = await chat(b.app, user, { message: 'Describe my last hologram', lang: 'en' });
      expect(text(en)).toMatch(/“Concert A”.*A4/);
      expect(of(en, 'action')).toEqual([{ action: { type: 'open-hologram', id } }]);
      expect(of(en, 'done')[0]?.engine).toBe('local');
      const sessionId = of(en, 'session')[0]?.sessionId as string;

      const ru = await chat(b.app, user, {
        sessionId,
        message: 'опиши мою последнюю голограмму',
        lang: 'ru',
      });
      expect(of(ru, 'session')[0]?.sessionId).toBe(sessionId);
      expect(text(ru)).toMatch(/«Concert A».*ля4/);

      const history = await messagesOf(b.app, user, sessionId);
      expect(history.map((m) => [m.role, m.engine])).toEqual([
        ['user', null],
        ['assistant', 'local'],
        ['user', null],
        ['assistant', 'local'],
      ]);
      expect(history[1]).toMatchObject({
        content: text(en),
        actions: [{ type: 'open-hologram', id }],
        errorCode: null,
      });
      expect(history[0]?.id).toBe(of(en, 'session')[0]?.userMessageId);
      expect(history[1]?.id).toBe(of(en, 'done')[0]?.messageId);

      const sessions = (await (await call(b.app, user, '/api/v1/tria/sessions')).json()) as {
        items: TriaSession[];
      };
      expect(sessions.items.map((s) => [s.id, s.title])).toEqual([
        [sessionId, 'Describe my last hologram'],
      ]);
    });

    it('acts on the view and answers off-topic phrasings with help', async () => {
      const user = await newUser('view');
      const rotate = await chat(b.app, user, { message: 'rotate left by 45 degrees', lang: 'en' });
      expect(of(rotate, 'action')).toEqual([
        { action: { type: 'rotate', yawDeg: -45, pitchDeg: 0 } },
      ]);
      const joke = await chat(b.app, user, { message: 'расскажи анекдот', lang: 'ru' });
      expect(text(joke)).toMatch(/Я помогаю только с голограммами/);
      const stop = await chat(b.app, user, {
        message: 'stop recording',
        lang: 'en',
        recording: true,
      });
      expect(of(stop, 'action')).toEqual([{ action: { type: 'stop-recording' } }]);
    });

    it('refuses bad requests with JSON 400 before any stream starts', async () => {
      const user = await newUser('bad');
      for (const body of [
        { message: '', lang: 'en' },
        { message: '   ', lang: 'en' },
        { message: 'x'.repeat(2001), lang: 'en' },
        { message: 'hi', lang: 'de' },
        { message: 'hi' },
        { message: 'hi', lang: 'en', sessionId: 'not-a-uuid' },
        { message: 'hi', lang: 'en', extra: true },
      ]) {
        const res = await call(b.app, user, '/api/v1/tria/chat', {
          method: 'POST',
          body: JSON.stringify(body),
        });
        expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
          'invalid_request',
        );
      }
      const sessions = (await (await call(b.app, user, '/api/v1/tria/sessions')).json()) as {
        items: unknown[];
      };
      expect(sessions.items).toEqual([]);
    });

    it('limits messages per user per minute with 429 and Retry-After', async () => {
      const limited = createApp({ ...b.deps, limits: { ...b.deps.limits, triaChatsPerMinute: 2 } });
      const user = await newUser('limit');
      const other = await newUser('limit-other');
      await chat(limited, user, { message: 'help', lang: 'en' });
      await chat(limited, user, { message: 'help', lang: 'en' });
      const third = await call(limited, user, '/api/v1/tria/chat', {
        method: 'POST',
        body: JSON.stringify({ message: 'help', lang: 'en' }),
      });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      await chat(limited, other, { message: 'help', lang: 'en' });
    });
  });

  describe('with a key: Mistral (the real SDK against the double)', () => {
    it('streams the reply and stores both messages and their memory', async () => {
      const user = await newUser('stream');
      double.script({ kind: 'text', chunks: ['Hello', ', I am ', 'Tria.'], delayMs: 5 });
      const events = await chat(mistral, user, { message: 'Who are you?', lang: 'en' });
      expect(of(events, 'delta').map((d) => d.text)).toEqual(['Hello', ', I am ', 'Tria.']);
      expect(of(events, 'done')[0]?.engine).toBe('mistral');
      const sent = double.chatRequests[0]?.body;
      expect(sent?.messages[0]?.role).toBe('system');
      expect(sent?.messages[0]?.content).toMatch(/Answer in English/);
      expect(sent?.messages.at(-1)).toEqual({ role: 'user', content: 'Who are you?' });

      const sessionId = of(events, 'session')[0]?.sessionId as string;
      const history = await messagesOf(mistral, user, sessionId);
      expect(history.map((m) => [m.role, m.content, m.engine])).toEqual([
        ['user', 'Who are you?', null],
        ['assistant', 'Hello, I am Tria.', 'mistral'],
      ]);
      expect((await memoryRows(user.uid)).map((m) => [m.kind, m.text])).toEqual([
        ['message', 'Who are you?'],
        ['message', 'Hello, I am Tria.'],
      ]);

      // The next message of the session carries the history.
      double.script({ kind: 'text', chunks: ['Still Tria.'] });
      await chat(mistral, user, { sessionId, message: 'And now?', lang: 'en' });
      expect(double.chatRequests[1]?.body.messages.slice(1)).toMatchObject([
        { role: 'user', content: 'Who are you?' },
        { role: 'assistant', content: 'Hello, I am Tria.' },
        { role: 'user', content: 'And now?' },
      ]);
    });

    it('runs tool calls on real data and sends their results back to the model', async () => {
      const user = await newUser('tools');
      const id = await createHologram(b.app, user.idToken, 'Tuning fork');
      await uploadFrames(user, id, frames440);
      double.script(
        {
          kind: 'tool_calls',
          text: 'Let me look. ',
          calls: [
            { name: 'list_holograms', arguments: {} },
            { name: 'describe_hologram', arguments: { id: 'last' } },
          ],
        },
        {
          kind: 'tool_calls',
          calls: [
            { name: 'propose_action', arguments: { type: 'open-hologram', id } },
            { name: 'propose_action', arguments: { type: 'zoom', factor: 50 } },
            { name: 'search_holograms', arguments: { text: 'fork' } },
          ],
        },
        { kind: 'text', chunks: ['“Tuning fork” is an A4 at 440 Hz.'] },
      );
      const events = await chat(mistral, user, { message: 'What did I record?', lang: 'en' });
      expect(double.rejected).toEqual([]);
      expect(text(events)).toBe('Let me look. “Tuning fork” is an A4 at 440 Hz.');
      expect(of(events, 'tool')).toEqual([
        { name: 'list_holograms', status: 'start' },
        { name: 'list_holograms', status: 'done' },
        { name: 'describe_hologram', status: 'start' },
        { name: 'describe_hologram', status: 'done' },
        { name: 'propose_action', status: 'start' },
        { name: 'propose_action', status: 'done' },
        { name: 'propose_action', status: 'start' },
        { name: 'propose_action', status: 'error' },
        { name: 'search_holograms', status: 'start' },
        { name: 'search_holograms', status: 'done' },
      ]);
      expect(of(events, 'action')).toEqual([{ action: { type: 'open-hologram', id } }]);

      // The double received each tool's result, tied to its call.
      const second = double.chatRequests[1]?.body.messages ?? [];
      const toolMessages = second.filter((m) => m.role === 'tool');
      expect(toolMessages.map((m) => m.name)).toEqual(['list_holograms', 'describe_hologram']);
      const described = JSON.parse(toolMessages[1]?.content ?? '{}');
      expect(described).toMatchObject({
        id,
        title: 'Tuning fork',
        dominantNotes: [{ note: 'A4', ru: 'ля4', hz: 440 }],
        gestures: [
          { gesture: 'open_palm', count: 2 },
          { gesture: 'fist', count: 1 },
        ],
      });
      expect(described.loudnessDb.overTime.length).toBeGreaterThan(1);
      expect(JSON.parse(toolMessages[0]?.content ?? '{}').holograms[0]).toMatchObject({
        id,
        title: 'Tuning fork',
      });
      const third = (double.chatRequests[2]?.body.messages ?? []).filter((m) => m.role === 'tool');
      expect(JSON.parse(third[3]?.content ?? '{}').error).toMatch(/not a valid zoom action/);
      expect(JSON.parse(third[4]?.content ?? '{}').byTitle[0]).toMatchObject({ id });
      expect(double.chatRequests[2]?.body.tool_choice).toBe('auto');

      const sessionId = of(events, 'session')[0]?.sessionId as string;
      const history = await messagesOf(mistral, user, sessionId);
      expect(history.map((m) => m.toolName ?? m.role)).toEqual([
        'user',
        'list_holograms',
        'describe_hologram',
        'propose_action',
        'propose_action',
        'search_holograms',
        'assistant',
      ]);
      expect(history.at(-1)?.actions).toEqual([{ type: 'open-hologram', id }]);
      const memory = await memoryRows(user.uid);
      expect(memory.find((m) => m.kind === 'hologram')).toMatchObject({ ref: id });
      expect(memory.find((m) => m.kind === 'hologram')?.text).toMatch(/Tuning fork.*A4/);
    });

    it('retries a 429 with backoff and then streams the reply', async () => {
      const user = await newUser('retry');
      double.script(
        { kind: 'status', status: 429 },
        { kind: 'status', status: 503 },
        { kind: 'text', chunks: ['Back again.'] },
      );
      const events = await chat(mistral, user, { message: 'Hello?', lang: 'en' });
      expect(double.chatRequests).toHaveLength(3);
      expect(text(events)).toBe('Back again.');
      expect(of(events, 'error')).toEqual([]);
    });

    it('reports a persistent 500 in the user’s language and keeps the message', async () => {
      const user = await newUser('down');
      double.script(
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
      );
      const events = await chat(mistral, user, { message: 'Ты здесь?', lang: 'ru' });
      expect(double.chatRequests).toHaveLength(3);
      expect(of(events, 'error')).toEqual([
        {
          code: 'tria_unavailable',
          message:
            'Языковая модель Трии сейчас недоступна. Попробуйте позже — ваше сообщение сохранено.',
        },
      ]);
      const history = await messagesOf(
        mistral,
        user,
        of(events, 'session')[0]?.sessionId as string,
      );
      expect(history.map((m) => [m.role, m.content, m.errorCode])).toEqual([
        ['user', 'Ты здесь?', null],
        ['assistant', '', 'tria_unavailable'],
      ]);
    });

    it('times out a reply that stalls half-way, keeping the part already shown', async () => {
      const user = await newUser('stall');
      double.script({ kind: 'hang', chunks: ['Your last ', 'hologram is'] });
      const timed = await chatTimed(mistral, user, { message: 'Describe it', lang: 'en' });
      const events = timed.map((t) => t.event);
      // The text reached the client as it came, long before the 1 s timeout ended the reply.
      const firstDelta = timed.find((t) => t.event.event === 'delta')?.ms ?? Number.NaN;
      expect(firstDelta).toBeLessThan(800);
      expect(timed.at(-1)?.event.event).toBe('done');
      expect(timed.at(-1)?.ms).toBeGreaterThanOrEqual(1_000);
      expect(double.chatRequests).toHaveLength(1);
      expect(text(events)).toBe('Your last hologram is');
      expect(of(events, 'error')[0]?.code).toBe('tria_timeout');
      const history = await messagesOf(
        mistral,
        user,
        of(events, 'session')[0]?.sessionId as string,
      );
      expect(history.map((m) => [m.role, m.content, m.errorCode])).toEqual([
        ['user', 'Describe it', null],
        ['assistant', 'Your last hologram is', 'tria_timeout'],
      ]);
    });

    it('answers without memory when the embeddings endpoint fails', async () => {
      const user = await newUser('noembed');
      double.scriptEmbeddings({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      double.script({ kind: 'text', chunks: ['Still here.'] });
      const events = await chat(mistral, user, { message: 'Hello there', lang: 'en' });
      expect(text(events)).toBe('Still here.');
      expect(of(events, 'error')).toEqual([]);
      // The query's two attempts failed; the reply's own memory was stored afterwards.
      expect(double.embeddingRequests.map((r) => r.body.input)).toEqual([
        ['Hello there'],
        ['Hello there'],
        ['Still here.'],
      ]);
      expect((await memoryRows(user.uid)).map((m) => m.text)).toEqual(['Still here.']);
    });

    it('times out a request that never answers, after the retries', async () => {
      const user = await newUser('hang');
      double.script({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
      const events = await chat(mistral, user, { message: 'Hello?', lang: 'en' });
      expect(double.chatRequests).toHaveLength(3);
      expect(of(events, 'error')).toEqual([
        {
          code: 'tria_timeout',
          message: 'Tria took too long to answer. Please try again; your message is saved.',
        },
      ]);
    });
  });

  describe('isolation', () => {
    it("never shows Bob Alice's sessions, messages, holograms or memory, even through tools", async () => {
      const alice = await newUser('alice');
      const bob = await newUser('bob');
      const secretId = await createHologram(b.app, alice.idToken, 'Alice secret song');
      await uploadFrames(alice, secretId, frames440);
      double.script({ kind: 'text', chunks: ['I will remember PELICAN.'] });
      const aliceChat = await chat(mistral, alice, {
        message: 'My secret word is PELICAN',
        lang: 'en',
      });
      const aliceSession = of(aliceChat, 'session')[0]?.sessionId as string;

      // Sessions and messages: invisible, and 404 exactly like an unknown id.
      const bobSessions = (await (await call(mistral, bob, '/api/v1/tria/sessions')).json()) as {
        items: TriaSession[];
      };
      expect(bobSessions.items).toEqual([]);
      for (const target of [aliceSession, randomUUID()]) {
        const res = await call(mistral, bob, `/api/v1/tria/sessions/${target}/messages`);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          error: {
            code: 'tria_session_not_found',
            message: 'No Tria session with this id in your account',
          },
        });
        expect(
          (await call(mistral, bob, `/api/v1/tria/sessions/${target}`, { method: 'DELETE' }))
            .status,
        ).toBe(404);
      }

      // Bob chatting with Alice's session id gets a session of his own; his model sees nothing of
      // hers, and his tools find none of her holograms.
      double.reset();
      double.script(
        {
          kind: 'tool_calls',
          calls: [
            { name: 'list_holograms', arguments: {} },
            { name: 'describe_hologram', arguments: { id: secretId } },
            { name: 'search_holograms', arguments: { text: 'secret', soundsLike: secretId } },
            { name: 'search_holograms', arguments: { text: 'secret' } },
            { name: 'propose_action', arguments: { type: 'open-hologram', id: secretId } },
          ],
        },
        { kind: 'text', chunks: ['You have no holograms yet.'] },
      );
      const bobChat = await chat(mistral, bob, {
        sessionId: aliceSession,
        message: 'What is my secret word? Show my secret song.',
        lang: 'en',
      });
      expect(of(bobChat, 'action')).toEqual([]);
      expect(of(bobChat, 'tool').filter((t) => t.status !== 'start')).toEqual([
        { name: 'list_holograms', status: 'done' },
        { name: 'describe_hologram', status: 'error' },
        { name: 'search_holograms', status: 'error' },
        { name: 'search_holograms', status: 'done' },
        { name: 'propose_action', status: 'error' },
      ]);
      const seenByBobsModel = JSON.stringify(double.chatRequests.map((r) => r.body));
      expect(seenByBobsModel).not.toMatch(/PELICAN|Alice secret song/);
      expect(seenByBobsModel).toContain('"{\\"holograms\\":[]}"');
      expect(seenByBobsModel).toContain('"{\\"byTitle\\":[]}"');

      // Alice's session is untouched by Bob's same-id session.
      const aliceHistory = await messagesOf(mistral, alice, aliceSession);
      expect(aliceHistory.map((m) => m.content)).toEqual([
        'My secret word is PELICAN',
        'I will remember PELICAN.',
      ]);
      const bobHistory = await messagesOf(mistral, bob, aliceSession);
      expect(bobHistory[0]?.content).toBe('What is my secret word? Show my secret song.');
      expect(JSON.stringify(bobHistory)).not.toMatch(/PELICAN|Alice secret song/);

      // Memory: Alice's comes back to Alice in a new session, never to Bob.
      expect((await memoryRows(bob.uid)).map((m) => m.text).join(' ')).not.toMatch(/PELICAN/);
      double.script({ kind: 'text', chunks: ['PELICAN.'] });
      await chat(mistral, alice, { message: 'What is my secret word?', lang: 'en' });
      const alicePrompt = double.chatRequests.at(-1)?.body.messages[0]?.content ?? '';
      expect(alicePrompt).toMatch(/remember[\s\S]*My secret word is PELICAN/);
    });

    it('deletes a session with its messages and its memory', async () => {
      const user = await newUser('delete');
      double.script({ kind: 'text', chunks: ['Noted.'] });
      const events = await chat(mistral, user, { message: 'Remember the blue piano', lang: 'en' });
      const sessionId = of(events, 'session')[0]?.sessionId as string;
      expect(await memoryRows(user.uid)).toHaveLength(2);
      expect(
        (await call(mistral, user, `/api/v1/tria/sessions/${sessionId}`, { method: 'DELETE' }))
          .status,
      ).toBe(204);
      expect(
        (await call(mistral, user, `/api/v1/tria/sessions/${sessionId}/messages`)).status,
      ).toBe(404);
      expect(await memoryRows(user.uid)).toEqual([]);
    });
  });
});
