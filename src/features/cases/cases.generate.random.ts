/** Randomness for synthetic deaths: a small seeded generator and ways of drawing from it. */
import * as data from './cases.generate.data.ts';

export type Rand = () => number;

/** A small, fast generator (mulberry32) seeded from the run's seed and the death's number. */
export function random(seed: number, index: number): Rand {
  let a = hash32(hash32(seed) ^ hash32(index + 0x9e3779b9));
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hash32(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function pick<T>(r: Rand, weighted: readonly (readonly [T, number])[]): T {
  const sum = weighted.reduce((n, [, w]) => n + w, 0);
  let x = r() * sum;
  for (const [value, w] of weighted) {
    x -= w;
    if (x < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}
export const oneOf = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
export const between = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const normal = (r: Rand) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/**
 * A surname: a fifth from the commonest (the most common, Smith, about 1% of people as in England and
 * Wales, each next one a little rarer), the rest from a long tail of rarer English names.
 */
export function familyName(r: Rand): string {
  if (r() < 0.2) {
    const n = data.FAMILY_NAMES.length;
    return data.FAMILY_NAMES[Math.min(n - 1, Math.floor(n * r() ** 1.6))]!;
  }
  if (r() < 0.1) return `${oneOf(r, data.MALE_NAMES)}son`;
  return oneOf(r, data.SURNAME_STEMS) + oneOf(r, data.SURNAME_ENDINGS);
}
