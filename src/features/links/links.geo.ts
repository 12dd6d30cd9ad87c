/**
 * Distances between located points, and how the accuracy of both points limits what a distance can say.
 *
 * Accuracy rule. Each point carries an accuracy radius (10 m typed or GPS, ~100 m full-postcode centroid,
 * ~2 km postcode district). We read that radius as about two standard errors of the position, and errors of
 * two points as independent, so the distance between them has a standard error of about
 * ½·√(a₁² + a₂²): the pair's *margin*. A pair counts as "within D metres" only when the observed distance
 * plus that margin is still within D (about 84% one-sided confidence), and as "more than D apart" only when
 * the observed distance minus the margin exceeds D. Two postcode centroids (margin ≈ 71 m) can therefore
 * never be "within 50 m", and two district centroids say almost nothing about distance.
 */

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

type LatLon = { lat: number; lon: number };
type Located = LatLon & { accuracyM: number };

/** Great-circle distance in metres (haversine formula on a spherical Earth of mean radius 6,371.0088 km). */
export function haversineMetres(p: LatLon, q: LatLon): number {
  // Evaluate in a canonical order so that the result is exactly symmetric in its pair.
  const [a, b] = p.lat < q.lat || (p.lat === q.lat && p.lon <= q.lon) ? [p, q] : [q, p];
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The pair's distance margin: ½·√(a₁² + a₂²), one combined standard error when each accuracy radius is two. */
export function pairMarginMetres(a: Located, b: Located): number {
  return 0.5 * Math.sqrt(a.accuracyM * a.accuracyM + b.accuracyM * b.accuracyM);
}

/** Accuracy rule above: "within D" only when distance + margin ≤ D. */
export function isConfidentlyWithin(a: Located, b: Located, metres: number): boolean {
  return haversineMetres(a, b) + pairMarginMetres(a, b) <= metres;
}

/** Accuracy rule above: could be within D, i.e. distance − margin ≤ D (used to keep candidates, never to score). */
export function isPossiblyWithin(a: Located, b: Located, metres: number): boolean {
  return haversineMetres(a, b) - pairMarginMetres(a, b) <= metres;
}

export type DistanceBin = 'within-100m' | '100m-500m' | '500m-2km' | 'over-2km' | 'imprecise';

export type DistanceAssessment = { bin: DistanceBin; distanceM: number; marginM: number };

/**
 * Layer 2 scene-distance bin (linked-deaths.md §3.3: ≤100 m / 100–500 m / 0.5–2 km / > 2 km) under the
 * accuracy rule: the smallest bin that holds distance + margin; "over 2 km" only when distance − margin
 * exceeds 2 km; otherwise the points are too imprecise to place the pair in a bin.
 */
export function distanceBin(a: Located, b: Located): DistanceAssessment {
  const distanceM = haversineMetres(a, b);
  const marginM = pairMarginMetres(a, b);
  const upper = distanceM + marginM;
  let bin: DistanceBin;
  if (upper <= 100) bin = 'within-100m';
  else if (upper <= 500) bin = '100m-500m';
  else if (upper <= 2000) bin = '500m-2km';
  else if (distanceM - marginM > 2000) bin = 'over-2km';
  else bin = 'imprecise';
  return { bin, distanceM, marginM };
}

/** Plain-English distance for a reason line, rounded to what the accuracy supports. */
export function describeDistance(distanceM: number, marginM: number): string {
  const unit = marginM >= 500 ? 500 : distanceM >= 1000 ? 100 : marginM >= 50 ? 50 : 10;
  const rounded = Math.max(unit, Math.round(distanceM / unit) * unit);
  const text = rounded >= 1000 ? `${(rounded / 1000).toFixed(1)} km` : `${rounded} m`;
  if (distanceM < unit) return `less than ${text} apart`;
  return `${text} apart`;
}

/** A local equirectangular projection in metres about a reference latitude; adequate within a few hundred km. */
export function projectMetres(point: LatLon, referenceLat: number): { x: number; y: number } {
  return {
    x: point.lon * RAD * EARTH_RADIUS_M * Math.cos(referenceLat * RAD),
    y: point.lat * RAD * EARTH_RADIUS_M,
  };
}
