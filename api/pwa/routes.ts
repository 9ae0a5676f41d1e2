// Serves the built PWA from `/`: real files first, then the app shell (index.html) for any other
// GET navigation outside /api, so client routes such as /h/{token} load the app.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { cacheControlFor } from './cache-rules.ts';

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');

export function pwaRoutes(staticDir: string) {
  const app = new Hono();
  // gzip for the shell's text (JS, CSS, HTML, manifest): about ¾ fewer bytes on first load.
  app.use('*', compress());
  app.use('*', async (c, next) => {
    await next();
    if (c.res.ok && !isApi(c.req.path)) {
      c.res.headers.set('Cache-Control', cacheControlFor(c.req.path));
    }
  });
  app.use('*', serveStatic({ root: staticDir }));
  const shell = serveStatic({ root: staticDir, path: 'index.html' });
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : shell(c, next)));
  return app;
}
