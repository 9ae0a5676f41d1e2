// The Hono application: middleware, feature routes, the OpenAPI document and (when a build
// exists) the PWA. Built from injected dependencies so tests drive it with `app.request()`.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { requireUser } from './auth/require-user.ts';
import { chunkRoutes } from './chunks/routes.ts';
import { clientConfigRoutes, emulatorOrigin } from './client-config/routes.ts';
import { DatabaseUnavailableError } from './db/database.ts';
import type { AppDeps } from './deps.ts';
import { docsRoutes } from './docs/routes.ts';
import { gestureRoutes } from './gestures/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { hologramRoutes } from './holograms/routes.ts';
import { corsAllowlist } from './http/cors.ts';
import { ApiError, errorResponse } from './http/errors.ts';
import { requestLogger } from './http/logger.ts';
import { rateLimit } from './http/rate-limit.ts';
import { pwaRoutes } from './pwa/routes.ts';
import { sharePageRoutes, shareRoutes } from './shares/routes.ts';
import { StorageFullError, StorageUnavailableError } from './storage/blob-store.ts';
import { triaRoutes } from './tria/routes.ts';
import { VERSION } from './version.ts';

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const message = result.error.issues
          .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
          .join('; ');
        return errorResponse(c, 400, 'invalid_request', message);
      }
    },
  });

  app.use('*', requestId());
  app.use('*', requestLogger(deps.logger));
  app.use(
    '*',
    secureHeaders({
      // Cross-origin isolation (with COOP same-origin, the default) lets the audio worklet share a
      // SharedArrayBuffer ring with the analysis worker. Everything the app loads is its own.
      crossOriginEmbedderPolicy: 'require-corp',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        // The Auth Emulator (local runs and tests) listens on its own port.
        connectSrc: [
          "'self'",
          ...(deps.auth.emulatorHost ? [emulatorOrigin(deps.auth.emulatorHost)] : []),
        ],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(
    '/api/*',
    corsAllowlist({
      allowOrigin: (origin) => deps.corsOrigins?.includes(origin) ?? false,
      allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'X-Content-SHA256',
        'If-Match',
        'If-None-Match',
      ],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'ETag'],
      maxAge: 600,
    }),
  );

  app.route('/', healthRoutes(deps));
  app.route('/', clientConfigRoutes(deps));

  app.use('/api/v1/*', requireUser(deps), rateLimit(deps));
  // JSON bodies are small; chunk parts stream under their own, larger limits (api/chunks/).
  const jsonLimit = bodyLimit({
    maxSize: deps.limits.jsonBodyBytes,
    onError: (c) =>
      errorResponse(
        c,
        413,
        'payload_too_large',
        `JSON bodies are limited to ${deps.limits.jsonBodyBytes} bytes`,
      ),
  });
  app.use('/api/v1/*', (c, next) =>
    /\/chunks\/\d/.test(c.req.path) ? next() : jsonLimit(c, next),
  );
  app.route('/', hologramRoutes(deps));
  app.route('/', chunkRoutes(deps));
  // Owner endpoints under /api/v1 (auth above); public ones under /api/public (no auth, own limit).
  app.route('/', shareRoutes(deps));
  app.route('/', gestureRoutes(deps));
  app.route('/', triaRoutes(deps));
  app.openAPIRegistry.registerComponent('securitySchemes', 'firebaseIdToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'Firebase ID token (JWT)',
  });

  const openApiConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Holograms API',
      version: VERSION,
      description: 'Holograms (holograms.media): recordings, chunks, shares and Tria.',
    },
  };
  app.doc31('/api/openapi.json', openApiConfig);
  app.route(
    '/',
    docsRoutes(() => app.getOpenAPI31Document(openApiConfig)),
  );

  app.all('/api/*', (c) =>
    errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`),
  );
  if (deps.staticDir) {
    // /h/{token} gets the link's card (Open Graph meta) before the shell fallback.
    app.route('/', sharePageRoutes({ ...deps, staticDir: deps.staticDir }));
    app.route('/', pwaRoutes(deps.staticDir));
  }

  app.notFound((c) => errorResponse(c, 404, 'not_found', 'Not found'));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals (e.g. a body that is not the JSON it claims to be).
      return errorResponse(c, err.status, 'invalid_request', err.message || 'Invalid request');
    }
    if (err instanceof ApiError) {
      return errorResponse(c, err.status, err.code, err.message, err.headers);
    }
    if (err instanceof DatabaseUnavailableError) {
      deps.logger.error({ requestId: c.get('requestId'), err: err.message }, 'database down');
      return errorResponse(c, 503, 'database_unavailable', 'The database is unavailable', {
        'Retry-After': '5',
      });
    }
    if (err instanceof StorageUnavailableError) {
      deps.logger.error({ requestId: c.get('requestId'), err: err.message }, 'storage down');
      return errorResponse(c, 503, 'storage_unavailable', 'Object storage is unavailable', {
        'Retry-After': '5',
      });
    }
    if (err instanceof StorageFullError) {
      deps.logger.error({ requestId: c.get('requestId'), err: err.message }, 'storage full');
      return errorResponse(c, 507, 'storage_full', 'There is no room left to store this upload', {
        'Retry-After': '60',
      });
    }
    deps.logger.error({ requestId: c.get('requestId'), err }, 'unhandled error');
    return errorResponse(c, 500, 'internal', 'Something went wrong on our side');
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
