// Recognises a WebM/Opus body (what MediaRecorder's "audio/webm;codecs=opus" writes) from its
// first bytes, so the API can refuse other uploads before storing them. It reads the EBML
// header's DocType, then walks Segment → Tracks → TrackEntry (skipping every other element by
// its size) to a CodecID "A_OPUS". Only a stream's start has these: MediaRecorder's later
// timeslice blobs begin with a Cluster and read as 'not-webm', so each chunk must be a whole
// recording (a recorder started afresh per chunk).

import { idOf, readVint } from './ebml.ts';

export type AudioSniff = 'webm-opus' | 'webm-other' | 'not-webm';

/** How much of the head is read: MediaRecorder and ffmpeg put the Tracks within ~400 bytes. */
export const SNIFF_BYTES = 4096;

const EBML = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const CODEC_ID = 0x86;
const CONTAINERS = new Set([SEGMENT, TRACKS, TRACK_ENTRY]);

interface Element {
  id: number;
  /** Where its data starts. */
  start: number;
  /** Where its data ends; undefined for "unknown size" (a live stream's Segment or Cluster). */
  end: number | undefined;
}

/**
 * 'webm-opus' when the EBML header says DocType "webm" and a track's CodecID is "A_OPUS" within
 * the first SNIFF_BYTES; 'webm-other' for WebM without one there (Vorbis, or the Tracks not yet
 * in `head`); 'not-webm' otherwise, including Matroska and an EBML header cut short.
 */
export function sniffWebmOpus(head: Uint8Array): AudioSniff {
  const bytes = head.subarray(0, SNIFF_BYTES);
  const header = readElement(bytes, 0);
  if (header?.id !== EBML || header.end === undefined || header.end > bytes.length)
    return 'not-webm';
  if (docType(bytes, header.start, header.end) !== 'webm') return 'not-webm';
  return hasOpusTrack(bytes, header.end) ? 'webm-opus' : 'webm-other';
}

function docType(bytes: Uint8Array, pos: number, end: number): string | undefined {
  while (pos < end) {
    const child = readElement(bytes, pos);
    if (!child || child.end === undefined || child.end > end) return undefined;
    if (child.id === DOC_TYPE) return text(bytes, child.start, child.end);
    pos = child.end;
  }
  return undefined;
}

// Descends into the containers on the way to a CodecID and steps over everything else; the
// walk ends at the first element that runs past the head or has no size to step over.
function hasOpusTrack(bytes: Uint8Array, pos: number): boolean {
  while (pos < bytes.length) {
    const element = readElement(bytes, pos);
    if (!element) return false;
    if (CONTAINERS.has(element.id)) {
      pos = element.start;
      continue;
    }
    if (element.end === undefined || element.end > bytes.length) return false;
    if (element.id === CODEC_ID && text(bytes, element.start, element.end) === 'A_OPUS')
      return true;
    pos = element.end;
  }
  return false;
}

function readElement(bytes: Uint8Array, pos: number): Element | undefined {
  const id = readVint(bytes, pos, 4);
  const size = id && readVint(bytes, id.next, 8);
  if (!id || !size) return undefined;
  return {
    id: idOf(id),
    start: size.next,
    end: size.unknown ? undefined : size.next + size.value,
  };
}

/** An EBML string: ASCII, possibly padded with NULs. */
function text(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end)).replace(/\0+$/, '');
}
