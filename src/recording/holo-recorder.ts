// <holo-recorder>: the Record button of the live view, and the recorder behind it. It records the
// source <holo-live> is playing (starting it first when asked to record with nothing playing),
// answers the app bus's 'start-recording' / 'stop-recording' (Tria, gestures), keeps the live
// frames of each chunk, and says what happened: recording time, chunks saved on this device,
// and why it could not start or had to stop (no space, no webm/opus).
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type ActionRequest, appBus } from '../app/app-bus.ts';
import type { Lang } from '../app/i18n.ts';
import type { AudioEngine, EngineInfo } from '../audio/audio-engine.ts';
import { authClient } from '../auth/auth-client.ts';
import { queueStore, startSync } from '../sync/sync-service.ts';
import { type RecordingMessages, recordingText } from './messages.ts';
import { Recorder, type RecorderProblem, type RecorderState } from './recorder.ts';

const PROBLEM_TEXT: Readonly<Record<RecorderProblem['kind'], keyof RecordingMessages>> = {
  unsupported: 'unsupported',
  'storage-low': 'storageLow',
  'storage-full': 'storageFull',
  'write-failed': 'writeFailed',
};

function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

@customElement('holo-recorder')
export class HoloRecorder extends LitElement {
  /** UI language, given by the live view. */
  @property() uiLang: Lang = 'en';

  /** The live view's audio engine, whose source is recorded. */
  @property({ attribute: false }) engine: AudioEngine | null = null;

  /** What the engine plays now; null while stopped. */
  @property({ attribute: false }) info: EngineInfo | null = null;

  /**
   * Starts the live view's selected source (used when recording is asked with nothing playing)
   * and resolves with what plays, or null when it could not start.
   */
  @property({ attribute: false }) startSource: (() => Promise<EngineInfo | null>) | null = null;

  /** The recorder's state. */
  @state() private recorderState: RecorderState = { kind: 'idle' };
  /** Why recording could not start or stopped early; shown until the next start. */
  @state() private problem: RecorderProblem | null = null;
  /** Chunks of the last finished recording, for the "saved" line. */
  @state() private savedChunks: number | null = null;
  /** Re-rendered every second while recording, for the clock. */
  @state() private now = Date.now();

  private release: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private unsubscribers: Array<() => void> = [];

  private readonly recorder = new Recorder({
    store: queueStore,
    owner: () => authClient.uid,
    storage: navigator.storage,
    locks: navigator.locks,
    onChunk: () => startSync().trigger(),
    onState: (s) => this.onRecorderState(s),
    onProblem: (p) => {
      this.problem = p;
    },
  });

  /** The hologram being recorded, or null. */
  get recordingId(): string | null {
    return this.recorder.hologramId;
  }

  /** Stops recording (writing the chunk in progress); the live view calls it before stopping. */
  stopRecording(): Promise<void> {
    return this.recorder.stop();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribers = [
      appBus.onAction((request) => this.onAction(request)),
      appBus.onFrame((frame) => this.recorder.pushFrame(frame)),
      appBus.onGesture((event) => this.recorder.pushGesture(event)),
    ];
  }

  override disconnectedCallback(): void {
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    void this.stopRecording();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues): void {
    // The source stopped under a running recording (its track ended): close the recording.
    if (changed.has('info') && this.info === null && this.recorderState.kind === 'recording') {
      void this.stopRecording();
    }
  }

  private onAction({ action }: ActionRequest): void {
    if (action.type === 'start-recording') void this.record();
    if (action.type === 'stop-recording') void this.stopRecording();
  }

  private onRecorderState(s: RecorderState): void {
    this.recorderState = s;
    appBus.setRecording(s.kind === 'recording');
    if (s.kind === 'recording' && this.ticker === null) {
      this.ticker = setInterval(() => {
        this.now = Date.now();
      }, 1000);
    }
    if (s.kind === 'stopping') this.savedChunks = s.chunks;
    if (s.kind === 'idle') {
      if (this.ticker !== null) clearInterval(this.ticker);
      this.ticker = null;
      this.release?.();
      this.release = null;
    }
  }

  private t(key: keyof RecordingMessages, params?: Record<string, string | number>): string {
    return recordingText(this.uiLang, key, params);
  }

  private async record(): Promise<void> {
    if (this.recorderState.kind !== 'idle') return;
    const info = this.info ?? (await this.startSource?.()) ?? null;
    const capture = info ? (this.engine?.captureStream() ?? null) : null;
    if (!capture || !info) return;
    this.problem = null;
    this.savedChunks = null;
    this.release = capture.release;
    const title = this.t('defaultTitle', {
      date: new Date().toLocaleString(this.uiLang, { dateStyle: 'medium', timeStyle: 'short' }),
    });
    const id = await this.recorder.start(capture.stream, info, title);
    if (id === null) {
      capture.release();
      this.release = null;
    }
  }

  override render(): TemplateResult {
    const s = this.recorderState;
    const recording = s.kind === 'recording';
    const canPress =
      s.kind !== 'stopping' && (recording || this.info !== null || !!this.startSource);
    return html`
      <div class="recorder">
        <button
          type="button"
          class=${recording ? 'recording' : ''}
          aria-pressed=${recording ? 'true' : 'false'}
          ?disabled=${!canPress}
          @click=${() => (recording ? this.stopRecording() : this.record())}
        >
          <span class="dot" aria-hidden="true"></span>
          ${recording ? this.t('stopRecording') : this.t('record')}
        </button>
        <span class="status" role="status">${this.renderStatus()}</span>
      </div>
      ${
        this.problem
          ? html`<p class="problem" role="alert">
            ${this.t(PROBLEM_TEXT[this.problem.kind], this.problem.kind === 'write-failed' ? { message: this.problem.message } : {})}
          </p>`
          : nothing
      }
    `;
  }

  private renderStatus(): string {
    const s = this.recorderState;
    if (s.kind === 'recording') {
      const time = this.t('recordingFor', { time: clockText(this.now - s.startedAt) });
      return s.chunks > 0 ? `${time} · ${this.t('savedChunks', { count: s.chunks })}` : time;
    }
    if (s.kind === 'stopping') return this.t('savedChunks', { count: s.chunks });
    if (this.savedChunks !== null) return this.t('stoppedSaved', { count: this.savedChunks });
    return '';
  }

  static override styles = css`
    :host {
      display: inline-block;
    }
    .recorder {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
    }
    button {
      font: inherit;
      color: inherit;
      background: var(--panel, #161626);
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.4rem;
      padding: 0.35rem 0.7rem;
      display: inline-flex;
      align-items: center;
      gap: 0.45rem;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--focus, #ffd166);
      outline-offset: 2px;
    }
    button:disabled {
      color: var(--muted, #b4b4c8);
      cursor: not-allowed;
    }
    .dot {
      width: 0.7rem;
      height: 0.7rem;
      border-radius: 50%;
      background: #ff5d5d;
    }
    button.recording .dot {
      border-radius: 0.1rem;
    }
    .status {
      color: var(--muted, #b4b4c8);
      font-variant-numeric: tabular-nums;
    }
    .problem {
      color: var(--down, #ff8f8f);
      margin: 0.5rem 0 0;
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-recorder': HoloRecorder;
  }
}
