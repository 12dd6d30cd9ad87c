import { describe, expect, it } from 'vitest';
import { createRandom } from './links.random.ts';
import { permutationLlr, type ScanEvent, spaceTimePermutationScan } from './links.scan.ts';

const ORIGIN = { lat: 51.54, lon: 0.08 };
const toLatLon = (x: number, y: number) => ({
  lat: ORIGIN.lat + y / 111_195,
  lon: ORIGIN.lon + x / (111_195 * Math.cos((ORIGIN.lat * Math.PI) / 180)),
});

/** Deaths spread uniformly over a 10 km square and a year ending on day 1000. */
function uniformEvents(n: number, seed: number): ScanEvent[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `u${i}`,
    ...toLatLon(random() * 10_000, random() * 10_000),
    day: 1000 - Math.floor(random() * 365),
  }));
}

describe('permutationLlr', () => {
  it('is zero at or below expectation and grows with excess', () => {
    expect(permutationLlr(2, 3, 100)).toBe(0);
    expect(permutationLlr(6, 1, 100)).toBeGreaterThan(permutationLlr(4, 1, 100));
    expect(permutationLlr(6, 1, 100)).toBeCloseTo(6 * Math.log(6) + 94 * Math.log(94 / 99), 10);
  });
});

describe('spaceTimePermutationScan', () => {
  it('signals a tight cluster of six deaths in the last ten days', () => {
    const random = createRandom(7);
    const planted = Array.from({ length: 6 }, (_, i) => ({
      id: `p${i}`,
      ...toLatLon(4000 + random() * 300, 6000 + random() * 300),
      day: 1000 - Math.floor(random() * 10),
    }));
    const result = spaceTimePermutationScan([...uniformEvents(300, 3), ...planted], 1000, { seed: 11 });
    expect(result.signal).toBe(true);
    expect(result.recurrenceIntervalDays).toBeGreaterThanOrEqual(100);
    expect(result.cluster?.eventIds).toEqual(expect.arrayContaining(planted.map((p) => p.id)));
    expect(result.cluster!.observed).toBeGreaterThan(result.cluster!.expected * 5);
  });

  it('rarely signals on uniform random data, about as often as the recurrence interval says', () => {
    // With RI ≥ 20 (p ≤ 0.05) about 5% of null analyses should signal: 10 of 200 expected.
    let signals = 0;
    for (let s = 0; s < 200; s++) {
      const result = spaceTimePermutationScan(uniformEvents(150, 1000 + s), 1000, {
        seed: s,
        replications: 199,
        signalRecurrenceDays: 20,
      });
      if (result.signal) signals++;
    }
    expect(signals).toBeGreaterThanOrEqual(2);
    expect(signals).toBeLessThanOrEqual(20);
  });

  it('gives the same answer for the same seed', () => {
    const events = uniformEvents(200, 5);
    const a = spaceTimePermutationScan(events, 1000, { seed: 3, stopEarly: false, replications: 99 });
    const b = spaceTimePermutationScan(events, 1000, { seed: 3, stopEarly: false, replications: 99 });
    expect(a).toEqual(b);
    expect(a.replicationsRun).toBe(99);
  });

  it('reaches the same signal decision when it stops early', () => {
    const events = uniformEvents(200, 9);
    const full = spaceTimePermutationScan(events, 1000, { seed: 4, stopEarly: false });
    const early = spaceTimePermutationScan(events, 1000, { seed: 4 });
    expect(early.signal).toBe(full.signal);
    expect(early.replicationsRun).toBeLessThanOrEqual(full.replicationsRun);
  });

  it('needs at least two cases', () => {
    expect(spaceTimePermutationScan(uniformEvents(1, 1), 1000).signal).toBe(false);
  });
});
