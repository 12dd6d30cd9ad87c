import { describe, expect, it } from 'vitest';
import { createRandom } from './links.random.ts';
import { checkDrugSurge, SURGE } from './links.surge.ts';

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
    let signals = 0;
    const years = 20;
    for (let seed = 1; seed <= years; seed++) {
      const days = background(seed, 0, 730);
      let last = -100;
      for (let day = 366; day <= 730; day++) {
        if (checkDrugSurge(days, day).surge && day - last > 30) {
          signals += 1;
          last = day;
        }
      }
    }
    expect(signals / years).toBeLessThan(1);
  });

  it('corrects for the number of windows tested', () => {
    const days = [...background(3, 0, 400), 401, 401, 401];
    const one = checkDrugSurge(days, 401, { windows: [1] });
    const many = checkDrugSurge(days, 401);
    expect(many.pValue).toBeGreaterThanOrEqual(one.pValue);
    expect(SURGE.windows.length).toBeGreaterThan(1);
  });
});
