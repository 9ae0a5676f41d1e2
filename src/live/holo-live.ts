// <holo-live>: the live hologram. Pick a source (microphone, audio file, demo signal), start and
// stop it, watch the level meter, tune the view (weighting, history, sensitivity, colours);
// frames from the analysis worker go straight into <holo-scene>.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { type ActionRequest, appBus } from '../app/app-bus.ts';
import { type Lang, type MessageKey, translate } from '../app/i18n.ts';
import { whenIdle } from '../app/idle.ts';
import { visuallyHidden } from '../app/shared-styles.ts';
import { type AnalysisSettings, AudioEngine, type EngineInfo } from '../audio/audio-engine.ts';
import { DEMO_SIGNALS, type DemoSignal, SourceError, type SourceSpec } from '../audio/sources.ts';
import type { HologramFrame } from '../hologram/frame.ts';
import type { HoloScene } from '../hologram/holo-scene.ts';
import '../recording/holo-recorder.ts';
import { noteName } from '../hologram/notes.ts';
import { meterFraction, type Peak, peakOf } from './level.ts';
import {
  type LiveViewSettings,
  loadSettings,
  parseSettings,
  saveSettings,
  settingsAfter,
  WEIGHTINGS,
} from './settings.ts';

type SourceKind = SourceSpec['kind'];

const DEMO_LABEL: Readonly<Record<DemoSignal, MessageKey>> = {
  a440: 'demoA440',
  chord: 'demoChord',
  sweep: 'demoSweep',
  pan: 'demoPan',
};
const WEIGHTING_LABEL: Readonly<Record<LiveViewSettings['weighting'], MessageKey>> = {
  none: 'weightingNone',
  a: 'weightingA',
  c: 'weightingC',
  iso226: 'weightingIso',
};
/** The meter and note re-render every Nth frame; the scene itself gets every frame. */
const METER_EVERY = 4;
const FPS = 60;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

@customElement('holo-live')
export class HoloLive extends LitElement {
  /** UI language, given by the shell. */
  @property() uiLang: Lang = 'en';

  /** Which kind of source the picker has selected. */
  @state() private sourceKind: SourceKind = 'demo';
  /** The demo signal selected in the picker. */
  @state() private demo: DemoSignal = 'a440';
  /** The audio file selected in the picker, if any. */
  @state() private file: File | null = null;
  /** What is playing now, or null when stopped. */
  @state() private info: EngineInfo | null = null;
  /** True while a source is being opened. */
  @state() private starting = false;
  /** The last start failure, shown until the next start. */
  @state() private error: string | null = null;
  /** Loudest band of the latest frame (meter and note). */
  @state() private peak: Peak = { db: -100, band: -1 };
  /** View and analysis settings, persisted in localStorage. */
  @state() private settings: LiveViewSettings = loadSettings(storage() ?? { getItem: () => null });

  @query('holo-scene') private scene!: HoloScene | null;

  /**
   * Whether the 3D scene is shown. three.js and the WebGL context are the heaviest start-up work
   * of the app, so the scene is loaded only once it has something to do: a source starts or a
   * view action arrives. Until then a placeholder of the same size holds its place.
   */
  @state() private sceneShown = false;
  private sceneReady: Promise<HoloScene | null> | null = null;

  /** Loads and shows the scene (once); resolves to it when it is on the page. */
  private ensureScene(): Promise<HoloScene | null> {
    this.sceneReady ??= import('../hologram/holo-scene.ts').then(async () => {
      this.sceneShown = true;
      await this.updateComplete;
      return this.scene;
    });
    return this.sceneReady;
  }

  private frames = 0;
  private readonly engine = new AudioEngine((frame) => this.onFrame(frame));

  /** What the engine is running: sample rate, channels and PCM transport; null when stopped. */
  get engineInfo(): EngineInfo | null {
    return this.info;
  }

  /** Carries out the view actions Tria and gestures ask for on the app bus. */
  private readonly onAction = ({ action }: ActionRequest): void => {
    const rad = Math.PI / 180;
    switch (action.type) {
      case 'rotate':
        void this.ensureScene().then((scene) =>
          scene?.rotateBy(action.yawDeg * rad, action.pitchDeg * rad),
        );
        return;
      case 'zoom':
        void this.ensureScene().then((scene) => scene?.zoomBy(action.factor));
        return;
      case 'reset-view':
        void this.ensureScene().then((scene) => scene?.resetView());
        return;
      case 'history':
      case 'colour-scheme':
      case 'sensitivity':
        this.changeSettings(settingsAfter(this.settings, action));
        return;
    }
  };

  private unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = appBus.onAction(this.onAction);
    // three.js is fetched and evaluated while the page is idle; the WebGL context waits for Start.
    whenIdle(() => void import('../hologram/holo-scene.ts'), 5000);
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    void this.engine.stop();
    this.info = null;
    appBus.clearFrame();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('settings')) {
      const s = storage();
      if (s) saveSettings(s, this.settings);
    }
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.uiLang, key, params);
  }

  private analysisSettings(): AnalysisSettings {
    return { fps: FPS, weighting: this.settings.weighting, phon: this.settings.phon };
  }

  private onFrame(frame: HologramFrame): void {
    this.scene?.pushFrame(frame);
    appBus.publishFrame(frame);
    if (this.frames++ % METER_EVERY === 0) this.peak = peakOf(frame);
  }

  /** The start in progress, so a second caller (Record pressed meanwhile) waits for the same one. */
  private opening: Promise<void> | null = null;

  private start(): Promise<void> {
    this.opening ??= this.openSource().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openSource(): Promise<void> {
    let spec: SourceSpec;
    if (this.sourceKind === 'file') {
      if (!this.file) {
        this.error = this.t('errorNoFile');
        return;
      }
      spec = { kind: 'file', file: this.file };
    } else if (this.sourceKind === 'mic') spec = { kind: 'mic' };
    else spec = { kind: 'demo', signal: this.demo };
    this.starting = true;
    this.error = null;
    // The scene loads while the source opens; frames that come before it is ready are dropped.
    const scene = this.ensureScene();
    try {
      this.info = await this.engine.start(spec, this.analysisSettings());
      await scene;
    } catch (err) {
      this.info = null;
      this.error = this.describe(err);
    } finally {
      this.starting = false;
    }
  }

  private async stop(): Promise<void> {
    await this.renderRoot.querySelector('holo-recorder')?.stopRecording();
    await this.engine.stop();
    this.info = null;
    this.peak = { db: -100, band: -1 };
    appBus.clearFrame();
  }

  private describe(err: unknown): string {
    if (err instanceof SourceError) {
      if (err.reason === 'mic-denied') return this.t('errorMicDenied');
      if (err.reason === 'mic-missing') return this.t('errorMicMissing');
      return this.t('errorFile');
    }
    return this.t('errorAudio', { message: err instanceof Error ? err.message : String(err) });
  }

  private changeSettings(patch: Partial<LiveViewSettings>): void {
    const before = this.settings;
    this.settings = parseSettings({ ...before, ...patch });
    if (before.weighting !== this.settings.weighting || before.phon !== this.settings.phon) {
      void this.engine.configure(this.analysisSettings());
    }
  }

  override render(): TemplateResult {
    const s = this.settings;
    const running = this.info !== null;
    return html`
      <section aria-labelledby="live-heading">
        <h2 id="live-heading">${this.t('liveHeading')}</h2>
        <div class="controls">
          ${this.renderSource()}
          <button
            type="button"
            class="primary"
            ?disabled=${this.starting}
            @click=${() => (running ? this.stop() : this.start())}
          >
            ${running ? this.t('stop') : this.t('start')}
          </button>
          <holo-recorder
            .uiLang=${this.uiLang}
            .engine=${this.engine}
            .info=${this.info}
            .startSource=${() => this.start().then(() => this.info)}
          ></holo-recorder>
          ${this.renderMeter()}
        </div>
        ${this.error ? html`<p class="problem" role="alert">${this.error}</p>` : nothing}
        ${
          this.sceneShown
            ? html`<holo-scene
                lang=${this.uiLang}
                history-length=${s.historyLength}
                colour-scheme=${s.colourScheme}
                .sensitivity=${s.sensitivity}
              ></holo-scene>`
            : html`<div class="scene-placeholder"><p>${this.t('scenePlaceholder')}</p></div>`
        }
        ${this.renderSettings()}
      </section>
    `;
  }

  private renderSource(): TemplateResult {
    const kinds: Array<[SourceKind, MessageKey]> = [
      ['mic', 'sourceMic'],
      ['file', 'sourceFile'],
      ['demo', 'sourceDemo'],
    ];
    return html`
      <fieldset class="source">
        <legend>${this.t('sourceLabel')}</legend>
        ${kinds.map(
          ([kind, label]) => html`
            <label>
              <input
                type="radio"
                name="source"
                value=${kind}
                .checked=${this.sourceKind === kind}
                @change=${() => (this.sourceKind = kind)}
              />
              ${this.t(label)}
            </label>
          `,
        )}
        ${
          this.sourceKind === 'file'
            ? html`<label class="sub">
              <span class="visually-hidden">${this.t('chooseFile')}</span>
              <input
                type="file"
                accept="audio/*"
                @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
              />
            </label>`
            : nothing
        }
        ${
          this.sourceKind === 'demo'
            ? html`<label class="sub">
              <span class="visually-hidden">${this.t('sourceDemo')}</span>
              <select
                @change=${(e: Event) => (this.demo = (e.target as HTMLSelectElement).value as DemoSignal)}
              >
                ${DEMO_SIGNALS.map(
                  (d) =>
                    html`<option value=${d} ?selected=${d === this.demo}>${this.t(DEMO_LABEL[d])}</option>`,
                )}
              </select>
            </label>`
            : nothing
        }
      </fieldset>
    `;
  }

  private renderMeter(): TemplateResult {
    const { db, band } = this.peak;
    return html`
      <div class="meter">
        <meter
          aria-label=${this.t('levelLabel')}
          min="0"
          max="1"
          low="0.7"
          high="0.9"
          optimum="0.5"
          .value=${meterFraction(db)}
        ></meter>
        <output>
          ${band >= 0 ? `${this.t('peakNote', { note: noteName(band) })} · ${db.toFixed(1)} dB` : this.t('silence')}
        </output>
      </div>
    `;
  }

  private renderSettings(): TemplateResult {
    const s = this.settings;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`
      <details class="settings">
        <summary>${this.t('settingsHeading')}</summary>
        <label>
          ${this.t('weightingLabel')}
          <select
            @change=${(e: Event) =>
              this.changeSettings({
                weighting: (e.target as HTMLSelectElement).value as LiveViewSettings['weighting'],
              })}
          >
            ${WEIGHTINGS.map(
              (w) =>
                html`<option value=${w} ?selected=${w === s.weighting}>${this.t(WEIGHTING_LABEL[w])}</option>`,
            )}
          </select>
        </label>
        ${
          s.weighting === 'iso226'
            ? html`<label>
              ${this.t('phonLabel')}
              <input type="number" min="20" max="90" step="10" .value=${String(s.phon)} @change=${(e: Event) => this.changeSettings({ phon: num(e) })} />
            </label>`
            : nothing
        }
        <label>
          ${this.t('historyLabel')}
          <input type="range" min="1" max="128" .value=${String(s.historyLength)} @input=${(e: Event) => this.changeSettings({ historyLength: num(e) })} />
          <output>${s.historyLength}</output>
        </label>
        <label>
          ${this.t('sensitivityLabel')}
          <input type="range" min="-30" max="30" .value=${String(s.sensitivity)} @input=${(e: Event) => this.changeSettings({ sensitivity: num(e) })} />
          <output>${s.sensitivity > 0 ? '+' : ''}${s.sensitivity}</output>
        </label>
        <label>
          ${this.t('colourLabel')}
          <select
            @change=${(e: Event) =>
              this.changeSettings({
                colourScheme: (e.target as HTMLSelectElement)
                  .value as LiveViewSettings['colourScheme'],
              })}
          >
            <option value="spectrum" ?selected=${s.colourScheme === 'spectrum'}>${this.t('colourSpectrum')}</option>
            <option value="mono" ?selected=${s.colourScheme === 'mono'}>${this.t('colourMono')}</option>
          </select>
        </label>
      </details>
    `;
  }

  static override styles = [
    visuallyHidden,
    css`
    :host {
      display: block;
      color: var(--text, #ececf4);
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.75rem;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1rem;
      align-items: center;
    }
    fieldset {
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.5rem;
      padding: 0.5rem 0.75rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
    }
    legend {
      color: var(--muted, #b4b4c8);
      font-size: 0.85rem;
    }
    button,
    select,
    input {
      font: inherit;
      color: inherit;
      background: var(--panel, #161626);
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.4rem;
      padding: 0.35rem 0.6rem;
    }
    input[type='radio'],
    input[type='range'] {
      padding: 0;
    }
    button.primary {
      background: #3b3b8f;
      border-color: #6c6cd6;
      min-width: 6rem;
    }
    button:focus-visible,
    select:focus-visible,
    input:focus-visible,
    summary:focus-visible {
      outline: 3px solid var(--focus, #ffd166);
      outline-offset: 2px;
    }
    .meter {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-width: 16rem;
    }
    meter {
      width: 8rem;
    }
    output {
      font-variant-numeric: tabular-nums;
      color: var(--muted, #b4b4c8);
    }
    holo-scene,
    .scene-placeholder {
      display: block;
      margin: 1rem 0;
      height: min(70vh, 40rem);
      border-radius: 0.75rem;
      overflow: hidden;
    }
    .scene-placeholder {
      display: grid;
      place-items: center;
      background: radial-gradient(circle at 50% 60%, #1b1b33, #0b0b14 70%);
      color: var(--muted, #b4b4c8);
      text-align: center;
      padding: 1rem;
    }
    .settings {
      display: grid;
      gap: 0.5rem;
    }
    .settings label {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin: 0.4rem 0;
    }
    .problem {
      color: var(--down, #ff8f8f);
    }
  `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-live': HoloLive;
  }
}
