// A local stand-in for Mistral's HTTP API, for tests that run the real @mistralai/mistralai SDK
// with no network: `POST /v1/chat/completions` (JSON, or server-sent `data: {...}` chunks ending
// in `data: [DONE]` when `stream` is true, tool calls included, in the shapes the SDK parses) and
// `POST /v1/embeddings` (1024-dimensional, deterministic). Each test scripts the chat replies in
// order: text, tool calls, an HTTP error (429 with Retry-After, 500 …) or a hang (for timeouts).
// Requests are checked the way Mistral checks them (key, message order, tool call ids) and kept,
// so tests can assert what the server sent back (tool results, the system prompt).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Dimensions of mistral-embed. */
export const DOUBLE_EMBEDDING_DIM = 1024;

export type ChatScript =
  /** A text reply, streamed as these chunks (`delayMs` apart). */
  | { kind: 'text'; chunks: string[]; delayMs?: number }
  /** Tool calls (after optional text); arguments as an object or raw JSON text. */
  | {
      kind: 'tool_calls';
      calls: Array<{ name: string; arguments: Record<string, unknown> | string }>;
      text?: string;
    }
  /** An HTTP error with Mistral's error body; `retryAfter` in seconds. */
  | { kind: 'status'; status: number; retryAfter?: number; message?: string }
  /** Sends `chunks` (none: not even headers) and then never finishes. */
  | { kind: 'hang'; chunks?: string[] };

export type EmbeddingScript =
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'hang' };

/** A chat request as it reached the double (Mistral's wire names). */
export interface ChatBody {
  model: string;
  stream?: boolean;
  messages: Array<{
    role: 'system' | 'user' | 'assistant' | 'tool';
    content: string | null;
    tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> | null;
    tool_call_id?: string;
    name?: string;
  }>;
  tools?: Array<{
    type: 'function';
    function: { name: string; description?: string; parameters?: unknown };
  }>;
  tool_choice?: string;
}

export interface EmbeddingBody {
  model: string;
  input: string | string[];
}

export interface RecordedRequest<Body> {
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
  body: Body;
}

export interface MistralDouble {
  /** Base URL for the SDK's serverURL. */
  url: string;
  apiKey: string;
  /** Queues chat replies, answered in order; an unscripted chat request gets a 500. */
  script(...steps: ChatScript[]): void;
  /** Queues embeddings failures; unscripted embeddings requests succeed. */
  scriptEmbeddings(...steps: EmbeddingScript[]): void;
  /** Chat steps not used yet. */
  pending(): number;
  chatRequests: RecordedRequest<ChatBody>[];
  embeddingRequests: RecordedRequest<EmbeddingBody>[];
  /** Requests the double refused as Mistral would (bad key, order, ids), with the reason. */
  rejected: Array<{ path: string; reason: string }>;
  /** Forgets scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** FNV-1a, 32 bits. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const ch of s) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The double's embedding of a text: each word adds ±1 to a hashed dimension, L2-normalised, so
 * texts sharing words are near (cosine) and the same text always gives the same vector.
 */
export function embedText(text: string): number[] {
  const v = new Array<number>(DOUBLE_EMBEDDING_DIM).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    const h = hash(w);
    v[h % DOUBLE_EMBEDDING_DIM] = (v[h % DOUBLE_EMBEDDING_DIM] ?? 0) + (h & 0x80000000 ? -1 : 1);
  }
  const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  if (norm === 0) {
    v[0] = 1;
    return v;
  }
  return v.map((x) => x / norm);
}

/** Mistral's tool call ids: 9 characters of [a-zA-Z0-9]. */
const TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const toolCallId = () => Array.from(randomBytes(9), (b) => ALNUM[b % ALNUM.length]).join('');

const usage = { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 };

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string) {
  return { object: 'error', message, type, param: null, code };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

interface Msg {
  role?: string;
  content?: unknown;
  tool_calls?: Array<{ id?: string; function?: { name?: string } }>;
  tool_call_id?: string;
}

/** Why Mistral would refuse this chat request, or null. */
function checkChat(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'body is not a JSON object';
  const b = body as { model?: unknown; messages?: unknown; tools?: unknown };
  if (typeof b.model !== 'string' || b.model === '') return 'model is required';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages must not be empty';
  const open = new Set<string>();
  for (const [i, m] of (b.messages as Msg[]).entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes(m.role ?? '')) {
      return `messages[${i}].role ${m.role} is not a role`;
    }
    if (m.role === 'assistant') {
      for (const c of m.tool_calls ?? []) {
        if (!c.id || !TOOL_CALL_ID.test(c.id)) return `tool call id ${c.id} is not 9 [a-zA-Z0-9]`;
        open.add(c.id);
      }
    }
    if (m.role === 'tool') {
      if (!m.tool_call_id || !open.has(m.tool_call_id)) {
        return `messages[${i}]: tool message for unknown tool call ${m.tool_call_id}`;
      }
      open.delete(m.tool_call_id);
    } else if (open.size > 0 && m.role !== 'assistant') {
      return `messages[${i}]: tool calls ${[...open].join(', ')} have no tool message`;
    }
  }
  const last = (b.messages as Msg[]).at(-1)?.role;
  if (last !== 'user' && last !== 'tool') {
    return `Expected last role User or Tool but got ${last}`;
  }
  if (b.tools !== undefined && b.tools !== null) {
    if (!Array.isArray(b.tools)) return 'tools must be a list';
    for (const t of b.tools as Array<{ type?: string; function?: { name?: string } }>) {
      if (t.type !== 'function' || !t.function?.name) return 'each tool needs a function name';
    }
  }
  return null;
}

export async function startMistralDouble(opts: { apiKey?: string } = {}): Promise<MistralDouble> {
  const apiKey = opts.apiKey ?? 'double-mistral-key';
  const chatQueue: ChatScript[] = [];
  const embeddingQueue: EmbeddingScript[] = [];
  const chatRequests: RecordedRequest<ChatBody>[] = [];
  const embeddingRequests: RecordedRequest<EmbeddingBody>[] = [];
  const rejected: MistralDouble['rejected'] = [];
  let counter = 0;

  const chunk = (model: string, delta: object, finish: string | null, withUsage = false) => ({
    id: `cmpl-double-${counter}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(withUsage ? { usage } : {}),
  });

  const toolCalls = (step: Extract<ChatScript, { kind: 'tool_calls' }>) =>
    step.calls.map((c, index) => ({
      id: toolCallId(),
      function: {
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      },
      index,
    }));

  const hangUntilClosed = (res: ServerResponse) =>
    new Promise<void>((resolve) => res.once('close', () => resolve()));

  async function streamReply(res: ServerResponse, model: string, step: ChatScript) {
    const write = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    if (step.kind === 'hang' && !step.chunks?.length) return hangUntilClosed(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    write(chunk(model, { role: 'assistant', content: '' }, null));
    if (step.kind === 'hang') {
      for (const c of step.chunks ?? []) write(chunk(model, { content: c }, null));
      return hangUntilClosed(res);
    }
    if (step.kind === 'text') {
      for (const c of step.chunks) {
        if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
        write(chunk(model, { content: c }, null));
      }
      write(chunk(model, { content: '' }, 'stop', true));
    } else if (step.kind === 'tool_calls') {
      if (step.text) write(chunk(model, { content: step.text }, null));
      write(chunk(model, { content: '', tool_calls: toolCalls(step) }, 'tool_calls', true));
    }
    res.end('data: [DONE]\n\n');
  }

  function jsonReply(res: ServerResponse, model: string, step: ChatScript) {
    if (step.kind === 'hang') return hangUntilClosed(res);
    const calls = step.kind === 'tool_calls' ? toolCalls(step) : null;
    const content =
      step.kind === 'text'
        ? step.chunks.join('')
        : step.kind === 'tool_calls'
          ? (step.text ?? '')
          : '';
    sendJson(res, 200, {
      id: `cmpl-double-${counter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, tool_calls: calls, prefix: false },
          finish_reason: calls ? 'tool_calls' : 'stop',
        },
      ],
      usage,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
      return sendJson(res, 404, { detail: 'Not Found' });
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      rejected.push({ path, reason: 'bad key' });
      return sendJson(res, 401, { message: 'Unauthorized', request_id: 'double' });
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      rejected.push({ path, reason: 'not JSON' });
      return sendJson(res, 400, errorBody('Invalid JSON body', 'invalid_request_error', '3000'));
    }
    const recorded = {
      path,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    };
    counter++;

    if (path === '/v1/embeddings') {
      embeddingRequests.push({ ...recorded, body: body as EmbeddingBody });
      const b = body as { model?: unknown; input?: unknown };
      const inputs = typeof b.input === 'string' ? [b.input] : b.input;
      if (typeof b.model !== 'string' || !Array.isArray(inputs) || inputs.length === 0) {
        rejected.push({ path, reason: 'model and input are required' });
        return sendJson(
          res,
          400,
          errorBody('model and input are required', 'invalid_request_error', '3000'),
        );
      }
      const step = embeddingQueue.shift();
      if (step?.kind === 'hang') return hangUntilClosed(res);
      if (step?.kind === 'status') {
        return sendJson(
          res,
          step.status,
          errorBody(step.message ?? `status ${step.status}`, 'api_error', String(step.status)),
        );
      }
      return sendJson(res, 200, {
        id: `embd-double-${counter}`,
        object: 'list',
        model: b.model,
        data: (inputs as string[]).map((text, index) => ({
          object: 'embedding',
          embedding: embedText(String(text)),
          index,
        })),
        usage: {
          prompt_tokens: inputs.length * 4,
          total_tokens: inputs.length * 4,
          completion_tokens: 0,
        },
      });
    }

    chatRequests.push({ ...recorded, body: body as ChatBody });
    const problem = checkChat(body);
    if (problem) {
      rejected.push({ path, reason: problem });
      return sendJson(res, 400, errorBody(problem, 'invalid_request_message_order', '3230'));
    }
    const step = chatQueue.shift();
    if (!step) {
      rejected.push({ path, reason: 'no scripted reply left' });
      return sendJson(res, 500, errorBody('mistral double: no scripted reply', 'api_error', '500'));
    }
    if (step.kind === 'status') {
      const headers =
        step.retryAfter === undefined ? {} : { 'retry-after': String(step.retryAfter) };
      const message =
        step.message ??
        (step.status === 429 ? 'Requests rate limit exceeded' : 'Internal server error');
      return sendJson(
        res,
        step.status,
        errorBody(message, step.status === 429 ? 'rate_limited' : 'api_error', String(step.status)),
        headers,
      );
    }
    const { model, stream } = body as { model: string; stream?: boolean };
    return stream ? streamReply(res, model, step) : jsonReply(res, model, step);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(String(err), 'api_error', '500'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    script: (...steps) => void chatQueue.push(...steps),
    scriptEmbeddings: (...steps) => void embeddingQueue.push(...steps),
    pending: () => chatQueue.length,
    chatRequests,
    embeddingRequests,
    rejected,
    reset() {
      chatQueue.length = 0;
      embeddingQueue.length = 0;
      chatRequests.length = 0;
      embeddingRequests.length = 0;
      rejected.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
