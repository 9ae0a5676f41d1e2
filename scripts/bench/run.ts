// `npm run bench`: runs the benchmark suites and rewrites their sections of
// docs/PERFORMANCE.md with the machine and the date. Speed targets live here, never in tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_TITLE, analysisBench } from './analysis.bench.ts';
import { apiBench } from './api.bench.ts';
import { apiChunksReport } from './api-chunks.bench.ts';
import { gesturesBench } from './gestures.bench.ts';
import { renderBench } from './render.bench.ts';
import { renderSection, writeSection } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'docs', 'PERFORMANCE.md');

const rows = await apiBench();
for (const r of rows) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
await writeSection(file, 'api', renderSection('api', 'API and database', 'npm run bench', rows));
await apiChunksReport(file);
const analysis = await analysisBench();
for (const r of analysis) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
await writeSection(
  file,
  'analysis',
  renderSection('analysis', ANALYSIS_TITLE, 'npm run bench', analysis),
);
await writeSection(
  file,
  'render',
  renderSection('render', 'Hologram rendering', 'npm run bench', await renderBench()),
);
const gestures = await gesturesBench();
for (const r of gestures) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
await writeSection(
  file,
  'gestures',
  renderSection('gestures', 'Gestures', 'npm run bench', gestures),
);
console.log(`written to ${path.relative(root, file)}`);
process.exit(0);
