// One channel's multirate filter bank: the input is halved in rate stage by stage (stage s runs
// at sampleRate / 2^s), each stage keeps just enough history for its bands' windows, and a
// band's magnitude is one windowed inner product over that history when a frame is due.
import type { BandInfo } from './bands.ts';
import { HalfbandDecimator } from './halfband.ts';
import { bandAmplitude, type Kernel, morletKernel } from './kernel.ts';
import { HistoryRing } from './ring.ts';

/** Largest block the bank filters at once (its scratch buffers are sized for it). */
export const MAX_BLOCK = 4096;

interface Stage {
  ring: HistoryRing | null;
  decimator: HalfbandDecimator;
}

interface BandFilter {
  index: number;
  stage: number;
  kernel: Kernel;
}

export class ChannelBank {
  private readonly stages: Stage[];
  private readonly filters: BandFilter[];
  private readonly scratch = [
    new Float64Array(MAX_BLOCK / 2 + 1),
    new Float64Array(MAX_BLOCK / 2 + 1),
  ];

  constructor(layout: readonly BandInfo[], sampleRate: number) {
    const valid = layout.filter((b) => b.valid);
    const stageCount = Math.max(0, ...valid.map((b) => b.stage + 1));
    this.stages = Array.from({ length: stageCount }, (_, s) => {
      const longest = Math.max(
        0,
        ...valid.filter((b) => b.stage === s).map((b) => b.windowSamples),
      );
      return {
        ring: longest > 0 ? new HistoryRing(longest) : null,
        decimator: new HalfbandDecimator(),
      };
    });
    this.filters = valid.map((b) => ({
      index: b.index,
      stage: b.stage,
      kernel: morletKernel((b.frequency * 2 ** b.stage) / sampleRate, b.sigmaSamples),
    }));
  }

  /** Feeds input[from … to), at most MAX_BLOCK samples, through every stage. */
  process(input: ArrayLike<number>, from: number, to: number): void {
    const { stages, scratch } = this;
    let src: ArrayLike<number> = input;
    let start = from;
    let end = to;
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s] as Stage;
      stage.ring?.write(src, start, end);
      if (s + 1 === stages.length) break;
      const out = scratch[s % 2] as Float64Array;
      end = stage.decimator.process(src, start, end, out);
      start = 0;
      src = out;
    }
  }

  /** Writes each valid band's amplitude (peak, linear) at `out[band]`; other entries untouched. */
  magnitudes(out: Float64Array): void {
    const { stages, filters } = this;
    for (let f = 0; f < filters.length; f++) {
      const { index, stage, kernel } = filters[f] as BandFilter;
      const ring = (stages[stage] as Stage).ring as HistoryRing;
      out[index] = bandAmplitude(ring.data, ring.start(kernel.length), kernel);
    }
  }

  reset(): void {
    for (const stage of this.stages) {
      stage.ring?.reset();
      stage.decimator.reset();
    }
  }
}
