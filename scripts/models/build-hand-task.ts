// Builds MediaPipe's `hand_landmarker.task` from the models in the @mediapipe/hands npm package
// (Apache-2.0), so the app ships the hand model itself and works offline: the full palm
// detector is cut out of `hands_solution_packed_assets.data` (its offsets are in the package's
// loader script), both models get the TFLite metadata they lack (RGB input, pixels scaled
// by 1/255), and they are zipped uncompressed under the names HandLandmarker looks for.
// The Vite plugin (vite-plugin.ts) calls buildHandTask at build time; run this file directly
// to write the bundle somewhere: `tsx scripts/models/build-hand-task.ts out/hand_landmarker.task`.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { addImageMetadata, type ImageMetadataOptions, readModel } from './tflite-metadata.ts';
import { readZip, zipStored } from './zip-store.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const HANDS_PACKAGE = path.join(root, 'node_modules', '@mediapipe', 'hands');
export const DETECTOR_ENTRY = 'hand_detector.tflite';
export const LANDMARKS_ENTRY = 'hand_landmarks_detector.tflite';

const LICENSE = 'Apache License. Version 2.0 http://www.apache.org/licenses/LICENSE-2.0.';

/** One file packed into an Emscripten `.data` package, as its loader script lists it. */
export interface PackedFile {
  filename: string;
  start: number;
  end: number;
}

/** The file table of an Emscripten file packager loader (`loadPackage({"files": [...]})`). */
export function packedFiles(loaderSource: string): PackedFile[] {
  const match = /loadPackage\((\{"files":[\s\S]*?\})\);/.exec(loaderSource);
  if (!match?.[1]) throw new Error('no loadPackage({...}) table in the loader script');
  const table = JSON.parse(match[1]) as { files?: unknown };
  if (!Array.isArray(table.files)) throw new Error('the loader table has no files');
  return table.files as PackedFile[];
}

/** Cuts the file whose name ends with `basename` out of a packed `.data` file. */
export function extractPacked(data: Uint8Array, files: PackedFile[], basename: string) {
  const file = files.find((f) => path.posix.basename(f.filename) === basename);
  if (!file) throw new Error(`${basename} is not in the package`);
  if (file.end > data.length || file.start >= file.end)
    throw new Error(`${basename}: bytes ${file.start}…${file.end} lie outside the package`);
  return data.slice(file.start, file.end);
}

const metadata = (name: string, description: string, version: string): ImageMetadataOptions => ({
  name,
  description,
  version,
  author: 'MediaPipe',
  license: LICENSE,
  inputName: 'image',
  colorSpace: 'rgb',
  mean: [0],
  std: [255],
});

export interface HandTaskSources {
  /** palm_detection_full.tflite */
  palmDetector: Uint8Array;
  /** hand_landmark_full.tflite */
  handLandmarks: Uint8Array;
  /** The @mediapipe/hands version, recorded in the metadata. */
  version: string;
}

/** Reads the two full models out of an installed @mediapipe/hands. */
export function readHandsPackage(dir = HANDS_PACKAGE): HandTaskSources {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const files = packedFiles(
    readFileSync(path.join(dir, 'hands_solution_packed_assets_loader.js'), 'utf8'),
  );
  const packed = new Uint8Array(readFileSync(path.join(dir, 'hands_solution_packed_assets.data')));
  return {
    palmDetector: extractPacked(packed, files, 'palm_detection_full.tflite'),
    handLandmarks: new Uint8Array(readFileSync(path.join(dir, 'hand_landmark_full.tflite'))),
    version: pkg.version,
  };
}

/** The `.task` bundle: both models with image metadata, zipped uncompressed. */
export function buildHandTask(sources: HandTaskSources = readHandsPackage()): Uint8Array {
  const detector = addImageMetadata(
    sources.palmDetector,
    metadata(
      'hand_detector',
      'Palm detection (full) from @mediapipe/hands: palm boxes with 7 keypoints.',
      sources.version,
    ),
  );
  const landmarks = addImageMetadata(
    sources.handLandmarks,
    metadata(
      'hand_landmarks_detector',
      'Hand landmarks (full) from @mediapipe/hands: 21 points, presence and handedness.',
      sources.version,
    ),
  );
  return zipStored([
    { name: DETECTOR_ENTRY, data: detector },
    { name: LANDMARKS_ENTRY, data: landmarks },
  ]);
}

/** Checks a built bundle: both entries present, each a model with RGB/255 metadata. */
export function verifyHandTask(task: Uint8Array): string[] {
  const entries = readZip(task);
  return [DETECTOR_ENTRY, LANDMARKS_ENTRY].map((name) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${name} missing from the bundle`);
    const model = readModel(entry.data);
    const image = model.image;
    if (image?.colorSpace !== 'rgb' || image.mean[0] !== 0 || image.std[0] !== 255)
      throw new Error(`${name}: wrong or missing image metadata`);
    return `${name}: ${entry.data.length} bytes at ${entry.dataOffset}, ${model.buffers} buffers, metadata ${model.metadataNames.join(', ')}`;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'hand_landmarker.task'));
  const task = buildHandTask();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, task);
  for (const line of verifyHandTask(task)) console.log(line);
  console.log(`wrote ${out} (${task.length} bytes)`);
}
