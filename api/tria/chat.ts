// One exchange with Tria, as a sequence of events: the session, the user's message stored before
// any model is asked, the reply (Mistral with tools and memory when there is a key, the local
// engine when not) streamed as it comes, and the assistant message stored at the end, also when
// the reply failed (the text shown so far and the error code), so nothing is lost from history.
import type { TriaAction } from '../../workers/tria/actions.ts';
import type { TriaLang } from '../../workers/tria/text.ts';
import type { TriaConfig } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import type { EmitEvent, TriaEngine } from './events.ts';
import { localReply } from './local.ts';
import { type ChatMessage, type ChatModel, runToolLoop } from './loop.ts';
import { RECALL_K, type Recalled, recall, remember } from './memory.ts';
import { type FailureKind, withRetry } from './retry.ts';
import { addMessage, ensureSession, listMessages } from './store.ts';
import { createToolRunner, describeForMemory, TOOL_SPECS } from './tools.ts';

/** Model requests per reply; the last one answers without tools. */
export const MAX_ROUNDS = 4;
/** Earlier messages of the session sent with a new one. */
export const HISTORY_MESSAGES = 20;
/** Longest tool result stored in the history. */
const TOOL_CONTENT_CHARS = 8000;
/** Memory is an aid: its embeddings get at most this long and two attempts, then the chat goes on. */
export const MEMORY_TIMEOUT_MS = 5_000;
const MEMORY_ATTEMPTS = 2;

export interface ChatInput {
  sessionId: string;
  message: string;
  lang: TriaLang;
  /** Whether the client is recording (the local engine's start/stop answers depend on it). */
  recording: boolean;
}

export type ChatErrorCode =
  | 'tria_rate_limited'
  | 'tria_unavailable'
  | 'tria_timeout'
  | 'tria_aborted'
  | 'tria_failed';

const CODES: Record<FailureKind, ChatErrorCode> = {
  rate_limited: 'tria_rate_limited',
  unavailable: 'tria_unavailable',
  timeout: 'tria_timeout',
  aborted: 'tria_aborted',
  failed: 'tria_failed',
};

/** What the user reads when a reply fails, in their language. */
export const ERROR_TEXT: Record<ChatErrorCode, Record<TriaLang, string>> = {
  tria_rate_limited: {
    en: 'Tria is getting too many requests right now. Please try again in a minute; your message is saved.',
    ru: 'Сейчас у Трии слишком много запросов. Попробуйте ещё раз через минуту — ваше сообщение сохранено.',
  },
  tria_unavailable: {
    en: 'Tria’s language model is unavailable right now. Please try again later; your message is saved.',
    ru: 'Языковая модель Трии сейчас недоступна. Попробуйте позже — ваше сообщение сохранено.',
  },
  tria_timeout: {
    en: 'Tria took too long to answer. Please try again; your message is saved.',
    ru: 'Трия слишком долго отвечала. Попробуйте ещё раз — ваше сообщение сохранено.',
  },
  tria_aborted: {
    en: 'The reply was interrupted.',
    ru: 'Ответ прерван.',
  },
  tria_failed: {
    en: 'Tria could not answer this time. Please try again; your message is saved.',
    ru: 'Трия не смогла ответить. Попробуйте ещё раз — ваше сообщение сохранено.',
  },
};

export interface ChatRun {
  deps: AppDeps;
  owner: string;
  input: ChatInput;
  emit: EmitEvent;
  /** The client went away. */
  signal: AbortSignal;
  /** The Mistral path's model, or null for the local engine. */
  model: ChatModel | null;
  tria: TriaConfig;
}

interface Outcome {
  text: string;
  actions: TriaAction[];
  errorCode: ChatErrorCode | null;
}

/**
 * Before the stream starts: the session (created on first use, titled after the message) and the
 * user's message are stored, so a database failure is a plain JSON error and the message is kept
 * whatever happens to the reply.
 */
export async function storeUserMessage(deps: AppDeps, owner: string, input: ChatInput) {
  return deps.db.transaction(async (tx) => {
    const session = await ensureSession(tx, owner, input.sessionId, input.message);
    const message = await addMessage(tx, owner, session.id, {
      role: 'user',
      content: input.message,
    });
    return { session, message };
  });
}

/** Streams the reply to a stored user message; never throws (failures become `error` events). */
export async function runChat(run: ChatRun, userMessageId: string): Promise<void> {
  const { deps, owner, input } = run;
  const engine: TriaEngine = run.model ? 'mistral' : 'local';
  // What the user has been shown, kept whatever happens next.
  let shownText = '';
  const shownActions: TriaAction[] = [];
  const emit: EmitEvent = async (e) => {
    if (e.event === 'delta') shownText += e.data.text;
    if (e.event === 'action') shownActions.push(e.data.action);
    await run.emit(e);
  };
  const tracked: ChatRun = { ...run, emit };
  await emit({ event: 'session', data: { sessionId: input.sessionId, userMessageId } });
  let outcome: Outcome;
  try {
    outcome = run.model
      ? await mistralReply(tracked, run.model, userMessageId)
      : await localOutcome(tracked);
  } catch (err) {
    deps.logger.error({ err, owner }, 'tria reply failed');
    outcome = { text: shownText, actions: shownActions, errorCode: 'tria_failed' };
  }
  if (outcome.errorCode) {
    const message = ERROR_TEXT[outcome.errorCode][input.lang];
    await emit({ event: 'error', data: { code: outcome.errorCode, message } });
  }
  try {
    const stored = await addMessage(deps.db, owner, input.sessionId, {
      role: 'assistant',
      content: outcome.text,
      actions: outcome.actions,
      engine,
      errorCode: outcome.errorCode,
    });
    await emit({ event: 'done', data: { messageId: stored.id, engine } });
    if (run.model && !outcome.errorCode && outcome.text) {
      await memorise(run, run.model, [
        { kind: 'message', ref: stored.id, sessionId: input.sessionId, text: outcome.text },
      ]);
    }
  } catch (err) {
    deps.logger.error({ err, owner }, 'tria could not store the reply');
    await emit({
      event: 'error',
      data: { code: 'tria_failed', message: ERROR_TEXT.tria_failed[input.lang] },
    });
  }
}

async function localOutcome(run: ChatRun): Promise<Outcome> {
  const { input } = run;
  const reply = await localReply(run.deps, run.owner, input.message, input.lang, input.recording);
  await run.emit({ event: 'delta', data: { text: reply.text } });
  for (const action of reply.actions) await run.emit({ event: 'action', data: { action } });
  return { text: reply.text, actions: reply.actions, errorCode: null };
}

type MemoryItem = Parameters<typeof remember>[2];

/** Embeds `texts` for memory, with a short timeout and one retry. */
function embed(run: ChatRun, model: ChatModel, texts: string[]) {
  const timeoutMs = Math.min(run.tria.timeoutMs, MEMORY_TIMEOUT_MS);
  return withRetry(
    () => model.embed(texts, AbortSignal.any([run.signal, AbortSignal.timeout(timeoutMs)])),
    {
      policy: {
        ...run.tria.retry,
        maxAttempts: Math.min(run.tria.retry.maxAttempts, MEMORY_ATTEMPTS),
      },
      classify: (err) => model.classify(err),
      signal: run.signal,
    },
  );
}

/** Stores memories; memory is an aid, so a failure is logged and the chat goes on. */
async function memorise(run: ChatRun, model: ChatModel, items: MemoryItem[], vectors?: number[][]) {
  try {
    const embeddings =
      vectors ??
      (await embed(
        run,
        model,
        items.map((i) => i.text),
      ));
    for (const [i, item] of items.entries()) {
      const e = embeddings[i];
      if (e) await remember(run.deps.db, run.owner, item, e);
    }
  } catch (err) {
    run.deps.logger.warn({ err: String(err), owner: run.owner }, 'tria memory not stored');
  }
}

export function systemPrompt(lang: TriaLang, memories: Recalled[], now: Date): string {
  const language = lang === 'ru' ? 'Russian' : 'English';
  const lines = [
    'You are Tria, the assistant of Holograms (holograms.media), an app that shows sound as a living 3D hologram and records it.',
    `Answer in ${language} unless the user writes in another language; be brief and friendly.`,
    "Use the tools to look at the user's holograms before talking about them; never invent recordings, notes or figures.",
    'To change the view, record, or open a hologram, call propose_action; the app carries it out.',
    'Only talk about Holograms, sound and music; politely decline anything else.',
    `Now: ${now.toISOString()}.`,
  ];
  if (memories.length > 0) {
    lines.push(
      'Things you remember from earlier conversations with this user (use them only if relevant):',
      ...memories.map((m) => `- [${m.kind}] ${m.text.replace(/\s+/g, ' ')}`),
    );
  }
  return lines.join('\n');
}

async function mistralReply(
  run: ChatRun,
  model: ChatModel,
  userMessageId: string,
): Promise<Outcome> {
  const { deps, owner, input } = run;
  const history = (
    await listMessages(deps.db, owner, input.sessionId, HISTORY_MESSAGES + 1)
  ).filter((m) => m.id !== userMessageId);

  let memories: Recalled[] = [];
  let queryVector: number[] | undefined;
  try {
    queryVector = (await embed(run, model, [input.message]))[0];
    if (queryVector) {
      const exclude = [...history.map((m) => m.id), userMessageId];
      memories = await recall(deps.db, owner, queryVector, RECALL_K, exclude);
    }
  } catch (err) {
    deps.logger.warn({ err: String(err), owner }, 'tria memory unavailable for this message');
  }
  if (queryVector) {
    await memorise(
      run,
      model,
      [{ kind: 'message', ref: userMessageId, sessionId: input.sessionId, text: input.message }],
      [queryVector],
    );
  }

  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(input.lang, memories, new Date()) },
    ...history.flatMap((m): ChatMessage[] =>
      (m.role === 'user' || m.role === 'assistant') && m.content
        ? [{ role: m.role, content: m.content }]
        : [],
    ),
    { role: 'user', content: input.message },
  ];

  const tools = createToolRunner({
    deps,
    owner,
    emit: run.emit,
    onDescribed: (d) =>
      memorise(run, model, [{ kind: 'hologram', ref: d.id, text: describeForMemory(d) }]),
  });
  const result = await runToolLoop({
    model,
    messages,
    tools: TOOL_SPECS,
    emit: run.emit,
    maxRounds: MAX_ROUNDS,
    timeoutMs: run.tria.timeoutMs,
    retry: { policy: run.tria.retry },
    signal: run.signal,
    async runTool(call) {
      const outcome = await tools.run(call);
      await addMessage(deps.db, owner, input.sessionId, {
        role: 'tool',
        toolName: call.name,
        content: outcome.content.slice(0, TOOL_CONTENT_CHARS),
      });
      return outcome;
    },
  });
  return {
    text: result.text,
    actions: tools.actions,
    errorCode: result.failure ? CODES[result.failure.kind] : null,
  };
}
