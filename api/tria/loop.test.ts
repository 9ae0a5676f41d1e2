// The tool loop with a scripted in-memory model (the real SDK against the Mistral double is in
// mistral.test.ts and the integration tests).
import { describe, expect, it } from 'vitest';
import type { TriaEvent } from './events.ts';
import {
  type ChatModel,
  type ModelChunk,
  type ModelRequest,
  runToolLoop,
  ToolCallCollector,
  type ToolSpec,
} from './loop.ts';
import type { Failure } from './retry.ts';

type Step = ModelChunk[] | { fail: Failure; after?: ModelChunk[] } | 'hang';

class ScriptedError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
  }
}

/** A model that plays `steps`, one per request, and records the requests. */
function scripted(steps: Step[]) {
  const requests: ModelRequest[] = [];
  const model: ChatModel = {
    async *stream(req, signal) {
      requests.push(structuredClone(req));
      const step = steps.shift();
      if (!step) throw new Error('unscripted request');
      if (step === 'hang') {
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
        return;
      }
      if (Array.isArray(step)) {
        yield* step;
        return;
      }
      yield* step.after ?? [];
      throw new ScriptedError(step.fail);
    },
    async embed(texts) {
      return texts.map(() => []);
    },
    classify: (err) =>
      err instanceof ScriptedError ? err.failure : { kind: 'failed', retryable: false },
  };
  return { model, requests };
}

const tools: ToolSpec[] = [
  { name: 'list_holograms', description: 'list', parameters: { type: 'object' } },
];

function run(model: ChatModel, opts: { maxRounds?: number; timeoutMs?: number } = {}) {
  const events: TriaEvent[] = [];
  const toolRuns: string[] = [];
  const waits: number[] = [];
  const done = runToolLoop({
    model,
    messages: [
      { role: 'system', content: 'be Tria' },
      { role: 'user', content: 'what did I record?' },
    ],
    tools,
    async runTool(call) {
      toolRuns.push(`${call.name}(${call.arguments})`);
      return { ok: true, content: JSON.stringify({ holograms: [{ title: 'Morning train' }] }) };
    },
    emit: async (e) => {
      events.push(e);
    },
    maxRounds: opts.maxRounds ?? 4,
    timeoutMs: opts.timeoutMs ?? 5_000,
    retry: {
      policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    },
    signal: new AbortController().signal,
  });
  return { done, events, toolRuns, waits };
}

const deltas = (events: TriaEvent[]) =>
  events.flatMap((e) => (e.event === 'delta' ? [e.data.text] : []));

describe('runToolLoop', () => {
  it('passes streamed text on as deltas and ends when the model answers in text', async () => {
    const { model, requests } = scripted([[{ text: 'Hel' }, { text: 'lo' }, {}]]);
    const { done, events } = run(model);
    expect(await done).toEqual({ text: 'Hello', failure: null, rounds: 1 });
    expect(deltas(events)).toEqual(['Hel', 'lo']);
    expect(requests[0]?.toolChoice).toBe('auto');
  });

  it('runs tool calls, sends their results back, then streams the answer', async () => {
    const { model, requests } = scripted([
      [
        { text: 'Let me look. ' },
        {
          toolCalls: [
            { index: 0, id: 'abcDEF123', name: 'list_holograms', arguments: '{"limit":1}' },
          ],
        },
      ],
      [{ text: 'You recorded “Morning train”.' }],
    ]);
    const { done, events, toolRuns } = run(model);
    const result = await done;
    expect(result).toEqual({
      text: 'Let me look. You recorded “Morning train”.',
      failure: null,
      rounds: 2,
    });
    expect(toolRuns).toEqual(['list_holograms({"limit":1})']);
    expect(events.filter((e) => e.event === 'tool').map((e) => e.data)).toEqual([
      { name: 'list_holograms', status: 'start' },
      { name: 'list_holograms', status: 'done' },
    ]);
    const second = requests[1]?.messages ?? [];
    expect(second.at(-2)).toEqual({
      role: 'assistant',
      content: 'Let me look. ',
      toolCalls: [{ id: 'abcDEF123', name: 'list_holograms', arguments: '{"limit":1}' }],
    });
    expect(second.at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'abcDEF123',
      name: 'list_holograms',
      content: JSON.stringify({ holograms: [{ title: 'Morning train' }] }),
    });
  });

  it('forbids tools on the last round, so the loop always ends in text', async () => {
    const call = {
      toolCalls: [{ index: 0, id: 'id0000001', name: 'list_holograms', arguments: '{}' }],
    };
    const { model, requests } = scripted([[call], [call], [{ text: 'Done.' }, call]]);
    const { done, toolRuns } = run(model, { maxRounds: 3 });
    expect(await done).toEqual({ text: 'Done.', failure: null, rounds: 3 });
    expect(requests.map((r) => r.toolChoice)).toEqual(['auto', 'auto', 'none']);
    expect(toolRuns).toHaveLength(2);
  });

  it('retries a 429 that came before any text, with backoff, and then streams', async () => {
    const { model, requests } = scripted([
      { fail: { kind: 'rate_limited', retryable: true, retryAfterMs: 300 } },
      [{ text: 'Here.' }],
    ]);
    const { done, waits } = run(model);
    expect(await done).toEqual({ text: 'Here.', failure: null, rounds: 1 });
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([300]);
  });

  it('gives up after the attempts with the failure and no text', async () => {
    const fail = { fail: { kind: 'unavailable', retryable: true } as Failure };
    const { model, requests } = scripted([fail, fail, fail]);
    const { done, waits } = run(model);
    expect(await done).toEqual({
      text: '',
      failure: { kind: 'unavailable', retryable: true },
      rounds: 1,
    });
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it('keeps the text shown when a stream breaks off, and does not retry it', async () => {
    const { model, requests } = scripted([
      { after: [{ text: 'Your last holo' }], fail: { kind: 'unavailable', retryable: true } },
    ]);
    const { done, events } = run(model);
    const result = await done;
    expect(result.text).toBe('Your last holo');
    expect(result.failure?.kind).toBe('unavailable');
    expect(requests).toHaveLength(1);
    expect(deltas(events)).toEqual(['Your last holo']);
  });

  it('times a hanging request out, retries it, and reports a timeout', async () => {
    const { model, requests } = scripted(['hang', 'hang', 'hang']);
    const started = performance.now();
    const { done } = run(model, { timeoutMs: 30 });
    const result = await done;
    expect(result.failure).toEqual({ kind: 'timeout', retryable: true });
    expect(requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });
});

describe('ToolCallCollector', () => {
  it('joins pieces of the same call by index, keeps order, and names missing ids', () => {
    const c = new ToolCallCollector();
    c.add([{ index: 1, id: 'second001', name: 'propose_action', arguments: '{"type":' }]);
    c.add([{ index: 0, name: 'list_holograms' }]);
    c.add([{ index: 1, arguments: '"zoom","factor":2}' }]);
    expect(c.calls()).toEqual([
      { id: 'call0', name: 'list_holograms', arguments: '{}' },
      { id: 'second001', name: 'propose_action', arguments: '{"type":"zoom","factor":2}' },
    ]);
  });
});
