// /api/v1/holograms: create/update by client UUID (idempotent PUT), list newest first with a
// cursor, get, delete (blobs too) and "sounds like". Every query is scoped to the signed-in
// user; another user's hologram is indistinguishable from one that does not exist.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { bearerSecurity, jsonResponse, v1Errors } from '../http/openapi.ts';
import { deleteBlobs } from '../storage/sweeper.ts';
import { similarHolograms } from './fingerprint.ts';
import {
  Hologram,
  HologramInput,
  HologramPage,
  IdParams,
  ListQuery,
  Similar,
  SimilarQuery,
} from './schemas.ts';
import {
  decodeCursor,
  deleteHologram,
  getHologram,
  listHolograms,
  upsertHologram,
} from './store.ts';

const errors = v1Errors;
const security = bearerSecurity;
const tags = ['holograms'];

export const notFound = () =>
  new ApiError(404, 'hologram_not_found', 'No hologram with this id in your account');

const put = createRoute({
  method: 'put',
  path: '/api/v1/holograms/{id}',
  tags,
  security,
  summary: 'Create or update a hologram (idempotent)',
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: HologramInput } }, required: true },
  },
  responses: {
    200: jsonResponse(Hologram, 'Updated'),
    201: jsonResponse(Hologram, 'Created'),
    413: jsonResponse(ErrorBody, 'Body too large'),
    ...errors,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/holograms',
  tags,
  security,
  summary: 'Your holograms, newest first',
  request: { query: ListQuery },
  responses: { 200: jsonResponse(HologramPage, 'One page'), ...errors },
});

const get = createRoute({
  method: 'get',
  path: '/api/v1/holograms/{id}',
  tags,
  security,
  summary: 'One hologram',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(Hologram, 'The hologram'),
    404: jsonResponse(ErrorBody, 'Not found'),
    ...errors,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/holograms/{id}',
  tags,
  security,
  summary: 'Delete a hologram, its chunks and their stored bytes',
  request: { params: IdParams },
  responses: {
    204: { description: 'Deleted' },
    404: jsonResponse(ErrorBody, 'Not found'),
    ...errors,
  },
});

const similar = createRoute({
  method: 'get',
  path: '/api/v1/holograms/{id}/similar',
  tags,
  security,
  summary: 'Your holograms that sound most like this one (audio fingerprint, pgvector HNSW)',
  request: { params: IdParams, query: SimilarQuery },
  responses: {
    200: jsonResponse(Similar, 'Nearest first; distance is L2 between unit fingerprints (0…2)'),
    404: jsonResponse(ErrorBody, 'Not found'),
    ...errors,
  },
});

export function hologramRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>()
    .openapi(put, async (c) => {
      const { id } = c.req.valid('param');
      const owner = c.get('user').uid;
      const { created } = await upsertHologram(deps.db, owner, id, c.req.valid('json'));
      const hologram = await getHologram(deps.db, owner, id);
      if (!hologram) throw notFound();
      return created ? c.json(hologram, 201) : c.json(hologram, 200);
    })
    .openapi(list, async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && !after) {
        throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API gave out');
      }
      return c.json(await listHolograms(deps.db, c.get('user').uid, limit, after), 200);
    })
    .openapi(get, async (c) => {
      const hologram = await getHologram(deps.db, c.get('user').uid, c.req.valid('param').id);
      if (!hologram) throw notFound();
      return c.json(hologram, 200);
    })
    .openapi(remove, async (c) => {
      // Check storage first: with it down the hologram stays, rather than rows vanishing while
      // their bytes cannot be removed.
      await deps.storage.check();
      const keys = await deleteHologram(deps.db, c.get('user').uid, c.req.valid('param').id);
      if (!keys) throw notFound();
      await deleteBlobs(deps, keys);
      return c.body(null, 204);
    })
    .openapi(similar, async (c) => {
      const { id } = c.req.valid('param');
      const items = await similarHolograms(deps, c.get('user').uid, id, c.req.valid('query').limit);
      if (!items) throw notFound();
      return c.json({ items }, 200);
    });
}
