// The API's own description on both backends: /api/openapi.json documents every route the app
// serves under /api (checked against the Hono app's route table), each /api/v1 operation says
// how it is secured, what it takes and how it fails — and the live API answers with statuses the
// document lists — and /api/docs renders it as a page for people.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';

type Obj = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Obj;
}
interface Operation {
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Obj }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Obj }> }>;
  summary?: string;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Obj>; securitySchemes: Record<string, Obj> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
/** The document describes the API; it is not one of the operations it lists. */
const SELF = '/api/openapi.json';

/** Hono's `/a/:id/b/:x{[0-9]+}` as OpenAPI's `/a/{id}/b/{x}`. */
const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

describe.each(BACKENDS)('OpenAPI document and docs page on %s', (name) => {
  let b: Backend;
  let user: EmulatorUser;
  let doc: Document;
  let operations: Array<{ method: string; path: string; op: Operation }>;

  beforeAll(async () => {
    b = await openBackend(name);
    user = await createUser(
      inject('authEmulatorHost'),
      `doc-${randomUUID()}@example.com`,
      'pw-openapi-1',
    );
    const res = await b.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await res.json()) as Document;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        method,
        path,
        op: item[method] as Operation,
      })),
    );
  });
  afterAll(() => b.close());

  it('is an OpenAPI 3.1 document that lists exactly the routes the app serves under /api', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const served = new Set(
      b.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.includes('*'))
        .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`)
        .filter((r) => r !== `get ${SELF}`),
    );
    const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
    expect([...documented].sort()).toEqual([...served].sort());
    // The endpoints are all there.
    for (const op of [
      'get /api/health',
      'get /api/docs',
      'get /api/v1/holograms',
      'put /api/v1/holograms/{id}',
      'get /api/v1/holograms/{id}',
      'delete /api/v1/holograms/{id}',
      'get /api/v1/holograms/{id}/similar',
      'get /api/v1/holograms/{id}/chunks',
      'put /api/v1/holograms/{id}/chunks/{seq}/{kind}',
      'get /api/v1/holograms/{id}/chunks/{seq}/{kind}',
    ]) {
      expect(documented, op).toContain(op);
    }
  });

  it('gives every /api/v1 operation its security, typed parameters and bodies, and JSON errors', () => {
    expect(doc.components.securitySchemes.firebaseIdToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: expect.arrayContaining(['code', 'message']),
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    });
    const v1 = operations.filter((o) => o.path.startsWith('/api/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(8);
    for (const { method, path, op } of v1) {
      const at = `${method.toUpperCase()} ${path}`;
      expect(op.summary, at).toEqual(expect.any(String));
      expect(op.security, at).toEqual([{ firebaseIdToken: [] }]);

      // Each {name} of the path is a required path parameter with a schema, and no other is.
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = op.parameters ?? [];
      expect(
        params
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort(),
        at,
      ).toEqual([...inPath].sort());
      for (const p of params) {
        expect(['path', 'query', 'header'], `${at} ${p.name}`).toContain(p.in);
        expect(p.schema, `${at} ${p.name}`).toEqual(expect.objectContaining({}));
        expect(p.schema?.type ?? p.schema?.$ref, `${at} ${p.name} type`).toBeDefined();
        if (p.in === 'path') {
          expect(p.required, `${at}: path parameter ${p.name} must be required`).toBe(true);
          // A path segment is never null.
          expect([p.schema?.type].flat(), `${at} ${p.name}`).not.toContain('null');
        }
      }

      if (method === 'put' || method === 'post' || method === 'patch') {
        expect(op.requestBody?.required, at).toBe(true);
        const content = Object.values(op.requestBody?.content ?? {});
        expect(content.length, at).toBeGreaterThan(0);
        for (const c of content) expect(c.schema, at).toEqual(expect.objectContaining({}));
      }

      // Errors every /api/v1 request can meet (auth, validation, rate limit, a part down), each
      // with the JSON error shape; writes also document 413, and whatever needs the hologram to
      // exist (all under {id} but the PUT that creates it) 404.
      const expected = ['400', '401', '403', '429', '503'];
      if (method === 'put') expected.push('413');
      if (inPath.includes('id') && !(method === 'put' && path === '/api/v1/holograms/{id}')) {
        expected.push('404');
      }
      for (const status of expected) {
        const response = op.responses[status];
        expect(response, `${at} documents ${status}`).toBeDefined();
        expect(response?.content?.['application/json']?.schema, `${at} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, `${at} ${status}`).toEqual(expect.any(String));
        if (/^[45]/.test(status) && response.content) {
          expect(Object.keys(response.content), `${at} ${status}`).toEqual(['application/json']);
        }
      }
    }
  });

  it('keeps the constraints of the chunk part parameters', () => {
    const put = doc.paths['/api/v1/holograms/{id}/chunks/{seq}/{kind}']?.put;
    const param = (n: string) => put?.parameters?.find((p) => p.name === n);
    expect(param('id')?.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(param('seq')?.schema).toMatchObject({ type: 'integer', minimum: 0 });
    expect(param('kind')?.schema).toMatchObject({ enum: ['audio', 'frames'] });
    expect(param('x-content-sha256')).toMatchObject({
      in: 'header',
      required: true,
      schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
    });
  });

  it('matches what the API answers: 401 without a token, 400 for a bad id, 404 for a missing one', async () => {
    const sample = (path: string, id: string) =>
      path.replace('{id}', id).replace('{seq}', '0').replace('{kind}', 'audio');
    const request = (method: string, path: string, token: string | null) =>
      b.app.request(path, {
        method: method.toUpperCase(),
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          'Content-Type': 'application/json',
          'X-Content-SHA256': 'a'.repeat(64),
        },
        ...(method === 'put' ? { body: '{}' } : {}),
      });
    const v1 = operations.filter((o) => o.path.startsWith('/api/v1/'));
    for (const { method, path, op } of v1) {
      const at = `${method.toUpperCase()} ${path}`;
      const anonymous = await request(method, sample(path, randomUUID()), null);
      expect(anonymous.status, at).toBe(401);
      expect(Object.keys(op.responses), at).toContain('401');
      if (!path.includes('{id}')) continue;
      const bad = await request(method, sample(path, 'not-a-uuid'), user.idToken);
      expect(bad.status, at).toBe(400);
      expect(Object.keys(op.responses), at).toContain('400');
      if (method === 'put') continue; // a PUT of a missing hologram creates it (or needs a body)
      const missing = await request(method, sample(path, randomUUID()), user.idToken);
      expect(missing.status, at).toBe(404);
      expect(Object.keys(op.responses), at).toContain('404');
      expect(((await missing.json()) as { error: { code: string } }).error.code, at).toMatch(
        /_not_found$/,
      );
    }
  });

  it('serves /api/docs: the same document as one HTML page for people, without scripts', async () => {
    const res = await b.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(doc.info.title);
    const text = textOf(html);
    for (const { method, path, op } of operations) {
      expect(text, `${method} ${path}`).toContain(path);
      if (op.summary) expect(text, `${method} ${path} summary`).toContain(op.summary);
    }
    for (const schema of Object.keys(doc.components.schemas)) expect(text).toContain(schema);
    expect(html).toContain('openapi.json');
  });
});

/** The page's text: tags dropped, character references decoded, white space collapsed. */
function textOf(html: string) {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}
