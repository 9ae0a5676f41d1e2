// One conversation with Tria, without the DOM: takes the user's message, picks the engine
// (route.ts), streams the server's reply into the history or answers with the local engine,
// falls back to the local engine when the server fails (with a notice in the chat), checks every
// proposed action with isTriaAction and hands it on to be carried out. It also merges the
// server's stored copy of the session into the device's history. <tria-chat> renders it; the
// tests drive it in Node with a real HTTP server.
import { isTriaAction, type TriaAction } from '../../workers/tria/actions.ts';
import { answer, type TriaContext, type TriaHologramRef } from '../../workers/tria/engine.ts';
import { recognise } from '../../workers/tria/intents.ts';
import type { TriaServerEvent } from './events.ts';
import {
  appendMessage,
  type ChatHistory,
  EMPTY_HISTORY,
  type HistoryStorage,
  loadHistory,
  markStored,
  mergeServerMessages,
  type ServerMessage,
  saveHistory,
  type TriaMessage,
  updateReply,
} from './history.ts';
import { failureOutcome, localReason, STORED_DATA_INTENTS } from './route.ts';
import { type TriaChatRequest, TriaTransportError } from './transport.ts';

export interface TriaSessionDeps {
  /** Streams the server's reply (TriaTransport.chat); throws TriaTransportError on failure. */
  readonly chat: (request: TriaChatRequest, signal: AbortSignal) => AsyncIterable<TriaServerEvent>;
  /** Carries out an action Tria proposed (the app bus). */
  readonly dispatch: (action: TriaAction) => void;
  /** The live data the local engine answers from and the server is told (`recording`). */
  readonly context: () => Omit<TriaContext, 'lang' | 'lastHologram' | 'similar'>;
  /**
   * The user's newest hologram on this device, for the local engine's answers about it ("describe
   * my last hologram"); none when absent.
   */
  readonly lastHologram?: () => Promise<TriaHologramRef | null>;
  /** The server's stored messages of a session (TriaTransport.messages); none when absent. */
  readonly history?: (sessionId: string, signal: AbortSignal) => Promise<readonly ServerMessage[]>;
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
  private loading: AbortController | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: TriaSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.historyValue = deps.storage ? loadHistory(deps.storage) : EMPTY_HISTORY;
  }

  /** The conversation so far. */
  get history(): ChatHistory {
    return this.historyValue;
  }

  /** True while a reply is being made (the chat takes one message at a time). */
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
    // A history load still on its way would race the messages this one adds.
    this.loading?.abort();
    const user = this.userMessage(message);
    this.change(appendMessage(this.historyValue, user), true);
    const { intent } = recognise(message, uiLang);
    const reason = localReason({
      intent,
      online: this.deps.online(),
      serverHasKey: this.serverHasKey,
    });
    this.busyValue = true;
    this.inFlight = new AbortController();
    try {
      if (reason !== null) return await this.answerLocally(message, uiLang);
      return await this.askServer(message, user.id, uiLang, this.inFlight.signal);
    } finally {
      this.busyValue = false;
      this.toolValue = null;
      this.inFlight = null;
      this.deps.onChange();
    }
  }

  /** Abandons the reply and the history load in flight; what arrived so far is kept. */
  abort(): void {
    this.inFlight?.abort();
    this.loading?.abort();
  }

  /**
   * Merges the server's stored copy of the current session into the history (mergeServerMessages;
   * `uiLang` for replies whose language cannot be told). Resolves with whether it did: not
   * without a session, offline, while a reply is being made, signed out or when the server
   * failed (the device's history stays as it is). A session the server does not know for this
   * user (deleted, or another account's) is forgotten, so the next message starts a new one.
   */
  async loadServerHistory(uiLang: 'ru' | 'en'): Promise<boolean> {
    const sessionId = this.historyValue.sessionId;
    if (!this.deps.history || !sessionId || this.busyValue || !this.deps.online()) return false;
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    try {
      const rows = await this.deps.history(sessionId, loading.signal);
      if (loading.signal.aborted || this.busyValue || this.historyValue.sessionId !== sessionId) {
        return false;
      }
      this.change(mergeServerMessages(this.historyValue, rows, uiLang), true);
      return true;
    } catch (err) {
      if (loading.signal.aborted) return false;
      if (!(err instanceof TriaTransportError)) throw err;
      if (err.status === 404 && this.historyValue.sessionId === sessionId) {
        this.change({ ...this.historyValue, sessionId: null }, true);
      }
      return false;
    } finally {
      if (this.loading === loading) this.loading = null;
    }
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

  /** The user's newest hologram on this device; null when there is none or it cannot be read. */
  private async localHologram(): Promise<TriaHologramRef | null> {
    try {
      return (await this.deps.lastHologram?.()) ?? null;
    } catch {
      // The device's store is unavailable (private mode, blocked): as good as no recordings.
      return null;
    }
  }

  private async answerLocally(message: string, uiLang: 'ru' | 'en'): Promise<TriaMessage> {
    const { intent } = recognise(message, uiLang);
    const lastHologram = STORED_DATA_INTENTS.has(intent) ? await this.localHologram() : null;
    const reply = answer(message, { ...this.deps.context(), lastHologram, lang: uiLang });
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
    userId: string,
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
    // An `error` event: the reply failed; the `done` that follows names the stored reply.
    let failed: Extract<TriaServerEvent, { type: 'error' }> | null = null;
    for (;;) {
      const sessionId = this.historyValue.sessionId;
      const { recording } = this.deps.context();
      const request: TriaChatRequest = sessionId
        ? { sessionId, message, lang: uiLang, recording }
        : { message, lang: uiLang, recording };
      try {
        for await (const event of this.deps.chat(request, signal)) {
          switch (event.type) {
            case 'session': {
              const history = { ...this.historyValue, sessionId: event.sessionId };
              const stored = event.userMessageId;
              this.change(stored ? markStored(history, userId, stored) : history, true);
              break;
            }
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
              failed = event;
              break;
            case 'done': {
              if (event.engine === 'local') this.serverHasKey = false;
              const ended = updateReply(this.historyValue, id, {
                state: failed ? 'interrupted' : 'done',
                engine: event.engine,
              });
              this.change(markStored(ended, id, event.messageId), true);
              if (failed) return this.fallBack(id, message, uiLang, failureOutcome(failed));
              return this.reply(id);
            }
          }
        }
        return this.fallBack(
          id,
          message,
          uiLang,
          failed ? failureOutcome(failed) : { silent: false, notice: 'bad-reply', code: 'no_done' },
        );
      } catch (err) {
        if (!(err instanceof TriaTransportError)) {
          this.change(updateReply(this.historyValue, id, { state: 'interrupted' }), true);
          if (signal.aborted) return this.reply(id);
          throw err;
        }
        // The reply had failed already and the stream broke before its `done`: the error says why.
        if (failed) return this.fallBack(id, message, uiLang, failureOutcome(failed));
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
  ): Promise<TriaMessage> {
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
