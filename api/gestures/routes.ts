// /api/v1/gestures: the account's custom gesture definitions (issue 6), kept in sync with the
// client's IndexedDB copy. A changes feed (`updatedSince` cursor, tombstones included), an
// idempotent PUT with optional If-Match / If-None-Match on a per-definition version, and a
// DELETE that leaves a tombstone. Another account's definition is indistinguishable from one
// that does not exist.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ErrorBody } from '../http/errors.ts';
import { bearerSecurity, jsonResponse, v1Errors } from '../http/openapi.ts';
import {
  ChangesQuery,
  DeleteHeaders,
  DeleteQuery,
  Gesture,
  GestureChanges,
  GestureInput,
  IdParams,
  WriteHeaders,
} from './schemas.ts';
import {
  deleteGesture,
  getGesture,
  listChanges,
  notFound,
  parsePrecondition,
  putGesture,
} from './store.ts';

const security = bearerSecurity;
const tags = ['gestures'];
const etag = (version: number) => ({ ETag: `"${version}"` });
const versionHeader = {
  ETag: { description: 'The stored version, `"<version>"`', schema: { type: 'string' as const } },
};

const list = createRoute({
  method: 'get',
  path: '/api/v1/gestures',
  tags,
  security,
  summary: 'Your gesture definitions changed after a cursor, tombstones included',
  request: { query: ChangesQuery },
  responses: { 200: jsonResponse(GestureChanges, 'Changes, oldest first'), ...v1Errors },
});

const get = createRoute({
  method: 'get',
  path: '/api/v1/gestures/{id}',
  tags,
  security,
  summary: 'One live gesture definition',
  request: { params: IdParams },
  responses: {
    200: { ...jsonResponse(Gesture, 'The definition'), headers: versionHeader },
    404: jsonResponse(ErrorBody, 'Not found (or deleted)'),
    ...v1Errors,
  },
});

const put = createRoute({
  method: 'put',
  path: '/api/v1/gestures/{id}',
  tags,
  security,
  summary: 'Create or update a gesture definition (idempotent, optionally conditional)',
  description:
    'A body equal to the stored definition (name, samples, action) changes nothing and answers ' +
    '200 whatever the preconditions. Otherwise `If-Match: "<version>"` applies only on that ' +
    'version and `If-None-Match: *` only when no live definition has the id. A PUT revives a ' +
    'deleted one.',
  request: {
    params: IdParams,
    headers: WriteHeaders,
    body: { content: { 'application/json': { schema: GestureInput } }, required: true },
  },
  responses: {
    200: { ...jsonResponse(Gesture, 'Updated (or unchanged)'), headers: versionHeader },
    201: { ...jsonResponse(Gesture, 'Created'), headers: versionHeader },
    404: jsonResponse(ErrorBody, 'If-Match was sent and no definition has this id'),
    409: jsonResponse(ErrorBody, 'The account already keeps the most definitions allowed'),
    412: jsonResponse(ErrorBody, 'The precondition failed (ETag: the stored version)'),
    413: jsonResponse(ErrorBody, 'Body too large'),
    ...v1Errors,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/gestures/{id}',
  tags,
  security,
  summary: 'Delete a gesture definition (leaves a tombstone for other devices)',
  request: { params: IdParams, query: DeleteQuery, headers: DeleteHeaders },
  responses: {
    204: { description: 'Deleted', headers: versionHeader },
    404: jsonResponse(ErrorBody, 'Not found (or already deleted)'),
    412: jsonResponse(ErrorBody, 'If-Match failed (ETag: the stored version)'),
    ...v1Errors,
  },
});

export function gestureRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>()
    .openapi(list, async (c) => {
      const { updatedSince, limit } = c.req.valid('query');
      return c.json(
        await listChanges(deps.db, c.get('user').uid, updatedSince ?? null, limit),
        200,
      );
    })
    .openapi(get, async (c) => {
      const definition = await getGesture(deps.db, c.get('user').uid, c.req.valid('param').id);
      if (!definition) throw notFound();
      return c.json(definition, 200, etag(definition.version));
    })
    .openapi(put, async (c) => {
      const headers = c.req.valid('header');
      const body = c.req.valid('json');
      const { definition, created } = await putGesture(
        deps.db,
        c.get('user').uid,
        c.req.valid('param').id,
        { name: body.name, samples: body.samples, action: body.action, editedAt: body.editedAt },
        parsePrecondition(headers['if-match']),
        parsePrecondition(headers['if-none-match']),
      );
      return c.json(definition, created ? 201 : 200, etag(definition.version));
    })
    .openapi(remove, async (c) => {
      const version = await deleteGesture(
        deps.db,
        c.get('user').uid,
        c.req.valid('param').id,
        parsePrecondition(c.req.valid('header')['if-match']),
        c.req.valid('query').editedAt,
      );
      return c.body(null, 204, etag(version));
    });
}
