// Label smoothing with hysteresis: a new label is taken only after `enterFrames` consecutive
// frames name it with confidence ≥ `enter`; the current label is kept while frames name it with
// confidence ≥ `exit` (lower), and dropped to 'none' after `exitFrames` frames that do not.
// A pure state machine: feed it one classifier result per frame.

export interface Labelled<L extends string> {
  pose: L | 'none';
  confidence: number;
}

export interface HysteresisOptions {
  enterFrames?: number;
  enter?: number;
  exit?: number;
  exitFrames?: number;
}

export class LabelSmoother<L extends string> {
  readonly enterFrames: number;
  readonly enter: number;
  readonly exit: number;
  readonly exitFrames: number;
  private current: Labelled<L> = { pose: 'none', confidence: 0 };
  private candidate: L | 'none' = 'none';
  private candidateFrames = 0;
  private missFrames = 0;

  constructor(options: HysteresisOptions = {}) {
    this.enterFrames = options.enterFrames ?? 3;
    this.enter = options.enter ?? 0.7;
    this.exit = options.exit ?? 0.4;
    this.exitFrames = options.exitFrames ?? 3;
  }

  /** Feeds one frame's result; returns the smoothed label. */
  push(input: Labelled<L>): Labelled<L> {
    const holds = input.pose === this.current.pose && input.pose !== 'none';
    if (holds && input.confidence >= this.exit) {
      this.current = { pose: input.pose, confidence: input.confidence };
      this.missFrames = 0;
    } else if (this.current.pose !== 'none' && ++this.missFrames >= this.exitFrames) {
      this.current = { pose: 'none', confidence: 0 };
      this.missFrames = 0;
    }
    if (!holds && input.pose !== 'none' && input.confidence >= this.enter) {
      this.candidateFrames = input.pose === this.candidate ? this.candidateFrames + 1 : 1;
      this.candidate = input.pose;
      if (this.candidateFrames >= this.enterFrames) {
        this.current = { pose: input.pose, confidence: input.confidence };
        this.missFrames = 0;
        this.candidateFrames = 0;
      }
    } else {
      this.candidateFrames = 0;
      this.candidate = 'none';
    }
    return this.current;
  }

  get label(): Labelled<L> {
    return this.current;
  }

  reset(): void {
    this.current = { pose: 'none', confidence: 0 };
    this.candidate = 'none';
    this.candidateFrames = 0;
    this.missFrames = 0;
  }
}
