// The hologram's bars: one quad per band, channel and history slot, in one plain BufferGeometry
// (not instanced: SwiftShader, the software WebGL of headless Chromium, pays per instance, so
// 16 640 instanced quads drew at ~4 fps and the same quads as one indexed draw at ~45 fps). Each
// quad lies along z (the level axis) and turns about that axis to face the camera (a thick
// line), so it reads from any side at two triangles a bar. The live slice draws whole bars;
// older slices only their tips (layout.ts sliceTip), which keeps the overdraw of a deep history
// low.
// Bars are stored slot-major, so a slot's 260 bars are one contiguous range: a new frame
// rewrites and uploads only that range, and the age of every slot (its depth and fade) is a
// small uniform array updated per render, O(slots), instead of touching every bar. The buffers
// hold as many slots as the longest history asked for, rounded up to a power of two (a 24-frame
// replay uploads 1.4 MB at its first render instead of 5.6 MB for all 128 slots).
import {
  BufferAttribute,
  BufferGeometry,
  DynamicDrawUsage,
  Mesh,
  NormalBlending,
  ShaderMaterial,
} from 'three';
import { type ColourScheme, levelBrightness, palette } from './colour.ts';
import { BANDS } from './frame.ts';
import { type HistoryRing, MAX_HISTORY, sliceFade } from './history.ts';
import { bandY, columnX, LEVEL_DEPTH, levelFraction, sliceTip, sliceZ } from './layout.ts';

const BARS_PER_SLOT = 2 * BANDS;
/** Vertices and indices of one bar's quad. */
const CORNERS = 4;
const INDICES = 6;

/** Half the width of a bar in world units (bands are 2/129 ≈ 0.0155 apart). */
const HALF_WIDTH = 0.0055;

const VERTEX = /* glsl */ `
  attribute vec4 corner; // along the bar 0…1, across it −1…1, y of the band, history slot
  attribute vec2 bar;    // x of the column, length along z
  attribute vec3 colour;
  uniform vec3 slices[MAX_SLICES]; // per slot: z of its floor, opacity, length drawn from the tip
  uniform float halfWidth;
  varying vec4 vColour;

  void main() {
    vec3 slice = slices[int(corner.w)];
    float z = slice.x + mix(max(bar.y - slice.z, 0.0), bar.y, corner.x);
    vec4 mv = modelViewMatrix * vec4(bar.x, corner.z, z, 1.0);
    vec3 axis = (modelViewMatrix * vec4(0.0, 0.0, 1.0, 0.0)).xyz;
    vec3 side = cross(axis, mv.xyz);
    float len = length(side);
    side = len > 1e-6 ? side / len : vec3(1.0, 0.0, 0.0);
    mv.xyz += side * (corner.y * halfWidth);
    gl_Position = projectionMatrix * mv;
    vColour = vec4(colour, slice.y);
  }
`;

const FRAGMENT = /* glsl */ `
  varying vec4 vColour;
  void main() {
    gl_FragColor = vColour;
  }
`;

export class HologramBars {
  readonly mesh: Mesh<BufferGeometry, ShaderMaterial>;
  /** History slots the buffers hold. */
  private capacity = 0;
  private bar = new BufferAttribute(new Float32Array(0), 2);
  private colour = new BufferAttribute(new Float32Array(0), 3);
  private readonly slices = new Float32Array(MAX_HISTORY * 3);
  /** Slots rewritten since the last upload. */
  private readonly dirty = new Uint8Array(MAX_HISTORY);
  private anyDirty = false;

  constructor(slots: number) {
    const material = new ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      defines: { MAX_SLICES: MAX_HISTORY },
      uniforms: { slices: { value: this.slices }, halfWidth: { value: HALF_WIDTH } },
      transparent: true,
      depthWrite: false,
      blending: NormalBlending,
    });
    this.mesh = new Mesh(new BufferGeometry(), material);
    // Positions are made in the shader; the geometry has none to compute bounds from.
    this.mesh.frustumCulled = false;
    this.reserve(slots);
  }

  /**
   * Makes room for `slots` history slots: new buffers (next power of two, at most MAX_HISTORY)
   * when there are fewer, never smaller. Their bars are empty until written.
   */
  reserve(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.min(MAX_HISTORY, 2 ** Math.ceil(Math.log2(slots)));
    const bars = capacity * BARS_PER_SLOT;
    // Plain indexed writes, no allocation per bar: on a slow phone this loop is part of the
    // scene's start.
    const corner = new Float32Array(bars * CORNERS * 4);
    const index = new Uint32Array(bars * INDICES);
    const QUAD = [0, -1, 1, -1, 1, 1, 0, 1] as const;
    const ys = Float32Array.from({ length: BANDS }, (_, band) => bandY(band));
    let v = 0;
    let n = 0;
    for (let i = 0; i < bars; i++) {
      const y = ys[i % BANDS] as number;
      const slot = (i / BARS_PER_SLOT) | 0;
      for (let k = 0; k < CORNERS; k++) {
        corner[v++] = QUAD[k * 2] as number;
        corner[v++] = QUAD[k * 2 + 1] as number;
        corner[v++] = y;
        corner[v++] = slot;
      }
      const first = i * CORNERS;
      index[n++] = first;
      index[n++] = first + 1;
      index[n++] = first + 2;
      index[n++] = first;
      index[n++] = first + 2;
      index[n++] = first + 3;
    }
    this.capacity = capacity;
    this.bar = new BufferAttribute(new Float32Array(bars * CORNERS * 2), 2);
    this.colour = new BufferAttribute(new Float32Array(bars * CORNERS * 3), 3);
    const geometry = new BufferGeometry();
    geometry.setAttribute('corner', new BufferAttribute(corner, 4));
    geometry.setAttribute('bar', this.bar.setUsage(DynamicDrawUsage));
    geometry.setAttribute('colour', this.colour.setUsage(DynamicDrawUsage));
    geometry.setIndex(new BufferAttribute(index, 1));
    geometry.setDrawRange(0, 0);
    this.mesh.geometry.dispose();
    this.mesh.geometry = geometry;
    this.dirty.fill(0);
    this.anyDirty = false;
  }

  /** Writes one slot's 260 bars from the ring (positions, lengths, colours). */
  writeSlot(ring: HistoryRing, slot: number, scheme: ColourScheme, sensitivityDb: number): void {
    const bar = this.bar.array as Float32Array;
    const colour = this.colour.array as Float32Array;
    const rgb = palette(scheme);
    const from = slot * BANDS;
    for (let channel = 0; channel < 2; channel++) {
      const levels = channel === 0 ? ring.left : ring.right;
      const side = channel === 0 ? 'left' : 'right';
      for (let band = 0; band < BANDS; band++) {
        const fraction = levelFraction(levels[from + band] ?? 0, sensitivityDb);
        const x = columnX(side, ring.pan[from + band] ?? 0);
        const bright = levelBrightness(fraction);
        const r = (rgb[band * 3] ?? 0) * bright;
        const g = (rgb[band * 3 + 1] ?? 0) * bright;
        const b = (rgb[band * 3 + 2] ?? 0) * bright;
        const first = (slot * BARS_PER_SLOT + channel * BANDS + band) * CORNERS;
        for (let v = first; v < first + CORNERS; v++) {
          bar[v * 2] = x;
          bar[v * 2 + 1] = fraction * LEVEL_DEPTH;
          colour[v * 3] = r;
          colour[v * 3 + 1] = g;
          colour[v * 3 + 2] = b;
        }
      }
    }
    this.dirty[slot] = 1;
    this.anyDirty = true;
  }

  /** Rewrites every held slot, after the colour scheme, sensitivity or history changed. */
  writeAll(ring: HistoryRing, scheme: ColourScheme, sensitivityDb: number): void {
    for (let slot = 0; slot < ring.count; slot++) this.writeSlot(ring, slot, scheme, sensitivityDb);
  }

  /**
   * Before a render: sets each held slot's depth and fade by age, draws only held slots, and
   * queues the rewritten slots' ranges for upload.
   */
  prepare(ring: HistoryRing): void {
    const slots = ring.length;
    for (let slot = 0; slot < ring.count; slot++) {
      const age = ring.ageOf(slot);
      this.slices[slot * 3] = sliceZ(age, slots);
      this.slices[slot * 3 + 1] = sliceFade(age, slots);
      this.slices[slot * 3 + 2] = sliceTip(age, slots);
    }
    this.mesh.material.uniformsNeedUpdate = true;
    this.mesh.geometry.setDrawRange(0, ring.count * BARS_PER_SLOT * INDICES);
    if (this.anyDirty) this.queueUploads();
  }

  private queueUploads(): void {
    let run = -1;
    for (let slot = 0; slot <= this.capacity; slot++) {
      const isDirty = slot < this.capacity && this.dirty[slot] === 1;
      if (isDirty && run < 0) run = slot;
      if (!isDirty && run >= 0) {
        const first = run * BARS_PER_SLOT * CORNERS;
        const count = (slot - run) * BARS_PER_SLOT * CORNERS;
        this.bar.addUpdateRange(first * 2, count * 2);
        this.colour.addUpdateRange(first * 3, count * 3);
        run = -1;
      }
    }
    this.dirty.fill(0);
    this.anyDirty = false;
    this.bar.needsUpdate = true;
    this.colour.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
