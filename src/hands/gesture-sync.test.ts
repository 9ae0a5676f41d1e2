import { describe, expect, it } from 'vitest';
import type { GestureDefinition } from '../../api/gestures/contract.ts';
import type { LocalGesture } from './gesture-store.ts';
import { afterPush, localWins, mergeRemote, type PushOp, planPush } from './gesture-sync.ts';

const SAMPLE = Array.from({ length: 21 }, (_, i) => [i / 10, i / 20, 0]);

const local = (over: Partial<LocalGesture> = {}): LocalGesture => ({
  id: 'g1',
  name: 'wave',
  samples: [SAMPLE],
  action: 'zoom',
  editedAt: '2026-11-23T10:00:00.000Z',
  deleted: false,
  dirty: false,
  version: 2,
  ...over,
});

const remote = (over: Partial<GestureDefinition> = {}): GestureDefinition => ({
  id: 'g1',
  name: 'wave (server)',
  samples: [SAMPLE],
  action: 'history',
  editedAt: '2026-11-23T10:00:05.000Z',
  updatedAt: '2026-11-23T10:00:06.000Z',
  version: 3,
  deleted: false,
  ...over,
});

const clean = (r: GestureDefinition): LocalGesture => ({
  id: r.id,
  name: r.name,
  samples: r.samples,
  action: r.action,
  editedAt: r.editedAt,
  deleted: false,
  dirty: false,
  version: r.version,
});

describe('mergeRemote', () => {
  it('adds new server definitions and ignores tombstones of unknown ones', () => {
    const r = remote();
    expect(mergeRemote(undefined, r)).toEqual({
      write: { id: 'g1', expect: null, next: clean(r), rebase: null },
      conflict: false,
    });
    expect(mergeRemote(undefined, remote({ deleted: true }))).toEqual({
      write: null,
      conflict: false,
    });
  });

  it('ignores a change this copy is already based on (its own push coming back)', () => {
    expect(mergeRemote(local({ version: 3, dirty: true }), remote())).toEqual({
      write: null,
      conflict: false,
    });
    expect(mergeRemote(local({ version: 4 }), remote())).toEqual({ write: null, conflict: false });
  });

  it('lets a clean copy follow the server, tombstones included', () => {
    const l = local();
    const r = remote();
    expect(mergeRemote(l, r)).toEqual({
      write: { id: 'g1', expect: l.editedAt, next: clean(r), rebase: 3 },
      conflict: false,
    });
    expect(mergeRemote(l, remote({ deleted: true }))).toEqual({
      write: { id: 'g1', expect: l.editedAt, next: null, rebase: 3 },
      conflict: false,
    });
  });

  it('resolves a conflict by the later edit; the server wins ties', () => {
    const r = remote();
    const older = local({ dirty: true, editedAt: '2026-11-23T10:00:01.000Z' });
    expect(mergeRemote(older, r)).toEqual({
      write: { id: 'g1', expect: older.editedAt, next: clean(r), rebase: 3 },
      conflict: true,
    });
    const newer = local({ dirty: true, editedAt: '2026-11-23T10:00:09.000Z' });
    expect(mergeRemote(newer, r)).toEqual({
      write: { id: 'g1', expect: newer.editedAt, next: { ...newer, version: 3 }, rebase: 3 },
      conflict: true,
    });
    const tie = local({ dirty: true, editedAt: r.editedAt });
    expect(localWins(tie, r)).toBe(false);
    expect(mergeRemote(tie, r).write?.next).toEqual(clean(r));
  });

  it('sees no conflict where the dirty copy already says what the server says', () => {
    const r = remote();
    const same = local({ dirty: true, version: null, name: r.name, action: r.action });
    expect(mergeRemote(same, r)).toEqual({
      write: { id: 'g1', expect: same.editedAt, next: clean(r), rebase: 3 },
      conflict: false,
    });
    const bothDeleted = local({ dirty: true, deleted: true, editedAt: '2026-11-23T10:00:09.000Z' });
    expect(mergeRemote(bothDeleted, remote({ deleted: true }))).toEqual({
      write: { id: 'g1', expect: bothDeleted.editedAt, next: null, rebase: 3 },
      conflict: false,
    });
  });

  it('weighs deletions like edits', () => {
    const tomb = remote({ deleted: true, name: '', samples: [], action: null });
    const editedBefore = local({ dirty: true, editedAt: '2026-11-23T10:00:01.000Z' });
    expect(mergeRemote(editedBefore, tomb).write).toMatchObject({ next: null, rebase: 3 });
    // Edited after the deletion: it comes back, rebased onto the tombstone.
    const editedAfter = local({ dirty: true, editedAt: '2026-11-23T10:00:08.000Z' });
    expect(mergeRemote(editedAfter, tomb).write?.next).toEqual({ ...editedAfter, version: 3 });
    // Deleted here after the server's edit: the deletion stands.
    const deletedAfter = local({
      dirty: true,
      deleted: true,
      name: '',
      samples: [],
      editedAt: '2026-11-23T10:00:08.000Z',
    });
    expect(mergeRemote(deletedAfter, remote()).write?.next).toEqual({
      ...deletedAfter,
      version: 3,
    });
  });
});

describe('planPush', () => {
  it('sends dirty records only, oldest edit first, each conditional on its base', () => {
    const ops = planPush([
      local({ id: 'clean' }),
      local({ id: 'edited', dirty: true, editedAt: '2026-11-23T10:00:03.000Z' }),
      local({ id: 'new', dirty: true, version: null, editedAt: '2026-11-23T10:00:01.000Z' }),
      local({ id: 'deleted', dirty: true, deleted: true, editedAt: '2026-11-23T10:00:02.000Z' }),
      local({ id: 'local-only', dirty: true, deleted: true, version: null }),
    ]);
    expect(
      ops.map((op) => [op.kind, op.local.id, 'ifMatch' in op ? op.ifMatch : undefined]),
    ).toEqual([
      ['forget', 'local-only', undefined],
      ['put', 'new', null],
      ['delete', 'deleted', 2],
      ['put', 'edited', 2],
    ]);
    const put = ops[1] as Extract<PushOp, { kind: 'put' }>;
    expect(put.body).toEqual({
      name: 'wave',
      samples: [SAMPLE],
      action: 'zoom',
      editedAt: '2026-11-23T10:00:01.000Z',
    });
  });
});

describe('afterPush', () => {
  const edited = local({ dirty: true, editedAt: '2026-11-23T10:00:07.000Z' });
  const [put] = planPush([edited]) as [PushOp];
  const [del] = planPush([local({ dirty: true, deleted: true })]) as [PushOp];

  it('stores what the server stored, clean, unless edited meanwhile', () => {
    const stored = remote({ version: 3, editedAt: edited.editedAt, name: 'wave' });
    expect(afterPush(put, { kind: 'stored', remote: stored })).toEqual({
      id: 'g1',
      expect: edited.editedAt,
      next: clean(stored),
      rebase: 3,
    });
  });

  it('removes a confirmed (or already gone) deletion', () => {
    expect(afterPush(del, { kind: 'deleted', version: 3 })).toMatchObject({
      next: null,
      rebase: 3,
    });
    expect(afterPush(del, { kind: 'missing' })).toMatchObject({ next: null, rebase: null });
    expect(afterPush(del, { kind: 'deleted', version: null })).toMatchObject({
      next: null,
      rebase: null,
    });
  });

  it('leaves conflicts to the next pull and re-creates a definition the server lost', () => {
    expect(afterPush(put, { kind: 'conflict' })).toBeNull();
    expect(afterPush(put, null)).toBeNull();
    expect(afterPush(put, { kind: 'missing' })).toEqual({
      id: 'g1',
      expect: edited.editedAt,
      next: { ...edited, version: null },
      rebase: null,
    });
    const [forget] = planPush([local({ dirty: true, deleted: true, version: null })]) as [PushOp];
    expect(afterPush(forget, null)).toMatchObject({ next: null });
  });
});
