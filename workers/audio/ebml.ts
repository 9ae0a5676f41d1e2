// EBML (RFC 8794) variable-length integers: the IDs and sizes of every WebM element. Shared by the
// API's upload check (audio-sniff.ts) and the replay page's video export (src/share/
// webm-duration.ts). Pure.

export interface Vint {
  /** Bytes it takes. */
  length: number;
  /** The value bits (the length marker removed). */
  value: number;
  /** All value bits set: "unknown" (a live stream's Segment or Cluster size). */
  unknown: boolean;
  /** Offset just after it. */
  next: number;
}

/**
 * The variable-length integer at `pos`: the count of leading zero bits in the first byte gives its
 * length, the bits after the first set one the value. Undefined when it is longer than
 * `maxLength` (IDs take at most 4 bytes, sizes 8) or runs past the bytes.
 */
export function readVint(bytes: Uint8Array, pos: number, maxLength = 8): Vint | undefined {
  const first = bytes[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > maxLength || pos + length > bytes.length) return undefined;
  const mask = 0xff >> length;
  let value = first & mask;
  let unknown = value === mask;
  for (let i = 1; i < length; i++) {
    const b = bytes[pos + i] as number;
    value = value * 256 + b;
    unknown &&= b === 0xff;
  }
  return { length, value, unknown, next: pos + length };
}

/** An element ID as written, with its length marker bit (0x1a45dfa3 for EBML). */
export const idOf = (id: Vint): number => id.value + 2 ** (7 * id.length);
