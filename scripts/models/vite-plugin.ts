// Vite plugin that makes the app serve its own hand-tracking assets, so gestures work offline:
// the `.task` bundle built from @mediapipe/hands (build-hand-task.ts) and MediaPipe's vision
// wasm (the module-worker variant, loader + binary) from the pinned @mediapipe/tasks-vision.
// They are emitted under content-hashed paths in assets/ (cached for a year, precached by the
// service worker) and served from memory by the dev server. The app learns the URLs from the
// `__HOLO_HAND_ASSETS__` define. VITE_HAND_MODEL_URL (build time) points the app at another
// model instead, e.g. the official hand_landmarker.task; the bundled one is then left out.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv, type Plugin } from 'vite';
import { buildHandTask } from './build-hand-task.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VISION = path.join(root, 'node_modules', '@mediapipe', 'tasks-vision');
/** The files FilesetResolver.forVisionTasks(base, true) asks for in a module worker. */
export const WASM_FILES = ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm'];

/** What the app is told: the model URL and the folder holding the vision wasm files. */
export interface HandAssets {
  model: string;
  wasmBase: string;
}

interface Emitted {
  /** Path relative to the output folder, no leading slash. */
  fileName: string;
  source: () => Uint8Array;
  contentType: string;
}

const hash8 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 8);
};

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** The files to emit and the URLs the app uses (`modelUrl` overrides the bundled model). */
export function handAssetPlan(modelUrl?: string): { assets: HandAssets; files: Emitted[] } {
  const version = (
    JSON.parse(readFileSync(path.join(VISION, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const wasm = WASM_FILES.map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(path.join(VISION, 'wasm', name))),
  }));
  const wasmDir = `assets/mediapipe-${version}-${hash8(...wasm.map((w) => w.bytes))}`;
  const files: Emitted[] = wasm.map((w) => ({
    fileName: `${wasmDir}/${w.name}`,
    source: () => w.bytes,
    contentType: w.name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
  }));
  let model = modelUrl;
  if (!model) {
    const task = memo(() => buildHandTask());
    const fileName = `assets/hand_landmarker-${hash8(task())}.task`;
    files.push({ fileName, source: task, contentType: 'application/octet-stream' });
    model = `/${fileName}`;
  }
  return { assets: { model, wasmBase: `/${wasmDir}` }, files };
}

export function handAssets(): Plugin {
  let plan: ReturnType<typeof handAssetPlan> | undefined;
  return {
    name: 'holo-hand-assets',
    config(_config, { mode }) {
      const env = loadEnv(mode, root, 'VITE_');
      plan = handAssetPlan(env.VITE_HAND_MODEL_URL || undefined);
      return { define: { __HOLO_HAND_ASSETS__: JSON.stringify(plan.assets) } };
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        const file = plan?.files.find((f) => `/${f.fileName}` === url);
        if (!file) return next();
        res.setHeader('Content-Type', file.contentType);
        res.end(file.source());
      });
    },
    generateBundle() {
      for (const file of plan?.files ?? [])
        this.emitFile({ type: 'asset', fileName: file.fileName, source: file.source() });
    },
  };
}
