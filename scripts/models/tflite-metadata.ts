// TFLite metadata for the bare hand models of @mediapipe/hands. MediaPipe Tasks reads an
// image model's input colour space and normalisation from a `TFLITE_METADATA` buffer (a
// ModelMetadata flatbuffer, file identifier M001, tensorflow_lite_support metadata_schema.fbs);
// the models in that package have none, so HandLandmarker refuses them. `addImageMetadata`
// returns a copy of a model with that buffer added: the original bytes are kept whole at the end
// of the new flatbuffer (its offsets are relative, so they stay valid once 16-byte aligned) and a
// new root Model table in front points at the old tables plus the new buffer and metadata entry.
// `readModel` parses a model back (tests, and the build's own check of what it wrote).
import { Builder, ByteBuffer } from 'flatbuffers';

export const METADATA_NAME = 'TFLITE_METADATA';
const MODEL_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';

/** ColorSpaceType in metadata_schema.fbs. */
export const COLOR_SPACE = { unknown: 0, rgb: 1, grayscale: 2 } as const;
export type ColorSpace = keyof typeof COLOR_SPACE;

// Field slots (a union takes two: its type, then its value).
const MODEL = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
};
const KNOWN_MODEL_FIELDS = 8;
const SUBGRAPH_INPUTS = 1;
const BUFFER = { data: 0, offset: 1 };
const TFL_METADATA = { name: 0, buffer: 1 };
const MODEL_METADATA = { name: 0, description: 1, version: 2, subgraphs: 3, author: 4 };
const MODEL_METADATA_LICENSE = 5;
const MODEL_METADATA_MIN_PARSER = 7;
const SUBGRAPH_METADATA = { name: 0, inputs: 2 };
const TENSOR_METADATA = { name: 0, description: 1, content: 3, processUnits: 4, stats: 5 };
const CONTENT = { propertiesType: 0, properties: 1 };
const CONTENT_IMAGE_PROPERTIES = 2;
const IMAGE_PROPERTIES = { colorSpace: 0 };
const PROCESS_UNIT = { optionsType: 0, options: 1 };
const PROCESS_UNIT_NORMALIZATION = 1;
const NORMALIZATION = { mean: 0, std: 1 };
const STATS = { max: 0, min: 1 };

/** What the metadata says about the model and its one image input. */
export interface ImageModelMetadata {
  name: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputName: string;
  colorSpace: ColorSpace;
  /** Per-channel (or one shared) normalisation: value = (pixel − mean) / std. */
  mean: number[];
  std: number[];
}

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

// --- reading -------------------------------------------------------------------------------

/** A table position in a ByteBuffer with typed field access by slot. */
class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  static root(bb: ByteBuffer): Table {
    return new Table(bb, bb.readUint32(bb.position()) + bb.position());
  }

  private get vtable(): number {
    return this.pos - this.bb.readInt32(this.pos);
  }

  /** Number of slots the table's vtable describes. */
  get slots(): number {
    return (this.bb.readUint16(this.vtable) - 4) >> 1;
  }

  /** Byte position of a field, or 0 when absent. */
  field(slot: number): number {
    if (slot >= this.slots) return 0;
    const o = this.bb.readUint16(this.vtable + 4 + 2 * slot);
    return o ? this.pos + o : 0;
  }

  /** Target position of an offset field, or 0 when absent. */
  ref(slot: number): number {
    const p = this.field(slot);
    return p ? p + this.bb.readUint32(p) : 0;
  }

  uint32(slot: number, fallback = 0): number {
    const p = this.field(slot);
    return p ? this.bb.readUint32(p) : fallback;
  }

  int8(slot: number, fallback = 0): number {
    const p = this.field(slot);
    return p ? this.bb.readInt8(p) : fallback;
  }

  uint64(slot: number): bigint {
    const p = this.field(slot);
    return p ? this.bb.readUint64(p) : 0n;
  }

  string(slot: number): string {
    const p = this.ref(slot);
    if (!p) return '';
    const length = this.bb.readUint32(p);
    return new TextDecoder().decode(this.bb.bytes().subarray(p + 4, p + 4 + length));
  }

  table(slot: number): Table | null {
    const p = this.ref(slot);
    return p ? new Table(this.bb, p) : null;
  }

  tables(slot: number): Table[] {
    const v = this.ref(slot);
    if (!v) return [];
    const n = this.bb.readUint32(v);
    return Array.from({ length: n }, (_, i) => {
      const e = v + 4 + 4 * i;
      return new Table(this.bb, e + this.bb.readUint32(e));
    });
  }

  floats(slot: number): number[] {
    const v = this.ref(slot);
    if (!v) return [];
    return Array.from({ length: this.bb.readUint32(v) }, (_, i) =>
      this.bb.readFloat32(v + 4 + 4 * i),
    );
  }

  ints(slot: number): number[] {
    const v = this.ref(slot);
    if (!v) return [];
    return Array.from({ length: this.bb.readUint32(v) }, (_, i) =>
      this.bb.readInt32(v + 4 + 4 * i),
    );
  }

  bytes(slot: number): Uint8Array {
    const v = this.ref(slot);
    if (!v) return new Uint8Array(0);
    return this.bb.bytes().subarray(v + 4, v + 4 + this.bb.readUint32(v));
  }
}

function modelRoot(model: Uint8Array): Table {
  if (model.length < 8 || new TextDecoder().decode(model.subarray(4, 8)) !== MODEL_IDENTIFIER)
    throw new ModelFormatError(`not a TFLite model (no ${MODEL_IDENTIFIER} identifier)`);
  return Table.root(new ByteBuffer(model));
}

/** A summary of a TFLite model: what the build checks and the tests assert. */
export interface ModelSummary {
  version: number;
  subgraphs: number;
  /** Input tensor count of the first subgraph. */
  inputs: number;
  buffers: number;
  /** Each buffer's bytes (views into the model; empty for buffers without data). */
  bufferData: Uint8Array[];
  /** Names of the model's metadata entries, in order. */
  metadataNames: string[];
  /** The parsed TFLITE_METADATA, or null when the model has none. */
  image: ImageModelMetadata | null;
}

export function readModel(model: Uint8Array): ModelSummary {
  const root = modelRoot(model);
  const buffers = root.tables(MODEL.buffers);
  const subgraphs = root.tables(MODEL.subgraphs);
  const entries = root.tables(MODEL.metadata);
  let image: ImageModelMetadata | null = null;
  for (const entry of entries) {
    if (entry.string(TFL_METADATA.name) !== METADATA_NAME) continue;
    const buffer = buffers[entry.uint32(TFL_METADATA.buffer)];
    if (!buffer) throw new ModelFormatError(`${METADATA_NAME} names a missing buffer`);
    image = readImageMetadata(buffer.bytes(BUFFER.data));
  }
  return {
    version: root.uint32(MODEL.version),
    subgraphs: subgraphs.length,
    inputs: subgraphs[0]?.ints(SUBGRAPH_INPUTS).length ?? 0,
    buffers: buffers.length,
    bufferData: buffers.map((b) => b.bytes(BUFFER.data)),
    metadataNames: entries.map((e) => e.string(TFL_METADATA.name)),
    image,
  };
}

function readImageMetadata(bytes: Uint8Array): ImageModelMetadata {
  const bb = new ByteBuffer(bytes);
  if (!bb.__has_identifier(METADATA_IDENTIFIER))
    throw new ModelFormatError(`${METADATA_NAME} lacks the ${METADATA_IDENTIFIER} identifier`);
  const meta = Table.root(bb);
  const input = meta.tables(MODEL_METADATA.subgraphs)[0]?.tables(SUBGRAPH_METADATA.inputs)[0];
  if (!input) throw new ModelFormatError('the metadata describes no input tensor');
  const content = input.table(TENSOR_METADATA.content);
  const isImage = content?.int8(CONTENT.propertiesType) === CONTENT_IMAGE_PROPERTIES;
  const colorCode = isImage ? (content?.table(CONTENT.properties)?.int8(0) ?? 0) : 0;
  const colorSpace =
    (Object.entries(COLOR_SPACE).find(([, v]) => v === colorCode)?.[0] as ColorSpace) ?? 'unknown';
  const norm = input
    .tables(TENSOR_METADATA.processUnits)
    .find((u) => u.int8(PROCESS_UNIT.optionsType) === PROCESS_UNIT_NORMALIZATION)
    ?.table(PROCESS_UNIT.options);
  return {
    name: meta.string(MODEL_METADATA.name),
    description: meta.string(MODEL_METADATA.description),
    version: meta.string(MODEL_METADATA.version),
    author: meta.string(MODEL_METADATA.author),
    license: meta.string(MODEL_METADATA_LICENSE),
    inputName: input.string(TENSOR_METADATA.name),
    colorSpace,
    mean: norm?.floats(NORMALIZATION.mean) ?? [],
    std: norm?.floats(NORMALIZATION.std) ?? [],
  };
}

// --- writing -------------------------------------------------------------------------------

export interface ImageMetadataOptions {
  name: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputName: string;
  colorSpace: ColorSpace;
  mean: number[];
  std: number[];
}

/** The ModelMetadata flatbuffer (identifier M001) for a model with one image input. */
export function buildImageMetadata(o: ImageMetadataOptions): Uint8Array {
  const b = new Builder(1024);
  const floats = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i] ?? 0);
    return b.endVector();
  };
  const offsets = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i] ?? 0);
    return b.endVector();
  };

  b.startObject(1);
  b.addFieldInt8(IMAGE_PROPERTIES.colorSpace, COLOR_SPACE[o.colorSpace], COLOR_SPACE.unknown);
  const imageProperties = b.endObject();
  b.startObject(3);
  b.addFieldInt8(CONTENT.propertiesType, CONTENT_IMAGE_PROPERTIES, 0);
  b.addFieldOffset(CONTENT.properties, imageProperties, 0);
  const content = b.endObject();

  const mean = floats(o.mean);
  const std = floats(o.std);
  b.startObject(2);
  b.addFieldOffset(NORMALIZATION.mean, mean, 0);
  b.addFieldOffset(NORMALIZATION.std, std, 0);
  const normalization = b.endObject();
  b.startObject(2);
  b.addFieldInt8(PROCESS_UNIT.optionsType, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(PROCESS_UNIT.options, normalization, 0);
  const processUnits = offsets([b.endObject()]);

  // The input's value range once normalised: (0 − mean) / std … (255 − mean) / std.
  const max = floats(o.mean.map((m, i) => (255 - m) / (o.std[i] ?? o.std[0] ?? 1)));
  const min = floats(o.mean.map((m, i) => (0 - m) / (o.std[i] ?? o.std[0] ?? 1)));
  b.startObject(2);
  b.addFieldOffset(STATS.max, max, 0);
  b.addFieldOffset(STATS.min, min, 0);
  const stats = b.endObject();

  const inputName = b.createString(o.inputName);
  const inputDescription = b.createString('Input image to be processed.');
  b.startObject(7);
  b.addFieldOffset(TENSOR_METADATA.name, inputName, 0);
  b.addFieldOffset(TENSOR_METADATA.description, inputDescription, 0);
  b.addFieldOffset(TENSOR_METADATA.content, content, 0);
  b.addFieldOffset(TENSOR_METADATA.processUnits, processUnits, 0);
  b.addFieldOffset(TENSOR_METADATA.stats, stats, 0);
  const inputs = offsets([b.endObject()]);

  const subgraphName = b.createString(o.name);
  b.startObject(7);
  b.addFieldOffset(SUBGRAPH_METADATA.name, subgraphName, 0);
  b.addFieldOffset(SUBGRAPH_METADATA.inputs, inputs, 0);
  const subgraphs = offsets([b.endObject()]);

  const name = b.createString(o.name);
  const description = b.createString(o.description);
  const version = b.createString(o.version);
  const author = b.createString(o.author);
  const license = b.createString(o.license);
  const minParser = b.createString('1.0.0');
  b.startObject(8);
  b.addFieldOffset(MODEL_METADATA.name, name, 0);
  b.addFieldOffset(MODEL_METADATA.description, description, 0);
  b.addFieldOffset(MODEL_METADATA.version, version, 0);
  b.addFieldOffset(MODEL_METADATA.subgraphs, subgraphs, 0);
  b.addFieldOffset(MODEL_METADATA.author, author, 0);
  b.addFieldOffset(MODEL_METADATA_LICENSE, license, 0);
  b.addFieldOffset(MODEL_METADATA_MIN_PARSER, minParser, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

/**
 * A copy of `model` carrying `metadata` (from buildImageMetadata) as its TFLITE_METADATA
 * buffer. Throws when the model already has one or uses 64-bit buffer offsets (which are
 * absolute and would not survive the move).
 */
export function addMetadataBuffer(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const old = modelRoot(model);
  if (old.slots > KNOWN_MODEL_FIELDS)
    throw new ModelFormatError(`the model has ${old.slots} fields; this tool knows 8`);
  const oldBuffers = old.tables(MODEL.buffers);
  const oldEntries = old.tables(MODEL.metadata);
  if (oldEntries.some((e) => e.string(TFL_METADATA.name) === METADATA_NAME))
    throw new ModelFormatError(`the model already has ${METADATA_NAME}`);
  if (oldBuffers.some((t) => t.uint64(BUFFER.offset) !== 0n))
    throw new ModelFormatError('the model stores buffers outside the flatbuffer (offset/size)');

  const b = new Builder(model.length + metadata.length + 4096);
  // The old model, whole and 16-byte aligned, at the very end of the new buffer. A builder
  // offset counts bytes from the end, so old position p becomes `base − p`.
  // prep(16, n) pads so that the n bytes written next end 16-byte aligned.
  b.prep(16, model.length);
  const base = b.createByteVector(model) - 4;
  const moved = (pos: number) => base - pos;

  b.prep(16, metadata.length);
  const data = b.createByteVector(metadata);
  b.startObject(3);
  b.addFieldOffset(BUFFER.data, data, 0);
  const buffer = b.endObject();

  const name = b.createString(METADATA_NAME);
  b.startObject(2);
  b.addFieldOffset(TFL_METADATA.name, name, 0);
  b.addFieldInt32(TFL_METADATA.buffer, oldBuffers.length, 0);
  const entry = b.endObject();

  const vector = (items: number[]) => {
    b.startVector(4, items.length, 4);
    for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i] ?? 0);
    return b.endVector();
  };
  const buffers = vector([...oldBuffers.map((t) => moved(t.pos)), buffer]);
  const entries = vector([...oldEntries.map((t) => moved(t.pos)), entry]);

  b.startObject(Math.max(old.slots, MODEL.metadata + 1));
  b.addFieldInt32(MODEL.version, old.uint32(MODEL.version), 0);
  for (const slot of [
    MODEL.operatorCodes,
    MODEL.subgraphs,
    MODEL.description,
    MODEL.metadataBuffer,
    MODEL.signatureDefs,
  ]) {
    const target = old.ref(slot);
    if (target) b.addFieldOffset(slot, moved(target), 0);
  }
  b.addFieldOffset(MODEL.buffers, buffers, 0);
  b.addFieldOffset(MODEL.metadata, entries, 0);
  b.finish(b.endObject(), MODEL_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** `model` with image metadata: addMetadataBuffer(model, buildImageMetadata(options)). */
export function addImageMetadata(model: Uint8Array, options: ImageMetadataOptions): Uint8Array {
  return addMetadataBuffer(model, buildImageMetadata(options));
}
