// One conversation with Tria, without the DOM: takes the user's message, picks the engine
// (route.ts), streams the server's reply into the history or answers with the local engine,
// falls back to the local engine when the server fails (with a notice in the chat), checks every
// proposed action with isTriaAction and hands it on to be carried out. <tria-chat> renders it;
// the tests drive it in Node with a real HTTP server.
import { isTriaAction, type TriaAction } from '../../workers/tria/actions.ts';
import { answer, type TriaContext } from '../../workers/tria/engine.ts';
import { recognise } from '../../workers/tria/intents.ts';
import type { TriaServerEvent } from './events.ts';
import {
  appendMessage,
  type ChatHistory,
  EMPTY_HISTORY,
  type HistoryStorage,
  loadHistory,
  saveHistory,
  type TriaMessage,
  updateReply,
} from './history.ts';
import { failureOutcome, localReason } from './route.ts';
import { type TriaChatRequest, TriaTransportError } from './transport.ts';

export interface TriaSessionDeps {
  /** Streams the server's reply (TriaTransport.chat); throws TriaTransportError on failure. */
  readonly chat: (request: TriaChatRequest, signal: AbortSignal) => AsyncIterable<TriaServerEvent>;
  /** Carries out an action Tria proposed (the app bus). */
  readonly dispatch: (action: TriaAction) => void;
  /** The live data the local engine answers from; `lang` is filled in by the session. */
  readonly context: () => Omit<TriaContext, 'lang'>;
  /** Whether the browser has a connection. */
  readonly online: () => boolean;
  /** Where the conversation is kept; null keeps it in memory only. */
  readonly storage: HistoryStorage | null;
  /** Called after every change of `history`, `busy` or `activeTool`. */
  readonly onChange: () => void;
  readonly now?: () => number;
}

let idCounter = 0;
const newId = (now: number): string =>
  `${now.toString(36)}-${(idCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class TriaChatSession {
  private historyValue: ChatHistory;
  private busyValue = false;
  private toolValue: string | null = null;
  private serverHasKey = true;
  private inFlight: AbortController | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: TriaSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.historyValue = deps.storage ? loadHistory(deps.storage) : EMPTY_HISTORY;
  }

  /** The conversation so far. */
  get history(): ChatHistory {
    return this.historyValue;
  }

  /** True while a server reply is on its way (the chat takes one message at a time). */
  get busy(): boolean {
    return this.busyValue;
  }

  /** The server-side tool Tria is running for the reply in flight, if any. */
  get activeTool(): string | null {
    return this.toolValue;
  }

  /** Sends `text`; resolves with Tria's final reply, or null when nothing was sent. */
  async ask(text: string, uiLang: 'ru' | 'en'): Promise<TriaMessage | null> {
    const message = text.trim();
    if (message === '' || this.busyValue) return null;
    this.change(appendMessage(this.historyValue, this.userMessage(message)), true);
    const { intent } = recognise(message, uiLang);
    const reason = localReason({
      intent,
      online: this.deps.online(),
      serverHasKey: this.serverHasKey,
    });
    if (reason !== null) return this.answerLocally(message, uiLang);
    this.busyValue = true;
    this.inFlight = new AbortController();
    try {
      return await this.askServer(message, uiLang, this.inFlight.signal);
    } finally {
      this.busyValue = false;
      this.toolValue = null;
      this.inFlight = null;
      this.deps.onChange();
    }
  }

  /** Abandons the reply in flight (the panel is closing); what arrived so far is kept. */
  abort(): void {
    this.inFlight?.abort();
  }

  /** Forgets the conversation here and starts a new one on the server. */
  clear(): void {
    this.abort();
    this.change(EMPTY_HISTORY, true);
  }

  private userMessage(text: string) {
    return { id: newId(this.now()), role: 'user' as const, text, at: this.now() };
  }

  private change(history: ChatHistory, persist: boolean): void {
    this.historyValue = history;
    if (persist && this.deps.storage) saveHistory(this.deps.storage, history);
    this.deps.onChange();
  }

  private carryOut(actions: readonly unknown[]): void {
    for (const action of actions) if (isTriaAction(action)) this.deps.dispatch(action);
  }

  private answerLocally(message: string, uiLang: 'ru' | 'en'): TriaMessage {
    const reply = answer(message, { ...this.deps.context(), lang: uiLang });
    const at = this.now();
    const tria: TriaMessage = {
      id: newId(at),
      role: 'tria',
      text: reply.text,
      at,
      lang: reply.lang,
      via: 'device',
      engine: 'local',
      state: 'done',
    };
    this.change(appendMessage(this.historyValue, tria), true);
    this.carryOut(reply.actions);
    return tria;
  }

  private reply(id: string): TriaMessage | null {
    const m = this.historyValue.messages.find((x) => x.id === id);
    return m?.role === 'tria' ? m : null;
  }

  private async askServer(
    message: string,
    uiLang: 'ru' | 'en',
    signal: AbortSignal,
  ): Promise<TriaMessage | null> {
    const at = this.now();
    const id = newId(at);
    const lang = recognise(message, uiLang).lang;
    const draft: TriaMessage = {
      id,
      role: 'tria',
      text: '',
      at,
      lang,
      via: 'server',
      engine: '',
      state: 'streaming',
    };
    this.change(appendMessage(this.historyValue, draft), false);
    let retried = false;
    for (;;) {
      const sessionId = this.historyValue.sessionId;
      const { recording } = this.deps.context();
      const request: TriaChatRequest = sessionId
        ? { sessionId, message, lang: uiLang, recording }
        : { message, lang: uiLang, recording };
      try {
        for await (const event of this.deps.chat(request, signal)) {
          switch (event.type) {
            case 'session':
              this.change({ ...this.historyValue, sessionId: event.sessionId }, false);
              break;
            case 'delta':
              this.change(
                updateReply(this.historyValue, id, {
                  text: (this.reply(id)?.text ?? '') + event.text,
                }),
                false,
              );
              break;
            case 'tool':
              this.toolValue = event.status === 'start' ? event.name : null;
              this.deps.onChange();
              break;
            case 'action':
              this.carryOut([event.action]);
              break;
            case 'error':
              return this.fallBack(id, message, uiLang, failureOutcome(event));
            case 'done':
              if (event.engine === 'local') this.serverHasKey = false;
              this.change(
                updateReply(this.historyValue, id, { state: 'done', engine: event.engine }),
                true,
              );
              return this.reply(id);
          }
        }
        return this.fallBack(id, message, uiLang, {
          silent: false,
          notice: 'bad-reply',
          code: 'no_done',
        });
      } catch (err) {
        if (!(err instanceof TriaTransportError)) {
          this.change(updateReply(this.historyValue, id, { state: 'interrupted' }), true);
          if (signal.aborted) return this.reply(id);
          throw err;
        }
        // The stored session belongs to someone else or was deleted: start a new one, once.
        if (err.status === 404 && sessionId && !retried) {
          retried = true;
          this.change({ ...this.historyValue, sessionId: null }, false);
          continue;
        }
        return this.fallBack(id, message, uiLang, failureOutcome(err));
      }
    }
  }

  /** Closes the server's reply (dropped if empty), adds the notice, then the local answer. */
  private fallBack(
    id: string,
    message: string,
    uiLang: 'ru' | 'en',
    outcome: ReturnType<typeof failureOutcome>,
  ): TriaMessage {
    const partial = this.reply(id);
    let history: ChatHistory =
      partial && partial.text !== ''
        ? updateReply(this.historyValue, id, { state: 'interrupted' })
        : { ...this.historyValue, messages: this.historyValue.messages.filter((m) => m.id !== id) };
    if (!outcome.silent) {
      const at = this.now();
      history = appendMessage(history, {
        id: newId(at),
        role: 'notice',
        at,
        notice: outcome.notice,
        code: outcome.code,
      });
    }
    this.change(history, true);
    return this.answerLocally(message, uiLang);
  }
}
