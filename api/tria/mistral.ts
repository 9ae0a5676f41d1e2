// The ChatModel of the Mistral path on the official SDK (@mistralai/mistralai): `chat.stream` with
// function tools and `embeddings.create`. The SDK's own retries are off; loop.ts and retry.ts
// retry with their tested policy, and each request gets the caller's AbortSignal (timeout or the
// client leaving).
import { Mistral } from '@mistralai/mistralai';
import type {
  ChatCompletionStreamRequestMessage as Messages,
  ToolCall as SdkToolCall,
} from '@mistralai/mistralai/models/components';
import {
  ConnectionError,
  MistralError,
  RequestAbortedError,
  RequestTimeoutError,
} from '@mistralai/mistralai/models/errors';
import type { TriaConfig } from '../config.ts';
import type { ChatMessage, ChatModel, ModelChunk } from './loop.ts';
import type { Failure } from './retry.ts';

const NO_RETRIES = { strategy: 'none' } as const;

function toSdkMessage(m: ChatMessage): Messages {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls?.length
          ? {
              toolCalls: m.toolCalls.map(
                (c): SdkToolCall => ({
                  id: c.id,
                  type: 'function',
                  function: { name: c.name, arguments: c.arguments },
                }),
              ),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', toolCallId: m.toolCallId, name: m.name, content: m.content };
  }
}

/** Text of a streamed content delta: a string or text chunks. */
function deltaText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c: { type?: string; text?: string }) => (c.type === 'text' && c.text ? c.text : ''))
    .join('');
}

const retryAfterMs = (headers: Headers): number | undefined => {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

/** What a failed SDK call means: 429 and 5xx, lost connections and timeouts may be retried. */
export function classifyMistralError(err: unknown): Failure {
  if (err instanceof MistralError) {
    const ms = retryAfterMs(err.headers);
    if (err.statusCode === 429)
      return {
        kind: 'rate_limited',
        retryable: true,
        ...(ms === undefined ? {} : { retryAfterMs: ms }),
      };
    if (err.statusCode >= 500) return { kind: 'unavailable', retryable: true };
    return { kind: 'failed', retryable: false };
  }
  if (err instanceof RequestTimeoutError) return { kind: 'timeout', retryable: true };
  if (err instanceof RequestAbortedError) return { kind: 'aborted', retryable: false };
  if (err instanceof ConnectionError) return { kind: 'unavailable', retryable: true };
  // A stream cut off mid-way by the network.
  if (err instanceof TypeError && /terminated|fetch failed|socket/i.test(err.message))
    return { kind: 'unavailable', retryable: true };
  return { kind: 'failed', retryable: false };
}

export function mistralModel(cfg: TriaConfig & { apiKey: string }): ChatModel {
  const client = new Mistral({
    apiKey: cfg.apiKey,
    retryConfig: NO_RETRIES,
    ...(cfg.serverUrl ? { serverURL: cfg.serverUrl } : {}),
  });
  return {
    async *stream(req, signal): AsyncGenerator<ModelChunk> {
      const events = await client.chat.stream(
        {
          model: cfg.model,
          messages: req.messages.map(toSdkMessage),
          tools: req.tools.map((t) => ({
            type: 'function' as const,
            function: { name: t.name, description: t.description, parameters: t.parameters },
          })),
          toolChoice: req.toolChoice,
        },
        { signal, retries: NO_RETRIES },
      );
      for await (const event of events) {
        for (const choice of event.data.choices) {
          const text = deltaText(choice.delta.content);
          const calls = choice.delta.toolCalls ?? [];
          yield {
            ...(text ? { text } : {}),
            ...(calls.length
              ? {
                  toolCalls: calls.map((c) => ({
                    index: c.index ?? 0,
                    ...(c.id ? { id: c.id } : {}),
                    name: c.function.name,
                    arguments:
                      typeof c.function.arguments === 'string'
                        ? c.function.arguments
                        : JSON.stringify(c.function.arguments),
                  })),
                }
              : {}),
          };
        }
      }
    },
    async embed(texts, signal) {
      const res = await client.embeddings.create(
        { model: cfg.embedModel, inputs: texts },
        { signal, retries: NO_RETRIES },
      );
      const byIndex = [...res.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return byIndex.map((d) => d.embedding ?? []);
    },
    classify: classifyMistralError,
  };
}
