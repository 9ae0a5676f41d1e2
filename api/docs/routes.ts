// GET /api/docs: the API reference for people, rendered on the server from the same OpenAPI
// document /api/openapi.json serves (the page carries no scripts, so the CSP stays strict).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { renderDocs } from './render.ts';

const route = createRoute({
  method: 'get',
  path: '/api/docs',
  tags: ['docs'],
  summary: 'The API reference as a web page',
  description: 'Every operation, parameter, body, response and schema of /api/openapi.json.',
  responses: {
    200: { description: 'The reference', content: { 'text/html': { schema: z.string() } } },
  },
});

/** `getDocument` returns the live OpenAPI document, e.g. `() => app.getOpenAPI31Document(config)`. */
export function docsRoutes(getDocument: () => object) {
  return new OpenAPIHono().openapi(route, (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(renderDocs(getDocument(), { specHref: 'openapi.json' }));
  });
}
