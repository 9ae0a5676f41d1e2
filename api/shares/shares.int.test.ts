// Share links on both backends with real Auth Emulator tokens and real chunks (ffmpeg's
// webm/opus, frames in the project format): tokens are random and unguessable, the owner
// endpoints are idempotent and isolated, the public endpoints reach only the shared hologram,
// revoking (or deleting the hologram) turns every public URL into the same 404, caching headers
// bound shared caches, the rate limit holds per client address, the preview is a real PNG, and
// /h/{token} carries the link's card without telling live links from dead ones.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import {
  makeRecording,
  type Recording,
  shareHologram,
  uploadRecording,
} from '../../e2e/harness/shared-hologram.ts';
import { requireExecutable } from '../../e2e/harness/system.ts';
import { type App, createApp } from '../app.ts';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview.ts';
import { MANIFEST_CACHE_CONTROL, PART_CACHE_CONTROL, SHARED_CACHE_SECONDS } from './routes.ts';

const run = promisify(execFile);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

type Json = Record<string, unknown>;
interface Manifest {
  title: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  chunks: Array<{
    seq: number;
    audio: { size: number; etag: string; contentType: string } | null;
    frames: { size: number; etag: string; contentType: string } | null;
  }>;
}

let recording: Recording;
let tmp: string;

beforeAll(async () => {
  recording = await makeRecording(2, 1);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-shares-'));
  await writeFile(
    path.join(tmp, 'index.html'),
    '<!doctype html><html><head><title>Holograms</title>\n<meta\n  name="description"\n  content="app"\n/></head><body><holo-app></holo-app></body></html>',
  );
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Decodes a PNG to RGB with ffmpeg (an independent decoder). */
async function decodePng(png: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  const file = path.join(tmp, `${randomUUID()}.png`);
  await writeFile(file, png);
  const { stdout } = await run(
    ffmpeg,
    ['-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  expect(stdout.length).toBe(width * height * 3);
  return new Uint8Array(stdout);
}

describe.each(BACKENDS)('shares on %s', (name) => {
  let b: Backend;
  let alice: EmulatorUser;
  let bob: EmulatorUser;
  /** Alice's shared hologram (2 chunks), another of hers (3 chunks, not shared), one of Bob's. */
  let shared: string;
  let unshared: string;
  let bobs: string;
  let token: string;
  let request: App['request'];
  const as = (user: EmulatorUser | null, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: {
      ...(user ? { Authorization: `Bearer ${user.idToken}` } : {}),
      'Content-Type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  /** A public request from a client address (the same for every test unless given). */
  const pub = (p: string, headers: Record<string, string> = {}, ip = '198.51.100.7') =>
    b.app.request(p, { headers }, { incoming: { socket: { remoteAddress: ip } } });
  const code = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    b = await openBackend(name);
    request = (p, init) => b.app.request(p, init);
    const host = inject('authEmulatorHost');
    alice = await createUser(host, `alice-${randomUUID()}@example.com`, 'pw-alice-123');
    bob = await createUser(host, `bob-${randomUUID()}@example.com`, 'pw-bob-1234');
    shared = await uploadRecording(request, alice.idToken, recording, 'Morning <train> & "co"');
    unshared = await uploadRecording(
      request,
      alice.idToken,
      { ...recording, chunks: [...recording.chunks, ...recording.chunks.slice(0, 1)] },
      'Private',
    );
    bobs = await uploadRecording(request, bob.idToken, recording, "Bob's");
    token = await shareHologram(request, alice.idToken, shared);
  });
  afterAll(() => b.close());

  it('makes one random url-safe token per hologram: PUT is idempotent, GET reads it back', async () => {
    expect(token).toMatch(TOKEN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(24);
    const again = await request(
      `/api/v1/holograms/${shared}/share`,
      as(alice, { method: 'PUT', body: '{}' }),
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ token, hologramId: shared, path: `/h/${token}` });
    const read = await request(`/api/v1/holograms/${shared}/share`, as(alice));
    expect(read.status).toBe(200);
    expect(((await read.json()) as Json).token).toBe(token);
    // Not shared yet: 204 for the owner, nothing created by reading.
    const none = await request(`/api/v1/holograms/${unshared}/share`, as(alice));
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    // Ten concurrent PUTs of a fresh hologram agree on one token.
    const fresh = await uploadRecording(request, alice.idToken, recording, 'Concurrent');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(`/api/v1/holograms/${fresh}/share`, as(alice, { method: 'PUT', body: '{}' })),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const tokens = new Set(
      await Promise.all(answers.map(async (r) => ((await r.json()) as Json).token)),
    );
    expect(tokens.size).toBe(1);
  });

  it('gives tokens that look random: no shared structure, bits balanced, nothing derived from ids', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await uploadRecording(
        request,
        alice.idToken,
        { ...recording, chunks: [] },
        `t${i}`,
      );
      const t = await shareHologram(request, alice.idToken, id);
      expect(t).toMatch(TOKEN);
      expect(t).not.toContain(id.replaceAll('-', '').slice(0, 8));
      tokens.push(t);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const bits = tokens.map((t) =>
      [...Buffer.from(t, 'base64url')].flatMap((byte) => [...byte.toString(2).padStart(8, '0')]),
    );
    const ones = bits.flat().filter((x) => x === '1').length / bits.flat().length;
    expect(ones).toBeGreaterThan(0.42);
    expect(ones).toBeLessThan(0.58);
    // Tokens made one after the other differ in about half their 192 bits (no counter, no time).
    for (let i = 1; i < bits.length; i++) {
      const prev = bits[i - 1] as string[];
      const differing = (bits[i] as string[]).filter((x, j) => x !== prev[j]).length;
      expect(differing).toBeGreaterThan(60);
      expect(differing).toBeLessThan(132);
    }
  });

  it('serves the manifest of the shared hologram only, with an ETag to revalidate', async () => {
    const res = await pub(`/api/public/shares/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(MANIFEST_CACHE_CONTROL);
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^"m-[0-9a-f]{32}"$/);
    const m = (await res.json()) as Manifest & Json;
    expect(m).toMatchObject({
      title: 'Morning <train> & "co"',
      durationMs: 2000,
      sampleRate: 48_000,
      channels: 1,
    });
    expect(m.chunks).toEqual(
      recording.chunks.map((c, seq) => ({
        seq,
        audio: { size: c.audio.length, etag: `"${sha(c.audio)}"`, contentType: 'audio/webm' },
        frames: {
          size: c.framesBytes.length,
          etag: `"${sha(c.framesBytes)}"`,
          contentType: 'application/vnd.holograms.frames',
        },
      })),
    );
    // Nothing that names the owner or the hologram.
    expect(JSON.stringify(m)).not.toContain(shared);
    expect(JSON.stringify(m)).not.toContain(alice.uid);
    const again = await pub(`/api/public/shares/${token}`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
  });

  it('serves chunk parts byte-exact with ETag, Range and a bounded shared-cache lifetime', async () => {
    const chunk = recording.chunks[1] as Recording['chunks'][number];
    const audio = await pub(`/api/public/shares/${token}/chunks/1/audio`);
    expect(audio.status).toBe(200);
    expect(new Uint8Array(await audio.arrayBuffer())).toEqual(chunk.audio);
    expect(audio.headers.get('content-type')).toBe('audio/webm');
    expect(audio.headers.get('etag')).toBe(`"${sha(chunk.audio)}"`);
    expect(audio.headers.get('cache-control')).toBe(PART_CACHE_CONTROL);
    expect(PART_CACHE_CONTROL).toContain(`s-maxage=${SHARED_CACHE_SECONDS}`);
    expect(audio.headers.get('accept-ranges')).toBe('bytes');
    const frames = await pub(`/api/public/shares/${token}/chunks/1/frames`);
    expect(new Uint8Array(await frames.arrayBuffer())).toEqual(chunk.framesBytes);
    const ranged = await pub(`/api/public/shares/${token}/chunks/1/audio`, {
      Range: 'bytes=10-99',
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 10-99/${chunk.audio.length}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(chunk.audio.subarray(10, 100));
    const beyond = await pub(`/api/public/shares/${token}/chunks/1/audio`, {
      Range: `bytes=${chunk.audio.length}-`,
    });
    expect(beyond.status).toBe(416);
    const cached = await pub(`/api/public/shares/${token}/chunks/1/audio`, {
      'If-None-Match': `"${sha(chunk.audio)}"`,
    });
    expect(cached.status).toBe(304);
    // Frames are gzipped for clients that accept it (their validator is then weak); audio (Opus)
    // is sent as it is.
    const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
    const packed = await pub(`/api/public/shares/${token}/chunks/1/frames`, gzip);
    expect(packed.headers.get('content-encoding')).toBe('gzip');
    expect(packed.headers.get('vary')).toContain('Accept-Encoding');
    expect(packed.headers.get('etag')).toBe(`W/"${sha(chunk.framesBytes)}"`);
    const unpacked = packed.body?.pipeThrough(new DecompressionStream('gzip'));
    expect(new Uint8Array(await new Response(unpacked).arrayBuffer())).toEqual(chunk.framesBytes);
    const revalidated = await pub(`/api/public/shares/${token}/chunks/1/frames`, {
      ...gzip,
      'If-None-Match': `W/"${sha(chunk.framesBytes)}"`,
    });
    expect(revalidated.status).toBe(304);
    const sound = await pub(`/api/public/shares/${token}/chunks/1/audio`, gzip);
    expect(sound.headers.get('content-encoding')).toBeNull();
    expect(sound.headers.get('etag')).toBe(`"${sha(chunk.audio)}"`);
  });

  it('reaches nothing else: other chunks, other holograms, other users, other tokens, odd paths', async () => {
    const notFound = [
      `/api/public/shares/${token}/chunks/2/audio`, // the unshared hologram has a chunk 2
      `/api/public/shares/${token}/chunks/99/frames`,
      `/api/public/shares/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      `/api/public/shares/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}/chunks/0/audio`,
      `/api/public/shares/${token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase()}`,
      `/api/public/shares/${shared}`,
      `/api/public/shares/${shared}/chunks/0/audio`,
      `/api/public/shares/${unshared}/chunks/0/audio`,
      `/api/public/shares/${bobs}/chunks/0/audio`,
      `/api/public/shares/${'A'.repeat(32)}`,
      `/api/public/shares/${token}%2F..%2F..%2F${unshared}`,
      `/api/public/shares/..%2F${unshared}/chunks/0/audio`,
      `/api/public/shares/${encodeURIComponent(`${token}' OR '1'='1`)}`,
      `/api/public/shares/${'x'.repeat(150)}`,
      `/api/public/shares/${encodeURIComponent('ünïcødé')}/preview.png`,
    ];
    for (const p of notFound) {
      const res = await pub(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
      expect(await code(res), p).toMatch(/^(share_not_found|not_found)$/);
    }
    for (const p of [
      `/api/public/shares/${token}/chunks/-1/audio`,
      `/api/public/shares/${token}/chunks/0/video`,
    ]) {
      expect((await pub(p)).status, p).toBe(400);
    }
    // Writing through the public path is not a thing.
    const put = await b.app.request(`/api/public/shares/${token}/chunks/0/audio`, {
      method: 'PUT',
      body: 'x',
    });
    expect(put.status).toBe(404);
  });

  it('keeps owner endpoints to the owner: Bob cannot read, make or revoke Alice’s link', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', '{}'],
      ['DELETE', undefined],
    ] as const) {
      const res = await request(
        `/api/v1/holograms/${shared}/share`,
        as(bob, { method, ...(body ? { body } : {}) }),
      );
      expect(res.status, method).toBe(404);
      expect(await code(res), method).toBe('hologram_not_found');
    }
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await request(
        `/api/v1/holograms/${shared}/share`,
        as(null, { method, ...(method === 'PUT' ? { body: '{}' } : {}) }),
      );
      expect(res.status, method).toBe(401);
    }
    expect((await pub(`/api/public/shares/${token}`)).status).toBe(200);
    const bad = await request(
      '/api/v1/holograms/not-a-uuid/share',
      as(alice, { method: 'PUT', body: '{}' }),
    );
    expect(bad.status).toBe(400);
    const extra = await request(
      `/api/v1/holograms/${shared}/share`,
      as(alice, { method: 'PUT', body: '{"x":1}' }),
    );
    expect(extra.status).toBe(400);
  });

  it('revoking turns the manifest, every chunk part and the preview into the same 404; a new link is new', async () => {
    const id = await uploadRecording(request, alice.idToken, recording, 'Revoke me');
    const t = await shareHologram(request, alice.idToken, id);
    const urls = [
      `/api/public/shares/${t}`,
      `/api/public/shares/${t}/chunks/0/audio`,
      `/api/public/shares/${t}/chunks/1/frames`,
      `/api/public/shares/${t}/preview.png`,
    ];
    for (const u of urls) expect((await pub(u)).status, u).toBe(200);
    const revoked = await request(`/api/v1/holograms/${id}/share`, as(alice, { method: 'DELETE' }));
    expect(revoked.status).toBe(204);
    const never = `/api/public/shares/${'Q'.repeat(32)}`;
    const neverBody = await (await pub(never)).text();
    for (const u of urls) {
      const res = await pub(u);
      expect(res.status, u).toBe(404);
      expect(await res.text(), u).toBe(neverBody);
    }
    expect(
      (await request(`/api/v1/holograms/${id}/share`, as(alice, { method: 'DELETE' }))).status,
    ).toBe(204);
    expect((await request(`/api/v1/holograms/${id}/share`, as(alice))).status).toBe(204);
    const t2 = await shareHologram(request, alice.idToken, id);
    expect(t2).not.toBe(t);
    expect((await pub(`/api/public/shares/${t2}`)).status).toBe(200);
    expect((await pub(`/api/public/shares/${t}`)).status).toBe(404);
    // Deleting the hologram takes its links with it.
    expect((await request(`/api/v1/holograms/${id}`, as(alice, { method: 'DELETE' }))).status).toBe(
      204,
    );
    for (const u of [`/api/public/shares/${t2}`, `/api/public/shares/${t2}/chunks/0/audio`]) {
      expect((await pub(u)).status, u).toBe(404);
    }
    expect(
      (await request(`/api/v1/holograms/${id}/share`, as(alice, { method: 'DELETE' }))).status,
    ).toBe(404);
  });

  it('draws the preview as a real PNG heat map of the frames', async () => {
    const res = await pub(`/api/public/shares/${token}/preview.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain(`s-maxage=${SHARED_CACHE_SECONDS}`);
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(PREVIEW_WIDTH);
    expect(view.getUint32(20)).toBe(PREVIEW_HEIGHT);
    expect([png[24], png[25]]).toEqual([8, 2]);
    const rgb = await decodePng(png, PREVIEW_WIDTH, PREVIEW_HEIGHT);
    const px = (x: number, y: number) => [
      ...rgb.subarray((y * PREVIEW_WIDTH + x) * 3, (y * PREVIEW_WIDTH + x) * 3 + 3),
    ];
    const distinct = new Set<string>();
    for (let i = 0; i < rgb.length; i += 3 * 97)
      distinct.add(`${rgb[i]},${rgb[i + 1]},${rgb[i + 2]}`);
    expect(distinct.size).toBeGreaterThan(20);
    // The steady A4 (band 57) is a bright line across the whole width, in its own hue; band 5 is dark.
    const rowOf = (band: number) => Math.round(40 + (630 - 80) * (1 - (band + 0.5) / 130));
    const a4 = px(600, rowOf(57));
    const low = px(600, rowOf(5));
    const brightness = (c: number[]) => c.reduce((s, v) => s + v, 0);
    expect(brightness(a4)).toBeGreaterThan(brightness(low) + 150);
    expect(brightness(px(60, rowOf(57)))).toBeGreaterThan(brightness(low) + 150);
    const etag = res.headers.get('etag') as string;
    expect(
      (await pub(`/api/public/shares/${token}/preview.png`, { 'If-None-Match': etag })).status,
    ).toBe(304);
  });

  /** The app on the same database and store as the other tests, with a small public limit. */
  const limitedApp = (publicReadsPerMinute: number, trustProxyHops = 0) =>
    createApp({
      ...b.deps,
      limits: { ...b.deps.limits, publicReadsPerMinute },
      trustProxyHops,
    });
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  /** Waits for a fresh one-minute window when the current one is about to end. */
  async function insideOneWindow() {
    const { rows } = await b.deps.db.query<{ s: number }>(
      'SELECT extract(second FROM now())::float AS s',
    );
    const second = Number(rows[0]?.s);
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
  }

  it('limits public requests per client address in the database, ignoring forged X-Forwarded-For', async () => {
    const app = limitedApp(5);
    await insideOneWindow();
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const other = `2001:db8::${Math.floor(Math.random() * 65535).toString(16)}`;
    const ask = (addr: string, headers: Record<string, string> = {}) =>
      app.request(`/api/public/shares/${token}`, { headers }, from(addr));
    for (let i = 0; i < 5; i++) {
      expect((await ask(ip, { 'X-Forwarded-For': `10.0.0.${i}` })).status).toBe(200);
    }
    const over = await ask(ip, { 'X-Forwarded-For': '10.9.9.9' });
    expect(over.status).toBe(429);
    expect(await code(over)).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('cache-control')).toBe('no-store');
    // Chunks and unknown tokens count too; another address has its own budget.
    const chunk = await app.request(`/api/public/shares/${token}/chunks/0/audio`, {}, from(ip));
    expect(chunk.status).toBe(429);
    expect((await app.request(`/api/public/shares/${'B'.repeat(32)}`, {}, from(ip))).status).toBe(
      429,
    );
    expect((await ask(other)).status).toBe(200);
    // The database holds a hash of the address, not the address.
    const buckets = await b.deps.db.query<{ bucket: string }>(
      "SELECT bucket FROM rate_limits WHERE bucket LIKE 'ip:%'",
    );
    expect(buckets.rows.length).toBeGreaterThan(0);
    expect(buckets.rows.map((r) => r.bucket).join()).not.toContain(ip);
  });

  it('believes X-Forwarded-For only from the configured number of proxies', async () => {
    const app = limitedApp(2, 1);
    await insideOneWindow();
    const client = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
    const ask = (xff: string) =>
      app.request(
        `/api/public/shares/${token}`,
        { headers: { 'X-Forwarded-For': xff } },
        from('10.0.0.1'),
      );
    // A client prepending its own entries still lands in its real (rightmost) bucket.
    expect((await ask(client)).status).toBe(200);
    expect((await ask(`1.1.1.1, ${client}`)).status).toBe(200);
    expect((await ask(`2.2.2.2, ${client}`)).status).toBe(429);
  });

  it('serves /h/{token} with the link card, and the same generic card for revoked and unknown links', async () => {
    const app = createApp({ ...b.deps, staticDir: tmp });
    const page = (t: string, lang = 'en-GB,en;q=0.8') =>
      app.request(
        `/h/${t}`,
        { headers: { 'Accept-Language': lang } },
        { incoming: { socket: { remoteAddress: '192.0.2.77' } } },
      );
    const res = await page(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<holo-app></holo-app>');
    expect(html).toContain('<title>Morning &lt;train&gt; &amp; &quot;co&quot; · Holograms</title>');
    expect(html).not.toContain('<train>');
    expect(html).toContain(
      '<meta property="og:title" content="Morning &lt;train&gt; &amp; &quot;co&quot;" />',
    );
    expect(html).toContain(
      `<meta property="og:image" content="http://localhost/api/public/shares/${token}/preview.png" />`,
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(html).toContain('content="A hologram of sound, 0:02 long.');
    expect(html).toContain(
      `<link rel="preload" as="fetch" crossorigin href="/api/public/shares/${token}" />`,
    );
    expect(html.match(/name="description"/g)).toHaveLength(1);
    const packed = await app.request(
      `/h/${token}`,
      { headers: { 'Accept-Encoding': 'gzip' } },
      { incoming: { socket: { remoteAddress: '192.0.2.77' } } },
    );
    expect(packed.headers.get('content-encoding')).toBe('gzip');
    const unpacked = packed.body?.pipeThrough(new DecompressionStream('gzip'));
    expect(await new Response(unpacked).text()).toBe(html);
    expect(await (await page(token, 'ru-RU,ru;q=0.9')).text()).toContain(
      'Голограмма звука длиной 0:02',
    );

    const id = await uploadRecording(
      request,
      alice.idToken,
      { ...recording, chunks: [] },
      'Secret title',
    );
    const t = await shareHologram(request, alice.idToken, id);
    expect(await (await page(t)).text()).toContain('Secret title');
    await request(`/api/v1/holograms/${id}/share`, as(alice, { method: 'DELETE' }));
    const revoked = (await (await page(t)).text()).replaceAll(t, 'TOKEN');
    const unknown = 'Z'.repeat(32);
    const never = (await (await page(unknown)).text()).replaceAll(unknown, 'TOKEN');
    expect(revoked).toBe(never);
    expect(revoked).not.toContain('Secret title');
    expect(revoked).toContain('<meta property="og:title" content="Holograms" />');
    expect(revoked).toContain('/icons/icon-512.png');
  });
});
