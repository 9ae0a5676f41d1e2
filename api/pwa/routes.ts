// Serves the built PWA from `/`: real files first, then the app shell (index.html) for any other
// GET navigation outside /api, so client routes such as /h/{token} load the app.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cacheControlFor, NO_CACHE } from './cache-rules.ts';

export function pwaRoutes(staticDir: string) {
  const app = new Hono();
  app.use(
    '*',
    serveStatic({
      root: staticDir,
      onFound: (_path, c) => {
        c.header('Cache-Control', cacheControlFor(c.req.path));
      },
    }),
  );
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return next();
    return serveStatic({
      root: staticDir,
      path: 'index.html',
      onFound: (_path, ctx) => {
        ctx.header('Cache-Control', NO_CACHE);
      },
    })(c, next);
  });
  return app;
}
