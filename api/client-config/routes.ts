// GET /api/client-config: the public Firebase web configuration the PWA needs to sign users in
// (API key, auth domain, project), and the Auth Emulator's URL when the API verifies tokens
// against one. Public (outside /api/v1): the app asks before anybody is signed in. The app
// caches the answer so it also starts offline.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { defaultFirebaseWeb } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { jsonResponse } from '../http/openapi.ts';

const ClientConfig = z
  .object({
    firebase: z.object({
      apiKey: z.string().openapi({ example: 'demo-key' }),
      authDomain: z.string().openapi({ example: 'holograms.media' }),
      projectId: z.string().openapi({ example: 'demo-holograms' }),
    }),
    authEmulatorUrl: z
      .string()
      .optional()
      .openapi({ example: 'http://127.0.0.1:9099', description: 'Only with the Auth Emulator' }),
  })
  .openapi('ClientConfig');

const route = createRoute({
  method: 'get',
  path: '/api/client-config',
  tags: ['config'],
  summary: 'Public Firebase web configuration for the app',
  responses: { 200: jsonResponse(ClientConfig, 'The configuration') },
});

/**
 * The origin a browser reaches the Auth Emulator at, from its `host:port`. A wildcard bind
 * address (0.0.0.0, ::) is reached through the loopback address.
 */
export function emulatorOrigin(host: string): string {
  const reachable = host.replace(/^(0\.0\.0\.0|\[::\])(?=:|$)/, '127.0.0.1');
  return `http://${reachable}`;
}

/** What the route reads from the app's dependencies. */
export type ClientConfigDeps = Pick<AppDeps, 'firebaseWeb'> & {
  auth: Pick<AppDeps['auth'], 'projectId' | 'emulatorHost'>;
};

export function clientConfigRoutes(deps: ClientConfigDeps) {
  const { projectId, emulatorHost } = deps.auth;
  const web = deps.firebaseWeb ?? defaultFirebaseWeb(projectId);
  const body = {
    firebase: { apiKey: web.apiKey, authDomain: web.authDomain, projectId },
    ...(emulatorHost ? { authEmulatorUrl: emulatorOrigin(emulatorHost) } : {}),
  };
  return new OpenAPIHono().openapi(route, (c) => {
    // Revalidated on every start; the app keeps its own copy for offline starts.
    c.header('Cache-Control', 'no-cache');
    return c.json(body, 200);
  });
}
