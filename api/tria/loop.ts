// The tool-calling loop of the Mistral path, independent of the SDK: stream a completion, pass
// its text on as `delta` events, run the tool calls it asks for, send their results back, and go
// round again until the model answers in text or the rounds run out (the last round forbids
// tools, so it has to answer). Each round is one model request with its own timeout, retried by
// the policy in retry.ts while it has shown nothing. A failure ends the loop with the text shown
// so far, so the caller can store it.
import type { EmitEvent } from './events.ts';
import { type Failure, RetriesExhaustedError, type RetryOptions, withRetry } from './retry.ts';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** A piece of a streamed completion. Tool calls arrive whole or in pieces keyed by `index`. */
export interface ModelChunk {
  text?: string;
  toolCalls?: Array<{ index: number; id?: string; name?: string; arguments?: string }>;
}

export interface ModelRequest {
  messages: ChatMessage[];
  tools: ToolSpec[];
  toolChoice: 'auto' | 'none';
}

export interface ChatModel {
  /** Streams one completion; aborting `signal` ends it with an error. */
  stream(req: ModelRequest, signal: AbortSignal): AsyncIterable<ModelChunk>;
  /** One embedding per text, in order. */
  embed(texts: string[], signal: AbortSignal): Promise<number[][]>;
  /** What an error this model threw means for retrying. */
  classify(err: unknown): Failure;
}

/** Gathers streamed tool-call pieces into whole calls. */
export class ToolCallCollector {
  readonly #calls = new Map<number, ToolCall>();

  add(pieces: NonNullable<ModelChunk['toolCalls']>) {
    for (const p of pieces) {
      const call = this.#calls.get(p.index) ?? { id: '', name: '', arguments: '' };
      if (p.id && p.id !== 'null') call.id = p.id;
      if (p.name) call.name = p.name;
      if (p.arguments) call.arguments += p.arguments;
      this.#calls.set(p.index, call);
    }
  }

  /** The calls in index order; unnamed ones dropped, missing ids made up. */
  calls(): ToolCall[] {
    return [...this.#calls]
      .sort((a, b) => a[0] - b[0])
      .filter(([, c]) => c.name !== '')
      .map(([i, c]) => ({ ...c, id: c.id || `call${i}`, arguments: c.arguments || '{}' }));
  }
}

export interface ToolOutcome {
  ok: boolean;
  /** What goes back to the model (JSON text). */
  content: string;
}

export interface LoopOptions {
  model: ChatModel;
  /** System prompt, history and the new user message. */
  messages: ChatMessage[];
  tools: ToolSpec[];
  runTool(call: ToolCall): Promise<ToolOutcome>;
  emit: EmitEvent;
  /** Model requests at most; the last one may not call tools. */
  maxRounds: number;
  /** Limit of one model request, ms. */
  timeoutMs: number;
  retry: Omit<RetryOptions, 'classify' | 'committed' | 'signal'>;
  /** The client went away. */
  signal: AbortSignal;
}

export interface LoopResult {
  /** Everything sent as `delta`, in order. */
  text: string;
  /** Null when the model finished its answer. */
  failure: Failure | null;
  rounds: number;
}

export async function runToolLoop(o: LoopOptions): Promise<LoopResult> {
  const messages = [...o.messages];
  let text = '';
  let rounds = 0;
  for (let round = 0; round < o.maxRounds; round++) {
    rounds = round + 1;
    const last = round === o.maxRounds - 1;
    let shown = false;
    let roundText = '';
    let calls: ToolCall[];
    try {
      calls = await withRetry(
        async () => {
          roundText = '';
          const timeout = AbortSignal.timeout(o.timeoutMs);
          const signal = AbortSignal.any([o.signal, timeout]);
          const collector = new ToolCallCollector();
          try {
            const req: ModelRequest = {
              messages,
              tools: o.tools,
              toolChoice: last ? 'none' : 'auto',
            };
            for await (const chunk of o.model.stream(req, signal)) {
              if (chunk.text) {
                shown = true;
                roundText += chunk.text;
                text += chunk.text;
                await o.emit({ event: 'delta', data: { text: chunk.text } });
              }
              if (chunk.toolCalls && !last) collector.add(chunk.toolCalls);
            }
          } catch (err) {
            if (o.signal.aborted) throw new LoopAbort('aborted', err);
            if (timeout.aborted) throw new LoopAbort('timeout', err);
            throw err;
          }
          return collector.calls();
        },
        {
          ...o.retry,
          classify: (err) =>
            err instanceof LoopAbort
              ? { kind: err.kind, retryable: err.kind === 'timeout' }
              : o.model.classify(err),
          committed: () => shown,
          signal: o.signal,
        },
      );
    } catch (err) {
      if (err instanceof RetriesExhaustedError) return { text, failure: err.failure, rounds };
      throw err;
    }
    if (calls.length === 0) return { text, failure: null, rounds };
    messages.push({ role: 'assistant', content: roundText, toolCalls: calls });
    for (const call of calls) {
      await o.emit({ event: 'tool', data: { name: call.name, status: 'start' } });
      const outcome = await o.runTool(call);
      await o.emit({
        event: 'tool',
        data: { name: call.name, status: outcome.ok ? 'done' : 'error' },
      });
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: outcome.content,
      });
    }
  }
  return { text, failure: null, rounds };
}

/** A round ended by our own timeout or the client leaving, not by the model. */
class LoopAbort extends Error {
  override name = 'LoopAbort';
  constructor(
    readonly kind: 'timeout' | 'aborted',
    override readonly cause: unknown,
  ) {
    super(kind);
  }
}
