import { describe, expect, it } from 'vitest';
import { createRandom } from '../../features/links/links.random.ts';
import { MAX_ZOOM, MIN_ZOOM, pickAccuracy, readCoordinate } from './public/map-picker.js';
import { metresPerPixel, project, tilesFor, unproject } from './public/web-mercator.js';

describe('the map to pick a place on', () => {
  it('turns a point on the map back into the latitude and longitude it shows (property, 2,000 points)', () => {
    const r = createRandom(11);
    for (let i = 0; i < 2000; i++) {
      const lat = -80 + r() * 160;
      const lon = -179 + r() * 358;
      const zoom = MIN_ZOOM + Math.floor(r() * (MAX_ZOOM - MIN_ZOOM + 1));
      const p = project(lat, lon, zoom);
      const back = unproject(p.x, p.y, zoom);
      expect(back.lat).toBeCloseTo(lat, 9);
      expect(back.lon).toBeCloseTo(lon, 9);
    }
  });

  it('gives longitudes between -180 and 180 however far round the world the map was moved', () => {
    const p = project(51.5, 0.5, 4);
    const size = 256 * 2 ** 4;
    expect(unproject(p.x + size, p.y, 4).lon).toBeCloseTo(0.5, 9);
    expect(unproject(p.x - 3 * size, p.y, 4).lon).toBeCloseTo(0.5, 9);
  });

  it('puts a known place on the tile that shows it', () => {
    // St Margaret's churchyard, Barking, at zoom 16 lies on tile 16/32782/21783 of the usual tile scheme.
    const p = project(51.5362, 0.0813, 16);
    expect([Math.floor(p.x / 256), Math.floor(p.y / 256)]).toEqual([32782, 21783]);
  });

  it('says how precisely a point was picked from the map’s scale, never closer than 10 metres', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543.034, 3);
    expect(pickAccuracy(51.5, 13)).toBe(120);
    expect(pickAccuracy(51.5, 16)).toBe(15);
    expect(pickAccuracy(51.5, 18)).toBe(10);
  });

  it('asks for the tiles that cover the view, placed where they fall in it', () => {
    const centre = { x: 256 * 100, y: 256 * 50 };
    const tiles = tilesFor(centre, 10, 256, 256, 'https://tiles.example/{z}/{x}/{y}.png');
    expect(tiles.map((t) => [t.src, t.left, t.top])).toEqual([
      ['https://tiles.example/10/99/49.png', -128, -128],
      ['https://tiles.example/10/99/50.png', -128, 128],
      ['https://tiles.example/10/100/49.png', 128, -128],
      ['https://tiles.example/10/100/50.png', 128, 128],
    ]);
    // Across the date line the tile numbers wrap round; above the top of the world there are none.
    const edge = tilesFor({ x: 0, y: 0 }, 1, 256, 256, '{z}/{x}/{y}');
    expect(edge.map((t) => [t.src, t.left, t.top])).toEqual([
      ['1/1/0', -128, 128],
      ['1/0/0', 128, 128],
    ]);
  });

  it('reads only numbers in range from the latitude and longitude boxes', () => {
    expect(readCoordinate(' 51.5362 ', 90)).toBe(51.5362);
    expect(readCoordinate('-0.1278', 180)).toBe(-0.1278);
    expect(readCoordinate('', 90)).toBeUndefined();
    expect(readCoordinate('north', 90)).toBeUndefined();
    expect(readCoordinate('91', 90)).toBeUndefined();
  });
});
