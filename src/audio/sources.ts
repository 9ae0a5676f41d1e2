// The sound sources a user can pick: the microphone (as an instrument: echo cancellation,
// noise suppression and auto gain off, stereo where the device has it), an audio file (any
// format the browser decodes, played so the user hears it), and built-in demo signals.
export type DemoSignal = 'a440' | 'chord' | 'sweep' | 'pan';
export const DEMO_SIGNALS: readonly DemoSignal[] = ['a440', 'chord', 'sweep', 'pan'];

export type SourceSpec =
  | { kind: 'mic' }
  | { kind: 'file'; file: Blob }
  | { kind: 'demo'; signal: DemoSignal };

export interface OpenSource {
  /** The node to analyse. */
  node: AudioNode;
  /** Whether the user should hear it (files and demos yes, the microphone no: feedback). */
  audible: boolean;
  /** Channels the source really has (1 for a mono microphone). */
  channels: 1 | 2;
  stop(): void;
}

export const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
  channelCount: { ideal: 2 },
};

export class SourceError extends Error {
  constructor(
    readonly reason: 'mic-denied' | 'mic-missing' | 'file-undecodable',
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

async function openMic(ctx: AudioContext): Promise<OpenSource> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
  } catch (err) {
    const name = err instanceof DOMException ? err.name : '';
    throw name === 'NotAllowedError' || name === 'SecurityError'
      ? new SourceError('mic-denied', 'Microphone permission was denied')
      : new SourceError('mic-missing', 'No microphone is available');
  }
  const node = ctx.createMediaStreamSource(stream);
  const settings = stream.getAudioTracks()[0]?.getSettings();
  return {
    node,
    audible: false,
    channels: settings?.channelCount === 2 ? 2 : 1,
    stop: () => {
      node.disconnect();
      for (const t of stream.getTracks()) t.stop();
    },
  };
}

async function openFile(ctx: AudioContext, file: Blob): Promise<OpenSource> {
  let buffer: AudioBuffer;
  try {
    buffer = await ctx.decodeAudioData(await file.arrayBuffer());
  } catch {
    throw new SourceError('file-undecodable', 'This file could not be decoded as audio');
  }
  const node = ctx.createBufferSource();
  node.buffer = buffer;
  node.start();
  return {
    node,
    audible: true,
    channels: buffer.numberOfChannels >= 2 ? 2 : 1,
    stop: () => {
      node.stop();
      node.disconnect();
    },
  };
}

/** Demo signals built from oscillators, panned to exercise both stereo grids. */
function openDemo(ctx: AudioContext, signal: DemoSignal): OpenSource {
  const out = ctx.createGain();
  out.gain.value = 0.25;
  const oscillators: OscillatorNode[] = [];
  const tone = (frequency: number, pan: number) => {
    const osc = ctx.createOscillator();
    osc.frequency.value = frequency;
    const panner = ctx.createStereoPanner();
    panner.pan.value = pan;
    osc.connect(panner).connect(out);
    osc.start();
    oscillators.push(osc);
    return { osc, panner };
  };
  const now = ctx.currentTime;
  if (signal === 'a440') tone(440, 0);
  if (signal === 'chord') {
    tone(261.63, -0.8);
    tone(329.63, 0);
    tone(392.0, 0.8);
  }
  if (signal === 'sweep') {
    const { osc } = tone(27.5, 0);
    for (let k = 0; k < 60; k++) {
      osc.frequency.setValueAtTime(27.5, now + k * 10);
      osc.frequency.exponentialRampToValueAtTime(14_080, now + k * 10 + 10);
    }
  }
  if (signal === 'pan') {
    const { panner } = tone(880, -1);
    for (let k = 0; k < 60; k++) {
      panner.pan.setValueAtTime(-1, now + k * 8);
      panner.pan.linearRampToValueAtTime(1, now + k * 8 + 4);
      panner.pan.linearRampToValueAtTime(-1, now + k * 8 + 8);
    }
  }
  return {
    node: out,
    audible: true,
    channels: 2,
    stop: () => {
      for (const o of oscillators) o.stop();
      out.disconnect();
    },
  };
}

export function openSource(ctx: AudioContext, spec: SourceSpec): Promise<OpenSource> {
  if (spec.kind === 'mic') return openMic(ctx);
  if (spec.kind === 'file') return openFile(ctx, spec.file);
  return Promise.resolve(openDemo(ctx, spec.signal));
}
