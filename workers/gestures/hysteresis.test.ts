import { describe, expect, it } from 'vitest';
import { type Labelled, LabelSmoother } from './hysteresis.ts';

type L = 'fist' | 'open';
const run = (smoother: LabelSmoother<L>, frames: [L | 'none', number][]) =>
  frames.map(([pose, confidence]) => smoother.push({ pose, confidence }).pose);

describe('LabelSmoother', () => {
  it('enters after enterFrames confident frames only', () => {
    const s = new LabelSmoother<L>({ enterFrames: 3, enter: 0.7 });
    expect(
      run(s, [
        ['fist', 0.9],
        ['fist', 0.9],
        ['fist', 0.9],
        ['fist', 0.9],
      ]),
    ).toEqual(['none', 'none', 'fist', 'fist']);
  });

  it('ignores a flicker and frames below the entry confidence', () => {
    const s = new LabelSmoother<L>({ enterFrames: 3, enter: 0.7 });
    const out = run(s, [
      ['fist', 0.9],
      ['open', 0.9],
      ['fist', 0.9],
      ['fist', 0.6],
      ['fist', 0.9],
      ['fist', 0.9],
    ]);
    expect(out).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
  });

  it('holds a label through low-confidence and stray frames, leaves after exitFrames', () => {
    const s = new LabelSmoother<L>({ enterFrames: 2, enter: 0.7, exit: 0.4, exitFrames: 3 });
    const out = run(s, [
      ['open', 0.9],
      ['open', 0.9],
      ['open', 0.5], // below entry, above exit: kept
      ['fist', 0.8], // one stray frame
      ['open', 0.45],
      ['open', 0.3],
      ['none', 0],
      ['none', 0],
    ]);
    expect(out).toEqual(['none', 'open', 'open', 'open', 'open', 'open', 'open', 'none']);
  });

  it('switches straight to a new label held for enterFrames', () => {
    const s = new LabelSmoother<L>({ enterFrames: 2, exitFrames: 5 });
    const out = run(s, [
      ['open', 0.9],
      ['open', 0.9],
      ['fist', 0.9],
      ['fist', 0.9],
    ]);
    expect(out).toEqual(['none', 'open', 'open', 'fist']);
    const last: Labelled<L> = s.label;
    expect(last).toEqual({ pose: 'fist', confidence: 0.9 });
    s.reset();
    expect(s.label.pose).toBe('none');
  });
});
