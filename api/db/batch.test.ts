import { describe, expect, it, vi } from 'vitest';
import { BUSY_WAIT_MS, batched } from './batch.ts';
import { DatabaseUnavailableError, type Queryable } from './database.ts';

// The runner is the only thing that touches the database here, so a plain object stands in
// for it; the statements themselves run against both real backends in the acceptance suites.
const fakeDb = (): Queryable => ({}) as unknown as Queryable;

describe('batched', () => {
  it('runs calls made together as one batch, and answers each with its own result', async () => {
    const batches: number[][] = [];
    const double = batched<number, number>(async (_db, items) => {
      batches.push([...items]);
      return items.map((n) => n * 2);
    });
    const db = fakeDb();
    expect(await Promise.all([1, 2, 3, 4].map((n) => double(db, n)))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('keeps databases apart', async () => {
    const batches: string[][] = [];
    const echo = batched<string, string>(async (_db, items) => {
      batches.push([...items]);
      return [...items];
    });
    const [a, b] = [fakeDb(), fakeDb()];
    expect(await Promise.all([echo(a, 'a1'), echo(b, 'b1'), echo(a, 'a2')])).toEqual([
      'a1',
      'b1',
      'a2',
    ]);
    expect(batches.sort()).toEqual([['a1', 'a2'], ['b1']]);
  });

  it('collects what arrives while a batch runs into the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const slow = batched<number, number>(async (_db, items) => {
      batches.push([...items]);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return [...items];
    });
    const db = fakeDb();
    const first = slow(db, 1);
    await new Promise((r) => setImmediate(r));
    const later = [slow(db, 2), slow(db, 3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('runs a failed batch again item by item, so only the bad item fails', async () => {
    const calls: number[][] = [];
    const strict = batched<number, number>(async (_db, items) => {
      calls.push([...items]);
      if (items.includes(13)) throw Object.assign(new Error('bad item'), { code: '22P02' });
      return [...items];
    });
    const db = fakeDb();
    const results = await Promise.allSettled([12, 13, 14].map((n) => strict(db, n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
    expect(calls).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('fails the whole batch at once when the database is unreachable', async () => {
    let calls = 0;
    const down = batched<number, number>(async () => {
      calls++;
      throw new DatabaseUnavailableError('connection refused');
    });
    const db = fakeDb();
    const results = await Promise.allSettled([1, 2, 3].map((n) => down(db, n)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
  });

  it('waits a little for company under load and not when alone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    try {
      const sizes: number[] = [];
      const record = batched<number, number>(async (_db, items) => {
        sizes.push(items.length);
        return [...items];
      });
      const db = fakeDb();
      const together = Promise.all([record(db, 1), record(db, 2)]);
      await vi.advanceTimersByTimeAsync(0);
      await together;
      // Under load (the last batch had company): a call waits BUSY_WAIT_MS, and one made
      // meanwhile joins it.
      const early = record(db, 3);
      await vi.advanceTimersByTimeAsync(BUSY_WAIT_MS / 2);
      expect(sizes).toEqual([2]);
      const late = record(db, 4);
      await vi.advanceTimersByTimeAsync(BUSY_WAIT_MS);
      await Promise.all([early, late]);
      expect(sizes).toEqual([2, 2]);
      // Alone: the single call runs by itself, at once.
      await vi.advanceTimersByTimeAsync(150);
      for (const n of [5, 6]) {
        const alone = record(db, n);
        await vi.advanceTimersByTimeAsync(0);
        await alone;
      }
      expect(sizes).toEqual([2, 2, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs at the next turn under load too when told not to wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    try {
      const sizes: number[] = [];
      const record = batched<number, number>(
        async (_db, items) => {
          sizes.push(items.length);
          return [...items];
        },
        { busyWaitMs: 0 },
      );
      const db = fakeDb();
      const together = Promise.all([record(db, 1), record(db, 2)]);
      await vi.advanceTimersByTimeAsync(0);
      await together;
      const next = record(db, 3);
      await vi.advanceTimersByTimeAsync(0);
      await next;
      expect(sizes).toEqual([2, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
