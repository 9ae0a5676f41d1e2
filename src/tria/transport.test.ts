// The transport against a real HTTP server on 127.0.0.1 speaking the chat's wire protocol:
// streamed events in odd-sized pieces, JSON errors, broken streams, silence, wrong content; and
// the stored messages of a session.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TriaServerEvent } from './events.ts';
import { type TriaChatRequest, TriaTransport, TriaTransportError } from './transport.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let url: string;
let sessionsUrl: string;
let handler: Handler;
const seen: Array<{
  authorization?: string;
  accept?: string;
  body: unknown;
  method?: string;
  url?: string;
}> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        body: body === '' ? undefined : JSON.parse(body),
        ...(req.method === 'GET' ? { method: req.method, url: req.url } : {}),
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/tria/chat`;
  sessionsUrl = url.replace(/chat$/, 'sessions');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

/** Writes `text` in pieces of `size` bytes, a few ms apart; `end` closes the response. */
async function writeSlowly(res: ServerResponse, text: string, size: number, end = true) {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    res.write(bytes.subarray(i, i + size));
    await new Promise((r) => setTimeout(r, 2));
  }
  if (end) res.end();
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const streamHead = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

const REPLY = [
  ': keep-alive\n\n',
  sse('session', { sessionId: 's-42' }),
  sse('tool', { name: 'list_holograms', status: 'running' }),
  sse('delta', { text: 'Ваша последняя голограмма — ' }),
  sse('delta', { text: '«Утро», 2,5 с.' }),
  sse('action', { action: { type: 'open-hologram', id: 'h-1' } }),
  sse('future-event', { whatever: true }),
  sse('done', { messageId: 'm-9', engine: 'mistral' }),
].join('');

const request: TriaChatRequest = { message: 'опиши мою последнюю голограмму', lang: 'ru' };
const transport = (token: string | null, idleTimeoutMs?: number) =>
  new TriaTransport({ getIdToken: async () => token, url, idleTimeoutMs });

async function collect(
  stream: AsyncIterable<TriaServerEvent>,
): Promise<{ events: TriaServerEvent[]; error: unknown }> {
  const events: TriaServerEvent[] = [];
  try {
    for await (const e of stream) events.push(e);
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}

describe('TriaTransport', () => {
  it('posts the message with the ID token and yields the events as they stream in', async () => {
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      void writeSlowly(res, REPLY, 7);
    };
    const { events, error } = await collect(
      transport('id-token-1').chat({ ...request, sessionId: 's-41' }),
    );
    expect(error).toBeNull();
    expect(seen).toEqual([
      {
        authorization: 'Bearer id-token-1',
        accept: 'text/event-stream',
        body: { sessionId: 's-41', message: request.message, lang: 'ru' },
      },
    ]);
    expect(events).toEqual([
      { type: 'session', sessionId: 's-42' },
      { type: 'tool', name: 'list_holograms', status: 'running' },
      { type: 'delta', text: 'Ваша последняя голограмма — ' },
      { type: 'delta', text: '«Утро», 2,5 с.' },
      { type: 'action', action: { type: 'open-hologram', id: 'h-1' } },
      { type: 'done', messageId: 'm-9', engine: 'mistral' },
    ]);
  });

  it('delivers each event before the rest of the stream has arrived', async () => {
    let finish: () => void = () => undefined;
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      res.write(sse('delta', { text: 'first' }));
      finish = () => res.end(sse('done', { messageId: 'm', engine: 'mistral' }));
    };
    const stream = transport('t').chat(request);
    const first = await stream.next();
    expect(first.value).toEqual({ type: 'delta', text: 'first' });
    finish();
    expect((await stream.next()).value).toEqual({
      type: 'done',
      messageId: 'm',
      engine: 'mistral',
    });
    expect((await stream.next()).done).toBe(true);
  });

  it('does not call the server when nobody is signed in', async () => {
    const { error } = await collect(transport(null).chat(request));
    expect(error).toBeInstanceOf(TriaTransportError);
    expect(error).toMatchObject({ kind: 'signed-out' });
    expect(seen).toEqual([]);
  });

  it('reports a token that cannot be had, without calling the server', async () => {
    const t = new TriaTransport({
      getIdToken: () => Promise.reject(new Error('auth/network-request-failed')),
      url,
    });
    const { error } = await collect(t.chat(request));
    expect(error).toMatchObject({ kind: 'network', code: 'token_unavailable' });
    expect(seen).toEqual([]);
  });

  it('turns a JSON error answer into its status and code', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }));
    };
    const { error } = await collect(transport('t').chat(request));
    expect(error).toMatchObject({
      kind: 'http',
      status: 429,
      code: 'rate_limited',
      message: 'Too many requests',
    });
  });

  it('names the status when an error answer is not JSON', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    };
    const { error } = await collect(transport('t').chat(request));
    expect(error).toMatchObject({ kind: 'http', status: 502, code: 'http_502' });
  });

  it('refuses an answer that is not an event stream, or a malformed known event', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    };
    expect((await collect(transport('t').chat(request))).error).toMatchObject({
      kind: 'protocol',
    });
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      res.end('event: delta\ndata: {"text":\n\n');
    };
    expect((await collect(transport('t').chat(request))).error).toMatchObject({
      kind: 'protocol',
      code: 'bad_stream',
    });
  });

  it('reports a stream that ends before done, keeping what arrived', async () => {
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      void writeSlowly(res, sse('delta', { text: 'half a rep' }), 5);
    };
    const { events, error } = await collect(transport('t').chat(request));
    expect(events).toEqual([{ type: 'delta', text: 'half a rep' }]);
    expect(error).toMatchObject({ kind: 'network', code: 'stream_interrupted' });
  });

  it('reports a connection the server drops mid-stream', async () => {
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      res.write(sse('delta', { text: 'abc' }));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const { events, error } = await collect(transport('t').chat(request));
    expect(events).toEqual([{ type: 'delta', text: 'abc' }]);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('gives up when the server stays silent, but heartbeats keep it waiting', async () => {
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      res.write(': hello\n\n');
    };
    const silent = await collect(transport('t', 150).chat(request));
    expect(silent.error).toMatchObject({ kind: 'timeout', code: 'timeout' });

    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      let beats = 0;
      const timer = setInterval(() => {
        if (++beats < 5) {
          res.write(': beat\n\n');
          return;
        }
        clearInterval(timer);
        res.end(sse('done', { messageId: 'm', engine: 'mistral' }));
      }, 60);
    };
    const kept = await collect(transport('t', 150).chat(request));
    expect(kept.error).toBeNull();
    expect(kept.events).toEqual([{ type: 'done', messageId: 'm', engine: 'mistral' }]);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const t = new TriaTransport({
      getIdToken: async () => 't',
      url: `http://127.0.0.1:${port}/api/v1/tria/chat`,
    });
    expect((await collect(t.chat(request))).error).toMatchObject({
      kind: 'network',
      code: 'unreachable',
    });
  });

  it('stops when the caller aborts, rethrowing the abort as it is', async () => {
    handler = (_req, res) => {
      res.writeHead(200, streamHead);
      res.write(sse('delta', { text: 'x' }));
    };
    const controller = new AbortController();
    const stream = transport('t').chat(request, controller.signal);
    expect((await stream.next()).value).toEqual({ type: 'delta', text: 'x' });
    controller.abort();
    const rest = await collect(stream);
    expect(rest.error).not.toBeInstanceOf(TriaTransportError);
    expect((rest.error as Error).name).toBe('AbortError');
  });
});

describe('TriaTransport: stored messages', () => {
  const rows = [
    {
      id: 'm-1',
      sessionId: 's/1',
      role: 'user',
      content: 'Describe my last hologram',
      actions: [],
      toolName: null,
      engine: null,
      errorCode: null,
      createdAt: '2025-11-23T10:00:00.000Z',
    },
    {
      id: 'm-2',
      sessionId: 's/1',
      role: 'assistant',
      content: '“Morning”: 2.5 s.',
      actions: [{ type: 'open-hologram', id: 'h-1' }],
      toolName: null,
      engine: 'local',
      errorCode: null,
      createdAt: '2025-11-23T10:00:01.000Z',
    },
  ];
  const messages = (token: string | null, idleTimeoutMs?: number) =>
    new TriaTransport({ getIdToken: async () => token, url, sessionsUrl, idleTimeoutMs });
  const json =
    (status: number, body: unknown): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

  it('reads a session’s messages with the ID token', async () => {
    handler = json(200, { items: rows });
    expect(await messages('id-token-2').messages('s/1')).toEqual([
      {
        id: 'm-1',
        role: 'user',
        content: 'Describe my last hologram',
        engine: null,
        errorCode: null,
        createdAt: '2025-11-23T10:00:00.000Z',
      },
      {
        id: 'm-2',
        role: 'assistant',
        content: '“Morning”: 2.5 s.',
        engine: 'local',
        errorCode: null,
        createdAt: '2025-11-23T10:00:01.000Z',
      },
    ]);
    expect(seen).toEqual([
      {
        authorization: 'Bearer id-token-2',
        accept: 'application/json',
        body: undefined,
        method: 'GET',
        url: '/api/v1/tria/sessions/s%2F1/messages',
      },
    ]);
  });

  it('asks nothing signed out, and reports the server’s refusals and odd answers', async () => {
    await expect(messages(null).messages('s')).rejects.toMatchObject({ kind: 'signed-out' });
    expect(seen).toEqual([]);
    handler = json(404, { error: { code: 'tria_session_not_found', message: 'No session' } });
    await expect(messages('t').messages('s')).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      code: 'tria_session_not_found',
    });
    for (const body of [{ items: [{ ...rows[0], role: 'robot' }] }, { items: 'no' }, []]) {
      handler = json(200, body);
      await expect(messages('t').messages('s')).rejects.toMatchObject({
        kind: 'protocol',
        code: 'bad_messages',
      });
    }
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [');
    };
    await expect(messages('t').messages('s')).rejects.toMatchObject({ code: 'bad_messages' });
  });

  it('gives up on a server that does not answer', async () => {
    handler = () => undefined;
    await expect(messages('t', 150).messages('s')).rejects.toMatchObject({ kind: 'timeout' });
  });
});
