// The real @mistralai/mistralai SDK against the Mistral double (e2e/harness/mistral-double.ts):
// the shapes the double sends are ones the SDK parses, and the adapter turns them into chunks,
// embeddings and retry classifications.
import { Mistral } from '@mistralai/mistralai';
import { MistralError } from '@mistralai/mistralai/models/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DOUBLE_EMBEDDING_DIM,
  embedText,
  type MistralDouble,
  startMistralDouble,
} from '../../e2e/harness/mistral-double.ts';
import { DEFAULT_TRIA } from '../config.ts';
import type { ChatModel, ModelChunk, ModelRequest } from './loop.ts';
import { classifyMistralError, mistralModel } from './mistral.ts';
import { TOOL_SPECS } from './tools.ts';

let double: MistralDouble;
let model: ChatModel;

beforeAll(async () => {
  double = await startMistralDouble();
  model = mistralModel({ ...DEFAULT_TRIA, apiKey: double.apiKey, serverUrl: double.url });
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [
    { role: 'system', content: 'You are Tria.' },
    { role: 'user', content: 'Hi' },
  ],
  tools: TOOL_SPECS,
  toolChoice: 'auto',
  ...over,
});

async function collect(req: ModelRequest, signal = AbortSignal.timeout(5_000)) {
  const chunks: ModelChunk[] = [];
  for await (const c of model.stream(req, signal)) chunks.push(c);
  return chunks;
}

describe('the Mistral adapter on the real SDK against the double', () => {
  it('streams text chunks in order', async () => {
    double.script({ kind: 'text', chunks: ['Hel', 'lo, ', 'I am Tria.'] });
    const chunks = await collect(request());
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('Hello, I am Tria.');
    expect(chunks.filter((c) => c.text).length).toBe(3);
    const sent = double.chatRequests[0];
    expect(sent?.accept).toBe('text/event-stream');
    expect(sent?.authorization).toBe(`Bearer ${double.apiKey}`);
    expect(sent?.body).toMatchObject({
      model: 'mistral-small-latest',
      stream: true,
      tool_choice: 'auto',
    });
    expect(sent?.body.tools?.map((t) => t.function.name)).toEqual([
      'list_holograms',
      'search_holograms',
      'describe_hologram',
      'propose_action',
    ]);
  });

  it('parses streamed tool calls, and sends the tool result back in the next request', async () => {
    double.script({
      kind: 'tool_calls',
      calls: [
        { name: 'describe_hologram', arguments: { id: 'last' } },
        { name: 'propose_action', arguments: { type: 'zoom', factor: 2 } },
      ],
    });
    const chunks = await collect(request());
    const calls = chunks.flatMap((c) => c.toolCalls ?? []);
    expect(calls.map((c) => [c.index, c.name, JSON.parse(c.arguments ?? '')])).toEqual([
      [0, 'describe_hologram', { id: 'last' }],
      [1, 'propose_action', { type: 'zoom', factor: 2 }],
    ]);
    const id = calls[0]?.id as string;
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);

    double.script({ kind: 'text', chunks: ['It is A4.'] });
    await collect(
      request({
        messages: [
          ...request().messages,
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id, name: 'describe_hologram', arguments: '{"id":"last"}' }],
          },
          { role: 'tool', toolCallId: id, name: 'describe_hologram', content: '{"notes":["A4"]}' },
        ],
      }),
    );
    expect(double.rejected).toEqual([]);
    expect(double.chatRequests[1]?.body.messages.slice(-2)).toMatchObject([
      { role: 'assistant', tool_calls: [{ id, function: { name: 'describe_hologram' } }] },
      { role: 'tool', tool_call_id: id, name: 'describe_hologram', content: '{"notes":["A4"]}' },
    ]);
  });

  it('answers non-streamed completions in the shape the SDK parses', async () => {
    double.script({ kind: 'text', chunks: ['Whole ', 'answer.'] });
    const client = new Mistral({ apiKey: double.apiKey, serverURL: double.url });
    const res = await client.chat.complete({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(res.choices[0]?.message?.content).toBe('Whole answer.');
    expect(res.choices[0]?.finishReason).toBe('stop');
  });

  it('embeds texts with 1024 dimensions, the same text to the same vector', async () => {
    const [a, b, c] = await model.embed(
      ['my morning train', 'my morning train', 'a quiet violin'],
      AbortSignal.timeout(5_000),
    );
    expect(a).toHaveLength(DOUBLE_EMBEDDING_DIM);
    expect(a).toEqual(b);
    expect(a).toEqual(embedText('my morning train'));
    expect(c).not.toEqual(a);
    expect(double.embeddingRequests[0]?.body).toEqual({
      model: 'mistral-embed',
      input: ['my morning train', 'my morning train', 'a quiet violin'],
    });
  });

  it('classifies 429 (with Retry-After), 500, 400 and a timeout for retrying', async () => {
    const failure = async (signal?: AbortSignal) =>
      classifyMistralError(await collect(request(), signal).catch((e: unknown) => e));
    double.script({ kind: 'status', status: 429, retryAfter: 2 });
    expect(await failure()).toEqual({ kind: 'rate_limited', retryable: true, retryAfterMs: 2_000 });
    double.script({ kind: 'status', status: 500 });
    expect(await failure()).toEqual({ kind: 'unavailable', retryable: true });
    double.script({ kind: 'status', status: 400, message: 'bad request' });
    expect(await failure()).toEqual({ kind: 'failed', retryable: false });
    double.script({ kind: 'hang' });
    expect(await failure(AbortSignal.timeout(50))).toEqual({ kind: 'timeout', retryable: true });
  });

  it('is refused by the double the way Mistral refuses: wrong key, orphan tool message', async () => {
    const wrong = mistralModel({ ...DEFAULT_TRIA, apiKey: 'nope', serverUrl: double.url });
    double.script({ kind: 'text', chunks: ['never'] });
    const err = await (async () => {
      for await (const _ of wrong.stream(request(), AbortSignal.timeout(5_000))) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MistralError);
    expect((err as MistralError).statusCode).toBe(401);

    const orphan = await collect(
      request({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'tool', toolCallId: 'abcdefghi', name: 'list_holograms', content: '{}' },
        ],
      }),
    ).catch((e: unknown) => e);
    expect((orphan as MistralError).statusCode).toBe(400);
    expect(double.rejected.map((r) => r.reason)).toEqual([
      'bad key',
      'messages[1]: tool message for unknown tool call abcdefghi',
    ]);
  });
});
