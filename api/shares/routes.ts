// Share links. Owner endpoints under /api/v1 (authenticated like the rest): make a hologram's
// link (idempotent), read it, revoke it. Public, read-only endpoints under /api/public/shares
// (no account; rate-limited per client address): the shared hologram's manifest, its chunk parts
// (ETag, Range) and its preview picture, reaching nothing but that one hologram. And /h/{token}:
// the app's page with the link's card (Open Graph / Twitter meta) for chat apps.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX, compress } from 'hono/compress';
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { decodeFrames, FrameFormatError } from '../../workers/audio/frame-codec.ts';
import type { AuthEnv } from '../auth/require-user.ts';
import { PART_CONTENT_TYPES } from '../chunks/contract.ts';
import { parseRange } from '../chunks/range.ts';
import { partContent } from '../chunks/schemas.ts';
import type { StoredPart } from '../chunks/store.ts';
import type { AppDeps } from '../deps.ts';
import { notFound as hologramNotFound } from '../holograms/routes.ts';
import { IdParams } from '../holograms/schemas.ts';
import { hologramExists } from '../holograms/store.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { bearerSecurity, binary, jsonResponse, v1Errors } from '../http/openapi.ts';
import { cardLang, cardMeta, injectCard, preloadLinks } from './link-preview.ts';
import { encodePng } from './png.ts';
import { renderPreview } from './preview.ts';
import { publicRateLimit } from './rate-limit.ts';
import { PublicPartParams, Share, SharedManifest, ShareInput, TokenParam } from './schemas.ts';
import { activeShare, ensureShare, revokeShare, sharedHologram, sharedPart } from './store.ts';
import { isShareToken } from './token.ts';

/**
 * Cache-Control of the public parts. Parts never change, so browsers keep them (max-age, and
 * immutable skips revalidation on reload); shared caches (CDNs, proxies) keep them at most
 * SHARED_CACHE_SECONDS (s-maxage, which also means proxy-revalidate), so a revoked link stops
 * being served by any shared cache within that bound.
 */
export const SHARED_CACHE_SECONDS = 60;
export const PART_CACHE_CONTROL = `public, max-age=31536000, s-maxage=${SHARED_CACHE_SECONDS}, immutable`;
/** The manifest is revalidated on every use (304 when unchanged), so revoking is seen at once. */
export const MANIFEST_CACHE_CONTROL = 'public, no-cache';
/** The picture changes while chunks are still arriving; the same shared-cache bound applies. */
export const PREVIEW_CACHE_CONTROL = `public, max-age=300, s-maxage=${SHARED_CACHE_SECONDS}`;
/** Frames read for one preview at most: evenly spaced chunks up to this many bytes. */
const PREVIEW_FRAME_BYTES = 8 * 1024 * 1024;
/** Bumped when the picture's drawing changes, so cached pictures are replaced. */
const PREVIEW_VERSION = 'p1';

/**
 * Whether If-None-Match names `etag` (or is `*`). The comparison is weak (RFC 9110 §13.1.2): a
 * gzipped answer's validator is the weak W/"…" of the same tag (hono's compress).
 */
function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return (ifNoneMatch ?? '')
    .split(',')
    .some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * gzip for the public text: manifests and frames parts (binary, but of floats and flags with many
 * runs alike: about a tenth of their size gzipped). Audio parts (Opus) and pictures (PNG) are
 * compressed already; ranges (206) are sent as they are stored.
 */
const publicCompress = compress({
  contentTypeFilter: (type) =>
    type.startsWith(PART_CONTENT_TYPES.frames) || COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type),
});

const shareNotFound = () =>
  new ApiError(404, 'share_not_found', 'This link does not exist or was revoked');

const tags = ['shares'];
const publicErrors = {
  404: jsonResponse(ErrorBody, 'Unknown or revoked link (the two look the same)'),
  429: jsonResponse(ErrorBody, 'Rate limited per client address (see Retry-After)'),
  503: jsonResponse(ErrorBody, 'Database or storage unavailable (see Retry-After)'),
};
const ownerErrors = {
  ...v1Errors,
  404: jsonResponse(ErrorBody, 'No such hologram (or active share) in your account'),
};

const put = createRoute({
  method: 'put',
  path: '/api/v1/holograms/{id}/share',
  tags,
  security: bearerSecurity,
  summary: "Make the hologram's share link, or return the active one (idempotent)",
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: ShareInput } }, required: true },
  },
  responses: {
    200: jsonResponse(Share, 'The active link'),
    201: jsonResponse(Share, 'A new link'),
    413: jsonResponse(ErrorBody, 'Body too large'),
    ...ownerErrors,
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/v1/holograms/{id}/share',
  tags,
  security: bearerSecurity,
  summary: "The hologram's active share link",
  request: { params: IdParams },
  responses: {
    200: jsonResponse(Share, 'The active link'),
    204: { description: 'The hologram has no active link' },
    ...ownerErrors,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/holograms/{id}/share',
  tags,
  security: bearerSecurity,
  summary: "Revoke the hologram's share link (its token never works again)",
  request: { params: IdParams },
  responses: { 204: { description: 'Revoked, or there was no active link' }, ...ownerErrors },
});

const manifest = createRoute({
  method: 'get',
  path: '/api/public/shares/{token}',
  tags,
  summary: 'A shared hologram: its title, format and chunk list (no account needed)',
  request: { params: z.object({ token: TokenParam }) },
  responses: {
    200: jsonResponse(SharedManifest, 'The manifest (ETag; revalidate every time)'),
    304: { description: 'Not modified (ETag)' },
    ...publicErrors,
  },
});

const part = createRoute({
  method: 'get',
  path: '/api/public/shares/{token}/chunks/{seq}/{kind}',
  tags,
  summary: "One part of a shared hologram's chunk (HTTP Range supported)",
  request: { params: PublicPartParams },
  responses: {
    200: {
      description: `The whole part; \`Cache-Control: ${PART_CACHE_CONTROL}\``,
      content: partContent,
    },
    206: { description: 'The requested range' },
    304: { description: 'Not modified (ETag)' },
    400: jsonResponse(ErrorBody, 'Invalid sequence number or part kind'),
    416: jsonResponse(ErrorBody, 'Range not satisfiable'),
    ...publicErrors,
  },
});

const preview = createRoute({
  method: 'get',
  path: '/api/public/shares/{token}/preview.png',
  tags,
  summary: "A shared hologram's picture for link previews (1200 × 630 heat map of its frames)",
  request: { params: z.object({ token: TokenParam }) },
  responses: {
    200: { description: 'PNG', content: { 'image/png': { schema: binary } } },
    304: { description: 'Not modified (ETag)' },
    ...publicErrors,
  },
});

const toShare = (s: { token: string; hologramId: string; createdAt: string }) => ({
  ...s,
  path: `/h/${s.token}`,
});

const partJson = (p: StoredPart | undefined) =>
  p ? { size: p.size, etag: `"${p.sha256}"`, contentType: p.contentType } : null;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Frames of up to PREVIEW_FRAME_BYTES of evenly spaced chunks, in time order. */
async function previewFrames(deps: AppDeps, parts: StoredPart[]): Promise<HologramFrame[]> {
  const frames = parts.filter((p) => p.kind === 'frames');
  const total = frames.reduce((n, p) => n + p.size, 0);
  const every = Math.max(1, Math.ceil(total / PREVIEW_FRAME_BYTES));
  const out: HologramFrame[] = [];
  for (let i = 0; i < frames.length; i += every) {
    const p = frames[i] as StoredPart;
    const blob = await deps.storage.get(p.blobKey);
    if (!blob) continue;
    try {
      out.push(...decodeFrames(await readAll(blob.body)).frames);
    } catch (err) {
      if (!(err instanceof FrameFormatError)) throw err;
    }
  }
  return out;
}

/** The public origin of this request, as a browser would write it. */
function publicOrigin(c: Context, trustProxyHops: number): string {
  const url = new URL(c.req.url);
  if (trustProxyHops > 0) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
    if (host && /^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) url.host = host;
  }
  return url.origin;
}

export function shareRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  app.use('/api/public/shares/*', async (c, next) => {
    await next();
    // Errors (unknown link, a part not uploaded yet, rate limits) are never cached anywhere.
    if (c.res.status >= 400) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('/api/public/shares/*', publicRateLimit(deps));
  app.use('/api/public/shares/*', publicCompress);

  return app
    .openapi(put, async (c) => {
      const { id } = c.req.valid('param');
      const result = await ensureShare(deps.db, c.get('user').uid, id);
      if (!result) throw hologramNotFound();
      return c.json(toShare(result.share), result.created ? 201 : 200);
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param');
      const owner = c.get('user').uid;
      const share = await activeShare(deps.db, owner, id);
      if (share) return c.json(toShare(share), 200);
      // Not shared is a normal answer (204), not an error; no such hologram is the usual 404.
      if (!(await hologramExists(deps.db, owner, id))) throw hologramNotFound();
      return c.body(null, 204);
    })
    .openapi(remove, async (c) => {
      if (!(await revokeShare(deps.db, c.get('user').uid, c.req.valid('param').id))) {
        throw hologramNotFound();
      }
      return c.body(null, 204);
    })
    .openapi(manifest, async (c) => {
      const { token } = c.req.valid('param');
      const shared = isShareToken(token) ? await sharedHologram(deps.db, token) : null;
      if (!shared) throw shareNotFound();
      const bySeq = new Map<number, { audio?: StoredPart; frames?: StoredPart }>();
      for (const p of shared.parts) bySeq.set(p.seq, { ...bySeq.get(p.seq), [p.kind]: p });
      const body = {
        ...shared.hologram,
        chunks: [...bySeq].map(([seq, parts]) => ({
          seq,
          audio: partJson(parts.audio),
          frames: partJson(parts.frames),
        })),
      };
      const json = JSON.stringify(body);
      const etag = `"m-${createHash('sha256').update(json).digest('hex').slice(0, 32)}"`;
      const headers = { ETag: etag, 'Cache-Control': MANIFEST_CACHE_CONTROL };
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
      return c.json(body, 200, headers);
    })
    .openapi(part, async (c) => {
      const { token, seq, kind } = c.req.valid('param');
      const found = isShareToken(token) ? await sharedPart(deps.db, token, seq, kind) : null;
      if (!found) throw shareNotFound();
      const etag = `"${found.sha256}"`;
      const headers: Record<string, string> = {
        ETag: etag,
        'Accept-Ranges': 'bytes',
        'Cache-Control': PART_CACHE_CONTROL,
        'Content-Type': found.contentType,
      };
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
      const range = parseRange(c.req.header('range'), found.size);
      if (range === 'unsatisfiable') {
        return c.json(
          { error: { code: 'range_not_satisfiable', message: `The part has ${found.size} bytes` } },
          416,
          { 'Content-Range': `bytes */${found.size}` },
        );
      }
      const blob = await deps.storage.get(found.blobKey, range ?? undefined);
      if (!blob) {
        throw new ApiError(503, 'storage_unavailable', 'The stored bytes are missing', {
          'Retry-After': '5',
        });
      }
      headers['Content-Length'] = String(blob.size);
      if (!range) return c.body(blob.body, 200, headers);
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${found.size}`;
      return c.body(blob.body, 206, headers);
    })
    .openapi(preview, async (c) => {
      const { token } = c.req.valid('param');
      const shared = isShareToken(token) ? await sharedHologram(deps.db, token) : null;
      if (!shared) throw shareNotFound();
      const framesParts = shared.parts.filter((p) => p.kind === 'frames');
      const etag = `"${PREVIEW_VERSION}-${createHash('sha256')
        .update(framesParts.map((p) => p.sha256).join(','))
        .digest('hex')
        .slice(0, 32)}"`;
      const headers = { ETag: etag, 'Cache-Control': PREVIEW_CACHE_CONTROL };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      const image = renderPreview(await previewFrames(deps, shared.parts));
      const png = encodePng(image.width, image.height, image.rgb, {
        colour: 'rgb',
        filter: 'adaptive',
      });
      return c.body(new Uint8Array(png), 200, { ...headers, 'Content-Type': 'image/png' });
    });
}

/**
 * GET /h/{token}: the app's index.html with the link's card. Mounted only when the API serves
 * the PWA (STATIC_DIR). A link that is unknown, revoked, over the rate limit or looked up while
 * the database is down gets the generic card; the page itself always loads.
 */
export function sharePageRoutes(deps: AppDeps & { staticDir: string }) {
  const indexFile = path.join(deps.staticDir, 'index.html');
  const assets = readdir(path.join(deps.staticDir, 'assets')).catch(() => [] as string[]);
  const limiter = publicRateLimit(deps);
  const app = new OpenAPIHono();
  // gzip, as for the rest of the app's text (api/pwa/routes.ts)
  app.use('/h/*', compress());
  app.get('/h/:token{[A-Za-z0-9_-]{1,200}}', async (c) => {
    const token = c.req.param('token');
    let card: { title: string; durationMs: number } | null = null;
    if (isShareToken(token)) {
      try {
        await limiter(c, async () => {});
        card = (await sharedHologram(deps.db, token))?.hologram ?? null;
      } catch (err) {
        if (!(err instanceof ApiError)) {
          deps.logger.warn(
            { requestId: c.get('requestId'), err: String(err) },
            'share card lookup failed; generic card served',
          );
        }
      }
    }
    const html = await readFile(indexFile, 'utf8');
    const lang = cardLang(c.req.header('accept-language'));
    const meta = cardMeta(publicOrigin(c, deps.trustProxyHops ?? 0), token, card, lang);
    const preloads = isShareToken(token) ? preloadLinks(await assets, token) : [];
    return c.html(injectCard(html, meta, preloads), 200, {
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Language',
    });
  });
  return app;
}
