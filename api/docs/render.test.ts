// The renderer on hand-written OpenAPI 3.1 shapes that zod-openapi apps rarely produce: $ref
// parameters and responses, type arrays, variants, maps, and names that need escaping.
import { describe, expect, it } from 'vitest';
import { renderDocs } from './render.ts';

const doc = {
  openapi: '3.1.0',
  info: { title: 'T', version: '1', description: 'About "T"' },
  servers: [{ url: '/' }],
  security: [{ key: [] }, { oauth: ['read', 'write'] }],
  paths: {
    '/items/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      delete: {
        responses: { '204': { $ref: '#/components/responses/Gone' } },
      },
      patch: {
        security: [],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                oneOf: [{ $ref: '#/components/schemas/A~1B' }, { type: 'null' }],
              },
            },
          },
        },
        responses: { default: { description: 'Anything' } },
      },
    },
  },
  components: {
    parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
    responses: { Gone: { description: 'Deleted <for good>' } },
    securitySchemes: {
      key: { type: 'apiKey', in: 'header', name: 'X-Key' },
      oauth: { type: 'oauth2', description: 'OAuth' },
    },
    schemas: {
      'A/B': {
        type: 'object',
        properties: {
          note: { type: ['string', 'null'], default: null },
          counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
          list: { type: 'array', items: { type: 'object', properties: { x: { const: 1 } } } },
        },
        additionalProperties: false,
      },
      '"><img>': { type: 'string' },
    },
  },
};

const html = renderDocs(doc);

/** The HTML of the section with this id. */
function section(id: string): string {
  const start = html.indexOf(` id="${id}">`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('renderDocs', () => {
  it('resolves $ref parameters and responses, and lets an operation override a path parameter', () => {
    const del = section('op-delete-items-id');
    expect(del).toMatch(/<code>id<\/code><\/td><td>path<\/td><td>yes<\/td><td>.*string/);
    expect(del).toContain('Deleted &lt;for good&gt;');
    const patch = section('op-patch-items-id');
    expect(patch).toMatch(/<code>id<\/code><\/td><td>path<\/td><td>yes<\/td><td>.*integer/);
    expect(patch).not.toMatch(/<code>id<\/code>.*<code>id<\/code><\/td><td>path/);
    expect(patch).toContain('<h4>Request body (optional)</h4>');
    expect(patch).toContain('<code>default</code></td><td>Anything</td>');
  });

  it('shows document-wide security alternatives and an operation opting out', () => {
    const del = section('op-delete-items-id');
    expect(del).toContain(
      '<a href="#security-key">key</a> <em>or</em> <a href="#security-oauth">oauth</a> (scopes: read, write)',
    );
    expect(section('op-patch-items-id')).toContain('<dd>none (public)</dd>');
    expect(html).toMatch(
      /id="security-key">.*<dt>in<\/dt><dd><code>header<\/code>.*<code>X-Key<\/code>/,
    );
  });

  it('renders variants, type arrays, maps and array items, linking escaped $ref names', () => {
    expect(html).toMatch(
      /Exactly one of:<ol><li><a class="ref" href="#schema-a-b">A\/B<\/a><\/li><li>.*null/,
    );
    const ab = section('schema-a-b');
    expect(ab).toMatch(
      /<code>note<\/code>.*string \| null<\/span><span class="facts">default <code>null<\/code>/,
    );
    expect(ab).toMatch(
      /<code>counts<\/code>.*Other properties: .*integer<\/span><span class="facts">≥ 0/,
    );
    expect(ab).toMatch(
      /<code>list<\/code>.*array of items below.*Each item: .*<code>x<\/code>.*constant <code>1<\/code>/,
    );
    expect(ab).toContain('No other properties.');
  });

  it('escapes hostile names in text and anchors', () => {
    expect(html).not.toContain('<img>');
    expect(html).toContain('&quot;&gt;&lt;img&gt;');
    expect(html).toContain('id="schema-img"');
    expect(html).toContain('<p class="desc">About &quot;T&quot;</p>');
  });
});
