/**
 * Geometry of the space–time permutation scan: locations aggregated into grid cells, nested circles around
 * each cell (Kulldorff et al. 2005 cylinders, spatial part), and for each cell the circles that contain it.
 */
import { projectMetres } from './links.geo.ts';
import type { ScanParameters } from './links.scan.ts';

export type Geometry = {
  locations: number;
  locLat: Float64Array;
  locLon: Float64Array;
  circleS: Float64Array;
  circleCentre: Int32Array;
  circleRadius: Float64Array;
  circleSize: Int32Array;
  nbrStart: Int32Array;
  nbrLoc: Int32Array;
  rangeStart: Int32Array;
  rangeFrom: Int32Array;
  rangeTo: Int32Array;
};

/** Grid cells and nested circles (up to the maximum radius and share of cases) around every cell, for the scan. */
export function buildGeometry(
  lat: Float64Array,
  lon: Float64Array,
  p: ScanParameters,
): { geometry: Geometry; eventLoc: Int32Array } {
  const n = lat.length;
  let refLat = 0;
  for (let i = 0; i < n; i++) refLat += lat[i]!;
  refLat /= Math.max(1, n);
  const cellOf = new Map<string, number>();
  const eventLoc = new Int32Array(n);
  const sumX: number[] = [];
  const sumY: number[] = [];
  const sumLat: number[] = [];
  const sumLon: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < n; i++) {
    const { x, y } = projectMetres({ lat: lat[i]!, lon: lon[i]! }, refLat);
    const key =
      p.cellSizeM > 0
        ? `${Math.floor(x / p.cellSizeM)},${Math.floor(y / p.cellSizeM)}`
        : `${Math.round(x)},${Math.round(y)}`;
    let loc = cellOf.get(key);
    if (loc === undefined) {
      loc = count.length;
      cellOf.set(key, loc);
      sumX.push(0);
      sumY.push(0);
      sumLat.push(0);
      sumLon.push(0);
      count.push(0);
    }
    eventLoc[i] = loc;
    sumX[loc]! += x;
    sumY[loc]! += y;
    sumLat[loc]! += lat[i]!;
    sumLon[loc]! += lon[i]!;
    count[loc]! += 1;
  }
  const L = count.length;
  // Number locations in strips of the maximum radius, west to east, so that neighbouring centres have
  // neighbouring circle numbers (cache locality of the replication loop).
  const order = Array.from({ length: L }, (_, l) => l);
  const strip = (l: number) => Math.floor(sumY[l]! / count[l]! / p.maxRadiusM);
  order.sort((a, b) => strip(a) - strip(b) || sumX[a]! / count[a]! - sumX[b]! / count[b]!);
  const renumber = new Int32Array(L);
  order.forEach((old, l) => {
    renumber[old] = l;
  });
  for (let i = 0; i < n; i++) eventLoc[i] = renumber[eventLoc[i]!]!;
  const locX = new Float64Array(L);
  const locY = new Float64Array(L);
  const locLat = new Float64Array(L);
  const locLon = new Float64Array(L);
  const locCount = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    const old = order[l]!;
    locCount[l] = count[old]!;
    locX[l] = sumX[old]! / count[old]!;
    locY[l] = sumY[old]! / count[old]!;
    locLat[l] = sumLat[old]! / count[old]!;
    locLon[l] = sumLon[old]! / count[old]!;
  }
  // Bucket locations by the maximum radius so that neighbours are within the 3 × 3 surrounding buckets.
  const R = p.maxRadiusM;
  const buckets = new Map<string, number[]>();
  for (let l = 0; l < L; l++) {
    const key = `${Math.floor(locX[l]! / R)},${Math.floor(locY[l]! / R)}`;
    const list = buckets.get(key);
    if (list) list.push(l);
    else buckets.set(key, [l]);
  }
  const maxS = p.maxShareOfCases * n;
  const nbrStart = new Int32Array(L + 1);
  const nbrLoc: number[] = [];
  const circleS: number[] = [];
  const circleCentre: number[] = [];
  const circleRadius: number[] = [];
  const circleSize: number[] = [];
  const memberships: number[][] = Array.from({ length: L }, () => []); // per location: [from, to] pairs
  for (let i = 0; i < L; i++) {
    const bx = Math.floor(locX[i]! / R);
    const by = Math.floor(locY[i]! / R);
    const near: { l: number; d: number }[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const l of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
          const d = Math.hypot(locX[l]! - locX[i]!, locY[l]! - locY[i]!);
          if (d <= R) near.push({ l, d });
        }
      }
    }
    near.sort((a, b) => a.d - b.d || a.l - b.l);
    nbrStart[i] = nbrLoc.length;
    const base = circleS.length;
    let s = 0;
    let k = 0;
    const groupOf: number[] = [];
    while (k < near.length) {
      let end = k;
      let add = 0;
      while (end < near.length && near[end]!.d === near[k]!.d) add += locCount[near[end++]!.l]!;
      if (s + add > maxS) break;
      s += add;
      for (let m = k; m < end; m++) {
        nbrLoc.push(near[m]!.l);
        groupOf.push(circleS.length - base);
      }
      circleS.push(s);
      circleCentre.push(i);
      circleRadius.push(near[k]!.d);
      circleSize.push(nbrLoc.length - nbrStart[i]!);
      k = end;
    }
    const top = circleS.length;
    for (let m = 0; m < groupOf.length; m++)
      memberships[nbrLoc[nbrStart[i]! + m]!]!.push(base + groupOf[m]!, top);
  }
  nbrStart[L] = nbrLoc.length;
  const rangeStart = new Int32Array(L + 1);
  let total = 0;
  for (let l = 0; l < L; l++) {
    rangeStart[l] = total;
    total += memberships[l]!.length / 2;
  }
  rangeStart[L] = total;
  const rangeFrom = new Int32Array(total);
  const rangeTo = new Int32Array(total);
  for (let l = 0; l < L; l++) {
    const m = memberships[l]!;
    for (let q = 0; q < m.length; q += 2) {
      rangeFrom[rangeStart[l]! + q / 2] = m[q]!;
      rangeTo[rangeStart[l]! + q / 2] = m[q + 1]!;
    }
  }
  return {
    geometry: {
      locations: L,
      locLat,
      locLon,
      circleS: Float64Array.from(circleS),
      circleCentre: Int32Array.from(circleCentre),
      circleRadius: Float64Array.from(circleRadius),
      circleSize: Int32Array.from(circleSize),
      nbrStart,
      nbrLoc: Int32Array.from(nbrLoc),
      rangeStart,
      rangeFrom,
      rangeTo,
    },
    eventLoc,
  };
}
