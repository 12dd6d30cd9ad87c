import { describe, expect, it } from 'vitest';
import { cellOf, cellsAround } from './links.case-map.ts';
import { deathCase } from './links.fixtures.ts';
import { haversineMetres } from './links.geo.ts';
import { normalisedPostcode } from './links.geocode.ts';
import { plotMap, tileImageSources, timeline } from './links.map.ts';
import { createRandom } from './links.random.ts';

describe('candidate grid cells', () => {
  it('covers every point within the radius (property, 2,000 random pairs)', () => {
    const r = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const a = { lat: 50 + r() * 5, lon: -5 + r() * 7 };
      const radius = 500 + r() * 7000;
      const angle = r() * 2 * Math.PI;
      const d = r() * radius;
      const b = {
        lat: a.lat + (d * Math.cos(angle)) / 111_320,
        lon: a.lon + (d * Math.sin(angle)) / (111_320 * Math.cos((a.lat * Math.PI) / 180)),
      };
      if (haversineMetres(a, b) > radius) continue;
      expect(cellsAround(a.lat, a.lon, radius)).toContain(cellOf(b.lat, b.lon));
    }
  });

  it('keeps the search small: a 6 km circle touches at most 64 cells of about 2 km', () => {
    expect(cellsAround(51.5, 0.1, 6000).length).toBeLessThanOrEqual(64);
  });
});

describe('postcodes', () => {
  it('are validated and normalised', () => {
    expect(normalisedPostcode('ig118as')).toBe('IG11 8AS');
    expect(normalisedPostcode(' e17 8qp ')).toBe('E17 8QP');
    expect(normalisedPostcode('IG11')).toBeUndefined();
    expect(normalisedPostcode('hello')).toBeUndefined();
  });
});

describe('the map and the timeline', () => {
  const points = [
    { id: 'a', label: 'EL-2014-000001', lat: 51.5365, lon: 0.0768, accuracyM: 10, place: 'churchyard' },
    { id: 'b', label: 'EL-2014-000002', lat: 51.54, lon: 0.081, accuracyM: 100, place: 'flat' },
  ];

  it('draws every point inside the box, a precise point with a smaller circle, and a scale bar', () => {
    const map = plotMap(points)!;
    for (const m of map.markers) {
      expect(m.x).toBeGreaterThanOrEqual(0);
      expect(m.x).toBeLessThanOrEqual(map.width);
      expect(m.y).toBeGreaterThanOrEqual(0);
      expect(m.y).toBeLessThanOrEqual(map.height);
    }
    expect(map.markers[0]!.accuracyR).toBeLessThan(map.markers[1]!.accuracyR);
    expect(map.tiles).toEqual([]);
    expect(map.grid.length).toBeGreaterThan(0);
    expect(map.scale.label).toMatch(/^\d+ (m|km)$/);
    // The plotted distance matches the real one within a few per cent (Web Mercator at this scale).
    const metres = haversineMetres(points[0]!, points[1]!);
    const px = Math.hypot(map.markers[0]!.x - map.markers[1]!.x, map.markers[0]!.y - map.markers[1]!.y);
    const scaleMetres = Number.parseFloat(map.scale.label) * (map.scale.label.endsWith('km') ? 1000 : 1);
    expect(Math.abs((px * scaleMetres) / map.scale.length - metres) / metres).toBeLessThan(0.05);
  });

  it('uses tiles from the configured tile server when there is one', () => {
    const map = plotMap(points, { tileUrl: 'https://tiles.example/{z}/{x}/{y}.png' })!;
    expect(map.tiles.length).toBeGreaterThan(0);
    expect(map.tiles[0]!.href).toMatch(/^https:\/\/tiles\.example\/\d+\/\d+\/\d+\.png$/);
    expect(map.grid).toEqual([]);
  });

  it('keeps the labels of points close together apart', () => {
    const close = [
      points[0]!,
      { ...points[0]!, id: 'c', label: 'EL-2014-000003', lat: points[0]!.lat + 0.0002 },
    ];
    const [a, b] = plotMap(close)!.markers;
    expect(Math.abs(a!.labelY - b!.labelY)).toBeGreaterThanOrEqual(16);
  });

  it('has nothing to draw without a place', () => {
    expect(plotMap([])).toBeUndefined();
  });

  it('orders deaths by date with the gap to the previous one', () => {
    const a = deathCase({ id: 'a', reference: 'R1', dateFound: '2014-06-20' });
    const b = deathCase({ id: 'b', reference: 'R2', dateFound: '2014-08-28' });
    const c = deathCase({ id: 'c', reference: 'R3', dateFound: '2014-09-20' });
    expect(timeline([c, a, b]).map((t) => [t.reference, t.date, t.daysAfterPrevious])).toEqual([
      ['R1', '2014-06-20', null],
      ['R2', '2014-08-28', 69],
      ['R3', '2014-09-20', 23],
    ]);
  });
});

describe('the tile server in the Content-Security-Policy', () => {
  it('allows the tile server’s origin only', () => {
    expect(tileImageSources('https://tiles.example:8443/{z}/{x}/{y}.png')).toEqual([
      'https://tiles.example:8443',
    ]);
    expect(tileImageSources('/tiles/{z}/{x}/{y}.png')).toEqual([]);
    expect(tileImageSources(undefined)).toEqual([]);
  });
});
