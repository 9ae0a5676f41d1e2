// GET /api/health: the state of each part (db, storage, auth) and the version. 200 when every
// part is up, 503 otherwise, so load balancers and the Docker HEALTHCHECK can use it as is.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { VERSION } from '../version.ts';
import { checkAuth, checkDatabase, checkStorage } from './checks.ts';

const Part = z
  .object({
    status: z.enum(['up', 'down']),
    driver: z.string().openapi({ example: 'pglite' }),
    latencyMs: z.number(),
    detail: z.string().optional().openapi({ example: 'pgvector 0.8.0' }),
    error: z.string().optional(),
  })
  .openapi('PartHealth');

const Health = z
  .object({
    status: z.enum(['up', 'down']),
    version: z.string().openapi({ example: '0.1.0' }),
    uptimeSeconds: z.number(),
    parts: z.object({ db: Part, storage: Part, auth: Part }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['health'],
  summary: 'Health of the API and each part it depends on',
  responses: {
    200: { description: 'Every part is up', content: { 'application/json': { schema: Health } } },
    503: {
      description: 'At least one part is down',
      content: { 'application/json': { schema: Health } },
    },
  },
});

export function healthRoutes(deps: AppDeps) {
  const started = Date.now();
  return new OpenAPIHono().openapi(route, async (c) => {
    const [db, storage, auth] = await Promise.all([
      checkDatabase(deps.db),
      checkStorage(deps.storage),
      checkAuth(deps.auth),
    ]);
    const up = [db, storage, auth].every((p) => p.status === 'up');
    const body = {
      status: up ? ('up' as const) : ('down' as const),
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      parts: { db, storage, auth },
    };
    c.header('Cache-Control', 'no-store');
    return up ? c.json(body, 200) : c.json(body, 503);
  });
}
