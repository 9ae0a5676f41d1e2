// Render benchmark of <holo-scene> in Debian Chromium (software WebGL, SwiftShader, unless the
// machine gives Chromium a GPU): main-thread ms per render and frames per second at
// 1280 × 720, live only and with a 64-frame history. `npm run bench:render` writes its section
// of docs/PERFORMANCE.md; `npm run bench` runs it with the other suites.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAppServer } from '../../e2e/harness/app-server.ts';
import { launchChromium } from '../../e2e/harness/chromium.ts';
import { buildIfNeeded } from '../build-if-needed.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';
import { measureScene, mountScene, type RenderFigures, SCENE_VIEWPORT } from './scene-page.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = 5;

function rows(label: string, f: RenderFigures): BenchRow[] {
  return [
    {
      what: `${label}: main thread per render`,
      value: `${f.medianMs.toFixed(2)} ms median`,
      note: `p95 ${f.p95Ms.toFixed(2)} ms; pushFrame ${f.pushMedianMs.toFixed(3)} ms median`,
    },
    {
      what: `${label}: frame rate`,
      value: `${f.fps.toFixed(1)} fps`,
      note: `${SECONDS} s, a new frame every animation frame`,
    },
  ];
}

export async function renderBench(): Promise<BenchRow[]> {
  const dist = path.join(root, '.cache', 'bench-dist');
  await buildIfNeeded(root, dist);
  const server = await startAppServer({
    staticDir: dist,
    authEmulatorHost: '127.0.0.1:9', // the scene needs no sign-in
    projectId: 'demo-holograms-bench',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await mountScene(page, server.url);
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    const size = `${SCENE_VIEWPORT.width}×${SCENE_VIEWPORT.height}`;
    const live = await measureScene(page, 1, SECONDS);
    const history = await measureScene(page, 64, SECONDS);
    return [
      { what: 'WebGL renderer', value: renderer.replace(/\|/g, '/') },
      ...rows(`live, ${size}, 260 bars`, live),
      ...rows(`64-frame history, ${size}, 16 640 bars`, history),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await renderBench();
  for (const r of result) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  await writeSection(
    file,
    'render',
    renderSection('render', 'Hologram rendering', 'npm run bench:render', result),
  );
  console.log(`written to ${path.relative(root, file)}`);
  process.exit(0);
}
