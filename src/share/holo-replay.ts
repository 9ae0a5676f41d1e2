// <holo-replay token="…">: the page a share link /h/{token} opens, without an account. It shows
// the recorded frames in a <holo-scene> in step with the recorded sound: the audio clock
// (player.ts) decides the position, and on every animation frame the frame recorded at that
// position is pushed. Chunks stream in (loader.ts, started by boot.ts before this module loads);
// playing starts after the first, once the scene's code (loaded after the first paint) is in.
// Play/pause, scrubbing, speed, the scene's camera controls, a video download (export.ts), a
// clear page for links that do not work, and an invitation to install the app.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatClock } from '../app/duration.ts';
import {
  applyDocumentLang,
  fill,
  initialLang,
  LANG_NAMES,
  LANGS,
  type Lang,
  saveLang,
} from '../app/i18n.ts';
import { pageTheme, visuallyHidden } from '../app/shared-styles.ts';
import type { HologramFrame } from '../hologram/frame.ts';
import type { HoloScene } from '../hologram/holo-scene.ts';
import { audioOutputStarted, bootLoader, installPrompt } from './boot.ts';
import { MAX_RATE, MIN_RATE } from './clock.ts';
import { download, VideoRecording, videoFileName, videoMimeType } from './export.ts';
import { type LoadedChunk, type LoadedFrames, type ManifestResult, ShareLoader } from './loader.ts';
import type { SharedManifest } from './manifest.ts';
import { SHARE_MESSAGES, type ShareMessages } from './messages.ts';
import { ReplayAudio } from './player.ts';
import { Timeline } from './timeline.ts';

type Status = 'loading' | 'ready' | 'unavailable' | 'offline' | 'failed';
type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; percent: number }
  | { kind: 'done' }
  | { kind: 'failed' };

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
/** How often the time display and the scrub bar follow the clock, ms. */
const UI_EVERY_MS = 100;
const ROTATE_STEP = Math.PI / 12;
const ZOOM_STEP = 1.25;
const FRAME_MS = 1000 / 60;

/** What tests and the bench read from the page (`document.querySelector('holo-replay')`). */
export interface ReplayState {
  status: Status;
  /** The viewer wants it playing (it may be waiting for data). */
  playing: boolean;
  /** The sound is running now. */
  sounding: boolean;
  positionMs: number;
  endMs: number;
  /** performance.now() when the first recorded frame was pushed into the scene, or null. */
  firstFrameAt: number | null;
  framesPushed: number;
  /** The clock's position when the frame now showing was pushed, ms. */
  pushedAtMs: number;
  /** Chunks downloaded, of `chunks`. */
  chunksLoaded: number;
  chunks: number;
  /** The AudioContext's time and state, and the peak level going out (0…1). */
  contextTime: number;
  contextState: AudioContextState | 'none';
  outputPeak: number;
}

@customElement('holo-replay')
export class HoloReplay extends LitElement {
  /** The share token of the link. */
  @property() token = '';

  /** UI language: the stored choice or the browser's. */
  @property() uiLang: Lang = initialLang();

  @state() private status: Status = 'loading';
  @state() private manifest: SharedManifest | null = null;
  @state() private failure = '';
  /** The viewer pressed play (or autoplay started): playing, or waiting for data to play. */
  @state() private wantsPlay = false;
  @state() private sounding = false;
  @state() private ended = false;
  /** Autoplay was refused: the viewer has to press Play. */
  @state() private needsGesture = false;
  @state() private positionMs = 0;
  @state() private endMs = 0;
  @state() private rate = 1;
  @state() private level = 0;
  @state() private exportState: ExportState = { kind: 'idle' };
  @state() private canInstall = false;

  private loader: ShareLoader | null = null;
  private timeline: Timeline | null = null;
  private audio: ReplayAudio | null = null;
  private readonly ready = new Set<number>();
  private scene: HoloScene | null = null;
  private lastFrame: HologramFrame | null = null;
  private firstFrameAt: number | null = null;
  private framesPushed = 0;
  private pushedAtMs = 0;
  private rafId = 0;
  private lastUi = 0;
  private unsubscribe: (() => void) | null = null;
  private recording: VideoRecording | null = null;
  /** Settles once <holo-scene>'s code has loaded (or failed to): loadSceneAfterPaint. */
  private sceneCode: Promise<void> = Promise.resolve();
  private exportEnded: (() => void) | null = null;

  /** The replay's state, for tests and the bench. */
  get replayState(): ReplayState {
    return {
      status: this.status,
      playing: this.wantsPlay,
      sounding: this.audio?.playing ?? false,
      positionMs: this.audio?.positionMs ?? 0,
      endMs: this.timeline?.endMs ?? 0,
      firstFrameAt: this.firstFrameAt,
      framesPushed: this.framesPushed,
      pushedAtMs: this.pushedAtMs,
      chunksLoaded: this.loader?.loadedCount ?? 0,
      chunks: this.timeline?.count ?? 0,
      contextTime: this.audio?.context.currentTime ?? 0,
      contextState: this.audio?.context.state ?? 'none',
      outputPeak: this.audio?.peak() ?? 0,
    };
  }

  private get m(): ShareMessages {
    return SHARE_MESSAGES[this.uiLang];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sceneCode = loadSceneAfterPaint();
    void customElements.whenDefined('holo-scene').then(() => performance.mark('holo-replay-scene'));
    installPrompt.onChange = (available) => {
      this.canInstall = available;
    };
    this.canInstall = installPrompt.available;
    void this.open();
  }

  override disconnectedCallback(): void {
    cancelAnimationFrame(this.rafId);
    this.rafId = 0;
    this.unsubscribe?.();
    this.recording?.cancel();
    this.loader?.stop();
    void this.audio?.close();
    this.audio = null;
    installPrompt.onChange = null;
    super.disconnectedCallback();
  }

  /** The first render in a task of its own, not in the one that evaluates this module. */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await new Promise((resolve) => setTimeout(resolve));
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('uiLang')) applyDocumentLang(this.uiLang);
    if (changed.has('manifest') || changed.has('uiLang') || changed.has('status')) {
      document.title =
        this.status === 'ready' && this.manifest
          ? `${this.manifest.title} · Holograms`
          : 'Holograms';
    }
  }

  protected override updated(): void {
    this.scene = this.renderRoot.querySelector('holo-scene');
  }

  private async open(): Promise<void> {
    this.loader =
      bootLoader && bootLoader.token === this.token ? bootLoader : new ShareLoader(this.token);
    const result: ManifestResult = await this.loader.manifest;
    if (result.kind !== 'ok') {
      this.status = result.kind;
      if (result.kind === 'failed') this.failure = result.message;
      if (result.kind === 'unavailable') await forgetCachedChunks(this.token);
      return;
    }
    const manifest = result.manifest;
    this.manifest = manifest;
    this.timeline = new Timeline(manifest.chunks.length, manifest.durationMs);
    this.endMs = this.timeline.endMs;
    // The AudioContext is made in a task of its own, once the audio output has started (boot.ts).
    await Promise.all([audioOutputStarted, new Promise((resolve) => setTimeout(resolve))]);
    this.audio = new ReplayAudio();
    this.wantsPlay = true; // start as soon as the first chunk is in (autoplay permitting)
    this.status = 'ready';
    const offFrames = this.loader.onFrames((frames) => this.addFrames(frames));
    const offChunks = this.loader.onChunk((chunk) => void this.add(chunk));
    this.unsubscribe = () => {
      offFrames();
      offChunks();
    };
    this.rafId = requestAnimationFrame(this.tick);
  }

  /** A chunk's frames are in: the picture can show them (its sound follows with add()). */
  private addFrames(chunk: LoadedFrames): void {
    const timeline = this.timeline;
    if (!timeline || this.ready.has(chunk.index)) return;
    const startMs = chunk.startMs ?? timeline.startOf(chunk.index);
    const lastT = chunk.frames.at(-1)?.t ?? startMs;
    timeline.set(chunk.index, { startMs, endMs: lastT + FRAME_MS, frames: chunk.frames });
  }

  /** A whole chunk is in: its sound is decoded and placed, and playing may go on through it. */
  private async add(chunk: LoadedChunk): Promise<void> {
    const timeline = this.timeline;
    const audio = this.audio;
    if (!timeline || !audio) return;
    this.addFrames(chunk);
    const startMs = chunk.startMs ?? timeline.startOf(chunk.index);
    const lastT = chunk.frames.at(-1)?.t ?? startMs;
    if (chunk.audio) {
      try {
        const buffer = await audio.decode(chunk.audio);
        timeline.set(chunk.index, {
          startMs,
          endMs: Math.max(lastT, startMs + buffer.duration * 1000),
          frames: chunk.frames,
        });
        audio.place(chunk.index, startMs, buffer);
      } catch {
        // Undecodable audio: the frames still play, in silence.
      }
    }
    this.ready.add(chunk.index);
    this.endMs = timeline.endMs;
    if (this.wantsPlay && !audio.playing) void this.resume();
  }

  /** Plays from the current position if the chunk there is ready. */
  private async resume(): Promise<void> {
    // The clock starts once the scene can take frames, so that its first ones are shown.
    await this.sceneCode;
    const audio = this.audio;
    const timeline = this.timeline;
    if (!audio || !timeline || audio.playing) return;
    const at = audio.positionMs;
    if (!this.ready.has(timeline.indexAt(at))) {
      this.loader?.want(timeline.indexAt(at));
      return;
    }
    const started = await audio.play(at);
    if (started) {
      this.needsGesture = false;
      this.recording?.resume();
    } else if (this.wantsPlay) {
      this.wantsPlay = false;
      this.needsGesture = true;
    }
    this.sounding = audio.playing;
  }

  private readonly tick = (now: number): void => {
    this.rafId = requestAnimationFrame(this.tick);
    const audio = this.audio;
    const timeline = this.timeline;
    if (!audio || !timeline) return;
    let position = audio.positionMs;
    if (audio.playing) {
      const index = timeline.indexAt(position);
      if (timeline.allLoaded && this.ready.size === timeline.count && position >= timeline.endMs) {
        position = timeline.endMs;
        audio.pause(position);
        this.finishPlaying();
      } else if (!this.ready.has(index)) {
        // Waiting for data: hold the clock (and the video being recorded).
        audio.pause(position);
        this.recording?.pause();
        this.loader?.want(index);
      }
    }
    const frame = timeline.frameAt(position);
    // The scene can take frames once three.js has loaded and <holo-scene> is defined.
    if (frame && frame !== this.lastFrame && this.scene && customElements.get('holo-scene')) {
      this.scene.pushFrame(frame);
      this.lastFrame = frame;
      this.pushedAtMs = position;
      this.framesPushed++;
      if (this.firstFrameAt === null) {
        this.firstFrameAt = performance.now();
        performance.mark('holo-replay-first-frame');
      }
    }
    if (now - this.lastUi >= UI_EVERY_MS) {
      this.lastUi = now;
      this.positionMs = position;
      this.endMs = timeline.endMs;
      this.sounding = audio.playing;
      this.level = audio.playing ? audio.peak() : 0;
      if (this.exportState.kind === 'running' && timeline.endMs > 0) {
        this.exportState = {
          kind: 'running',
          percent: Math.min(100, Math.floor((100 * position) / timeline.endMs)),
        };
      }
    }
  };

  private finishPlaying(): void {
    this.wantsPlay = false;
    this.sounding = false;
    this.ended = true;
    this.exportEnded?.();
  }

  private togglePlay(): void {
    const audio = this.audio;
    if (!audio) return;
    if (this.wantsPlay) {
      this.wantsPlay = false;
      audio.pause();
      this.sounding = false;
      return;
    }
    if (this.ended) {
      this.ended = false;
      audio.seek(0);
    }
    this.wantsPlay = true;
    void this.resume();
  }

  private seek(ms: number): void {
    const audio = this.audio;
    const timeline = this.timeline;
    if (!audio || !timeline) return;
    const to = Math.max(0, Math.min(ms, timeline.endMs));
    this.ended = false;
    audio.pause(to);
    this.positionMs = to;
    this.loader?.want(timeline.indexAt(to));
    if (this.wantsPlay) void this.resume();
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.audio?.setRate(rate);
  }

  private async exportVideo(): Promise<void> {
    const audio = this.audio;
    const canvas = this.scene?.shadowRoot?.querySelector('canvas') ?? null;
    const type = videoMimeType();
    if (!audio || !canvas || !type || !this.manifest) {
      this.exportState = { kind: 'failed' };
      return;
    }
    this.scene?.scrollIntoView({ block: 'nearest' });
    const rateBefore = this.rate;
    this.setRate(1);
    const capture = audio.captureStream();
    const ended = new Promise<void>((resolve) => {
      this.exportEnded = resolve;
    });
    this.exportState = { kind: 'running', percent: 0 };
    try {
      this.wantsPlay = false;
      audio.pause(0);
      if (audio.context.state !== 'running') await audio.context.resume();
      this.recording = new VideoRecording(canvas, capture.stream, type);
      this.ended = false;
      this.wantsPlay = true;
      await this.resume();
      await ended;
      const video = await this.recording.finish();
      download(video, videoFileName(this.manifest.title));
      this.exportState = { kind: 'done' };
    } catch {
      this.recording?.cancel();
      this.exportState = { kind: 'failed' };
    } finally {
      this.recording = null;
      this.exportEnded = null;
      capture.stop();
      this.setRate(rateBefore);
    }
  }

  private cancelExport(): void {
    this.recording?.cancel();
    this.recording = null;
    this.exportEnded = null;
    this.exportState = { kind: 'idle' };
  }

  private chooseLang(lang: Lang): void {
    this.uiLang = lang;
    saveLang(lang);
  }

  override render(): TemplateResult {
    return html`
      <header>
        <a class="brand" href="/">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>${this.m.appName}</span>
        </a>
        <div class="langs" role="group" aria-label=${this.m.languageLabel}>
          ${LANGS.map(
            (lang) => html`<button
              type="button"
              lang=${lang}
              aria-pressed=${lang === this.uiLang ? 'true' : 'false'}
              @click=${() => this.chooseLang(lang)}
            >
              <span aria-hidden="true">${lang.toUpperCase()}</span>
              <span class="visually-hidden">${LANG_NAMES[lang]}</span>
            </button>`,
          )}
        </div>
      </header>
      <main>${this.renderMain()}</main>
      ${this.renderInstall()}
    `;
  }

  private renderMain(): TemplateResult {
    const m = this.m;
    switch (this.status) {
      case 'loading':
        // The replay's own layout, empty, so nothing moves when the hologram arrives.
        return this.renderReplay();
      case 'unavailable':
        return this.renderProblem(m.unavailableHeading, m.unavailableText, false);
      case 'offline':
        return this.renderProblem(m.offlineHeading, m.offlineText, true);
      case 'failed':
        return this.renderProblem(m.failedHeading, this.failure, true);
      case 'ready':
        return this.renderReplay();
    }
  }

  private renderProblem(heading: string, text: string, retry: boolean): TemplateResult {
    return html`
      <section class="problem" aria-labelledby="problem-heading">
        <h1 id="problem-heading">${heading}</h1>
        <p>${text}</p>
        ${retry ? html`<button type="button" @click=${() => location.reload()}>${this.m.tryAgain}</button>` : nothing}
        <a class="button" href="/">${this.m.openApp}</a>
      </section>
    `;
  }

  private renderReplay(): TemplateResult {
    const m = this.m;
    const manifest = this.manifest;
    // Controls wait for the hologram, and stay put while a video is being recorded.
    const locked = this.exportState.kind === 'running' || !manifest;
    const waiting = this.wantsPlay && !this.sounding;
    return html`
      <h1>${manifest ? manifest.title : m.loading}</h1>
      <p class="meta">${manifest ? fill(m.sharedHologram, { duration: formatClock(this.endMs) }) : ''}</p>
      <holo-scene lang=${this.uiLang} history-length="24" aria-describedby="camera-help"></holo-scene>
      <div class="controls">
        <button
          type="button"
          class="primary play"
          ?disabled=${locked}
          @click=${() => this.togglePlay()}
        >
          ${this.wantsPlay ? m.pause : this.ended ? m.replay : m.play}
        </button>
        <label class="scrub">
          <span class="visually-hidden">${m.position}</span>
          <input
            type="range"
            min="0"
            max=${Math.max(1, Math.round(this.endMs))}
            step="10"
            .value=${String(Math.round(this.positionMs))}
            ?disabled=${locked}
            aria-valuetext=${`${formatClock(this.positionMs)} / ${formatClock(this.endMs)}`}
            @input=${(e: Event) => this.seek(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <span class="time" aria-hidden="true">${formatClock(this.positionMs)} / ${formatClock(this.endMs)}</span>
        <label class="speed">
          ${m.speed}
          <select
            ?disabled=${locked}
            @change=${(e: Event) => this.setRate(Number((e.target as HTMLSelectElement).value))}
          >
            ${SPEEDS.filter((s) => s >= MIN_RATE && s <= MAX_RATE).map(
              (s) => html`<option value=${s} ?selected=${s === this.rate}>${s}×</option>`,
            )}
          </select>
        </label>
        <span class="level" aria-hidden="true"><span style="width:${Math.round(this.level * 100)}%"></span></span>
      </div>
      <p class="hint" role="status">
        ${waiting && !this.needsGesture ? m.buffering : this.needsGesture ? m.startHint : ''}
      </p>
      <div class="camera" role="group" aria-label=${m.cameraLabel} id="camera-help">
        <button type="button" @click=${() => this.scene?.rotateBy(-ROTATE_STEP, 0)}>${m.rotateLeft}</button>
        <button type="button" @click=${() => this.scene?.rotateBy(ROTATE_STEP, 0)}>${m.rotateRight}</button>
        <button type="button" @click=${() => this.scene?.zoomBy(ZOOM_STEP)}>${m.zoomIn}</button>
        <button type="button" @click=${() => this.scene?.zoomBy(1 / ZOOM_STEP)}>${m.zoomOut}</button>
        <button type="button" @click=${() => this.scene?.resetView()}>${m.resetView}</button>
      </div>
      ${this.renderExport()}
    `;
  }

  private renderExport(): TemplateResult {
    const m = this.m;
    const s = this.exportState;
    if (s.kind === 'running') {
      return html`<div class="export" role="status">
        <p>${fill(m.exporting, { percent: s.percent })} ${m.exportHint}</p>
        <button type="button" @click=${() => this.cancelExport()}>${m.cancel}</button>
      </div>`;
    }
    return html`<div class="export">
      <button type="button" ?disabled=${!this.manifest} @click=${() => this.exportVideo()}>
        ${m.exportVideo}
      </button>
      ${s.kind === 'done' ? html`<p role="status">${m.exportDone}</p>` : nothing}
      ${s.kind === 'failed' ? html`<p role="alert" class="bad">${m.exportFailed}</p>` : nothing}
    </div>`;
  }

  private renderInstall(): TemplateResult {
    const m = this.m;
    return html`
      <aside class="install" aria-labelledby="install-heading">
        <h2 id="install-heading">${m.installHeading}</h2>
        <p>${m.installText}</p>
        ${
          this.canInstall
            ? html`<button type="button" class="primary" @click=${() => installPrompt.prompt()}>${m.install}</button>`
            : html`<a class="button primary" href="/">${m.openApp}</a>`
        }
      </aside>
    `;
  }

  static override styles = [
    pageTheme,
    visuallyHidden,
    css`
      :host {
        --bad: #ff8f8f;
        padding: 1rem 1.25rem 2rem;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
      }
      .brand {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        color: var(--text);
        font-weight: 600;
        font-size: 1.25rem;
        text-decoration: none;
      }
      h1 {
        margin: 1rem 0 0.25rem;
        font-size: 1.75rem;
        line-height: 1.2;
        overflow-wrap: anywhere;
      }
      .meta,
      .hint {
        margin: 0 0 0.75rem;
        color: var(--muted);
        min-height: 1.5em;
      }
      holo-scene {
        /* block even before three.js has loaded and defined it, so nothing moves then */
        display: block;
        height: min(60vh, 36rem);
        border-radius: 0.75rem;
      }
      .controls,
      .camera,
      .export {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
      .scrub {
        flex: 1 1 12rem;
        display: flex;
      }
      .scrub input {
        width: 100%;
        min-height: 2.75rem;
        accent-color: var(--focus);
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: var(--muted);
      }
      .level {
        display: inline-block;
        width: 4rem;
        height: 0.5rem;
        background: var(--line);
        border-radius: 0.25rem;
        overflow: hidden;
      }
      .level span {
        display: block;
        height: 100%;
        background: #5ee398;
      }
      select {
        min-height: 2.75rem;
        margin-left: 0.375rem;
        font: inherit;
        color: var(--text);
        background: var(--panel);
        border: 1px solid var(--line);
        border-radius: 0.5rem;
      }
      button,
      .button {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0 1rem;
        font: inherit;
        color: var(--text);
        background: transparent;
        border: 1px solid var(--line);
        border-radius: 0.5rem;
        cursor: pointer;
        text-decoration: none;
      }
      button:hover,
      .button:hover {
        background: var(--line);
      }
      button:disabled {
        cursor: not-allowed;
        color: var(--muted);
      }
      .primary {
        background: var(--focus);
        border-color: var(--focus);
        color: #0b0b14;
      }
      .primary:hover {
        background: #ffe09a;
      }
      .play {
        min-width: 7rem;
        justify-content: center;
      }
      button:focus-visible,
      .button:focus-visible,
      a:focus-visible,
      input:focus-visible,
      select:focus-visible {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }
      .langs {
        display: inline-flex;
        border: 1px solid var(--line);
        border-radius: 0.5rem;
        overflow: hidden;
      }
      .langs button {
        border: 0;
        border-radius: 0;
      }
      .langs button[aria-pressed='true'] {
        background: var(--text);
        color: #0b0b14;
      }
      .problem {
        margin: 2rem 0;
        padding: 1.25rem;
        background: var(--panel);
        border: 1px solid var(--line);
        border-radius: 0.75rem;
      }
      .problem a,
      .problem button {
        margin-right: 0.75rem;
      }
      .export p {
        margin: 0;
      }
      .bad {
        color: var(--bad);
      }
      .install {
        margin-top: 2rem;
        padding: 1.25rem;
        background: var(--panel);
        border: 1px solid var(--line);
        border-radius: 0.75rem;
      }
      .install h2 {
        margin: 0 0 0.5rem;
        font-size: 1.125rem;
      }
      .install p {
        margin: 0 0 0.75rem;
        color: var(--muted);
      }
    `,
  ];
}

/**
 * three.js and <holo-scene> (550 KB of code), asked for once the browser has shown the page's
 * first paint (its text: the title and the controls): on a slow connection they come first and
 * the scene's code right after them, while the frames download. Settles when the code has
 * loaded or failed to.
 */
function loadSceneAfterPaint(): Promise<void> {
  return new Promise((settled) => {
    const load = () =>
      requestAnimationFrame(() =>
        setTimeout(() =>
          import('../hologram/holo-scene.ts').then(
            () => settled(),
            () => settled(),
          ),
        ),
      );
    if (!PerformanceObserver.supportedEntryTypes.includes('paint')) {
      load();
      return;
    }
    const painted = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      painted.disconnect();
      load();
    });
    painted.observe({ type: 'paint', buffered: true });
  });
}

/** Drops a dead link's chunks from the service worker's cache (they are of no use any more). */
async function forgetCachedChunks(token: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.startsWith(`/api/public/shares/${token}`)) {
          await cache.delete(request);
        }
      }
    }
  } catch {
    // Caches may be unavailable (private mode); nothing to forget then.
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-replay': HoloReplay;
  }
}
