// /api/v1/holograms/{id}/chunks: a chunk has two parts, `audio` (webm/opus from MediaRecorder)
// and `frames` (the project's frame format with the span's gesture events), each uploaded by an
// idempotent PUT that streams to storage, and each visible only once stored and verified.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sniffWebmOpus } from '../../workers/audio/audio-sniff.ts';
import { decodeFrames, FrameFormatError, sniffFrames } from '../../workers/audio/frame-codec.ts';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../holograms/routes.ts';
import { HologramId } from '../holograms/schemas.ts';
import { hologramExists } from '../holograms/store.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { bearerSecurity, jsonResponse, storageFull, v1Errors } from '../http/openapi.ts';
import { type RequestBody, requestBody } from '../http/request-body.ts';
import { PART_CONTENT_TYPES, PART_KINDS, type PartKind } from './contract.ts';
import { parseRange } from './range.ts';
import {
  BodyTooLargeError,
  ChecksumMismatchError,
  receivePart,
  TruncatedBodyError,
  UnsupportedContentError,
} from './receive.ts';
import { KindParam, partContent, SeqParam } from './schemas.ts';
import {
  getPart,
  listParts,
  lookupPart,
  newBlobKey,
  type Part,
  recordPart,
  removePending,
} from './store.ts';

const PartParams = z.object({ id: HologramId, seq: SeqParam, kind: KindParam });

const ChunkPart = z
  .object({
    hologramId: z.string(),
    seq: z.number(),
    kind: z.enum(PART_KINDS),
    size: z.number(),
    sha256: z.string(),
    contentType: z.string(),
    createdAt: z.string(),
  })
  .openapi('ChunkPart');

const ChunkList = z
  .object({
    items: z.array(
      z.object({ seq: z.number(), audio: ChunkPart.nullable(), frames: ChunkPart.nullable() }),
    ),
  })
  .openapi('ChunkList');

const errors = {
  ...v1Errors,
  404: jsonResponse(ErrorBody, 'No such hologram or chunk in your account'),
};
const security = bearerSecurity;
const tags = ['chunks'];

const put = createRoute({
  method: 'put',
  path: '/api/v1/holograms/{id}/chunks/{seq}/{kind}',
  tags,
  security,
  summary: 'Upload one part of a chunk (idempotent, streamed, SHA-256 verified)',
  description:
    'The body streams to storage. `audio` must be webm/opus, `frames` the project frame format ' +
    '(docs/FRAMES.md). The same bytes again answer 200; other bytes for a stored part answer 409.',
  request: {
    params: PartParams,
    headers: z.object({
      'x-content-sha256': z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
        .openapi({ description: 'SHA-256 of the body, hex' }),
    }),
    body: {
      required: true,
      content: partContent,
    },
  },
  responses: {
    200: jsonResponse(ChunkPart, 'Already stored with the same bytes'),
    201: jsonResponse(ChunkPart, 'Stored and verified'),
    409: jsonResponse(ErrorBody, 'This part is already stored with other bytes'),
    413: jsonResponse(ErrorBody, 'Body larger than the limit'),
    415: jsonResponse(ErrorBody, 'Not the expected content'),
    422: jsonResponse(ErrorBody, 'Checksum mismatch or invalid frames'),
    ...storageFull,
    ...errors,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/holograms/{id}/chunks',
  tags,
  security,
  summary: "A hologram's stored chunks",
  request: { params: z.object({ id: HologramId }) },
  responses: { 200: jsonResponse(ChunkList, 'Chunks in order'), ...errors },
});

const get = createRoute({
  method: 'get',
  path: '/api/v1/holograms/{id}/chunks/{seq}/{kind}',
  tags,
  security,
  summary: 'The bytes of one part (HTTP Range supported)',
  request: { params: PartParams },
  responses: {
    200: {
      description: 'The whole part',
      content: partContent,
    },
    206: { description: 'The requested range' },
    304: { description: 'Not modified (ETag)' },
    416: jsonResponse(ErrorBody, 'Range not satisfiable'),
    ...errors,
  },
});

const toJson = (hologramId: string, p: Part) => ({
  hologramId,
  seq: p.seq,
  kind: p.kind,
  size: p.size,
  sha256: p.sha256,
  contentType: p.contentType,
  createdAt: p.createdAt,
});

const SNIFFERS: Readonly<Record<PartKind, (head: Uint8Array) => string | null>> = {
  audio: (head) => {
    const found = sniffWebmOpus(head);
    if (found === 'webm-opus') return null;
    return found === 'webm-other' ? 'The audio is webm but not Opus' : 'The audio is not webm';
  },
  frames: (head) => (sniffFrames(head) ? null : 'The body is not in the Holograms frame format'),
};

function translate(err: unknown): never {
  if (err instanceof BodyTooLargeError) throw new ApiError(413, 'payload_too_large', err.message);
  if (err instanceof UnsupportedContentError)
    throw new ApiError(415, 'unsupported_content', err.message);
  if (err instanceof ChecksumMismatchError)
    throw new ApiError(422, 'checksum_mismatch', err.message);
  if (err instanceof TruncatedBodyError) throw new ApiError(400, 'truncated_body', err.message);
  throw err;
}

/** Deletes an unrecorded upload's blob; only once it is gone is its pending row dropped (while
 * storage is unreachable the row stays, so the sweeper deletes whatever the store may hold). */
async function discardBlob(deps: AppDeps, key: string) {
  const deleted = await deps.storage.delete(key).then(
    () => true,
    () => false,
  );
  if (deleted) await removePending(deps.db, [key]).catch(() => {});
}

/** Reads `body` to its end, dropping the bytes; false (cancelling it) past `maxBytes`. */
async function drainBody(body: RequestBody, maxBytes: number) {
  let size = 0;
  try {
    for await (const piece of body) {
      size += piece.byteLength;
      if (size > maxBytes) return false; // leaving the loop cancels the body
    }
    return true;
  } catch {
    return false;
  }
}

export function chunkRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>()
    .openapi(put, async (c) => {
      const { id, seq, kind } = c.req.valid('param');
      const owner = c.get('user').uid;
      const sha256 = c.req.valid('header')['x-content-sha256'].toLowerCase();
      const body = requestBody(c);
      // However the request ends, the body is no longer read into memory once it is answered.
      try {
        const maxBytes =
          kind === 'audio' ? deps.limits.audioChunkBytes : deps.limits.framesChunkBytes;
        const lengthHeader = c.req.header('content-length');
        const declaredLength = lengthHeader === undefined ? undefined : Number(lengthHeader);
        // Answering before the body is read: read the rest (up to the limit) and drop it, so the
        // client's next request on this keep-alive connection is not cut off; past the limit, or
        // when not worth reading, close the connection after the answer.
        const discard = async () => {
          if (body && !(await drainBody(body, maxBytes))) c.header('Connection', 'close');
        };

        if (seq >= deps.limits.chunksPerHologram) {
          await discard();
          throw new ApiError(
            413,
            'too_many_chunks',
            `A hologram has at most ${deps.limits.chunksPerHologram} chunks`,
          );
        }
        if (declaredLength !== undefined && declaredLength > maxBytes) {
          c.header('Connection', 'close'); // the body stays unread (cancelled below)
          throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes`);
        }
        if (!body || declaredLength === 0)
          throw new ApiError(400, 'empty_body', 'The body is empty');
        const key = newBlobKey(owner, id, seq, kind);
        const { hologram, part: existing } = await lookupPart(deps.db, owner, id, seq, kind, key);
        if (!hologram) {
          await discard();
          throw notFound();
        }
        if (existing) {
          await discard();
          if (existing.sha256 === sha256) return c.json(toJson(id, existing), 200);
          throw new ApiError(409, 'chunk_conflict', 'This part is already stored with other bytes');
        }

        let received: Awaited<ReturnType<typeof receivePart>>;
        try {
          received = await receivePart({
            body,
            store: deps.storage,
            key,
            contentType: PART_CONTENT_TYPES[kind],
            maxBytes,
            sha256,
            declaredLength,
            sniff: SNIFFERS[kind],
            keep: kind === 'frames',
          });
          if (received.kept) decodeFrames(received.kept);
        } catch (err) {
          c.header('Connection', 'close'); // the body may be partly unread
          await discardBlob(deps, key);
          if (err instanceof FrameFormatError)
            throw new ApiError(422, 'invalid_frames', err.message);
          translate(err);
        }

        const result = await recordPart(deps.db, owner, id, {
          seq,
          kind,
          sha256,
          size: received.size,
          contentType: PART_CONTENT_TYPES[kind],
          blobKey: key,
        });
        if (result.outcome !== 'created') await discardBlob(deps, key);
        if (result.outcome === 'gone') throw notFound();
        if (result.outcome === 'conflict') {
          throw new ApiError(409, 'chunk_conflict', 'This part is already stored with other bytes');
        }
        return c.json(toJson(id, result.part), result.outcome === 'created' ? 201 : 200);
      } finally {
        await body?.cancel();
      }
    })
    .openapi(list, async (c) => {
      const { id } = c.req.valid('param');
      const owner = c.get('user').uid;
      if (!(await hologramExists(deps.db, owner, id))) throw notFound();
      const bySeq = new Map<
        number,
        {
          seq: number;
          audio: ReturnType<typeof toJson> | null;
          frames: ReturnType<typeof toJson> | null;
        }
      >();
      for (const p of await listParts(deps.db, owner, id)) {
        const entry = bySeq.get(p.seq) ?? { seq: p.seq, audio: null, frames: null };
        entry[p.kind] = toJson(id, p);
        bySeq.set(p.seq, entry);
      }
      return c.json({ items: [...bySeq.values()] }, 200);
    })
    .openapi(get, async (c) => {
      const { id, seq, kind } = c.req.valid('param');
      const part = await getPart(deps.db, c.get('user').uid, id, seq, kind);
      if (!part) throw new ApiError(404, 'chunk_not_found', 'No such chunk part in your account');
      const etag = `"${part.sha256}"`;
      const headers: Record<string, string> = {
        ETag: etag,
        'Accept-Ranges': 'bytes',
        'Cache-Control': 'private, max-age=31536000, immutable',
        'Content-Type': part.contentType,
      };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      const range = parseRange(c.req.header('range'), part.size);
      if (range === 'unsatisfiable') {
        return c.json(
          { error: { code: 'range_not_satisfiable', message: `The part has ${part.size} bytes` } },
          416,
          { 'Content-Range': `bytes */${part.size}` },
        );
      }
      const blob = await deps.storage.get(part.blobKey, range ?? undefined);
      if (!blob)
        throw new ApiError(503, 'storage_unavailable', 'The stored bytes are missing', {
          'Retry-After': '5',
        });
      headers['Content-Length'] = String(blob.size);
      if (!range) return c.body(blob.body, 200, headers);
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${part.size}`;
      return c.body(blob.body, 206, headers);
    });
}
