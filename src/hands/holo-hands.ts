// <holo-hands>: the gesture panel. Explains what the camera is for before the browser asks,
// says plainly when it is refused or missing, and once on shows a small mirrored preview with
// the tracked hand skeleton and the recognised gesture's name. Gestures become app actions via
// the user's mapping (editable here, kept in localStorage). The hand model loads only when the
// camera is first turned on. Each gesture is also announced as a `holo-gesture` DOM event.
// "Your own gestures" holds <custom-gesture-teacher>, fed with the tracked hand, and the taught
// gestures of the current account (gesture-account.ts): the classifier is rebuilt from them on
// every change, their own actions join the mapping, and they sync with the account.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CustomGestureJSON } from '../../workers/gestures/custom.ts';
import type { Landmark } from '../../workers/gestures/landmarks.ts';
import type { FrameResult, HandsReady } from '../../workers/hands/api.ts';
import type { GateStats } from '../../workers/hands/frame-gate.ts';
import { apiUrl } from '../app/api-url.ts';
import { appBus } from '../app/app-bus.ts';
import type { Lang } from '../app/i18n.ts';
import { whenIdle } from '../app/idle.ts';
import { visuallyHidden } from '../app/shared-styles.ts';
import { authClient } from '../auth/auth-client.ts';
import { CameraError } from './camera.ts';
import './custom-gesture-teacher.ts';
import type { SampleSource } from './custom-gesture-teacher.ts';
import {
  GestureAccount,
  type GestureAccountSnapshot,
  type GestureSyncState,
} from './gesture-account.ts';
import { GestureController, type HandledGesture } from './gesture-controller.ts';
import {
  ANONYMOUS_BUCKET,
  type GestureStore,
  type LocalGesture,
  openGestureStore,
} from './gesture-store.ts';
import { TEACHER_MESSAGES } from './gesture-teacher-messages.ts';
import { HandSession } from './hand-session.ts';
import {
  ACTION_CHOICES,
  type ActionChoice,
  BUILT_IN_GESTURES,
  customMapping,
  type GestureMapping,
  loadMapping,
  saveMapping,
} from './mapping.ts';
import { fill, gestureName, HANDS_MESSAGES, type HandsMessages } from './messages.ts';
import { drawHands } from './skeleton.ts';

type Phase = 'off' | 'asking' | 'loading' | 'on';

/** The tracking figures line is refreshed at most this often. */
const INFO_EVERY_MS = 500;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export interface TrackingStats {
  delegate: HandsReady['delegate'];
  renderer: string;
  /** Milliseconds the worker took to load the wasm and the model. */
  loadMs: number;
  frames: GateStats;
  landmarkMs: number[];
}

/** Detail of the `holo-gesture` event. */
export type HoloGestureDetail = HandledGesture;

@customElement('holo-hands')
export class HoloHands extends LitElement {
  /** UI language, given by the shell. */
  @property() uiLang: Lang = 'en';

  /** Where the camera and tracker are: off, waiting for permission, loading the model, on. */
  @state() private phase: Phase = 'off';
  /** What went wrong with the last start, shown until the next one. */
  @state() private problem: string | null = null;
  /** The smoothed pose of the first tracked hand ('none' without one). */
  @state() private pose = 'none';
  /** The latest gesture event and the action it asked for, as shown under the preview. */
  @state() private lastGesture: HandledGesture | null = null;
  /** Tracker facts: delegate, tracked frames per second, dropped frames. */
  @state() private info = '';
  /** Gesture → action choices, persisted in localStorage. */
  @state() private mapping: GestureMapping = loadMapping(storage() ?? { getItem: () => null });

  /** The current account's taught gestures, by name. */
  @state() private taught: LocalGesture[] = [];
  /** The gesture store bucket in use: the signed-in uid, or the no-account bucket. */
  @state() private bucket = ANONYMOUS_BUCKET;
  /** Where the taught gestures' sync with the account stands. */
  @state() private gestureSync: GestureSyncState = { kind: 'local' };

  @query('video') private video!: HTMLVideoElement;
  @query('canvas') private canvas!: HTMLCanvasElement;

  private session: HandSession | null = null;
  private ready: HandsReady | null = null;
  private controller: GestureController | null = null;
  private customGestures: CustomGestureJSON | null = null;
  private infoAt = 0;
  private skeletonShown = false;
  private store: GestureStore | null = null;
  private account: GestureAccount | null = null;
  /** The first tracked hand of the latest frame (what the teacher samples). */
  private latestHand: Landmark[] | null = null;
  private readonly onOnline = () => this.account?.syncNow();

  private get m(): HandsMessages {
    return HANDS_MESSAGES[this.uiLang] ?? HANDS_MESSAGES.en;
  }

  /** True while the camera is on and hands are tracked. */
  get tracking(): boolean {
    return this.phase === 'on';
  }

  /** The tracker's delegate, this session's frame counts and recent landmarker latencies. */
  get trackingStats(): TrackingStats | null {
    if (!this.ready || !this.session) return null;
    return {
      delegate: this.ready.delegate,
      renderer: this.ready.renderer,
      loadMs: this.ready.loadMs,
      frames: this.session.frames,
      landmarkMs: this.session.landmarkMs,
    };
  }

  /** The current account's taught gestures (what the classifier recognises), by name. */
  get taughtGestures(): readonly LocalGesture[] {
    return this.taught;
  }

  /** The gesture store bucket the teacher saves into: the signed-in uid or the no-account one. */
  get gestureBucket(): string {
    return this.bucket;
  }

  /** The teacher's sample source: the latest tracked hand's 21 landmarks, or null. */
  private readonly capture: SampleSource = () =>
    this.phase === 'on' && this.latestHand ? this.latestHand.map((p) => [p.x, p.y, p.z]) : null;

  /** Custom gestures to recognise (from the user's taught set); null for none. */
  setCustomGestures(json: CustomGestureJSON | null): void {
    this.customGestures = json;
    void this.session?.setCustomGestures(json);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.controller = new GestureController(appBus, this.mapping);
    this.store = openGestureStore();
    const account = new GestureAccount({
      store: this.store,
      auth: authClient,
      fetch: (url, init) => fetch(url, init),
      baseUrl: apiUrl(''),
      online: () => navigator.onLine,
      ...(navigator.locks ? { locks: navigator.locks } : {}),
    });
    this.account = account;
    account.subscribe((s) => this.applyGestures(s));
    window.addEventListener('online', this.onOnline);
    // The store (IndexedDB) and the account are read once the first paint is done.
    whenIdle(() => {
      if (this.account === account) void account.start();
    });
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.onOnline);
    this.account?.dispose();
    this.account = null;
    this.store?.close();
    this.store = null;
    this.session?.dispose();
    this.session = null;
    this.controller?.dispose();
    this.controller = null;
    this.phase = 'off';
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    if (this.phase !== 'off') return;
    this.problem = null;
    this.phase = 'asking';
    this.session ??= new HandSession(this.video, (result) => this.onResult(result));
    try {
      this.ready = await this.session.start(() => (this.phase = 'loading'));
      await this.session.setCustomGestures(this.customGestures);
      this.phase = 'on';
      this.info = this.describeTracking();
    } catch (err) {
      this.phase = 'off';
      this.problem =
        err instanceof CameraError
          ? this.m.problems[err.problem]
          : fill(this.m.failed, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The account's taught gestures changed: the classifier, the mapping and the list follow. */
  private applyGestures(s: GestureAccountSnapshot): void {
    this.taught = s.gestures;
    this.bucket = s.bucket;
    this.gestureSync = s.sync;
    if (this.controller) this.controller.mapper.custom = customMapping(s.gestures);
    if (s.classifier !== this.customGestures) this.setCustomGestures(s.classifier);
  }

  private async forget(gesture: LocalGesture): Promise<void> {
    await this.store?.remove(this.bucket, gesture.id);
  }

  private stop(): void {
    this.session?.stop();
    this.latestHand = null;
    this.phase = 'off';
    this.pose = 'none';
    this.lastGesture = null;
    const ctx = this.canvas?.getContext('2d');
    ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.skeletonShown = false;
  }

  private onResult(result: FrameResult): void {
    if (this.phase !== 'on') return;
    this.latestHand = result.hands[0]?.landmarks ?? null;
    // An empty overlay is left alone, so the preview costs nothing while no hand is in view.
    if (result.hands.length > 0 || this.skeletonShown) {
      const canvas = this.canvas;
      const ctx = canvas.getContext('2d');
      if (ctx) drawHands(ctx, result.hands, canvas.width, canvas.height);
      this.skeletonShown = result.hands.length > 0;
    }
    const pose = result.hands.find((h) => h.pose !== 'none')?.pose ?? 'none';
    if (pose !== this.pose) this.pose = pose;
    for (const handled of this.controller?.handle(result) ?? []) {
      this.lastGesture = handled;
      this.dispatchEvent(
        new CustomEvent<HoloGestureDetail>('holo-gesture', {
          detail: handled,
          bubbles: true,
          composed: true,
        }),
      );
    }
    if (result.t - this.infoAt >= INFO_EVERY_MS) {
      this.infoAt = result.t;
      this.info = this.describeTracking();
    }
  }

  private describeTracking(): string {
    if (!this.ready) return '';
    return fill(this.m.trackingInfo, {
      delegate: this.ready.delegate,
      fps: this.controller?.trackedFps ?? 0,
      dropped: this.session?.frames.dropped ?? 0,
    });
  }

  private choose(gesture: string, choice: ActionChoice): void {
    this.mapping = { ...this.mapping, [gesture]: choice };
    if (this.controller) this.controller.mapper.mapping = this.mapping;
    const s = storage();
    if (s) saveMapping(s, this.mapping);
  }

  override render(): TemplateResult {
    const m = this.m;
    const on = this.phase !== 'off';
    const busy = this.phase === 'asking' || this.phase === 'loading';
    return html`
      <section aria-labelledby="hands-heading">
        <h2 id="hands-heading">${m.heading}</h2>
        ${this.phase === 'on' ? nothing : html`<p class="intro">${m.intro}</p>`}
        <div class="controls">
          <button
            type="button"
            class="primary"
            aria-pressed=${on ? 'true' : 'false'}
            ?disabled=${busy}
            @click=${() => (on ? this.stop() : this.start())}
          >
            ${on ? m.cameraOff : m.cameraOn}
          </button>
          <span role="status">${this.phase === 'asking' ? m.asking : this.phase === 'loading' ? m.loading : ''}</span>
        </div>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="preview" ?hidden=${!on}>
          <video muted playsinline aria-hidden="true"></video>
          <canvas width="320" height="240" role="img" aria-label=${m.previewLabel}></canvas>
        </div>
        ${this.phase === 'on' ? this.renderFeedback() : nothing}
        ${this.renderMapping()}
        ${this.renderCustom()}
      </section>
    `;
  }

  private renderFeedback(): TemplateResult {
    const m = this.m;
    const last = this.lastGesture;
    const gesture = last?.event.gesture ?? '';
    const choice = this.controller?.mapper.custom[gesture] ?? this.mapping[gesture] ?? 'none';
    const action = last?.action ? m.actions[choice] : '';
    return html`
      <p class="gesture">
        ${m.gestureLabel}:
        <output aria-live="polite">${this.pose === 'none' ? m.showHand : gestureName(this.uiLang, this.pose)}</output>
      </p>
      ${
        last
          ? html`<p class="last">${gestureName(this.uiLang, last.event.gesture)}${action ? ` → ${action}` : ''}</p>`
          : nothing
      }
      <p class="info">${this.info}</p>
    `;
  }

  private renderMapping(): TemplateResult {
    const m = this.m;
    const custom = Object.keys(this.mapping).filter(
      (g) => !(BUILT_IN_GESTURES as readonly string[]).includes(g),
    );
    return html`
      <details class="mapping">
        <summary>${m.mappingHeading}</summary>
        <p>${m.mappingIntro}</p>
        ${[...BUILT_IN_GESTURES, ...custom].map(
          (gesture) => html`
            <label>
              <span>${gestureName(this.uiLang, gesture)}</span>
              <select
                @change=${(e: Event) =>
                  this.choose(gesture, (e.target as HTMLSelectElement).value as ActionChoice)}
              >
                ${ACTION_CHOICES.map(
                  (choice) =>
                    html`<option value=${choice} ?selected=${this.mapping[gesture] === choice}>${m.actions[choice]}</option>`,
                )}
              </select>
            </label>
          `,
        )}
      </details>
    `;
  }

  private renderCustom(): TemplateResult {
    const m = this.m;
    const t = TEACHER_MESSAGES[this.uiLang] ?? TEACHER_MESSAGES.en;
    return html`
      <details class="custom">
        <summary>${m.customHeading}</summary>
        <custom-gesture-teacher
          .uiLang=${this.uiLang}
          .store=${this.store}
          .bucket=${this.bucket}
          .captureSample=${this.phase === 'on' ? this.capture : null}
        ></custom-gesture-teacher>
        ${
          this.taught.length > 0
            ? html`
              <h3>${m.taughtHeading}</h3>
              <ul class="taught">
                ${this.taught.map(
                  (g) => html`
                    <li>
                      <span class="name">${g.name}</span>
                      <span class="action">${g.action ? t.actions[g.action] : t.actionNone}</span>
                      <button
                        type="button"
                        aria-label=${fill(m.deleteGesture, { name: g.name })}
                        @click=${() => void this.forget(g)}
                      >
                        ${m.deleteLabel}
                      </button>
                    </li>
                  `,
                )}
              </ul>
            `
            : nothing
        }
        <p class="sync" role="status">${this.syncText()}</p>
      </details>
    `;
  }

  private syncText(): string {
    const s = this.gestureSync;
    if (s.kind === 'waiting')
      return fill(this.m.syncWaiting, { seconds: Math.max(1, Math.round(s.ms / 1000)) });
    return this.m.sync[s.kind];
  }

  static override styles = [
    visuallyHidden,
    css`
    :host {
      display: block;
      margin: 1.5rem 0;
      color: var(--text, #ececf4);
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.75rem;
    }
    .intro {
      max-width: 48rem;
      color: var(--muted, #b4b4c8);
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
    }
    button,
    select {
      font: inherit;
      color: inherit;
      background: var(--panel, #161626);
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.4rem;
      padding: 0.35rem 0.6rem;
    }
    button {
      min-height: 2.75rem;
      cursor: pointer;
    }
    button.primary {
      background: #3b3b8f;
      border-color: #6c6cd6;
    }
    button:disabled {
      cursor: progress;
    }
    button:focus-visible,
    select:focus-visible,
    summary:focus-visible {
      outline: 3px solid var(--focus, #ffd166);
      outline-offset: 2px;
    }
    .preview {
      position: relative;
      width: 320px;
      max-width: 100%;
      aspect-ratio: 4 / 3;
      margin: 0.75rem 0;
      background: #000;
      border-radius: 0.5rem;
      overflow: hidden;
    }
    .preview[hidden] {
      display: none;
    }
    video,
    canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    video {
      /* A mirror, like every selfie view; the landmarks come back mirrored to match. */
      transform: scaleX(-1);
    }
    .gesture output {
      font-weight: 600;
      color: var(--focus, #ffd166);
    }
    .last,
    .info {
      margin: 0.25rem 0;
      color: var(--muted, #b4b4c8);
      font-size: 0.9rem;
    }
    .problem {
      color: var(--down, #ff8f8f);
      max-width: 48rem;
    }
    .mapping,
    .custom {
      margin-top: 0.75rem;
    }
    h3 {
      font-size: 1rem;
      margin: 0.75rem 0 0.25rem;
    }
    .taught {
      list-style: none;
      padding: 0;
      margin: 0;
      max-width: 32rem;
    }
    .taught li {
      display: flex;
      gap: 1rem;
      align-items: center;
      margin: 0.25rem 0;
    }
    .taught .name {
      font-weight: 600;
    }
    .taught .action {
      flex: 1;
      color: var(--muted, #b4b4c8);
    }
    .sync {
      color: var(--muted, #b4b4c8);
      font-size: 0.9rem;
    }
    .mapping label {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      max-width: 32rem;
      margin: 0.35rem 0;
      align-items: center;
    }
  `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-hands': HoloHands;
  }
  interface HTMLElementEventMap {
    'holo-gesture': CustomEvent<HoloGestureDetail>;
  }
}
