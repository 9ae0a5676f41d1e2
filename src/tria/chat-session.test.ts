// A conversation end to end without the DOM: the real local engine, the real transport, the real
// app bus (recording state) and a real HTTP server on 127.0.0.1 speaking the chat's wire protocol
// and serving stored messages. Checks which engine answers, what streams into the history, which
// actions are carried out, the fallbacks, and the merge with the server's history.
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import type { TriaAction } from '../../workers/tria/actions.ts';
import { AppBus } from '../app/app-bus.ts';
import { MemorySyncStore } from '../sync/memory-store.ts';
import { TriaChatSession } from './chat-session.ts';
import {
  type ChatMessage,
  HISTORY_KEY,
  type HistoryStorage,
  parseHistory,
  type ServerMessage,
} from './history.ts';
import { lastLocalHologram } from './local-hologram.ts';
import { TriaTransport } from './transport.ts';

type Reply = (res: ServerResponse, body: { sessionId?: string; message: string }) => void;

let url: string;
let sessionsUrl: string;
const replies: Reply[] = [];
const requests: Array<{ sessionId?: string; message: string; lang: string }> = [];
/** What `GET …/sessions/{id}/messages` answers, by session id (404 for others). */
const stored = new Map<string, ServerMessage[]>();
const historyRequests: string[] = [];
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    const id = /\/sessions\/([^/]+)\/messages$/.exec(req.url ?? '')?.[1] ?? '';
    historyRequests.push(id);
    const items = stored.get(decodeURIComponent(id));
    res.writeHead(items ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        items ? { items } : { error: { code: 'tria_session_not_found', message: 'not found' } },
      ),
    );
    return;
  }
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
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = `${origin}/api/v1/tria/chat`;
  sessionsUrl = `${origin}/api/v1/tria/sessions`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  replies.length = 0;
  historyRequests.length = 0;
  stored.clear();
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

function setup(
  opts: {
    token?: string | null;
    online?: boolean;
    storage?: HistoryStorage;
    queue?: MemorySyncStore;
  } = {},
) {
  const dispatched: TriaAction[] = [];
  const storage = opts.storage ?? memoryStorage();
  const bus = new AppBus();
  const transport = new TriaTransport({
    getIdToken: async () => (opts.token === undefined ? 'token' : opts.token),
    url,
    sessionsUrl,
    idleTimeoutMs: 2_000,
  });
  const queue = opts.queue ?? new MemorySyncStore();
  const session = new TriaChatSession({
    chat: (request, signal) => transport.chat(request, signal),
    dispatch: (action) => dispatched.push(action),
    context: () => ({ currentFrame: a440(), recording: bus.recording }),
    lastHologram: () => lastLocalHologram(queue, 'alice'),
    history: (sessionId, signal) => transport.messages(sessionId, signal),
    online: () => opts.online ?? true,
    storage,
    onChange: () => undefined,
  });
  return { session, dispatched, storage, bus };
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

describe('TriaChatSession: the recording state', () => {
  it('answers start/stop and tells the server by what the app bus says', async () => {
    const { session, dispatched, bus } = setup();
    expect((await session.ask('stop recording', 'en'))?.text).toBe(
      'Nothing is being recorded right now.',
    );
    bus.setRecording(true);
    expect((await session.ask('start recording', 'en'))?.text).toBe('I’m already recording.');
    await session.ask('stop recording', 'en');
    expect(dispatched).toEqual([{ type: 'stop-recording' }]);

    const done = (m: string) =>
      stream(sse('delta', { text: 'ok' }), sse('done', { messageId: m, engine: 'mistral' }));
    replies.push(done('m-1'), done('m-2'));
    await session.ask('what can you do?', 'en');
    bus.setRecording(false);
    await session.ask('what can you do?', 'en');
    expect(requests.map((r) => (r as { recording?: boolean }).recording)).toEqual([true, false]);
  });
});

describe('TriaChatSession: an error, then done', () => {
  it('keeps reading after the error for the stored ids, then shows the notice and answers here', async () => {
    replies.push(
      stream(
        sse('session', { sessionId: 's-1', userMessageId: 'u-1' }),
        sse('delta', { text: 'Looking at your holo' }),
        sse('error', { code: 'tria_timeout', message: 'Tria took too long to answer.' }),
        sse('done', { messageId: 'a-1', engine: 'mistral' }),
      ),
    );
    const { session, storage } = setup();
    const reply = await session.ask('describe my last hologram', 'en');
    expect(reply).toMatchObject({ via: 'device', engine: 'local' });
    const [asked, cut, notice] = session.history.messages;
    expect(asked).toMatchObject({ role: 'user', serverId: 'u-1' });
    expect(cut).toMatchObject({
      role: 'tria',
      text: 'Looking at your holo',
      state: 'interrupted',
      engine: 'mistral',
      serverId: 'a-1',
    });
    expect(notice).toMatchObject({ notice: 'timeout', code: 'tria_timeout' });
    expect(parseHistory(storage.getItem(HISTORY_KEY))).toEqual(session.history);

    // The server stored the same two messages: merging them adds nothing.
    stored.set('s-1', [
      serverRow('u-1', 'user', 'describe my last hologram'),
      serverRow('a-1', 'assistant', 'Looking at your holo', { errorCode: 'tria_timeout' }),
    ]);
    const before = session.history;
    expect(await session.loadServerHistory('en')).toBe(true);
    expect(session.history).toEqual(before);
  });

  it('drops a failed reply with no text but still reads its done', async () => {
    replies.push(
      stream(
        sse('session', { sessionId: 's-2', userMessageId: 'u-2' }),
        sse('error', { code: 'tria_unavailable', message: 'unavailable' }),
        sse('done', { messageId: 'a-2', engine: 'mistral' }),
      ),
    );
    const { session } = setup();
    await session.ask('what can you do?', 'en');
    expect(roles(session.history.messages)).toEqual(['user', 'notice', 'tria']);
    expect(session.history.messages[1]).toMatchObject({ notice: 'server-error' });
    stored.set('s-2', [
      serverRow('u-2', 'user', 'what can you do?'),
      serverRow('a-2', 'assistant', '', { errorCode: 'tria_unavailable' }),
    ]);
    const before = session.history;
    expect(await session.loadServerHistory('en')).toBe(true);
    expect(session.history).toEqual(before);
  });

  it('names the error, not the broken stream, when the done never comes', async () => {
    replies.push(
      stream(
        sse('session', { sessionId: 's-3', userMessageId: 'u-3' }),
        sse('error', { code: 'tria_rate_limited', message: 'busy' }),
      ),
    );
    const { session } = setup();
    await session.ask('what can you do?', 'en');
    expect(session.history.messages[1]).toMatchObject({
      role: 'notice',
      notice: 'rate-limited',
      code: 'tria_rate_limited',
    });
  });
});

describe('TriaChatSession: the server’s history', () => {
  it('brings in what the broken stream missed, hides tool rows and adds nothing twice', async () => {
    replies.push((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('session', { sessionId: 's-1', userMessageId: 'u-1' }));
      res.write(sse('delta', { text: 'Your last hologram, ' }), () => res.destroy());
    });
    const { session } = setup();
    await session.ask('describe my last hologram', 'en');
    expect(roles(session.history.messages)).toEqual(['user', 'tria', 'notice', 'tria']);
    expect(session.history.messages[1]).toMatchObject({ state: 'interrupted' });

    const full = 'Your last hologram, “Morning”, is 2.5 s long.';
    stored.set('s-1', [
      serverRow('u-1', 'user', 'describe my last hologram'),
      serverRow('t-1', 'tool', '{"items":[]}'),
      serverRow('a-1', 'assistant', full),
    ]);
    expect(await session.loadServerHistory('en')).toBe(true);
    expect(historyRequests).toEqual(['s-1']);
    expect(roles(session.history.messages)).toEqual(['user', 'tria', 'notice', 'tria']);
    expect(session.history.messages[1]).toMatchObject({
      text: full,
      state: 'done',
      via: 'server',
      serverId: 'a-1',
    });
    const merged = session.history;
    expect(await session.loadServerHistory('en')).toBe(true);
    expect(session.history).toEqual(merged);
  });

  it('shows the stored session on a device that has only its id', async () => {
    const storage = memoryStorage();
    storage.setItem(HISTORY_KEY, JSON.stringify({ sessionId: 's-9', messages: [] }));
    stored.set('s-9', [
      serverRow('u-1', 'user', 'найди похожие голограммы'),
      serverRow('a-1', 'assistant', 'Похожи на «Утро»: «Полдень» (0.12).'),
    ]);
    const { session } = setup({ storage });
    expect(await session.loadServerHistory('en')).toBe(true);
    expect(session.history.messages).toMatchObject([
      { role: 'user', text: 'найди похожие голограммы' },
      { role: 'tria', lang: 'ru', via: 'server', state: 'done' },
    ]);
    expect(parseHistory(storage.getItem(HISTORY_KEY))).toEqual(session.history);
  });

  it('asks nothing offline, signed out or without a session', async () => {
    const storage = memoryStorage();
    storage.setItem(HISTORY_KEY, JSON.stringify({ sessionId: 's-1', messages: [] }));
    expect(await setup({ storage, online: false }).session.loadServerHistory('en')).toBe(false);
    expect(await setup({ storage, token: null }).session.loadServerHistory('en')).toBe(false);
    expect(await setup().session.loadServerHistory('en')).toBe(false);
    expect(historyRequests).toEqual([]);
  });

  it('forgets a session the server does not know, so the next message starts a new one', async () => {
    const storage = memoryStorage();
    storage.setItem(HISTORY_KEY, JSON.stringify({ sessionId: 'gone', messages: [] }));
    const { session } = setup({ storage });
    expect(await session.loadServerHistory('en')).toBe(false);
    expect(historyRequests).toEqual(['gone']);
    expect(session.history.sessionId).toBeNull();
    expect(parseHistory(storage.getItem(HISTORY_KEY)).sessionId).toBeNull();
  });
});

describe('TriaChatSession: the recordings on this device', () => {
  it('describes the newest local recording offline, from its frames', async () => {
    const queue = new MemorySyncStore();
    await queue.addHologram(queued('h-old', 'Older', '2025-11-20T10:00:00.000Z'));
    await queue.addHologram(queued('h-new', 'Concert A', '2025-11-23T10:00:00.000Z'));
    const frames = Array.from({ length: 30 }, (_, i) => ({ ...a440(), t: i * 33 }));
    const bytes = encodeFrames(frames, []);
    await queue.addChunk({
      hologramId: 'h-new',
      seq: 0,
      startMs: 0,
      durationMs: 2500,
      audio: new Uint8Array([1]),
      audioSha256: sha256([1]),
      frames: bytes,
      framesSha256: sha256(bytes),
    });
    const { session, dispatched } = setup({ online: false, queue });
    const reply = await session.ask('describe my last hologram', 'en');
    expect(reply).toMatchObject({ via: 'device', engine: 'local' });
    expect(reply?.text).toMatch(/^“Concert A”: 2\.5 s\. Dominant notes: A4\./);
    expect(dispatched).toEqual([{ type: 'open-hologram', id: 'h-new' }]);
    const ru = await session.ask('найди похожие голограммы', 'ru');
    expect(ru?.text).toBe('Ищу голограммы, похожие на «Concert A».');
    expect(dispatched.at(-1)).toEqual({ type: 'find-similar', id: 'h-new' });
  });
});

function serverRow(
  id: string,
  role: ServerMessage['role'],
  content: string,
  extra: Partial<ServerMessage> = {},
): ServerMessage {
  return {
    id,
    role,
    content,
    engine: role === 'assistant' ? 'mistral' : null,
    errorCode: null,
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

function queued(id: string, title: string, createdAt: string) {
  return {
    id,
    owner: 'alice',
    meta: {
      title,
      createdAt,
      durationMs: 2500,
      sampleRate: 48_000,
      channels: 2 as const,
      complete: true,
    },
    metaVersion: 1,
    syncedMetaVersion: 0,
    chunkCount: 0,
    failure: null,
    deleted: false,
  };
}

function sha256(bytes: ArrayLike<number>): string {
  return createHash('sha256').update(Uint8Array.from(bytes)).digest('hex');
}
