import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeDistance,
  distanceBin,
  haversineMetres,
  isConfidentlyWithin,
  isPossiblyWithin,
  pairMarginMetres,
} from './links.geo.ts';

const at = (lat: number, lon: number, accuracyM = 10) => ({ lat, lon, accuracyM });
// About 0.000899° of latitude is 100 m.
const north = (p: { lat: number; lon: number }, metres: number, accuracyM = 10) =>
  at(p.lat + metres / 111_195, p.lon, accuracyM);

describe('haversineMetres', () => {
  it('measures a known distance (London Bridge to Tower Bridge, about 1.1 km)', () => {
    const d = haversineMetres({ lat: 51.5079, lon: -0.0877 }, { lat: 51.5055, lon: -0.0754 });
    expect(d).toBeGreaterThan(850);
    expect(d).toBeLessThan(950);
  });

  it('is zero for the same point and symmetric in its pair', () => {
    const point = fc.record({
      lat: fc.double({ min: 49, max: 56, noNaN: true }),
      lon: fc.double({ min: -6, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(haversineMetres(a, a)).toBe(0);
        expect(Math.abs(haversineMetres(a, b) - haversineMetres(b, a))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('accuracy rule', () => {
  const churchyard = at(51.5362, 0.0813);

  it('counts two typed scenes 30 m apart as within 50 m', () => {
    expect(isConfidentlyWithin(churchyard, north(churchyard, 30), 50)).toBe(true);
  });

  it('never counts two full-postcode centroids as within 50 m, even at the same point', () => {
    expect(isConfidentlyWithin(at(51.5, 0, 100), at(51.5, 0, 100), 50)).toBe(false);
    expect(pairMarginMetres(at(51.5, 0, 100), at(51.5, 0, 100))).toBeCloseTo(70.7, 1);
  });

  it('keeps imprecise points as possible candidates', () => {
    expect(isPossiblyWithin(at(51.5, 0, 2000), north(at(51.5, 0), 5500, 2000), 5000)).toBe(true);
    expect(isPossiblyWithin(at(51.5, 0, 10), north(at(51.5, 0), 5500, 10), 5000)).toBe(false);
  });
});

describe('distanceBin', () => {
  const origin = at(51.5, 0);
  it.each([
    [40, 10, 'within-100m'],
    [300, 10, '100m-500m'],
    [480, 100, '500m-2km'],
    [1500, 10, '500m-2km'],
    [2600, 10, 'over-2km'],
    [2100, 2000, 'imprecise'],
  ] as const)('%d m apart with %d m accuracy is %s', (metres, accuracy, bin) => {
    expect(distanceBin(at(51.5, 0, accuracy), north(origin, metres, accuracy)).bin).toBe(bin);
  });

  it('is symmetric in its pair', () => {
    const point = fc.record({
      lat: fc.double({ min: 51.3, max: 51.7, noNaN: true }),
      lon: fc.double({ min: -0.5, max: 0.3, noNaN: true }),
      accuracyM: fc.constantFrom(10, 100, 500, 2000),
    });
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(distanceBin(a, b).bin).toBe(distanceBin(b, a).bin);
      }),
    );
  });
});

describe('describeDistance', () => {
  it('rounds to what the accuracy supports', () => {
    expect(describeDistance(38, 7)).toBe('40 m apart');
    expect(describeDistance(5, 7)).toBe('less than 10 m apart');
    expect(describeDistance(1234, 71)).toBe('1.2 km apart');
  });
});
