// A conversation end to end without the DOM: the real local engine, the real transport and a
// real HTTP server on 127.0.0.1 speaking the chat's wire protocol. Checks which engine answers,
// what streams into the history, which actions are carried out, and the fallbacks.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFrame } from '../../workers/audio/frame.ts';
import type { TriaAction } from '../../workers/tria/actions.ts';
import { TriaChatSession } from './chat-session.ts';
import { type ChatMessage, HISTORY_KEY, type HistoryStorage, parseHistory } from './history.ts';
import { TriaTransport } from './transport.ts';

type Reply = (res: ServerResponse, body: { sessionId?: string; message: string }) => void;

let url: string;
const replies: Reply[] = [];
const requests: Array<{ sessionId?: string; message: string; lang: string }> = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString('utf8');
  });
  req.on('end', () => {
    const parsed = JSON.parse(body);
    requests.push(parsed);
    const reply = replies.shift();
    if (!reply) throw new Error('the test server got an unexpected request');
    reply(res, parsed);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/tria/chat`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  replies.length = 0;
});

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const stream =
  (...events: string[]): Reply =>
  (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(events.join(''));
  };
const jsonError =
  (status: number, code: string): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code, message: code } }));
  };

function memoryStorage(): HistoryStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** A 440 Hz frame: band 57 (A4) loudest. */
function a440() {
  const frame = createFrame();
  frame.left[57] = -12;
  frame.right[57] = -12;
  return frame;
}

function setup(opts: { token?: string | null; online?: boolean; storage?: HistoryStorage } = {}) {
  const dispatched: TriaAction[] = [];
  const storage = opts.storage ?? memoryStorage();
  const transport = new TriaTransport({
    getIdToken: async () => (opts.token === undefined ? 'token' : opts.token),
    url,
    idleTimeoutMs: 2_000,
  });
  const session = new TriaChatSession({
    chat: (request, signal) => transport.chat(request, signal),
    dispatch: (action) => dispatched.push(action),
    context: () => ({ currentFrame: a440(), recording: false }),
    online: () => opts.online ?? true,
    storage,
    onChange: () => undefined,
  });
  return { session, dispatched, storage };
}

const roles = (messages: readonly ChatMessage[]) => messages.map((m) => m.role);
const last = (messages: readonly ChatMessage[]) => messages.at(-1);

describe('TriaChatSession: local answers', () => {
  it('answers the note playing now and view commands locally even when the server is there', async () => {
    const { session, dispatched } = setup();
    const note = await session.ask('какая нота сейчас звучит?', 'ru');
    expect(note?.text).toMatch(/ля4 \(A4\)/);
    expect(note?.engine).toBe('local');
    const turn = await session.ask('rotate the view right', 'ru');
    expect(turn).toMatchObject({ lang: 'en', via: 'device', engine: 'local', state: 'done' });
    expect(dispatched).toEqual([{ type: 'rotate', yawDeg: 30, pitchDeg: 0 }]);
    expect(requests).toEqual([]);
    expect(roles(session.history.messages)).toEqual(['user', 'tria', 'user', 'tria']);
  });

  it('answers everything locally offline and when nobody is signed in, without a notice', async () => {
    const offline = setup({ online: false });
    expect((await offline.session.ask('what can you do?', 'en'))?.engine).toBe('local');
    const signedOut = setup({ token: null });
    expect((await signedOut.session.ask('describe my last hologram', 'en'))?.engine).toBe('local');
    expect(requests).toEqual([]);
    expect(roles(offline.session.history.messages)).toEqual(['user', 'tria']);
    expect(roles(signedOut.session.history.messages)).toEqual(['user', 'tria']);
  });

  it('ignores empty messages', async () => {
    const { session } = setup();
    expect(await session.ask('   ', 'en')).toBeNull();
    expect(session.history.messages).toEqual([]);
  });
});

describe('TriaChatSession: the server', () => {
  it('streams the reply into the history, keeps the session and carries out valid actions only', async () => {
    replies.push(
      stream(
        sse('session', { sessionId: 's-1' }),
        sse('tool', { name: 'list_holograms', status: 'start' }),
        sse('delta', { text: 'Your last hologram, ' }),
        sse('delta', { text: '“Morning”, is 2.5 s long.' }),
        sse('action', { action: { type: 'open-hologram', id: 'h-1' } }),
        sse('action', { action: { type: 'zoom', factor: 1000 } }),
        sse('action', { action: { type: 'format-disk' } }),
        sse('done', { messageId: 'm-1', engine: 'mistral' }),
      ),
    );
    const { session, dispatched, storage } = setup();
    const reply = await session.ask('describe my last hologram', 'en');
    expect(reply).toMatchObject({
      role: 'tria',
      text: 'Your last hologram, “Morning”, is 2.5 s long.',
      via: 'server',
      engine: 'mistral',
      state: 'done',
    });
    expect(dispatched).toEqual([{ type: 'open-hologram', id: 'h-1' }]);
    expect(session.history.sessionId).toBe('s-1');
    expect(session.busy).toBe(false);
    expect(parseHistory(storage.getItem(HISTORY_KEY))).toEqual(session.history);

    replies.push(
      stream(
        sse('delta', { text: 'Hi again.' }),
        sse('done', { messageId: 'm-2', engine: 'mistral' }),
      ),
    );
    await session.ask('what can you do?', 'en');
    expect(requests).toEqual([
      { message: 'describe my last hologram', lang: 'en', recording: false },
      { sessionId: 's-1', message: 'what can you do?', lang: 'en', recording: false },
    ]);
  });

  it('shows the text as it arrives', async () => {
    let finish: () => void = () => undefined;
    replies.push((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('delta', { text: 'Part one' }));
      finish = () => res.end(sse('done', { messageId: 'm', engine: 'mistral' }));
    });
    const { session } = setup();
    const pending = session.ask('describe my last hologram', 'en');
    await expect
      .poll(() => last(session.history.messages))
      .toMatchObject({ role: 'tria', text: 'Part one', state: 'streaming' });
    expect(session.busy).toBe(true);
    finish();
    expect(await pending).toMatchObject({ text: 'Part one', state: 'done' });
  });

  it('on a server error shows a notice with its code, then the local answer', async () => {
    replies.push(jsonError(500, 'internal'));
    const { session } = setup();
    const reply = await session.ask('что ты умеешь?', 'ru');
    expect(reply?.engine).toBe('local');
    expect(reply?.text).toMatch(/нота/);
    expect(session.history.messages.map((m) => m.role)).toEqual(['user', 'notice', 'tria']);
    expect(session.history.messages[1]).toMatchObject({ notice: 'server-error', code: 'internal' });
  });

  it('keeps a reply cut off by an error event, marked, before the notice and the local answer', async () => {
    replies.push(
      stream(
        sse('delta', { text: 'Looking at your holo' }),
        sse('error', { code: 'tria_timeout', message: 'Tria took too long to answer.' }),
        sse('done', { messageId: 'm-1', engine: 'mistral' }),
      ),
    );
    const { session, storage } = setup();
    await session.ask('describe my last hologram', 'en');
    const [, cut, notice, local] = session.history.messages;
    expect(cut).toMatchObject({ role: 'tria', text: 'Looking at your holo', state: 'interrupted' });
    expect(notice).toMatchObject({ role: 'notice', notice: 'timeout', code: 'tria_timeout' });
    expect(local).toMatchObject({ role: 'tria', via: 'device', engine: 'local', state: 'done' });
    expect(parseHistory(storage.getItem(HISTORY_KEY)).messages).toHaveLength(4);
  });

  it('once the server answers without a key, asks it only about stored holograms', async () => {
    const localReply = (text: string) =>
      stream(
        sse('session', { sessionId: 's-1' }),
        sse('delta', { text }),
        sse('done', { messageId: 'm', engine: 'local' }),
      );
    replies.push(localReply('I help with holograms.'));
    const { session } = setup();
    expect(await session.ask('what can you do?', 'en')).toMatchObject({
      text: 'I help with holograms.',
      via: 'server',
      engine: 'local',
    });
    expect((await session.ask('how do I use gestures?', 'en'))?.via).toBe('device');
    expect(requests).toHaveLength(1);
    replies.push(localReply('Your last hologram, “Morning”, lasts 2.5 s.'));
    expect((await session.ask('describe my last hologram', 'en'))?.text).toMatch(/Morning/);
    expect(requests.map((r) => r.message)).toEqual([
      'what can you do?',
      'describe my last hologram',
    ]);
  });

  it('starts a new server session when the stored one is unknown there', async () => {
    const storage = memoryStorage();
    storage.setItem(HISTORY_KEY, JSON.stringify({ sessionId: 'someone-elses', messages: [] }));
    replies.push(jsonError(404, 'tria_session_not_found'));
    replies.push(
      stream(
        sse('session', { sessionId: 's-new' }),
        sse('delta', { text: 'Hello.' }),
        sse('done', { messageId: 'm', engine: 'mistral' }),
      ),
    );
    const { session } = setup({ storage });
    expect((await session.ask('what can you do?', 'en'))?.text).toBe('Hello.');
    expect(requests.map((r) => r.sessionId)).toEqual(['someone-elses', undefined]);
    expect(session.history.sessionId).toBe('s-new');
  });

  it('names a rate limit, and keeps the history across a reload', async () => {
    replies.push(jsonError(429, 'rate_limited'));
    const first = setup();
    await first.session.ask('what can you do?', 'en');
    expect(first.session.history.messages[1]).toMatchObject({ notice: 'rate-limited' });
    const reloaded = setup({ storage: first.storage });
    expect(reloaded.session.history).toEqual(first.session.history);
  });

  it('clears the conversation', async () => {
    const { session, storage } = setup({ online: false });
    await session.ask('help', 'en');
    session.clear();
    expect(session.history.messages).toEqual([]);
    expect(parseHistory(storage.getItem(HISTORY_KEY)).messages).toEqual([]);
  });
});
