// /api/v1/gestures on both backends with real Auth Emulator tokens: create/update/delete with
// versions and preconditions, the changes feed and its cursor, validation, auth failures and
// isolation between users (Bob can neither read, list, change nor delete Alice's definitions,
// nor tell that they exist).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { sampleFromLandmarks } from '../../src/hands/gesture-store.ts';
import { createRng, poseShape, sampleHand } from '../../workers/gestures/hand-model.ts';
import { type GestureChanges, type GestureDefinition, MAX_GESTURES_PER_USER } from './contract.ts';

const rng = createRng(5);
const sample = (pose: 'open' | 'fist' | 'victory' = 'victory') =>
  sampleFromLandmarks(
    sampleHand(poseShape(pose), {
      rotation: (rng.next() - 0.5) * 60,
      noise: 0.02,
      rng,
    }).landmarks.map((p) => [p.x, p.y, p.z]),
  );
const samples = (n = 10) => Array.from({ length: n }, () => sample());
const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'peace', samples: samples(3), action: 'colour-scheme', ...over });

describe.each(BACKENDS)('gesture definitions on %s', (name) => {
  let b: Backend;
  let alice: EmulatorUser;
  let bob: EmulatorUser;
  const newUser = (label: string) =>
    createUser(inject('authEmulatorHost'), `${label}-${randomUUID()}@example.com`, 'pw-gesture-1');
  const req = (user: EmulatorUser | null, path: string, init: RequestInit = {}) =>
    b.app.request(path, {
      ...init,
      headers: {
        ...(user ? { Authorization: `Bearer ${user.idToken}` } : {}),
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const put = (user: EmulatorUser, id: string, payload = body(), headers = {}) =>
    req(user, `/api/v1/gestures/${id}`, { method: 'PUT', body: payload, headers });
  const changes = async (user: EmulatorUser, query = '') => {
    const res = await req(user, `/api/v1/gestures${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as GestureChanges;
  };

  beforeAll(async () => {
    b = await openBackend(name);
    alice = await newUser('alice');
    bob = await newUser('bob');
  });
  afterAll(() => b.close());

  it('creates with 201, updates with 200 and a new version, and gets it back', async () => {
    const id = randomUUID();
    const taught = samples(10);
    const created = await put(
      alice,
      id,
      JSON.stringify({ name: '  horns ', samples: taught, action: 'start-recording' }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"1"');
    const first = (await created.json()) as GestureDefinition;
    expect(first).toMatchObject({
      id,
      name: 'horns',
      samples: taught,
      action: 'start-recording',
      version: 1,
      deleted: false,
    });
    expect(Date.parse(first.editedAt)).toBeLessThanOrEqual(Date.now());

    const updated = await put(alice, id, body({ name: 'horns', action: null }));
    expect(updated.status).toBe(200);
    expect(updated.headers.get('ETag')).toBe('"2"');
    const got = await req(alice, `/api/v1/gestures/${id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('ETag')).toBe('"2"');
    expect(await got.json()).toMatchObject({ id, name: 'horns', action: null, version: 2 });
  });

  it('treats a PUT of the stored content as a no-op, whatever its preconditions (retries)', async () => {
    const id = randomUUID();
    const payload = body();
    expect((await put(alice, id, payload, { 'If-None-Match': '*' })).status).toBe(201);
    for (const headers of [{}, { 'If-None-Match': '*' }, { 'If-Match': '"7"' }]) {
      const again = await put(alice, id, payload, headers);
      expect(again.status).toBe(200);
      expect(((await again.json()) as GestureDefinition).version).toBe(1);
    }
  });

  it('applies If-Match and If-None-Match on the version, answering 412 with the stored ETag', async () => {
    const id = randomUUID();
    expect((await put(alice, id, body({ name: 'one' }), { 'If-None-Match': '*' })).status).toBe(
      201,
    );
    const exists = await put(alice, id, body({ name: 'two' }), { 'If-None-Match': '*' });
    expect(exists.status).toBe(412);
    expect(exists.headers.get('ETag')).toBe('"1"');
    expect(((await exists.json()) as { error: { code: string } }).error.code).toBe(
      'version_mismatch',
    );
    expect((await put(alice, id, body({ name: 'two' }), { 'If-Match': '"1"' })).status).toBe(200);
    const stale = await put(alice, id, body({ name: 'three' }), { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('ETag')).toBe('"2"');
    expect((await put(alice, id, body({ name: 'three' }), { 'If-Match': '2' })).status).toBe(200);
    expect((await put(alice, id, body({ name: 'four' }), { 'If-Match': '*' })).status).toBe(200);
    // If-Match on an id nobody ever used: nothing to match.
    const unknown = await put(alice, randomUUID(), body(), { 'If-Match': '"1"' });
    expect(unknown.status).toBe(404);
    for (const bad of ['W/"1"', '"1", "2"', 'abc', '"-1"']) {
      expect((await put(alice, id, body({ name: 'five' }), { 'If-Match': bad })).status).toBe(400);
    }
    const del = await req(alice, `/api/v1/gestures/${id}`, {
      method: 'DELETE',
      headers: { 'If-Match': '"1"' },
    });
    expect(del.status).toBe(412);
    expect(del.headers.get('ETag')).toBe('"4"');
  });

  it('deletes into a tombstone that the feed reports and a PUT revives', async () => {
    const id = randomUUID();
    await put(alice, id, body({ name: 'temporary' }));
    const deleted = await req(alice, `/api/v1/gestures/${id}`, {
      method: 'DELETE',
      headers: { 'If-Match': '"1"' },
    });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('ETag')).toBe('"2"');
    expect((await req(alice, `/api/v1/gestures/${id}`)).status).toBe(404);
    const again = await req(alice, `/api/v1/gestures/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: {
        code: 'gesture_not_found',
        message: 'No gesture definition with this id in your account',
      },
    });
    const all = await changes(alice);
    expect(all.items.find((g) => g.id === id)).toMatchObject({
      deleted: true,
      name: '',
      samples: [],
      action: null,
      version: 2,
    });
    // A write conditional on the tombstone's version revives it; the version goes on.
    const revived = await put(alice, id, body({ name: 'back' }), { 'If-Match': '"2"' });
    expect(revived.status).toBe(200);
    expect(await revived.json()).toMatchObject({ name: 'back', deleted: false, version: 3 });
  });

  it('feeds changes in order with an exact updatedSince cursor, across pages', async () => {
    const user = await newUser('feed');
    const empty = await changes(user);
    expect(empty).toEqual({ items: [], cursor: null, hasMore: false });
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids)
      expect((await put(user, id, body({ name: id.slice(0, 8) }))).status).toBe(201);
    // Writes at the same moment still get distinct, increasing change times.
    await Promise.all(ids.map((id) => put(user, id, body({ name: `x${id.slice(0, 7)}` }))));
    const seen: GestureDefinition[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await changes(user, `?limit=2${cursor ? `&updatedSince=${cursor}` : ''}`);
      seen.push(...page.items);
      pages++;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(seen.map((g) => g.id).sort()).toEqual([...ids].sort());
    const times = seen.map((g) => Date.parse(g.updatedAt));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(times).size).toBe(times.length);
    expect(seen.every((g) => g.version === 2)).toBe(true);
    // Nothing new: the same cursor comes back; a change and a deletion show up after it.
    const quiet = await changes(user, `?updatedSince=${cursor}`);
    expect(quiet).toEqual({ items: [], cursor, hasMore: false });
    const [first, second] = ids as [string, string];
    await put(user, first, body({ name: 'changed' }));
    await req(user, `/api/v1/gestures/${second}`, { method: 'DELETE' });
    const later = await changes(user, `?updatedSince=${cursor}`);
    expect(later.items.map((g) => [g.id, g.deleted])).toEqual([
      [first, false],
      [second, true],
    ]);
    expect(later.cursor).toBe(later.items[1]?.updatedAt);
  });

  it('keeps the client’s edit and deletion times, capped at the server clock', async () => {
    const id = randomUUID();
    const res = await put(alice, id, body({ editedAt: '2999-01-01T00:00:00Z' }));
    const stored = (await res.json()) as GestureDefinition;
    expect(Date.parse(stored.editedAt)).toBeLessThanOrEqual(Date.now());
    const past = await put(alice, id, body({ name: 'old', editedAt: '2020-05-01T10:00:00+02:00' }));
    expect(((await past.json()) as GestureDefinition).editedAt).toBe('2020-05-01T08:00:00.000Z');
    // A deletion carries the user's deletion time the same way.
    const when = '2021-02-03T04:05:06.007Z';
    const del = await req(alice, `/api/v1/gestures/${id}?editedAt=${when}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    const feed = await changes(alice);
    expect(feed.items.find((g) => g.id === id)).toMatchObject({ deleted: true, editedAt: when });
    const other = randomUUID();
    await put(alice, other, body());
    await req(alice, `/api/v1/gestures/${other}?editedAt=2999-01-01T00:00:00Z`, {
      method: 'DELETE',
    });
    const capped = (await changes(alice)).items.find((g) => g.id === other);
    expect(Date.parse(capped?.editedAt ?? '')).toBeLessThanOrEqual(Date.now());
    const bad = await req(alice, `/api/v1/gestures/${other}?editedAt=soon`, { method: 'DELETE' });
    expect(bad.status).toBe(400);
  });

  it('rejects invalid definitions with the stable error shape', async () => {
    const ok = sample();
    const cases: Array<[string, string]> = [
      ['no samples', body({ samples: [] })],
      ['31 samples', body({ samples: Array.from({ length: 31 }, () => ok) })],
      ['20 landmarks', body({ samples: [ok.slice(1)] })],
      ['22 landmarks', body({ samples: [[...ok, [0, 0, 0]]] })],
      ['two coordinates', body({ samples: [ok.map((p) => p.slice(0, 2))] })],
      ['four coordinates', body({ samples: [ok.map((p) => [...p, 0])] })],
      ['a string', body({ samples: [ok.map((p, i) => (i === 3 ? ['0.1', 0, 0] : p))] })],
      ['a null', body({ samples: [ok.map((p, i) => (i === 3 ? [null, 0, 0] : p))] })],
      ['too far', body({ samples: [ok.map((p, i) => (i === 3 ? [1000, 0, 0] : p))] })],
      [
        'infinity',
        body({ samples: [[]] }).replace('[[]]', `[[${'[1e400,0,0],'.repeat(20)}[0,0,0]]]`),
      ],
      ['empty name', body({ name: '   ' })],
      ['long name', body({ name: 'n'.repeat(61) })],
      ['control character', body({ name: 'a\u0007b' })],
      ['unknown action', body({ action: 'open-hologram' })],
      ['action object', body({ action: { type: 'zoom', factor: 2 } })],
      ['extra field', body({ owner: 'someone-else' })],
      ['bad editedAt', body({ editedAt: 'yesterday' })],
      ['not JSON', '{"name": '],
    ];
    for (const [what, payload] of cases) {
      const res = await put(alice, randomUUID(), payload);
      expect(res.status, what).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code, what).toMatch(/^[a-z_]+$/);
      expect(err.error.message, what).not.toMatch(/SELECT|INSERT|at .*\.ts/);
    }
    for (const path of [
      '/api/v1/gestures/not-a-uuid',
      `/api/v1/gestures/${'a'.repeat(500)}`,
      '/api/v1/gestures/..%2F..%2Fetc',
    ]) {
      expect((await req(alice, path, { method: 'PUT', body: body() })).status, path).toBe(400);
      expect((await req(alice, path)).status, path).toBe(400);
      expect((await req(alice, path, { method: 'DELETE' })).status, path).toBe(400);
    }
    for (const query of ['?updatedSince=yesterday', '?limit=0', '?limit=1000', '?limit=x']) {
      expect((await req(alice, `/api/v1/gestures${query}`)).status, query).toBe(400);
    }
    const huge = body({ name: 'big', samples: [[[0.1, 0.2, 0.3]]], pad: 'x'.repeat(70_000) });
    expect((await put(alice, randomUUID(), huge)).status).toBe(413);
  });

  it('keeps at most the allowed number of live definitions per account', async () => {
    const user = await newUser('many');
    const payload = body({ samples: [sample()] });
    const ids = Array.from({ length: MAX_GESTURES_PER_USER }, () => randomUUID());
    for (const id of ids) expect((await put(user, id, payload)).status).toBe(201);
    const over = await put(user, randomUUID(), payload);
    expect(over.status).toBe(409);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe(
      'too_many_gestures',
    );
    // Updating an existing one is still fine, and deleting one makes room.
    expect((await put(user, ids[0] as string, body({ name: 'renamed' }))).status).toBe(200);
    await req(user, `/api/v1/gestures/${ids[1]}`, { method: 'DELETE' });
    expect((await put(user, randomUUID(), payload)).status).toBe(201);
  });

  it('answers 401 without a token, with a bad one, and with an expired one', async () => {
    const id = randomUUID();
    const expired = (() => {
      const [h, p] = alice.idToken.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number>;
      claims.exp = Math.floor(Date.now() / 1000) - 3600;
      claims.iat = claims.exp - 3600;
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    })();
    for (const token of [null, 'garbage', expired]) {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      for (const [method, path] of [
        ['GET', '/api/v1/gestures'],
        ['GET', `/api/v1/gestures/${id}`],
        ['PUT', `/api/v1/gestures/${id}`],
        ['DELETE', `/api/v1/gestures/${id}`],
      ] as const) {
        const res = await b.app.request(path, {
          method,
          headers,
          body: method === 'PUT' ? body() : null,
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
          /unauthenticated|invalid_token|token_expired/,
        );
      }
    }
  });

  it("keeps users apart: Bob can neither read, list, overwrite nor delete Alice's definitions", async () => {
    const id = randomUUID();
    const alicesSamples = samples(5);
    const created = await put(
      alice,
      id,
      JSON.stringify({ name: 'alice secret', samples: alicesSamples, action: 'zoom' }),
    );
    expect(created.status).toBe(201);
    const aliceBefore = (await created.json()) as GestureDefinition;
    const missing = randomUUID();
    const answers = async (target: string) => {
      const results: Array<[number, string, string | null]> = [];
      const record = async (res: Response) =>
        results.push([res.status, await res.text(), res.headers.get('ETag')]);
      await record(await req(bob, `/api/v1/gestures/${target}`));
      await record(await req(bob, `/api/v1/gestures/${target}`, { method: 'DELETE' }));
      await record(
        await req(bob, `/api/v1/gestures/${target}`, {
          method: 'DELETE',
          headers: { 'If-Match': '"1"' },
        }),
      );
      await record(await put(bob, target, body(), { 'If-Match': '"1"' }));
      await record(await put(bob, target, body(), { 'If-Match': '*' }));
      return results;
    };
    // Alice's id and an id nobody uses get exactly the same answers.
    const forAlices = await answers(id);
    expect(forAlices).toEqual(await answers(missing));
    expect(forAlices.map(([status]) => status)).toEqual([404, 404, 404, 404, 404]);

    const bobsFeed = await changes(bob);
    expect(bobsFeed.items.map((g) => g.id)).not.toContain(id);
    expect(JSON.stringify(bobsFeed)).not.toContain('alice secret');

    // Bob's PUT with the same UUID (even "create only") makes Bob's own definition.
    const bobs = await put(bob, id, body({ name: 'bob' }), { 'If-None-Match': '*' });
    expect(bobs.status).toBe(201);
    expect(await bobs.json()).toMatchObject({ id, name: 'bob', version: 1 });
    expect((await req(bob, `/api/v1/gestures/${id}`, { method: 'DELETE' })).status).toBe(204);

    const aliceAfter = await req(alice, `/api/v1/gestures/${id}`);
    expect(aliceAfter.status).toBe(200);
    expect(await aliceAfter.json()).toEqual(aliceBefore);
    const alicesFeed = await changes(alice);
    expect(alicesFeed.items.find((g) => g.id === id)).toEqual(aliceBefore);
  });
});
