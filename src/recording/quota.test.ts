// Room to record: before starting (a fixed reserve) and after each chunk (two more chunks and a
// safety margin); unknown estimates do not block, writes still catch a full disk.
import { describe, expect, it } from 'vitest';
import {
  canContinue,
  canStart,
  freeBytes,
  isQuotaError,
  SAFETY_BYTES,
  START_RESERVE_BYTES,
} from './quota.ts';

const MB = 1024 * 1024;

describe('storage quota', () => {
  it('computes free bytes, or null when the browser does not say', () => {
    expect(freeBytes({ quota: 100 * MB, usage: 30 * MB })).toBe(70 * MB);
    expect(freeBytes({ quota: 10, usage: 30 })).toBe(0);
    expect(freeBytes({ quota: 100 })).toBeNull();
  });

  it('starts only with the reserve free', () => {
    expect(canStart({ quota: START_RESERVE_BYTES, usage: 0 })).toBe(true);
    expect(canStart({ quota: START_RESERVE_BYTES, usage: 1 })).toBe(false);
    expect(canStart({})).toBe(true);
  });

  it('goes on while two more chunks and the margin fit', () => {
    const chunk = 200_000;
    expect(canContinue({ quota: 2 * chunk + SAFETY_BYTES, usage: 0 }, chunk)).toBe(true);
    expect(canContinue({ quota: 2 * chunk + SAFETY_BYTES, usage: 1 }, chunk)).toBe(false);
    expect(canContinue({}, chunk)).toBe(true);
  });

  it('recognises a QuotaExceededError', () => {
    expect(isQuotaError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))).toBe(
      true,
    );
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
