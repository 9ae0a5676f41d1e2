// `npm run analyze -- <file.wav> [--fps N] [--weighting a|c|iso226|none] [--phon N]
// [--format json|csv]`: decodes a WAV file and prints its HologramFrames, one per line.
// json: {"t","left","right","pan"} per line; csv: a header row, then t, L0…L129, R0…R129,
// P0…P129. Levels are rounded to 0.01 dB, pan to 0.001, t to 0.001 ms. Errors print one line
// on stderr: exit 2 for bad usage, 1 for a file that cannot be read or analysed.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HologramAnalyser } from '../workers/audio/analyser.ts';
import { BANDS, type HologramFrame } from '../workers/audio/frame.ts';
import { decodeWav } from '../workers/audio/wav.ts';
import { WEIGHTINGS, type Weighting } from '../workers/audio/weighting.ts';

const USAGE =
  'usage: npm run analyze -- <file.wav> [--fps N] [--weighting a|c|iso226|none] [--phon N] [--format json|csv]';

class UsageError extends Error {}

interface Options {
  file: string;
  fps: number;
  weighting: Weighting;
  phon: number;
  format: 'json' | 'csv';
}

function parse(argv: string[]): Options | 'help' {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        fps: { type: 'string', default: '60' },
        weighting: { type: 'string', default: 'none' },
        phon: { type: 'string', default: '40' },
        format: { type: 'string', default: 'json' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('give exactly one WAV file');
  const fps = Number(values.fps);
  const phon = Number(values.phon);
  const weighting = String(values.weighting) as Weighting;
  const format = String(values.format);
  if (!(fps > 0 && fps <= 1000))
    throw new UsageError(`--fps must be a number in (0, 1000], got ${values.fps}`);
  if (!WEIGHTINGS.includes(weighting))
    throw new UsageError(`--weighting must be ${WEIGHTINGS.join('|')}`);
  if (!(phon >= 0 && phon <= 100))
    throw new UsageError(`--phon must be 0 … 100, got ${values.phon}`);
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv');
  return { file: positionals[0] as string, fps, weighting, phon, format };
}

const round = (v: number, places: number) => {
  const s = v.toFixed(places);
  return s.startsWith('-') && Number(s) === 0 ? s.slice(1) : s;
};

const list = (a: Float32Array, places: number) => Array.from(a, (v) => round(v, places)).join(',');

function formatFrame(f: HologramFrame, format: 'json' | 'csv'): string {
  const t = round(f.t, 3);
  const l = list(f.left, 2);
  const r = list(f.right, 2);
  const p = list(f.pan, 3);
  return format === 'json'
    ? `{"t":${t},"left":[${l}],"right":[${r}],"pan":[${p}]}\n`
    : `${t},${l},${r},${p}\n`;
}

function csvHeader(): string {
  const names = (prefix: string) => Array.from({ length: BANDS }, (_, i) => `${prefix}${i}`);
  return `${['t', ...names('L'), ...names('R'), ...names('P')].join(',')}\n`;
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

async function run(o: Options): Promise<void> {
  const bytes = await readFile(o.file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${o.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const wav = decodeWav(bytes);
  const [left, right] = wav.channels as [Float32Array, Float32Array | undefined];
  const analyser = new HologramAnalyser({
    sampleRate: wav.sampleRate,
    channels: right ? 2 : 1,
    fps: o.fps,
    weighting: o.weighting,
    phon: o.phon,
  });
  if (o.format === 'csv') await write(csvHeader());
  const block = 16_384;
  for (let i = 0; i < left.length; i += block) {
    analyser.push(left.subarray(i, i + block), right?.subarray(i, i + block));
    let out = '';
    for (let f = analyser.pull(); f; f = analyser.pull()) out += formatFrame(f, o.format);
    if (out) await write(out);
  }
}

function fail(message: string, code: number): void {
  process.stderr.write(`analyze: ${message.split('\n')[0]}\n`);
  process.exitCode = code;
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  fail(e.message, 1);
});

try {
  const options = parse(process.argv.slice(2));
  if (options === 'help') process.stdout.write(`${USAGE}\n`);
  else await run(options);
} catch (e) {
  if (e instanceof UsageError) fail(`${e.message} (--help for usage)`, 2);
  else fail(e instanceof Error ? e.message : String(e), 1);
}
