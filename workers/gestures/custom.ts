// Custom gestures taught with a few samples: k-nearest-neighbour over normalised landmark
// vectors (featureVector of normalise), distance = RMS coordinate difference in palm lengths.
// A query farther than `rejectDistance` from its nearest samples is rejected (null).
// The whole set serialises to plain JSON (for IndexedDB and the API).
import type { Hand } from './landmarks.ts';
import { featureVector, normalise } from './normalise.ts';

export interface CustomGestureJSON {
  version: 1;
  k: number;
  rejectDistance: number;
  gestures: { name: string; samples: number[][] }[];
}

export interface CustomMatch {
  gesture: string;
  /** Mean distance to the k nearest samples of that gesture (palm lengths, RMS). */
  distance: number;
  /** 1 at distance 0, falling linearly to 0 at the rejection distance. */
  confidence: number;
}

export const handVector = (hand: Hand): number[] => featureVector(normalise(hand).points);

function rms(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum / (a.length || 1));
}

export class CustomGestures {
  private readonly gestures = new Map<string, number[][]>();

  constructor(
    readonly k = 3,
    readonly rejectDistance = 0.12,
  ) {}

  add(name: string, hand: Hand): void {
    const samples = this.gestures.get(name) ?? [];
    samples.push(handVector(hand));
    this.gestures.set(name, samples);
  }

  remove(name: string): boolean {
    return this.gestures.delete(name);
  }

  get names(): string[] {
    return [...this.gestures.keys()];
  }

  /** The nearest taught gesture, or null when none is within the rejection distance. */
  classify(hand: Hand): CustomMatch | null {
    const v = handVector(hand);
    let best: CustomMatch | null = null;
    for (const [gesture, samples] of this.gestures) {
      const nearest = samples
        .map((s) => rms(v, s))
        .sort((a, b) => a - b)
        .slice(0, this.k);
      const distance = nearest.reduce((a, b) => a + b, 0) / (nearest.length || 1);
      if (!best || distance < best.distance)
        best = { gesture, distance, confidence: Math.max(0, 1 - distance / this.rejectDistance) };
    }
    return best && best.distance <= this.rejectDistance ? best : null;
  }

  toJSON(): CustomGestureJSON {
    return {
      version: 1,
      k: this.k,
      rejectDistance: this.rejectDistance,
      gestures: [...this.gestures].map(([name, samples]) => ({ name, samples })),
    };
  }

  static fromJSON(json: CustomGestureJSON): CustomGestures {
    const set = new CustomGestures(json.k, json.rejectDistance);
    for (const g of json.gestures)
      set.gestures.set(
        g.name,
        g.samples.map((s) => [...s]),
      );
    return set;
  }
}
