// <tria-chat>: the chat panel where the user talks to Tria. Shows the conversation (kept on the
// device, merged with the server's copy when signed in and online), streams the server's replies
// as they arrive, offers suggested prompts, listens when the browser can recognise speech and, if
// asked, reads replies aloud. The logic lives in TriaChatSession; this element renders it and
// connects it to the app bus (live frame, recording state, actions) and to the recordings on this
// device. It never imports the scene, so three.js stays out of its chunk.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { TriaAction } from '../../workers/tria/actions.ts';
import { appBus } from '../app/app-bus.ts';
import { fill, type Lang } from '../app/i18n.ts';
import { visuallyHidden } from '../app/shared-styles.ts';
import { authClient } from '../auth/auth-client.ts';
import { ClientConfigUnavailableError } from '../auth/client-config.ts';
import { TriaChatSession } from './chat-session.ts';
import type { ChatMessage } from './history.ts';
import { lastLocalHologram } from './local-hologram.ts';
import { TRIA_MESSAGES, type TriaMessages } from './messages.ts';
import { canListen, canSpeak, listen, speak, stopSpeaking } from './speech.ts';
import { type GetIdToken, TriaTransport } from './transport.ts';

/** localStorage key of the "read replies aloud" choice. */
const SPEAK_KEY = 'holo.tria.speak';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The app's signed-in user's token; null when nobody is, including when the sign-in
 * configuration was never loaded on this device (so nobody can have signed in here).
 */
const appIdToken: GetIdToken = () =>
  authClient.getIdToken().catch((err: unknown) => {
    if (err instanceof ClientConfigUnavailableError) return null;
    throw err;
  });

@customElement('tria-chat')
export class TriaChat extends LitElement {
  /** UI language, given by the shell; also the language of voice input and of new sessions. */
  @property() uiLang: Lang = 'en';

  /**
   * The signed-in user's Firebase ID token, or null (the app's auth client by default). Without
   * a token the local engine answers everything.
   */
  @property({ attribute: false }) getIdToken: GetIdToken = appIdToken;

  /** The text being typed (or heard). */
  @state() private draft = '';
  /** True while the microphone is listening for a question. */
  @state() private listening = false;
  /** The last voice-input failure, shown until the next attempt. */
  @state() private voiceError: string | null = null;
  /** Whether replies are read aloud (off by default, remembered on the device). */
  @state() private speakReplies = storage()?.getItem(SPEAK_KEY) === 'on';

  @query('.log') private log!: HTMLElement;

  /** The session changed since the last render: keep the newest message in view. */
  private sessionChanged = false;
  private stopListening: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly voice = canListen();
  private readonly voiceOut = canSpeak();

  private readonly transport = new TriaTransport({ getIdToken: () => this.getIdToken() });
  private readonly session = new TriaChatSession({
    chat: (request, signal) => this.transport.chat(request, signal),
    dispatch: (action: TriaAction) => appBus.dispatch(action, 'tria'),
    context: () => ({ currentFrame: appBus.latestFrame, recording: appBus.recording }),
    lastHologram: async () => {
      // The recorder's queue; the shell has loaded its module already.
      const { queueStore } = await import('../sync/sync-service.ts');
      const user = authClient.known ? authClient.user : await authClient.ready().catch(() => null);
      return lastLocalHologram(queueStore, user?.uid ?? null);
    },
    history: (sessionId, signal) => this.transport.messages(sessionId, signal),
    online: () => navigator.onLine,
    storage: storage(),
    onChange: () => {
      this.sessionChanged = true;
      this.requestUpdate();
    },
  });

  /** Brings in the server's copy of the conversation (signed in and online; see the session). */
  private readonly loadHistory = (): void => {
    this.session.loadServerHistory(this.uiLang).catch((err: unknown) => {
      console.warn('Tria: the stored conversation could not be merged', err);
    });
  };

  /** The conversation shown (for tests and for the shell). */
  get messages(): readonly ChatMessage[] {
    return this.session.history.messages;
  }

  /** Sends `text` as if typed; resolves once Tria's reply is complete. */
  async ask(text: string): Promise<void> {
    if (this.session.busy) return;
    this.draft = '';
    const reply = await this.session.ask(text, this.uiLang);
    if (reply && this.speakReplies) speak(reply.text, reply.lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Once the saved sign-in is restored, on every sign-in, and whenever the connection returns.
    this.unsubscribe = authClient.onChange((user) => {
      if (user) this.loadHistory();
    });
    window.addEventListener('online', this.loadHistory);
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    window.removeEventListener('online', this.loadHistory);
    this.stopListening?.();
    this.session.abort();
    stopSpeaking();
    super.disconnectedCallback();
  }

  protected override updated(): void {
    if (this.sessionChanged && this.log) this.log.scrollTop = this.log.scrollHeight;
    this.sessionChanged = false;
  }

  private get t(): TriaMessages {
    return TRIA_MESSAGES[this.uiLang];
  }

  private submit(e: Event): void {
    e.preventDefault();
    void this.ask(this.draft);
  }

  private toggleVoice(): void {
    if (this.stopListening) {
      this.stopListening();
      return;
    }
    this.voiceError = null;
    this.listening = true;
    this.stopListening = listen(this.uiLang, {
      onText: (text, final) => {
        this.draft = text;
        if (final) void this.ask(text);
      },
      onError: (code) => {
        this.voiceError = fill(this.t.voiceFailed, { error: code });
      },
      onEnd: () => {
        this.listening = false;
        this.stopListening = null;
      },
    });
  }

  private toggleSpeak(on: boolean): void {
    this.speakReplies = on;
    storage()?.setItem(SPEAK_KEY, on ? 'on' : 'off');
    if (!on) stopSpeaking();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.stopListening) this.stopListening();
  }

  override render(): TemplateResult {
    const t = this.t;
    const busy = this.session.busy;
    return html`
      <section aria-labelledby="tria-heading" @keydown=${this.onKeydown}>
        <div class="top">
          <h2 id="tria-heading">${t.heading}</h2>
          ${
            this.voiceOut
              ? html`<label class="speak">
                <input
                  type="checkbox"
                  .checked=${this.speakReplies}
                  @change=${(e: Event) => this.toggleSpeak((e.target as HTMLInputElement).checked)}
                />
                ${t.speakReplies}
              </label>`
              : nothing
          }
          <button
            type="button"
            class="quiet"
            ?disabled=${this.messages.length === 0}
            @click=${() => this.session.clear()}
          >
            ${t.clear}
          </button>
        </div>
        <p class="intro">${t.intro}</p>
        <div class="log" role="log" aria-label=${t.logLabel} aria-busy=${busy ? 'true' : 'false'} tabindex="0">
          <ol>
            ${this.messages.map((m) => this.renderMessage(m))}
          </ol>
        </div>
        <p class="activity" role="status">${busy ? this.activity() : ''}</p>
        <div class="suggestions" role="group" aria-label=${t.suggestionsLabel}>
          ${t.suggestions.map(
            (s) =>
              html`<button type="button" ?disabled=${busy} @click=${() => this.ask(s)}>${s}</button>`,
          )}
        </div>
        <form @submit=${this.submit}>
          <label for="tria-input" class="visually-hidden">${t.inputLabel}</label>
          <input
            id="tria-input"
            type="text"
            autocomplete="off"
            enterkeyhint="send"
            maxlength="2000"
            placeholder=${t.placeholder}
            .value=${this.draft}
            @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
          />
          ${
            this.voice
              ? html`<button
                type="button"
                class="voice"
                aria-pressed=${this.listening ? 'true' : 'false'}
                aria-label=${this.listening ? t.voiceStop : t.voiceStart}
                title=${this.listening ? t.voiceStop : t.voiceStart}
                @click=${this.toggleVoice}
              >
                <span aria-hidden="true">🎤</span>
              </button>`
              : nothing
          }
          <button type="submit" class="primary" ?disabled=${busy || this.draft.trim() === ''}>
            ${t.send}
          </button>
        </form>
        ${this.voiceError ? html`<p class="problem" role="alert">${this.voiceError}</p>` : nothing}
      </section>
    `;
  }

  private activity(): string {
    const tool = this.session.activeTool;
    return tool ? fill(this.t.toolRunning, { tool }) : this.t.thinking;
  }

  private renderMessage(m: ChatMessage): TemplateResult {
    const t = this.t;
    switch (m.role) {
      case 'user':
        return html`<li class="user"><span class="who">${t.you}</span><p>${m.text}</p></li>`;
      case 'notice':
        return html`<li class="notice"><p>${fill(t.notices[m.notice], { code: m.code })}</p></li>`;
      case 'tria': {
        const engine =
          m.via === 'device'
            ? t.engineLocal
            : m.engine === ''
              ? ''
              : fill(t.engineServer, { engine: m.engine });
        return html`
          <li class="tria ${m.state}" lang=${m.lang}>
            <span class="who">${t.tria}</span>
            <p>${m.text}${m.state === 'streaming' ? html`<span class="caret" aria-hidden="true"></span>` : nothing}</p>
            ${m.state === 'interrupted' ? html`<small class="problem">${t.interrupted}</small>` : nothing}
            ${engine ? html`<small>${engine}</small>` : nothing}
          </li>
        `;
      }
    }
  }

  static override styles = [
    visuallyHidden,
    css`
    :host {
      display: block;
      margin: 1.5rem 0;
      color: var(--text, #ececf4);
    }
    section {
      display: grid;
      gap: 0.75rem;
      padding: 1.25rem;
      background: var(--panel, #161626);
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.75rem;
    }
    .top {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    h2 {
      flex: 1 1 auto;
      margin: 0;
      font-size: 1.125rem;
    }
    .intro,
    .activity {
      margin: 0;
      color: var(--muted, #b4b4c8);
    }
    .activity:empty {
      display: none;
    }
    .log {
      max-height: 22rem;
      min-height: 3rem;
      overflow-y: auto;
      padding: 0.5rem;
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.5rem;
    }
    .log ol {
      display: grid;
      gap: 0.5rem;
      align-content: start;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .log li {
      max-width: 85%;
      padding: 0.5rem 0.75rem;
      border-radius: 0.6rem;
      background: #1f1f35;
    }
    .log li p {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .log li.user {
      justify-self: end;
      background: #2d2d6b;
    }
    .log li.notice {
      justify-self: center;
      max-width: 100%;
      background: transparent;
      color: var(--degraded, #ffc857);
      font-size: 0.9rem;
    }
    .who {
      display: block;
      font-size: 0.75rem;
      color: var(--muted, #b4b4c8);
    }
    small {
      display: block;
      margin-top: 0.25rem;
      color: var(--muted, #b4b4c8);
      font-size: 0.75rem;
    }
    .caret {
      display: inline-block;
      width: 0.5em;
      height: 1em;
      margin-left: 0.1em;
      vertical-align: text-bottom;
      background: currentColor;
      animation: blink 1s steps(2, start) infinite;
    }
    @keyframes blink {
      to {
        visibility: hidden;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .caret {
        animation: none;
      }
    }
    .suggestions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    form {
      display: flex;
      gap: 0.5rem;
    }
    input[type='text'] {
      flex: 1 1 auto;
      min-width: 0;
    }
    button,
    input {
      min-height: 2.75rem;
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.5rem;
      padding: 0 0.75rem;
    }
    input[type='checkbox'] {
      min-height: auto;
    }
    .suggestions button {
      min-height: 2.25rem;
      border-radius: 1.2rem;
      font-size: 0.9rem;
    }
    button {
      cursor: pointer;
    }
    button:disabled {
      cursor: default;
      color: var(--muted, #b4b4c8);
    }
    button:not(:disabled):hover {
      background: var(--line, #2c2c44);
    }
    button.primary {
      background: #3b3b8f;
      border-color: #6c6cd6;
    }
    button.voice[aria-pressed='true'] {
      background: var(--down, #ff8f8f);
      color: #0b0b14;
    }
    .speak {
      display: inline-flex;
      gap: 0.4rem;
      align-items: center;
    }
    button:focus-visible,
    input:focus-visible,
    .log:focus-visible {
      outline: 3px solid var(--focus, #ffd166);
      outline-offset: 2px;
    }
    .problem {
      margin: 0;
      color: var(--down, #ff8f8f);
    }
  `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'tria-chat': TriaChat;
  }
}
