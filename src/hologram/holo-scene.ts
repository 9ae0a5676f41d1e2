// <holo-scene>: the 3D hologram (DESIGN §1). Frames pushed in are copied into a preallocated
// history ring and the bars' instance buffers (bars.ts), and drawn on the next animation frame.
// It renders only when something changed (a frame, the camera, a property, a resize) and never
// while paused by the page being hidden or the element being off-screen, so an idle scene costs
// nothing. The camera moves only when asked (input or the methods below) and at once, with no
// idle rotation or easing, which is also what prefers-reduced-motion asks for.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PerspectiveCamera, Scene, Vector3, WebGLRenderer } from 'three';
import { HologramAxes } from './axes.ts';
import { HologramBars } from './bars.ts';
import { type ColourScheme, isColourScheme } from './colour.ts';
import { copyFrame, createFrame, type HologramFrame } from './frame.ts';
import { HistoryRing } from './history.ts';
import {
  cameraPosition,
  DEFAULT_VIEW,
  resetView,
  rotateView,
  type ViewState,
  zoomView,
} from './orbit.ts';
import { OrbitInput } from './orbit-input.ts';
import { type SceneLang, sceneStrings } from './strings.ts';

const BACKGROUND = 0x0b0b14;
const MAX_PIXEL_RATIO = 2;

export interface SceneStats {
  /** Renders since the element was created. */
  framesRendered: number;
  /** Main-thread milliseconds of the latest render (buffer uploads and draw calls). */
  lastFrameMs: number;
}

export type CameraState = ViewState;

/** Resolves in a later task (scheduler.yield where there is one), so long work is split. */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve));
}

/**
 * Resolves once the GPU has carried out every command given to `gl` so far (programs linked,
 * buffers uploaded, frames drawn). A fence is looked at once per task: a query that needs the
 * answer now (a program's uniforms, a commit of the canvas) would block the page instead.
 */
async function gpuDone(gl: WebGL2RenderingContext): Promise<void> {
  const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!fence) return;
  gl.flush();
  while (!gl.isContextLost() && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED) {
    await new Promise((resolve) => setTimeout(resolve));
  }
  gl.deleteSync(fence);
}

/**
 * Makes each of the renderer's shader programs current once. The GPU links programs in the
 * background, and without KHR_parallel_shader_compile (SwiftShader has none) nothing tells when
 * it is done: the first question about a program (its uniforms, at the first render) then waits
 * on the main thread. Using a program is a command that waits for its link on the GPU's side,
 * so a fence after it (gpuDone) says when the programs are ready, without blocking the page.
 */
function useEachProgram(gl: WebGL2RenderingContext, renderer: WebGLRenderer): void {
  for (const { program } of renderer.info.programs ?? []) gl.useProgram(program as WebGLProgram);
  gl.useProgram(null); // what three.js's state cache holds before its first render
}

/** What three.js needs while the element is connected and WebGL works. */
interface Gl {
  readonly renderer: WebGLRenderer;
  readonly scene: Scene;
  readonly camera: PerspectiveCamera;
  readonly bars: HologramBars;
  readonly axes: HologramAxes;
}

@customElement('holo-scene')
export class HoloScene extends LitElement {
  /**
   * Frames kept as fading depth slices behind the live one: 1…128; 0 or 1 shows the live frame
   * only. Changing it starts the history afresh from the latest frame.
   */
  @property({ type: Number, attribute: 'history-length' }) historyLength = 1;

  /** Bar colours: `spectrum` (red at the lowest band to violet at the highest) or `mono` (cyan). */
  @property({ attribute: 'colour-scheme' }) colourScheme: ColourScheme = 'spectrum';

  /** Decibels added to every level before drawing: positive values make quiet sounds larger. */
  @property({ type: Number }) sensitivity = 0;

  /**
   * Holds the picture still: pushed frames are not drawn (they still become `currentFrame`),
   * while the camera can still be moved.
   */
  @property({ type: Boolean, reflect: true }) paused = false;

  /** Language of the scene's words (axis titles, accessible name, the no-WebGL message). */
  @property({ reflect: true }) override lang: SceneLang = 'en';

  /** True when WebGL 2 could not be started; a message replaces the canvas. */
  @state() private webglFailed = false;

  private gl: Gl | null = null;
  /** The start in progress (buildGl), cancelled when the element leaves the page. */
  private glStart: AbortController | null = null;
  /** The canvas shows: the start has drawn its first frame (buildGl). */
  private shown = false;
  private readonly ring = new HistoryRing();
  private latest: HologramFrame | null = null;
  private readonly view: ViewState = { ...DEFAULT_VIEW };
  private readonly target = new Vector3(0, 0, 0);
  private framesRendered = 0;
  private lastFrameMs = 0;
  private rafId = 0;
  private dirty = true;
  private onScreen = true;
  private contextLost = false;
  private size = { width: 0, height: 0 };
  private input: OrbitInput | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private intersectionObserver: IntersectionObserver | null = null;

  /** Draws a frame (the caller may reuse the object: its values are copied). */
  pushFrame(frame: HologramFrame): void {
    if (!this.latest) this.latest = createFrame();
    copyFrame(frame, this.latest);
    if (this.paused) return;
    const slot = this.ring.push(frame);
    this.gl?.bars.writeSlot(this.ring, slot, this.scheme, this.sensitivity);
    this.requestRender();
  }

  /** Turns the camera around the hologram (yaw about the pitch axis; pitch up or down). */
  rotateBy(yawRad: number, pitchRad: number): void {
    if (rotateView(this.view, yawRad, pitchRad)) this.viewChanged();
  }

  /** Zooms: factors above 1 move closer, below 1 move away. */
  zoomBy(factor: number): void {
    if (zoomView(this.view, factor)) this.viewChanged();
  }

  /** Returns the camera to its starting view. */
  resetView(): void {
    if (resetView(this.view)) this.viewChanged();
  }

  /** Render count and the latest render's main-thread cost. */
  get stats(): SceneStats {
    return { framesRendered: this.framesRendered, lastFrameMs: this.lastFrameMs };
  }

  /** A copy of the latest pushed frame, owned by the scene and overwritten by the next push. */
  get currentFrame(): HologramFrame | null {
    return this.latest;
  }

  /** The camera: yaw and pitch in radians, distance from the hologram's centre. */
  get cameraState(): CameraState {
    return { ...this.view };
  }

  private get scheme(): ColourScheme {
    return isColourScheme(this.colourScheme) ? this.colourScheme : 'spectrum';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'application');
    this.input = new OrbitInput(this, this);
    this.resizeObserver = new ResizeObserver(this.onResize);
    this.resizeObserver.observe(this);
    this.intersectionObserver = new IntersectionObserver(this.onIntersection);
    this.intersectionObserver.observe(this);
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.hasUpdated) this.startGl();
  }

  override disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.intersectionObserver?.disconnect();
    this.resizeObserver?.disconnect();
    this.input?.dispose();
    this.intersectionObserver = null;
    this.resizeObserver = null;
    this.input = null;
    this.stopGl();
    super.disconnectedCallback();
  }

  protected override firstUpdated(): void {
    this.startGl();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const strings = sceneStrings(this.lang);
    if (changed.has('lang')) {
      this.setAttribute('aria-label', strings.label);
      this.gl?.axes.setStrings(strings);
    }
    if (changed.has('historyLength')) this.restartHistory();
    if (changed.has('historyLength') || changed.has('colourScheme') || changed.has('sensitivity')) {
      this.gl?.bars.writeAll(this.ring, this.scheme, this.sensitivity);
    }
    this.requestRender();
  }

  private restartHistory(): void {
    this.ring.resize(this.historyLength);
    if (this.latest) this.ring.push(this.latest);
    this.gl?.bars.reserve(this.ring.length);
  }

  private startGl(): void {
    if (this.gl || this.webglFailed || this.glStart) return;
    const start = new AbortController();
    this.glStart = start;
    void this.buildGl(start.signal).finally(() => {
      if (this.glStart === start) this.glStart = null;
    });
  }

  /**
   * Makes the WebGL context, the renderer, the bars, the axes and their labels, the shader
   * programs, the textures and the first frame, a task or more each, waiting for the GPU
   * between them (gpuDone): on a slow device (software WebGL) the start is then many short tasks
   * instead of one long one, and no call that needs an answer from the GPU (a program's
   * uniforms, a resized drawing buffer) waits on the main thread for work queued before it. The
   * canvas stays hidden until the GPU has drawn the first frame, so that no paint of the page
   * waits for the GPU either.
   */
  private async buildGl(signal: AbortSignal): Promise<void> {
    const next = async (wait: Promise<void>) => {
      await wait;
      signal.throwIfAborted();
    };
    const canvas = document.createElement('canvas');
    let context: WebGL2RenderingContext | null = null;
    let renderer: WebGLRenderer | null = null;
    let bars: HologramBars | null = null;
    let axes: HologramAxes | null = null;
    let adopted = false;
    try {
      await next(nextTask());
      context = canvas.getContext('webgl2', { antialias: false, alpha: false });
      if (!context) throw new Error('WebGL 2 is not available');
      canvas.style.visibility = 'hidden';
      this.renderRoot.querySelector('.stage')?.append(canvas);
      await next(gpuDone(context));
      renderer = new WebGLRenderer({ canvas, context });
      renderer.setClearColor(BACKGROUND);
      // Its checks ask the GPU for every program's logs, waiting for each answer (three.js
      // suggests turning them off in production); the browser tests draw with the built app.
      renderer.debug.checkShaderErrors = import.meta.env.DEV;
      await next(nextTask());
      bars = new HologramBars(this.ring.length);
      await next(nextTask());
      axes = new HologramAxes();
      const lang = this.lang;
      const labels = axes.addLabels(sceneStrings(lang));
      while (!labels.next().done) await next(nextTask());
      await next(nextTask());
      const scene = new Scene();
      const camera = new PerspectiveCamera(45, 1, 0.05, 100);
      scene.add(axes.group, bars.mesh);
      renderer.compile(bars.mesh, camera, scene);
      await next(nextTask());
      renderer.compile(axes.group, camera, scene);
      await next(gpuDone(context));
      canvas.addEventListener('webglcontextlost', this.onContextLost);
      canvas.addEventListener('webglcontextrestored', this.onContextRestored);
      const gl: Gl = { renderer, scene, camera, bars, axes };
      this.gl = gl;
      adopted = true;
      // What changed while it was being made:
      if (this.lang !== lang) axes.setStrings(sceneStrings(this.lang));
      bars.reserve(this.ring.length);
      bars.writeAll(this.ring, this.scheme, this.sensitivity);
      this.applySize();
      await next(gpuDone(context));
      for (const texture of axes.textures()) renderer.initTexture(texture);
      await next(gpuDone(context));
      // Last before the first frame: the GPU has had the most time to link the programs.
      useEachProgram(context, renderer);
      await next(gpuDone(context));
      if (this.canRender()) {
        // The axes alone first, then everything: two shorter tasks for the renderer's first
        // pass over its objects (buffers, bindings, uniforms, draw calls).
        bars.mesh.visible = false;
        this.draw(gl);
        await next(gpuDone(context));
        bars.mesh.visible = true;
        this.dirty = false;
        this.draw(gl);
        await next(gpuDone(context));
        this.framesRendered++; // drawn while hidden, shown from here on
      }
      canvas.style.removeProperty('visibility');
      this.shown = true;
      this.schedule();
    } catch {
      if (!signal.aborted) this.webglFailed = true;
    } finally {
      if (!adopted) {
        bars?.dispose();
        axes?.dispose();
        renderer?.dispose();
        context?.getExtension('WEBGL_lose_context')?.loseContext();
        canvas.remove();
      }
    }
  }

  private stopGl(): void {
    this.glStart?.abort();
    this.glStart = null;
    this.shown = false;
    if (this.rafId) cancelAnimationFrame(this.rafId);
    this.rafId = 0;
    const gl = this.gl;
    if (!gl) return;
    this.gl = null;
    gl.bars.dispose();
    gl.axes.dispose();
    const canvas = gl.renderer.domElement;
    canvas.removeEventListener('webglcontextlost', this.onContextLost);
    canvas.removeEventListener('webglcontextrestored', this.onContextRestored);
    gl.renderer.dispose();
    gl.renderer.forceContextLoss(); // frees the context now; browsers allow only a few
    canvas.remove();
    this.contextLost = false;
  }

  private viewChanged(): void {
    this.requestRender();
    this.dispatchEvent(
      new CustomEvent<CameraState>('holo-view-change', {
        detail: this.cameraState,
        bubbles: true,
        composed: true,
      }),
    );
  }

  private requestRender(): void {
    this.dirty = true;
    this.schedule();
  }

  private canRender(): boolean {
    return (
      this.gl !== null &&
      !this.contextLost &&
      this.onScreen &&
      document.visibilityState === 'visible' &&
      this.size.width > 0 &&
      this.size.height > 0
    );
  }

  private schedule(): void {
    if (this.rafId === 0 && this.dirty && this.canRender()) {
      this.rafId = requestAnimationFrame(this.renderFrame);
    }
  }

  private readonly renderFrame = (): void => {
    this.rafId = 0;
    const gl = this.gl;
    if (!gl || !this.shown || !this.canRender()) return;
    const started = performance.now();
    this.dirty = false;
    this.draw(gl);
    this.framesRendered++;
    this.lastFrameMs = performance.now() - started;
  };

  private draw(gl: Gl): void {
    gl.bars.prepare(this.ring);
    cameraPosition(this.view, this.target, gl.camera.position);
    gl.camera.lookAt(this.target);
    gl.renderer.render(gl.scene, gl.camera);
  }

  private applySize(): void {
    const gl = this.gl;
    const { width, height } = this.size;
    if (!gl || width === 0 || height === 0) return;
    gl.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));
    gl.renderer.setSize(width, height, false);
    gl.camera.aspect = width / height;
    gl.camera.updateProjectionMatrix();
  }

  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    const box = entries[entries.length - 1]?.contentRect;
    if (!box) return;
    this.size = { width: Math.round(box.width), height: Math.round(box.height) };
    this.applySize();
    this.requestRender();
  };

  private readonly onIntersection = (entries: IntersectionObserverEntry[]): void => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    this.onScreen = entry.isIntersecting;
    this.schedule();
  };

  private readonly onVisibility = (): void => {
    this.schedule();
  };

  private readonly onContextLost = (e: Event): void => {
    e.preventDefault(); // lets the browser restore it
    this.contextLost = true;
  };

  private readonly onContextRestored = (): void => {
    this.contextLost = false;
    this.requestRender();
  };

  override render(): TemplateResult {
    return html`
      <div class="stage" part="stage"></div>
      ${this.webglFailed ? html`<p class="fallback" role="status">${sceneStrings(this.lang).noWebgl}</p>` : nothing}
    `;
  }

  static override styles = css`
    :host {
      position: relative;
      display: block;
      min-height: 15rem;
      overflow: hidden;
      background: #0b0b14;
      color: #ececf4;
      /* drags and pinches steer the camera instead of scrolling or zooming the page */
      touch-action: none;
      outline: none;
    }

    :host(:focus-visible) {
      outline: 3px solid var(--holo-focus, #ffd166);
      outline-offset: -3px;
    }

    .stage,
    .stage canvas {
      position: absolute;
      inset: 0;
      display: block;
      width: 100%;
      height: 100%;
    }

    .fallback {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      margin: 0;
      padding: 1.5rem;
      text-align: center;
      font: 1rem/1.5 system-ui, sans-serif;
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-scene': HoloScene;
  }
  interface HTMLElementEventMap {
    /** The camera moved (input or a method call); `detail` is the new camera state. */
    'holo-view-change': CustomEvent<CameraState>;
  }
}
