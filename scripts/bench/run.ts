// `npm run bench`: runs the benchmark suites and rewrites their sections of
// docs/PERFORMANCE.md with the machine and the date. Speed targets live here, never in tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_TITLE, analysisBench } from './analysis.bench.ts';
import { apiBench } from './api.bench.ts';
import { apiChunksReport } from './api-chunks.bench.ts';
import { gesturesBench } from './gestures.bench.ts';
import { renderBench } from './render.bench.ts';
import { REPLAY_TITLE, replayBench } from './replay.bench.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';
import { SYNC_TITLE, syncBench } from './sync.bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'docs', 'PERFORMANCE.md');

/** Prints a suite's rows and rewrites its section. */
async function report(id: string, title: string, rows: BenchRow[]) {
  for (const r of rows) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  await writeSection(file, id, renderSection(id, title, 'npm run bench', rows));
}

await report('api', 'API and database', await apiBench());
await apiChunksReport(file);
await report('sync', SYNC_TITLE, await syncBench());
await report('analysis', ANALYSIS_TITLE, await analysisBench());
await report('render', 'Hologram rendering', await renderBench());
await report('replay', REPLAY_TITLE, await replayBench());
await report('gestures', 'Gestures', await gesturesBench());
console.log(`written to ${path.relative(root, file)}`);
process.exit(0);
