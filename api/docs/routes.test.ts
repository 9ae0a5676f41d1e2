// GET /api/docs over a small app built like api/app.ts: path and query parameters, a JSON body,
// a binary body, bearer security, component schemas, and a summary that tries to inject markup.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsRoutes } from './routes.ts';

const Size = z.object({ w: z.number().int().min(0), h: z.number().int().min(0) });
const Thing = z
  .object({
    id: z.string().uuid(),
    name: z.string().min(1).max(80).openapi({ description: 'Shown to people' }),
    tags: z.array(z.string()),
    size: Size,
    kind: z.enum(['wave', 'noise']).optional(),
  })
  .openapi('Thing');
const Problem = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Problem');

const getThing = createRoute({
  method: 'get',
  path: '/api/things/{id}',
  tags: ['things'],
  summary: 'Read a <script>alert("x")</script> thing',
  description: 'Line one\nLine "two" & more',
  security: [{ bearerAuth: [] }],
  request: {
    params: z.object({
      id: z
        .string()
        .uuid()
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .optional()
        .openapi({ description: 'Page size' }),
      fields: z.string().optional(),
    }),
  },
  responses: {
    200: { description: 'The thing', content: { 'application/json': { schema: Thing } } },
    404: { description: 'No such thing', content: { 'application/json': { schema: Problem } } },
  },
});

const postThing = createRoute({
  method: 'post',
  path: '/api/things',
  tags: ['things'],
  summary: 'Create a thing',
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: Thing } } } },
  responses: { 201: { description: 'Created' } },
});

const putAudio = createRoute({
  method: 'put',
  path: '/api/things/{id}/audio',
  tags: ['audio'],
  summary: 'Upload audio bytes',
  security: [{ bearerAuth: [] }],
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }),
    body: {
      required: true,
      content: {
        'application/octet-stream': {
          schema: z.any().openapi({ type: 'string', format: 'binary' }),
        },
      },
    },
  },
  responses: {
    204: {
      description: 'Stored',
      headers: z.object({ ETag: z.string().openapi({ description: 'SHA-256 of the body' }) }),
    },
  },
});

let html: string;
let res: Response;

beforeAll(async () => {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'Firebase ID token',
  });
  app.openapi(getThing, (c) => c.json({} as never, 200));
  app.openapi(postThing, (c) => c.body(null, 201));
  app.openapi(putAudio, (c) => c.body(null, 204));
  const config = { openapi: '3.1.0', info: { title: 'Test <API>', version: '9.9.9' } };
  app.doc31('/api/openapi.json', config);
  app.route(
    '/',
    docsRoutes(() => app.getOpenAPI31Document(config)),
  );
  res = await app.request('/api/docs');
  html = await res.text();
});

/** The HTML of the section with this id. */
function section(id: string): string {
  const start = html.indexOf(`<section class="op" id="${id}">`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('GET /api/docs', () => {
  it('answers a self-contained HTML page without scripts', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|\ssrc=|https?:\/\//i);
    expect(html).toContain('<style>');
    expect(html).toContain('<a href="openapi.json">machine-readable document</a>');
  });

  it('escapes everything taken from the document', () => {
    expect(html).toContain('Read a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; thing');
    expect(html).toContain('Line one\nLine &quot;two&quot; &amp; more');
    expect(html).toContain('<title>Test &lt;API&gt; reference</title>');
  });

  it('lists every operation in the contents, linked to its section', () => {
    const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    for (const id of [
      'op-get-api-things-id',
      'op-post-api-things',
      'op-put-api-things-id-audio',
      'op-get-api-docs',
    ]) {
      expect(nav).toContain(`href="#${id}"`);
      section(id);
    }
    expect(nav).toContain('href="#schema-thing"');
    expect(nav).toContain('href="#security-bearerauth"');
  });

  it('links every anchor to an id, and every id is unique', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(target);
  });

  it('shows path and query parameters with where, whether required and their schema', () => {
    const get = section('op-get-api-things-id');
    expect(get).toContain('<span class="method get">GET</span> <code>/api/things/{id}</code>');
    expect(get).toMatch(
      /<td><code>id<\/code><\/td><td>path<\/td><td>yes<\/td><td><div class="schema"><span class="type">string \(uuid\)<\/span>/,
    );
    expect(get).toMatch(
      /<td><code>limit<\/code><\/td><td>query<\/td><td>no<\/td><td><div class="schema"><span class="type">integer<\/span><span class="facts">≥ 1; ≤ 100<\/span>/,
    );
    // The description zod-openapi copies into the schema is shown once.
    expect(get.match(/Page size/g)).toHaveLength(1);
    expect(get).toMatch(/<code>fields<\/code><\/td><td>query<\/td><td>no/);
  });

  it('shows responses with status, description and a link to their schema', () => {
    const get = section('op-get-api-things-id');
    expect(get).toMatch(
      /<td><code>200<\/code><\/td><td>The thing<\/td><td><dl class="content"><dt><code>application\/json<\/code><\/dt><dd><a class="ref" href="#schema-thing">Thing<\/a>/,
    );
    expect(get).toMatch(/<code>404<\/code><\/td><td>No such thing<\/td>.*href="#schema-problem"/);
    expect(section('op-post-api-things')).toMatch(
      /<code>201<\/code><\/td><td>Created<\/td><td><span class="none">no body<\/span>/,
    );
    const put = section('op-put-api-things-id-audio');
    expect(put).toMatch(/<code>ETag<\/code><\/dt><dd>.*string.*SHA-256 of the body/);
  });

  it('shows JSON and binary request bodies', () => {
    expect(section('op-post-api-things')).toMatch(
      /<h4>Request body \(required\)<\/h4>[\s\S]*<code>application\/json<\/code><\/dt><dd><a class="ref" href="#schema-thing">Thing<\/a>/,
    );
    expect(section('op-put-api-things-id-audio')).toMatch(
      /<code>application\/octet-stream<\/code><\/dt><dd><div class="schema"><span class="type">string \(binary\)<\/span>/,
    );
  });

  it('shows security requirements, linked to the scheme', () => {
    expect(section('op-get-api-things-id')).toContain(
      '<dt>Security</dt><dd><a href="#security-bearerauth">bearerAuth</a></dd>',
    );
    expect(section('op-get-api-docs')).toContain('<dt>Security</dt><dd>none declared</dd>');
    const scheme = html.slice(html.indexOf('<section id="security-bearerauth">'));
    expect(scheme).toMatch(
      /<dt>type<\/dt><dd><code>http<\/code><\/dd><dt>scheme<\/dt><dd><code>bearer<\/code>/,
    );
    expect(scheme).toContain('<code>Firebase ID token</code>');
  });

  it('renders component schemas as nested tables', () => {
    const start = html.indexOf('<section class="schema-def" id="schema-thing">');
    const thing = html.slice(start, html.indexOf('</section>', start));
    expect(thing).toContain('<h3>Thing</h3>');
    expect(thing).toMatch(
      /<td><code>id<\/code><\/td><td>yes<\/td><td><div class="schema"><span class="type">string \(uuid\)/,
    );
    expect(thing).toMatch(
      /<code>name<\/code><\/td><td>yes<\/td>.*length ≥ 1; length ≤ 80.*Shown to people/,
    );
    expect(thing).toMatch(
      /<code>tags<\/code><\/td><td>yes<\/td><td><div class="schema"><span class="type">array of string/,
    );
    expect(thing).toMatch(
      /<code>kind<\/code><\/td><td>no<\/td>.*one of <code>&quot;wave&quot;<\/code>, <code>&quot;noise&quot;<\/code>/,
    );
    // The inline size object is a table inside the Thing table.
    expect(thing).toMatch(
      /<code>size<\/code><\/td><td>yes<\/td><td><div class="schema"><span class="type">object<\/span><table class="props">.*<code>w<\/code><\/td><td>yes<\/td>.*integer.*≥ 0/,
    );
  });
});
