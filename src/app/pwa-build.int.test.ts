// Builds the app for production with the repository's vite.config.ts into a temporary folder and
// checks what browsers and Firebase Hosting get: hashed assets, the web manifest and its icons,
// the generated service worker, and firebase.json's rewrites and cache headers applied to the
// real file names of this build.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { build, resolveConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const configFile = resolve(root, 'vite.config.ts');

let outDir = '';
/** Every built file, as a URL path (`/assets/index-AbCd1234.js`). */
let files: string[] = [];

const read = (urlPath: string) => readFile(join(outDir, urlPath));
const readText = async (urlPath: string) => (await read(urlPath)).toString('utf8');

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'holograms-pwa-'));
  // Vitest sets NODE_ENV=test, which would make Vite build in development mode.
  vi.stubEnv('NODE_ENV', 'production');
  try {
    await build({
      root,
      configFile,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    vi.unstubAllEnvs();
  }
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/')}`)
    .sort();
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('index.html', () => {
  it('loads hashed assets from /assets/ that exist in the build', async () => {
    const html = await readText('/index.html');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css)$/);
      expect(files).toContain(asset);
    }
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
  });

  it('has the basics browsers and Lighthouse look for', async () => {
    const html = await readText('/index.html');
    expect(html).toMatch(/<html lang="[a-z]{2}">/);
    expect(html).toMatch(/<title>Holograms<\/title>/);
    expect(html).toMatch(/<meta\s+name="description"\s+content="[^"]{40,}"/);
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1/);
    expect(html).toContain('<meta name="theme-color" content="#0b0b14"');
    expect(html).toContain('<noscript>');
    expect(html).toContain('<holo-app></holo-app>');
  });

  it('links the manifest and icons that the build contains', async () => {
    const html = await readText('/index.html');
    const links = [
      ...html.matchAll(/<link rel="(manifest|icon|apple-touch-icon)"[^>]* href="([^"]+)"/g),
    ];
    expect(links.map((m) => m[1]).sort()).toEqual(['apple-touch-icon', 'icon', 'manifest']);
    for (const [, , href] of links) expect(files).toContain(href);
  });

  it('is a production build that registers the service worker', async () => {
    const html = await readText('/index.html');
    const entry = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1] ?? '';
    const js = await readText(entry);
    expect(js).toContain('/sw.js');
    expect(js).toContain('SKIP_WAITING');
    expect(js).not.toContain('Lit is in dev mode');
  });
});

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

describe('manifest.webmanifest', () => {
  const manifest = async () =>
    JSON.parse(await readText('/manifest.webmanifest')) as Record<string, unknown> & {
      icons: ManifestIcon[];
      shortcuts?: { url: string; icons?: ManifestIcon[] }[];
    };

  it('describes an installable standalone app', async () => {
    expect(await manifest()).toMatchObject({
      id: '/',
      name: 'Holograms',
      short_name: 'Holograms',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#0b0b14',
      background_color: '#0b0b14',
    });
  });

  it('has a 192 and a 512 icon and a maskable one', async () => {
    const { icons } = await manifest();
    const any = icons.filter((icon) => (icon.purpose ?? 'any').split(' ').includes('any'));
    expect(any.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);
  });

  it('points at PNG files that exist and have the declared size', async () => {
    const { icons, shortcuts = [] } = await manifest();
    const all = [...icons, ...shortcuts.flatMap((s) => s.icons ?? [])];
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const icon of all) {
      expect(files, icon.src).toContain(icon.src);
      const png = await read(icon.src);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
      expect(icon.type).toBe('image/png');
    }
  });

  it('has a Record shortcut inside the app scope', async () => {
    const { shortcuts = [] } = await manifest();
    expect(shortcuts.map((s) => s.url)).toContain('/?action=record');
  });
});

describe('service worker', () => {
  const precache = async () => {
    const sw = await readText('/sw.js');
    return [...sw.matchAll(/\{url:"([^"]+)",revision:(null|"[0-9a-f]+")\}/g)].map((m) => ({
      url: `/${m[1]}`,
      revision: m[2] === 'null' ? null : m[2],
    }));
  };

  it('exists at /sw.js beside its Workbox runtime', () => {
    expect(files).toContain('/sw.js');
    expect(files.some((file) => /^\/workbox-[\w-]+\.js$/.test(file))).toBe(true);
  });

  it('precaches index.html with a content revision', async () => {
    const index = (await precache()).find((entry) => entry.url === '/index.html');
    expect(index?.revision).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('precaches every built file except itself and its runtime, each once', async () => {
    const entries = await precache();
    const urls = entries.map((entry) => entry.url);
    expect(new Set(urls).size).toBe(urls.length);
    // robots.txt is for crawlers, which never run the service worker.
    const expected = files.filter(
      (file) => !/^\/(?:sw|workbox-[\w-]+)\.js$/.test(file) && file !== '/robots.txt',
    );
    expect([...urls].sort()).toEqual(expected);
    for (const entry of entries) {
      if (entry.url.startsWith('/assets/')) expect(entry.revision, entry.url).toBeNull();
    }
  });

  it('answers navigations with index.html, except under /api/', async () => {
    const sw = await readText('/sw.js');
    expect(sw).toContain('createHandlerBoundToURL("/index.html")');
    expect(sw).toContain('denylist:[/^\\/api\\//]');
    expect(sw).toContain('cleanupOutdatedCaches()');
  });

  it('waits for the page to ask before taking over (update prompt)', async () => {
    const sw = await readText('/sw.js');
    expect(sw).toMatch(/"SKIP_WAITING"===\w+\.data\.type&&self\.skipWaiting\(\)/);
    expect(sw).not.toMatch(/self\.skipWaiting\(\)[,;]/);
  });
});

// firebase.json's hosting globs: `**` any path, `*` within a segment, `?` one character,
// `{a,b}` and `@(a|b)` alternatives, a leading `!` negates. Other extglob syntax throws, so a
// rule this test cannot read fails loudly instead of matching nothing.
function globToRegExp(glob: string): { test(path: string): boolean } {
  if (glob.startsWith('!')) {
    const inner = globToRegExp(glob.slice(1));
    return { test: (path) => !inner.test(path) };
  }
  let pattern = '';
  const open: string[] = []; // the closing character of each open `{` or `@(` group
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    const group = open.at(-1);
    if (glob.startsWith('**/', i)) {
      pattern += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      pattern += '.*';
      i += 1;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else if (c === '{' || glob.startsWith('@(', i)) {
      open.push(c === '{' ? '}' : ')');
      pattern += '(?:';
      if (c === '@') i += 1;
    } else if (group && c === group) {
      open.pop();
      pattern += ')';
    } else if (group && c === (group === '}' ? ',' : '|')) pattern += '|';
    else if ('[](){}|!+@'.includes(c)) throw new Error(`unsupported glob syntax in ${glob}`);
    else pattern += c.replace(/[.^$\\]/g, '\\$&');
  }
  if (open.length > 0) throw new Error(`unclosed group in ${glob}`);
  return new RegExp(`^${pattern}$`);
}

describe('globToRegExp', () => {
  it.each([
    ['/assets/**', '/assets/index-AbC.js', true],
    ['/assets/**', '/assets/fonts/a.woff2', true],
    ['/assets/**', '/index.html', false],
    ['/workbox-*.js', '/workbox-2fbc6a65.js', true],
    ['/workbox-*.js', '/x/workbox-1.js', false],
    ['**', '/h/abc', true],
    ['/h/**', '/h/abc', true],
    ['/h/**', '/help', false],
    ['**/.*', '.env', true],
    ['**/.*', 'a/.git', true],
    ['**/.*', 'index.html', false],
    ['**/*.@(js|css)', '/assets/a.css', true],
    ['**/*.{png,svg}', '/favicon.svg', true],
    ['!/assets/**', '/h/abc', true],
    ['!/assets/**', '/assets/a.js', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it('refuses syntax it does not implement', () => {
    expect(() => globToRegExp('/[abc].js')).toThrow(/unsupported/);
    expect(() => globToRegExp('/+(a|b).js')).toThrow(/unsupported/);
    expect(() => globToRegExp('/@(a|b.js')).toThrow(/unclosed/);
  });
});

interface HostingRule {
  source?: string;
  regex?: string;
}

interface Hosting {
  public: string;
  ignore?: string[];
  rewrites?: (HostingRule & { destination?: string })[];
  headers?: (HostingRule & { headers: { key: string; value: string }[] })[];
}

describe('firebase.json hosting', () => {
  let hosting: Hosting;

  beforeAll(async () => {
    const config = JSON.parse(await readFile(resolve(root, 'firebase.json'), 'utf8')) as {
      hosting: Hosting;
    };
    hosting = config.hosting;
  });

  const matches = (rule: HostingRule, path: string): boolean => {
    if (rule.regex !== undefined) return new RegExp(rule.regex).test(path);
    if (rule.source !== undefined) return globToRegExp(rule.source).test(path);
    throw new Error(`rule without source or regex: ${JSON.stringify(rule)}`);
  };

  /** What Hosting serves for a path: a deployed file wins, else the first matching rewrite. */
  const served = (path: string): string | undefined => {
    if (files.includes(path)) return path;
    if (path === '/' && files.includes('/index.html')) return '/index.html';
    return hosting.rewrites?.find((rule) => matches(rule, path))?.destination;
  };

  /** Cache-Control for a request path: every matching rule applies, the last one wins. */
  const cacheControl = (path: string): string | undefined => {
    let value: string | undefined;
    for (const rule of hosting.headers ?? []) {
      if (!matches(rule, path)) continue;
      const header = rule.headers.find((h) => h.key.toLowerCase() === 'cache-control');
      if (header) value = header.value;
    }
    return value;
  };

  it('deploys the folder Vite builds into, without ignoring any built file', async () => {
    const config = await resolveConfig({ root, configFile, logLevel: 'silent' }, 'build');
    expect(hosting.public).toBe(relative(root, resolve(root, config.build.outDir)));
    expect(hosting.public).toBe('dist');
    const ignored = (hosting.ignore ?? []).map(globToRegExp);
    for (const file of files) {
      expect(
        ignored.some((glob) => glob.test(file.slice(1))),
        file,
      ).toBe(false);
    }
  });

  it('serves index.html for shared holograms and other app routes', () => {
    for (const path of ['/h/Zm9vYmFyYmF6cXV4cXV1eA', '/h/abc/def', '/record', '/settings']) {
      expect(served(path), path).toBe('/index.html');
    }
  });

  it('serves the built files themselves', () => {
    for (const file of files) expect(served(file)).toBe(file);
  });

  it('never lets browsers keep a stale /sw.js', () => {
    expect(cacheControl('/sw.js')).toMatch(/\bno-cache\b|\bmax-age=0\b/);
  });

  it('caches every hashed asset of this build for a year, immutable', () => {
    const assets = files.filter((file) => file.startsWith('/assets/'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const value = cacheControl(asset) ?? '';
      expect(value, asset).toMatch(/\bmax-age=31536000\b/);
      expect(value, asset).toMatch(/\bimmutable\b/);
    }
  });

  it('never marks a file whose name does not change with its content immutable', () => {
    for (const file of files.filter((f) => !f.startsWith('/assets/'))) {
      expect(cacheControl(file) ?? '', file).not.toMatch(/\bimmutable\b/);
    }
    for (const file of ['/index.html', '/manifest.webmanifest']) {
      expect(cacheControl(file), file).toMatch(/\bno-cache\b|\bmax-age=0\b/);
    }
  });

  it('revalidates the HTML of every app route, not only /index.html', () => {
    // Hosting matches header rules against the request path, and serves HTML without a rule
    // with max-age=3600: a stale page would then ask for assets the next deploy removed.
    for (const path of ['/', '/h/abc', '/settings']) {
      expect(cacheControl(path) ?? 'no Cache-Control rule', path).toMatch(
        /\bno-cache\b|\bmax-age=0\b/,
      );
    }
  });

  it('answers a missing asset with 404, not index.html cached as immutable', () => {
    // An old page asking for an asset of an earlier deploy must fail, not receive HTML that
    // the /assets/** rule then tells the browser to keep for a year.
    const missing = '/assets/index-gone0000.js';
    expect(files).not.toContain(missing);
    expect(served(missing)).toBeUndefined();
  });
});
