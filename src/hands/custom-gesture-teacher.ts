// <custom-gesture-teacher>: the user teaches the hand tracker a pose of their own. It records
// about ten samples of the tracked hand (21 landmarks each, taken from `captureSample`, which the
// hand-tracking component provides, or pushed in with `addSample`), lets the user name the
// gesture and pick the action it triggers, and saves it to the gesture store (gesture-store.ts),
// from where the classifier loads it and gesture-sync.ts sends it to the account.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Lang } from '../app/i18n.ts';
import {
  ANONYMOUS_BUCKET,
  draftProblems,
  type GestureActionType,
  type GestureStore,
  type LandmarkSample,
  type LocalGesture,
  MIN_SAMPLES,
  sampleFromLandmarks,
  TEACHABLE_ACTIONS,
} from './gesture-store.ts';
import { TEACHER_MESSAGES } from './gesture-teacher-messages.ts';

/** The tracked hand's 21 landmarks now (`[x, y, z]` each), or null when no hand is in view. */
export type SampleSource = () => readonly (readonly number[])[] | null;

type Notice = 'noHand' | 'noTracker' | 'needName' | 'needSamples' | 'saved' | 'saveFailed';

@customElement('custom-gesture-teacher')
export class CustomGestureTeacher extends LitElement {
  /** UI language, given by the shell. */
  @property() uiLang: Lang = 'en';
  /** Where the gesture is saved. */
  @property({ attribute: false }) store: GestureStore | null = null;
  /** The bucket it is saved into: the signed-in account's uid, or ANONYMOUS_BUCKET. */
  @property() bucket = ANONYMOUS_BUCKET;
  /** Reads the tracked hand; null while hand tracking is off. */
  @property({ attribute: false }) captureSample: SampleSource | null = null;
  /** Samples one recording takes. */
  @property({ type: Number }) sampleCount = 10;
  /** Milliseconds between two samples while recording. */
  @property({ type: Number }) intervalMs = 300;
  /** A saved gesture to change (its name, samples and action are loaded); null teaches a new one. */
  @property({ attribute: false }) gesture: LocalGesture | null = null;

  /** The name being typed. */
  @state() private name = '';
  /** The action picked (null: none). */
  @state() private action: GestureActionType | null = null;
  /** Samples recorded so far, normalised. */
  @state() private samples: LandmarkSample[] = [];
  /** True while samples are being recorded. */
  @state() private recording = false;
  /** What the status line says, if anything. */
  @state() private notice: Notice | null = null;
  /** The name last saved (for the "saved" notice). */
  @state() private savedName = '';

  private timer: ReturnType<typeof setTimeout> | null = null;

  private get t() {
    return TEACHER_MESSAGES[this.uiLang];
  }

  override willUpdate(changed: Map<string, unknown>) {
    // Another account (sign-in, sign-out): what was being taught or edited was the other one's.
    if (changed.has('bucket') && changed.get('bucket') !== undefined) this.clear();
    if (changed.has('gesture') && this.gesture) {
      this.name = this.gesture.name;
      this.action = this.gesture.action;
      this.samples = this.gesture.samples;
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stop();
  }

  /** Adds one sample from 21 `[x, y, z]` landmarks; false (and nothing added) if not a hand. */
  addSample(landmarks: readonly (readonly number[])[]): boolean {
    try {
      this.samples = [...this.samples, sampleFromLandmarks(landmarks)];
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Records `sampleCount` samples, one every `intervalMs`, skipping moments without a hand; gives
   * up after three times as many tries. Resolves with the number of samples taken.
   */
  record(): Promise<number> {
    const source = this.captureSample;
    if (!source) {
      this.notice = 'noTracker';
      return Promise.resolve(0);
    }
    this.stop();
    this.samples = [];
    this.notice = null;
    this.recording = true;
    return new Promise((resolve) => {
      let tries = 0;
      const step = () => {
        if (!this.recording) return resolve(this.samples.length);
        const landmarks = source();
        if (landmarks) this.addSample(landmarks);
        tries++;
        if (this.samples.length >= this.sampleCount || tries >= this.sampleCount * 3) {
          if (this.samples.length === 0) this.notice = 'noHand';
          this.stop();
          return resolve(this.samples.length);
        }
        this.timer = setTimeout(step, this.intervalMs);
      };
      step();
    });
  }

  /** Stops recording, keeping the samples taken. */
  stop() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.recording = false;
  }

  /** Forgets the samples, the name and the action, to teach a new gesture. */
  clear() {
    this.stop();
    this.gesture = null;
    this.samples = [];
    this.name = '';
    this.action = null;
    this.notice = null;
  }

  /** Saves the gesture (dispatching `gesture-saved` with it); null when it cannot be saved. */
  async save(): Promise<LocalGesture | null> {
    const draft = {
      ...(this.gesture ? { id: this.gesture.id } : {}),
      name: this.name,
      samples: this.samples,
      action: this.action,
    };
    const problems = draftProblems(draft);
    if (problems.includes('name')) this.notice = 'needName';
    else if (problems.length > 0) this.notice = 'needSamples';
    if (problems.length > 0 || !this.store) return null;
    try {
      const saved = await this.store.save(this.bucket, draft);
      this.savedName = saved.name;
      this.notice = 'saved';
      this.gesture = saved;
      this.dispatchEvent(
        new CustomEvent<LocalGesture>('gesture-saved', {
          detail: saved,
          bubbles: true,
          composed: true,
        }),
      );
      return saved;
    } catch {
      this.notice = 'saveFailed';
      return null;
    }
  }

  private noticeText(notice: Notice): string {
    if (notice === 'needSamples') return this.t.needSamples(MIN_SAMPLES);
    if (notice === 'saved') return this.t.saved(this.savedName);
    return this.t[notice];
  }

  override render() {
    const t = this.t;
    return html`
      <section aria-labelledby="teach-heading">
        <h3 id="teach-heading">${t.heading}</h3>
        <p>${t.intro}</p>
        <label>
          ${t.nameLabel}
          <input
            name="name"
            maxlength="60"
            .value=${this.name}
            @input=${(e: Event) => {
              this.name = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
        <label>
          ${t.actionLabel}
          <select
            name="action"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.action = v === '' ? null : (v as GestureActionType);
            }}
          >
            <option value="" ?selected=${this.action === null}>${t.actionNone}</option>
            ${TEACHABLE_ACTIONS.map(
              (a) =>
                html`<option value=${a} ?selected=${this.action === a}>${t.actions[a]}</option>`,
            )}
          </select>
        </label>
        <div class="buttons">
          ${
            this.recording
              ? html`<button class="stop" @click=${() => this.stop()}>${t.stop}</button>`
              : html`<button class="record" @click=${() => void this.record()}>${t.record}</button>`
          }
          <button class="clear" @click=${() => this.clear()} ?disabled=${this.recording}>
            ${t.clear}
          </button>
          <button class="save" @click=${() => void this.save()} ?disabled=${this.recording}>
            ${t.save}
          </button>
        </div>
        <progress max=${this.sampleCount} .value=${this.samples.length}></progress>
        <span class="count">${t.progress(this.samples.length, this.sampleCount)}</span>
        <p class="notice" role="status">${this.notice ? this.noticeText(this.notice) : nothing}</p>
      </section>
    `;
  }

  static override styles = css`
    :host {
      display: block;
    }
    label {
      display: block;
      margin-block: 0.4rem;
    }
    input,
    select {
      display: block;
      margin-top: 0.2rem;
      font: inherit;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-block: 0.5rem;
    }
    .notice:empty {
      display: none;
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'custom-gesture-teacher': CustomGestureTeacher;
  }
}
