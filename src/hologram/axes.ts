// The frame around the bars: a faint line for every labelled C on the pitch plane, the centre
// line between the channels, the level axis with its dB ticks, and their labels and titles.
import {
  BufferGeometry,
  Float32BufferAttribute,
  Group,
  LineBasicMaterial,
  LineSegments,
  Sprite,
  type Texture,
} from 'three';
import { disposeLabel, makeLabel } from './labels.ts';
import { bandY, CHANNEL_OFFSET, LEVEL_DEPTH, levelDepth, PITCH_HALF, X_EDGE } from './layout.ts';
import { DB_TICKS, formatDb, OCTAVE_LABELS } from './notes.ts';
import type { SceneStrings } from './strings.ts';

const GRID_X = X_EDGE + 0.05;
const FLOOR_Y = -PITCH_HALF - 0.06;
const TICK = 0.04;
const LABEL_X = GRID_X + 0.06;
const TEXT = '#c9c9dc';
const TITLE = '#ffffff';

function gridLines(): number[] {
  const v: number[] = [];
  const segment = (a: [number, number, number], b: [number, number, number]) => v.push(...a, ...b);
  for (const { band } of OCTAVE_LABELS)
    segment([-GRID_X, bandY(band), 0], [GRID_X, bandY(band), 0]);
  segment([0, -PITCH_HALF, 0], [0, PITCH_HALF, 0]);
  segment([-GRID_X, FLOOR_Y, 0], [-GRID_X, FLOOR_Y, LEVEL_DEPTH]);
  for (const db of DB_TICKS) {
    const z = levelDepth(db);
    segment([-GRID_X, FLOOR_Y, z], [-GRID_X - TICK, FLOOR_Y, z]);
  }
  return v;
}

export class HologramAxes {
  readonly group = new Group();
  private readonly lines: LineSegments<BufferGeometry, LineBasicMaterial>;
  private titles: Sprite[] = [];

  constructor() {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute(gridLines(), 3));
    const material = new LineBasicMaterial({ color: 0x8a8ab0, transparent: true, opacity: 0.45 });
    this.lines = new LineSegments(geometry, material);
    this.group.add(this.lines);
  }

  /**
   * Adds the labels: the pitch axis's, then the level axis's, then the titles, pausing (yield)
   * between the three groups so that the caller can spread them over tasks (each label is a
   * small canvas with its text drawn once).
   */
  *addLabels(strings: SceneStrings): Generator<void, void, void> {
    for (const { band, text } of OCTAVE_LABELS) {
      const label = makeLabel(text, { height: 0.07, colour: TEXT, anchorX: 1 });
      label.position.set(-LABEL_X, bandY(band), 0);
      this.group.add(label);
    }
    yield;
    for (const db of DB_TICKS) {
      const label = makeLabel(formatDb(db), { height: 0.06, colour: TEXT, anchorX: 1 });
      label.position.set(-LABEL_X - TICK, FLOOR_Y, levelDepth(db));
      this.group.add(label);
    }
    yield;
    this.setStrings(strings);
  }

  /** Replaces the titles (the only words that depend on the language). */
  setStrings(strings: SceneStrings): void {
    for (const title of this.titles) disposeLabel(title);
    const style = { height: 0.085, colour: TITLE, anchorX: 0.5 };
    const top = PITCH_HALF + 0.14;
    const place = (text: string, x: number, y: number, z: number, anchorX = 0.5) => {
      const label = makeLabel(text, { ...style, anchorX });
      label.position.set(x, y, z);
      this.group.add(label);
      return label;
    };
    this.titles = [
      place(strings.pitchAxis, -LABEL_X, top, 0, 1),
      place(strings.leftChannel, -CHANNEL_OFFSET, top, 0),
      place(strings.rightChannel, CHANNEL_OFFSET, top, 0),
      place(strings.levelAxis, -LABEL_X - TICK, FLOOR_Y - 0.12, LEVEL_DEPTH, 1),
    ];
  }

  /** The labels' pictures, to upload before the first render. */
  textures(): Texture[] {
    return this.group.children.flatMap((child) =>
      child instanceof Sprite && child.material.map ? [child.material.map] : [],
    );
  }

  dispose(): void {
    for (const child of [...this.group.children]) {
      if (child !== this.lines) disposeLabel(child as Sprite);
    }
    this.titles = [];
    this.lines.geometry.dispose();
    this.lines.material.dispose();
    this.group.clear();
  }
}
