import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedIds } from './ids.ts';

describe('time-ordered ids', () => {
  it('are version 7 UUIDs carrying the millisecond they were made', () => {
    const id = timeOrderedIds(() => Date.UTC(2026, 10, 25, 10, 0, 0, 123))();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 25, 10, 0, 0, 123));
  });

  it('sort in the order they were made, many in one millisecond and when the clock goes back', () => {
    const times = [5_000, 5_000, ...Array(5000).fill(5_001), 4_000, 6_000];
    let i = 0;
    const next = timeOrderedIds(() => times[Math.min(i++, times.length - 1)]!);
    const ids = times.map(() => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
