/**
 * A map and a timeline of linked cases, computed for server-rendered SVG (no script, nothing inline that a
 * strict CSP refuses). With a tile server configured (`MAP_TILE_URL`, an `{z}/{x}/{y}` template) the
 * points are drawn over Web Mercator tiles; without one, over a plain plot with a grid and a scale bar.
 */
import { metresPerPixel, project, TILE, tilesFor } from '../../platform/views/public/web-mercator.js';
import { eventDay } from './links.prepare.ts';
import type { LinkCase } from './links.types.ts';

export type MapPoint = {
  id: string;
  label: string;
  lat: number;
  lon: number;
  accuracyM: number;
  place: string;
};

export type MapPlot = {
  width: number;
  height: number;
  tiles: { href: string; x: number; y: number; size: number }[];
  markers: {
    id: string;
    label: string;
    x: number;
    y: number;
    r: number;
    accuracyR: number;
    place: string;
    labelX: number;
    labelY: number;
  }[];
  grid: { x1: number; y1: number; x2: number; y2: number }[];
  scale: { x: number; y: number; length: number; label: string };
  attribution?: string;
};

/** The points of cases placed on the map: the scene, else the deceased's home. */
export function mapPoints(list: readonly LinkCase[]): MapPoint[] {
  return list.flatMap((c) => {
    const p = c.scene ?? c.deceased.residence;
    if (!p) return [];
    const place = c.scene ? (c.scene.description ?? 'scene') : 'home address';
    return [{ id: c.id, label: c.reference, lat: p.lat, lon: p.lon, accuracyM: p.accuracyM, place }];
  });
}

function niceLength(metres: number): number {
  const steps = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000];
  return steps.filter((s) => s <= metres).at(-1) ?? steps[0]!;
}

/** Lays the points out in a width × height box, choosing the closest zoom that shows them all. */
export function plotMap(
  points: readonly MapPoint[],
  options: { width?: number; height?: number; tileUrl?: string } = {},
): MapPlot | undefined {
  if (points.length === 0) return undefined;
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const pad = 40;
  let zoom = 17;
  const fits = (z: number) => {
    const at = points.map((p) => project(p.lat, p.lon, z));
    const xs = at.map((q) => q.x);
    const ys = at.map((q) => q.y);
    return (
      Math.max(...xs) - Math.min(...xs) <= width - 2 * pad &&
      Math.max(...ys) - Math.min(...ys) <= height - 2 * pad
    );
  };
  while (zoom > 3 && !fits(zoom)) zoom -= 1;
  const at = points.map((p) => project(p.lat, p.lon, zoom));
  const xs = at.map((q) => q.x);
  const ys = at.map((q) => q.y);
  const originX = (Math.min(...xs) + Math.max(...xs)) / 2 - width / 2;
  const originY = (Math.min(...ys) + Math.max(...ys)) / 2 - height / 2;
  const midLat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const mpp = metresPerPixel(midLat, zoom);
  const markers = points.map((p, i) => ({
    id: p.id,
    label: p.label,
    place: p.place,
    x: Math.round((xs[i]! - originX) * 10) / 10,
    y: Math.round((ys[i]! - originY) * 10) / 10,
    r: 6,
    accuracyR: Math.round((p.accuracyM / mpp) * 10) / 10,
    labelX: 0,
    labelY: 0,
  }));
  // Labels beside their points, moved down a line while they would overlap one already placed.
  const placed: { x: number; y: number }[] = [];
  for (const m of markers) {
    let y = m.y - 9;
    while (placed.some((q) => Math.abs(q.y - y) < 16 && Math.abs(q.x - (m.x + 9)) < 130)) y += 16;
    m.labelX = m.x + 9;
    m.labelY = y;
    placed.push({ x: m.labelX, y });
  }
  const centre = { x: originX + width / 2, y: originY + height / 2 };
  const tiles: MapPlot['tiles'] = options.tileUrl
    ? tilesFor(centre, zoom, width, height, options.tileUrl).map((t) => ({
        href: t.src,
        x: t.left,
        y: t.top,
        size: TILE,
      }))
    : [];
  const scaleMetres = niceLength(mpp * width * 0.25);
  const grid: MapPlot['grid'] = [];
  if (!options.tileUrl) {
    const step = scaleMetres / mpp;
    for (let x = step; x < width; x += step)
      grid.push({ x1: Math.round(x), y1: 0, x2: Math.round(x), y2: height });
    for (let y = step; y < height; y += step)
      grid.push({ x1: 0, y1: Math.round(y), x2: width, y2: Math.round(y) });
  }
  return {
    width,
    height,
    tiles,
    markers,
    grid,
    scale: {
      x: 16,
      y: height - 16,
      length: Math.round(scaleMetres / mpp),
      label: scaleMetres >= 1000 ? `${scaleMetres / 1000} km` : `${scaleMetres} m`,
    },
  };
}

export type TimelineEntry = {
  id: string;
  reference: string;
  date: string;
  daysAfterPrevious: number | null;
  place: string;
};

/** The cases in date order (found, else died, else reported) with the gap to the previous death. */
export function timeline(list: readonly LinkCase[]): TimelineEntry[] {
  const sorted = [...list].sort(
    (a, b) => eventDay(a) - eventDay(b) || a.reference.localeCompare(b.reference),
  );
  return sorted.map((c, i) => ({
    id: c.id,
    reference: c.reference,
    date: new Date(eventDay(c) * 86_400_000).toISOString().slice(0, 10),
    daysAfterPrevious: i === 0 ? null : eventDay(c) - eventDay(sorted[i - 1]!),
    place: c.scene?.description ?? (c.deceased.residence ? 'home address' : 'place not recorded'),
  }));
}

/** The origin the Content-Security-Policy must allow images from for the tile server (none for a relative one). */
export function tileImageSources(tileUrl: string | undefined): string[] {
  if (!tileUrl) return [];
  try {
    return [new URL(tileUrl).origin];
  } catch {
    return [];
  }
}
