import { describe, expect, it } from 'vitest';
import { checkSiteBaseline, findKnownSite, poissonUpperTail } from './links.sites.ts';
import type { KnownSite } from './links.types.ts';

const careHome: KnownSite = {
  id: 's1',
  name: 'Oak Lodge',
  kind: 'care-home',
  lat: 51.54,
  lon: 0.08,
  radiusM: 60,
};

describe('findKnownSite', () => {
  it('places a scene inside a site, allowing for accuracy', () => {
    expect(findKnownSite({ lat: 51.5403, lon: 0.08, accuracyM: 10 }, [careHome])).toBe(careHome);
    expect(findKnownSite({ lat: 51.545, lon: 0.08, accuracyM: 10 }, [careHome])).toBeUndefined();
  });
});

describe('poissonUpperTail', () => {
  it('matches known values', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.6498e-5, 8);
    expect(poissonUpperTail(3, 5)).toBeCloseTo(0.875348, 6);
  });
});

describe('checkSiteBaseline', () => {
  it('does not flag a care home having its usual number of deaths', () => {
    const check = checkSiteBaseline({
      siteId: 's1',
      recentCount: 3,
      recentDays: 30,
      historyCount: 24,
      historyDays: 365,
    });
    expect(check.unusual).toBe(false);
    expect(check.expected).toBeCloseTo(2.01, 2);
  });

  it('flags a site with several times its usual deaths', () => {
    const check = checkSiteBaseline({
      siteId: 's1',
      recentCount: 11,
      recentDays: 30,
      historyCount: 24,
      historyDays: 365,
    });
    expect(check.unusual).toBe(true);
  });
});
