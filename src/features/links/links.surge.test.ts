import { describe, expect, it } from 'vitest';
import { createRandom } from './links.random.ts';
import type { ScanEvent } from './links.scan.ts';
import { checkDrugSurge, checkDrugSurges, checkLocalDrugSurge, SURGE } from './links.surge.ts';

/** About 40 drug deaths a year, as in an area of 450,000 people. */
function background(seed: number, from: number, to: number, perDay = 0.11): number[] {
  const r = createRandom(seed);
  const days: number[] = [];
  for (let d = from; d <= to; d++) {
    const u = r();
    let k = 0;
    let p = Math.exp(-perDay);
    let cumulative = p;
    while (u > cumulative) {
      k += 1;
      p *= perDay / k;
      cumulative += p;
    }
    for (let i = 0; i < k; i++) days.push(d);
  }
  return days;
}

/**
 * Signals a year over the second year of `years` simulated areas, a signal within 30 days of the last
 * counting once (as the nightly job keeps one surge alert a 30-day period).
 */
function signalsPerYear(years: number, area: (seed: number) => (day: number) => boolean): number {
  let signals = 0;
  for (let seed = 1; seed <= years; seed++) {
    const surgeOn = area(seed);
    let last = -100;
    for (let day = 366; day <= 730; day++) {
      if (surgeOn(day) && day - last > 30) {
        signals += 1;
        last = day;
      }
    }
  }
  return signals / years;
}

describe('area-wide surge of drug deaths', () => {
  it('signals four drug deaths in two days against a rate of about one a week', () => {
    const days = [...background(1, 0, 400), 401, 401, 402, 402];
    const check = checkDrugSurge(days, 402);
    expect(check.surge).toBe(true);
    expect(check.observed).toBeGreaterThanOrEqual(4);
    expect(check.expected).toBeLessThan(1);
  });

  it('never signals fewer than three deaths', () => {
    expect(checkDrugSurge([100, 100], 100).surge).toBe(false);
  });

  it('raises few false signals on ordinary years (property: under 1 a year per area on average)', () => {
    const perYear = signalsPerYear(20, (seed) => {
      const days = background(seed, 0, 730);
      return (day) => checkDrugSurge(days, day).surge;
    });
    expect(perYear).toBeLessThan(1);
  });

  it('corrects for the number of windows tested', () => {
    const days = [...background(3, 0, 400), 401, 401, 401];
    const one = checkDrugSurge(days, 401, { windows: [1] });
    const many = checkDrugSurge(days, 401);
    expect(many.pValue).toBeGreaterThanOrEqual(one.pValue);
    expect(SURGE.windows.length).toBeGreaterThan(1);
  });
});

describe('local surge of drug deaths', () => {
  /** Drug deaths spread over three boroughs of about 3.4 km radius, about 40 a year in all. */
  function events(seed: number, from: number, to: number): ScanEvent[] {
    const r = createRandom(seed);
    const centres = [
      { lat: 51.54, lon: 0.08 },
      { lat: 51.57, lon: 0.15 },
      { lat: 51.53, lon: 0.22 },
    ];
    return background(seed, from, to).map((day, i) => {
      const c = centres[Math.floor(r() * 3)]!;
      return { id: `b${i}`, day, lat: c.lat + (r() - 0.5) * 0.06, lon: c.lon + (r() - 0.5) * 0.1 };
    });
  }
  /** Deaths three days apart, a few hundred metres apart. */
  const batch = (day: number, n: number): ScanEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `p${i}`,
      day: day + 3 * i,
      lat: 51.54 + i * 0.003,
      lon: 0.08,
    }));

  it('signals three drug deaths close together in a week that the area-wide count does not', () => {
    const all = [...events(4, 0, 401), ...batch(395, 3)];
    const day = 401;
    expect(
      checkDrugSurge(
        all.map((e) => e.day),
        day,
      ).surge,
    ).toBe(false);
    const local = checkLocalDrugSurge(all, day);
    expect(local.surge).toBe(true);
    expect(local.memberIds).toEqual(expect.arrayContaining(['p0', 'p1', 'p2']));
    expect(local.expected).toBeLessThan(0.5);
  });

  it('does not signal the same three deaths spread across the whole area', () => {
    const spread: ScanEvent[] = [
      { id: 'p0', day: 399, lat: 51.54, lon: 0.08 },
      { id: 'p1', day: 400, lat: 51.57, lon: 0.15 },
      { id: 'p2', day: 401, lat: 51.53, lon: 0.22 },
    ];
    expect(checkLocalDrugSurge([...events(4, 0, 398), ...spread], 401).surge).toBe(false);
  });

  it('raises few false signals on ordinary years (property: under 1 a year per area on average)', () => {
    const perYear = signalsPerYear(10, (seed) => {
      const all = events(seed, 0, 730);
      return (day) => checkLocalDrugSurge(all, day).surge;
    });
    expect(perYear).toBeLessThan(1);
  });
});

describe('the nightly surge checks together', () => {
  it('counts every drug death across the area, with a place or not, and names them', () => {
    const placed = background(6, 0, 400).map((day, i) => ({ id: `b${i}`, day, lat: 51.54, lon: 0.08 }));
    const unplaced = [401, 401, 402, 402].map((day, i) => ({ id: `u${i}`, day }));
    const surge = checkDrugSurges([...placed, ...unplaced], 402);
    expect(surge?.scope).toBe('area');
    expect(surge?.memberIds).toEqual(expect.arrayContaining(['u0', 'u1', 'u2', 'u3']));
  });

  it('looks around one death only when the area as a whole is not unusual, and only at placed deaths', () => {
    const r = createRandom(4);
    const spread = background(4, 0, 401).map((day, i) => ({
      id: `b${i}`,
      day,
      lat: 51.53 + r() * 0.06,
      lon: 0.02 + r() * 0.25,
    }));
    const batch = [395, 398, 401].map((day, i) => ({ id: `p${i}`, day, lat: 51.7 + i * 0.003, lon: 0.5 }));
    const surge = checkDrugSurges([...spread, ...batch], 401);
    expect(surge?.scope).toBe('local');
    expect(surge?.memberIds).toEqual(expect.arrayContaining(['p0', 'p1', 'p2']));
    const unplacedBatch = batch.map(({ id, day }) => ({ id, day }));
    expect(checkDrugSurges([...spread, ...unplacedBatch], 401)).toBeUndefined();
  });
});
