// An OpenAPI 3.x document as one self-contained HTML page: no scripts, no external resources (the
// CSP allows only inline styles), every string from the document escaped. Component schemas
// are rendered once and linked wherever a $ref points at them; inline schemas become nested
// tables. Parameters, request bodies and responses given as $refs are resolved in place.

type Obj = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}

const code = (v: unknown) => `<code>${escapeHtml(v)}</code>`;
const json = (v: unknown) => code(JSON.stringify(v));
const text = (v: unknown, cls = 'desc') =>
  typeof v === 'string' && v ? `<p class="${cls}">${escapeHtml(v)}</p>` : '';

/** Unique, URL-safe ids for headings. */
class Anchors {
  private readonly used = new Set<string>();
  make(prefix: string, name: string): string {
    const base = `${prefix}-${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

interface Operation {
  id: string;
  method: string;
  path: string;
  op: Obj;
  pathItem: Obj;
}

export interface RenderOptions {
  /** Where the machine-readable document is, linked from the page's header. */
  specHref?: string;
}

export function renderDocs(document: object, options: RenderOptions = {}): string {
  return new Renderer(document as Obj).page(options);
}

class Renderer {
  private readonly anchors = new Anchors();
  private readonly schemaIds = new Map<string, string>();
  private readonly securityIds = new Map<string, string>();
  private readonly components: Obj;
  private readonly operations: Operation[] = [];

  constructor(private readonly doc: Obj) {
    this.components = obj(doc.components);
    for (const name of Object.keys(obj(this.components.schemas)))
      this.schemaIds.set(name, this.anchors.make('schema', name));
    for (const name of Object.keys(obj(this.components.securitySchemes)))
      this.securityIds.set(name, this.anchors.make('security', name));
    for (const [path, item] of Object.entries(obj(doc.paths))) {
      const pathItem = obj(this.resolve(item));
      for (const method of METHODS) {
        if (!isObj(pathItem[method])) continue;
        const id = this.anchors.make('op', `${method} ${path}`);
        this.operations.push({ id, method, path, op: pathItem[method], pathItem });
      }
    }
  }

  page({ specHref }: RenderOptions): string {
    const info = obj(this.doc.info);
    const title = str(info.title) ?? 'API';
    const servers = list(this.doc.servers).map((s) => code(str(obj(s).url) ?? ''));
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)} <small>${escapeHtml(str(info.version) ?? '')}</small></h1>
${text(info.description)}
<p class="meta">OpenAPI ${escapeHtml(str(this.doc.openapi) ?? '?')}${
      specHref ? ` · <a href="${escapeHtml(specHref)}">machine-readable document</a>` : ''
    }${servers.length ? ` · servers: ${servers.join(', ')}` : ''}</p>
</header>
${this.toc()}
<main>
<h2 id="operations">Operations</h2>
${this.operations.map((o) => this.operation(o)).join('\n')}
${this.schemasSection()}
${this.securitySection()}
</main>
</body>
</html>
`;
  }

  private toc(): string {
    const groups = new Map<string, Operation[]>();
    for (const o of this.operations) {
      const tag = str(list(o.op.tags)[0]) ?? 'other';
      groups.set(tag, [...(groups.get(tag) ?? []), o]);
    }
    const ops = [...groups]
      .map(
        ([tag, ops]) =>
          `<li>${escapeHtml(tag)}<ul>${ops
            .map(
              (o) =>
                `<li><a href="#${o.id}"><span class="method ${o.method}">${o.method.toUpperCase()}</span> ${code(o.path)}</a>${
                  str(o.op.summary) ? ` ${escapeHtml(o.op.summary)}` : ''
                }</li>`,
            )
            .join('')}</ul></li>`,
      )
      .join('');
    const links = (ids: Map<string, string>) =>
      [...ids].map(([name, id]) => `<li><a href="#${id}">${escapeHtml(name)}</a></li>`).join('');
    return `<nav aria-label="Contents">
<h2>Contents</h2>
<ul>
<li><a href="#operations">Operations</a><ul>${ops}</ul></li>
${this.schemaIds.size ? `<li><a href="#schemas">Schemas</a><ul>${links(this.schemaIds)}</ul></li>` : ''}
${this.securityIds.size ? `<li><a href="#security">Security schemes</a><ul>${links(this.securityIds)}</ul></li>` : ''}
</ul>
</nav>`;
  }

  private operation({ id, method, path, op, pathItem }: Operation): string {
    const meta: string[] = [];
    if (str(op.operationId)) meta.push(`<dt>Operation id</dt><dd>${code(op.operationId)}</dd>`);
    const tags = list(op.tags).map(escapeHtml);
    if (tags.length) meta.push(`<dt>Tags</dt><dd>${tags.join(', ')}</dd>`);
    meta.push(`<dt>Security</dt><dd>${this.security(op.security ?? this.doc.security)}</dd>`);
    if (op.deprecated === true) meta.push('<dt>Deprecated</dt><dd>yes</dd>');
    return `<section class="op" id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> ${code(path)}</h3>
${text(op.summary ?? pathItem.summary, 'summary')}
${text(op.description ?? pathItem.description)}
<dl class="meta">${meta.join('')}</dl>
${this.parameters([...list(pathItem.parameters), ...list(op.parameters)])}
${this.requestBody(op.requestBody)}
${this.responses(op.responses)}
</section>`;
  }

  private security(requirements: unknown): string {
    if (!Array.isArray(requirements)) return 'none declared';
    if (requirements.length === 0) return 'none (public)';
    return requirements
      .map((req) => {
        const names = Object.entries(obj(req)).map(([name, scopes]) => {
          const id = this.securityIds.get(name);
          const label = id ? `<a href="#${id}">${escapeHtml(name)}</a>` : escapeHtml(name);
          const s = list(scopes).map(escapeHtml);
          return s.length ? `${label} (scopes: ${s.join(', ')})` : label;
        });
        return names.length ? names.join(' and ') : 'none';
      })
      .join(' <em>or</em> ');
  }

  private parameters(raw: unknown[]): string {
    // Operation parameters override path-level ones with the same name and location.
    const byKey = new Map<string, Obj>();
    for (const p of raw.map((r) => obj(this.resolve(r))))
      byKey.set(`${str(p.in)}:${str(p.name)}`, p);
    if (byKey.size === 0) return '';
    const rows = [...byKey.values()].map(
      (p) =>
        `<tr><td>${code(p.name)}</td><td>${escapeHtml(p.in)}</td><td>${
          p.required === true ? 'yes' : 'no'
        }</td><td>${this.schema(this.parameterSchema(p))}</td><td>${escapeHtml(
          str(p.description) ?? '',
        )}${p.deprecated === true ? ' (deprecated)' : ''}</td></tr>`,
    );
    return `<h4>Parameters</h4>
<table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
  }

  /** zod-openapi copies a parameter's description into its schema; it is shown once. */
  private parameterSchema(p: Obj): unknown {
    const schema = p.schema ?? obj(Object.values(obj(p.content))[0]).schema;
    if (!isObj(schema) || schema.description !== p.description) return schema;
    const { description: _, ...rest } = schema;
    return rest;
  }

  private requestBody(raw: unknown): string {
    if (raw === undefined) return '';
    const body = obj(this.resolve(raw));
    return `<h4>Request body${body.required === true ? ' (required)' : ' (optional)'}</h4>
${text(body.description)}
${this.content(body.content)}`;
  }

  private content(raw: unknown): string {
    const entries = Object.entries(obj(raw));
    if (entries.length === 0) return '';
    return `<dl class="content">${entries
      .map(([type, media]) => `<dt>${code(type)}</dt><dd>${this.schema(obj(media).schema)}</dd>`)
      .join('')}</dl>`;
  }

  private responses(raw: unknown): string {
    const entries = Object.entries(obj(raw));
    if (entries.length === 0) return '';
    const rows = entries.map(([status, r]) => {
      const response = obj(this.resolve(r));
      const headers = Object.entries(obj(response.headers)).map(([name, h]) => {
        const header = obj(this.resolve(h));
        return `<dt>${code(name)}</dt><dd>${this.schema(header.schema)}${text(header.description)}</dd>`;
      });
      return `<tr><td>${code(status)}</td><td>${escapeHtml(str(response.description) ?? '')}${
        headers.length
          ? `<dl class="headers"><dt>Headers</dt><dd><dl>${headers.join('')}</dl></dd></dl>`
          : ''
      }</td><td>${this.content(response.content) || '<span class="none">no body</span>'}</td></tr>`;
    });
    return `<h4>Responses</h4>
<table><thead><tr><th>Status</th><th>Description</th><th>Body</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
  }

  private schemasSection(): string {
    if (this.schemaIds.size === 0) return '';
    const schemas = obj(this.components.schemas);
    return `<h2 id="schemas">Schemas</h2>
${[...this.schemaIds]
  .map(
    ([name, id]) =>
      `<section class="schema-def" id="${id}"><h3>${escapeHtml(name)}</h3>${this.schema(schemas[name])}</section>`,
  )
  .join('\n')}`;
  }

  private securitySection(): string {
    if (this.securityIds.size === 0) return '';
    const schemes = obj(this.components.securitySchemes);
    const fields = ['type', 'scheme', 'bearerFormat', 'in', 'name', 'openIdConnectUrl'];
    return `<h2 id="security">Security schemes</h2>
${[...this.securityIds]
  .map(([name, id]) => {
    const scheme = obj(schemes[name]);
    const rows = fields
      .filter((f) => scheme[f] !== undefined)
      .map((f) => `<dt>${escapeHtml(f)}</dt><dd>${code(scheme[f])}</dd>`);
    return `<section id="${id}"><h3>${escapeHtml(name)}</h3>${text(scheme.description)}<dl class="meta">${rows.join('')}</dl></section>`;
  })
  .join('\n')}`;
  }

  /** A schema: its type line, constraints, description, then properties and variants. */
  private schema(raw: unknown): string {
    if (!isObj(raw)) return raw === true ? 'any' : '<span class="none">—</span>';
    if (str(raw.$ref)) return this.ref(raw.$ref as string);
    const parts = [`<span class="type">${this.typeLabel(raw)}</span>`];
    const facts = this.facts(raw);
    if (facts.length) parts.push(`<span class="facts">${facts.join('; ')}</span>`);
    parts.push(text(raw.description));
    const properties = Object.entries(obj(raw.properties));
    if (properties.length) {
      const required = new Set(list(raw.required));
      parts.push(
        `<table class="props"><thead><tr><th>Property</th><th>Required</th><th>Schema</th></tr></thead><tbody>${properties
          .map(
            ([name, s]) =>
              `<tr><td>${code(name)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${this.schema(s)}</td></tr>`,
          )
          .join('')}</tbody></table>`,
      );
    }
    const extra = raw.additionalProperties;
    if (isObj(extra)) parts.push(`<div class="sub">Other properties: ${this.schema(extra)}</div>`);
    if (extra === false) parts.push('<div class="sub">No other properties.</div>');
    if (isObj(raw.items) && this.isComplex(raw.items))
      parts.push(`<div class="sub">Each item: ${this.schema(raw.items)}</div>`);
    for (const [key, label] of [
      ['oneOf', 'Exactly one of'],
      ['anyOf', 'Any of'],
      ['allOf', 'All of'],
    ] as const) {
      const variants = list(raw[key]);
      if (variants.length)
        parts.push(
          `<div class="sub">${label}:<ol>${variants.map((v) => `<li>${this.schema(v)}</li>`).join('')}</ol></div>`,
        );
    }
    if (raw.not !== undefined) parts.push(`<div class="sub">Not: ${this.schema(raw.not)}</div>`);
    return `<div class="schema">${parts.join('')}</div>`;
  }

  /** Complex schemas get their own block; simple ones are named in the type line. */
  private isComplex(s: Obj): boolean {
    return ['properties', 'oneOf', 'anyOf', 'allOf', 'not', 'additionalProperties', 'enum'].some(
      (k) => s[k] !== undefined,
    );
  }

  private typeLabel(s: Obj): string {
    if (str(s.$ref)) return this.ref(s.$ref as string);
    const types = Array.isArray(s.type)
      ? s.type.map(String)
      : str(s.type)
        ? [s.type as string]
        : [];
    if (s.nullable === true) types.push('null');
    const label = types.map((t) => {
      if (t === 'array') {
        const items = obj(s.items);
        return `array of ${this.isComplex(items) ? 'items below' : this.typeLabel(items)}`;
      }
      return str(s.format) && t !== 'null'
        ? `${escapeHtml(t)} (${escapeHtml(s.format)})`
        : escapeHtml(t);
    });
    if (label.length) return label.join(' | ');
    if (s.const !== undefined) return `constant ${json(s.const)}`;
    if (s.enum !== undefined) return 'enum';
    if (s.oneOf || s.anyOf || s.allOf) return 'composite';
    if (s.properties) return 'object';
    return 'any';
  }

  private facts(s: Obj): string[] {
    const facts: string[] = [];
    if (Array.isArray(s.enum)) facts.push(`one of ${s.enum.map(json).join(', ')}`);
    if (s.const !== undefined && s.type !== undefined) facts.push(`always ${json(s.const)}`);
    const bounds: [string, string][] = [
      ['minimum', '≥'],
      ['exclusiveMinimum', '>'],
      ['maximum', '≤'],
      ['exclusiveMaximum', '<'],
      ['minLength', 'length ≥'],
      ['maxLength', 'length ≤'],
      ['minItems', 'items ≥'],
      ['maxItems', 'items ≤'],
      ['minProperties', 'properties ≥'],
      ['maxProperties', 'properties ≤'],
      ['multipleOf', 'multiple of'],
    ];
    for (const [key, label] of bounds)
      if (typeof s[key] === 'number') facts.push(`${escapeHtml(label)} ${escapeHtml(s[key])}`);
    if (s.uniqueItems === true) facts.push('unique items');
    if (str(s.pattern)) facts.push(`pattern ${code(s.pattern)}`);
    if (str(s.contentMediaType)) facts.push(`content ${code(s.contentMediaType)}`);
    if (str(s.contentEncoding)) facts.push(`encoding ${code(s.contentEncoding)}`);
    if (s.default !== undefined) facts.push(`default ${json(s.default)}`);
    if (s.example !== undefined) facts.push(`example ${json(s.example)}`);
    if (Array.isArray(s.examples)) facts.push(`examples ${s.examples.map(json).join(', ')}`);
    if (s.readOnly === true) facts.push('read-only');
    if (s.writeOnly === true) facts.push('write-only');
    if (s.deprecated === true) facts.push('deprecated');
    return facts;
  }

  private ref(ref: string): string {
    const name = ref.startsWith('#/components/schemas/')
      ? pointerToken(ref.slice('#/components/schemas/'.length))
      : undefined;
    const id = name === undefined ? undefined : this.schemaIds.get(name);
    return id ? `<a class="ref" href="#${id}">${escapeHtml(name)}</a>` : code(ref);
  }

  /** Follows local $refs (#/components/...) of parameters, bodies and responses. */
  private resolve(value: unknown, depth = 0): unknown {
    const ref = str(obj(value).$ref);
    if (!ref?.startsWith('#/') || depth > 8) return value;
    let target: unknown = this.doc;
    for (const token of ref.slice(2).split('/')) target = obj(target)[pointerToken(token)];
    return this.resolve(target, depth + 1);
  }
}

/** One JSON Pointer token, unescaped (RFC 6901). */
function pointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d1f24; --bg: #fff; --muted: #5d6470; --line: #d9dce1; --code: #f3f4f6; --link: #2456c7; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --bg: #14161a; --muted: #9aa1ad; --line: #30343b; --code: #1f2329; --link: #8fb0ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); display: grid; grid-template-columns: minmax(14rem, 20rem) 1fr; }
header { grid-column: 1 / -1; padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; } header small, .meta, .facts, .none { color: var(--muted); }
nav { padding: 1rem 1.5rem; border-right: 1px solid var(--line); font-size: 0.9em; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
nav ul { padding-left: 1rem; margin: 0.2rem 0; list-style: none; }
main { padding: 0 1.5rem 3rem; min-width: 0; }
a { color: var(--link); }
code { font: 0.9em ui-monospace, monospace; background: var(--code); padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
.desc { white-space: pre-line; }
.summary { font-weight: 600; }
section.op, section.schema-def { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 1.5rem; }
.method { display: inline-block; min-width: 4.2em; text-align: center; font: 700 0.8em ui-monospace, monospace; padding: 0.1em 0.4em; border-radius: 3px; color: #fff; background: #6b7280; }
.method.get { background: #1f7a4d; } .method.post { background: #2456c7; } .method.put { background: #9a5b00; } .method.patch { background: #7a3fb8; } .method.delete { background: #b42318; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.8rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--code); font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.meta dd, dl.content dd { margin: 0; } dl.content dt { margin-top: 0.3rem; }
.schema .type { font-family: ui-monospace, monospace; } .schema .facts::before { content: " · "; }
.schema .desc { margin: 0.2rem 0; } .sub { margin: 0.3rem 0 0.3rem 0.8rem; }
@media (max-width: 50rem) { body { display: block; } nav { position: static; max-height: none; border-right: 0; } }
`;
