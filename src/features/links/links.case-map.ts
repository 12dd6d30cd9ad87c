/**
 * The case record as the detector sees it (pure): a case row and its people become a `LinkCase`, and a
 * `LinkCase` gives the columns the database prefilters candidates on (a coarse grid cell, blocking keys,
 * the deceased's name words and the words of the case's texts).
 */
import type { CaseRow, PersonRow } from '../cases/cases.queries.ts';
import { normalisedPostcode, TYPED_ACCURACY_M } from './links.geocode.ts';
import { prepareCase } from './links.prepare.ts';
import type { GeoPoint, LinkCase, LinkPerson, PersonRole, PlaceType } from './links.types.ts';

/** Grid cells of 0.02° latitude by 0.03° longitude: about 2.2 km by 2.1 km in England and Wales. */
export const CELL = { lat: 0.02, lon: 0.03 } as const;

export function cellOf(lat: number, lon: number): string {
  return `${Math.floor(lat / CELL.lat)}:${Math.floor(lon / CELL.lon)}`;
}

/** Every cell a circle of `radiusM` around the point touches (its bounding box). */
export function cellsAround(lat: number, lon: number, radiusM: number): string[] {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(0.2, Math.cos((lat * Math.PI) / 180)));
  const cells: string[] = [];
  for (let i = Math.floor((lat - dLat) / CELL.lat); i <= Math.floor((lat + dLat) / CELL.lat); i++)
    for (let j = Math.floor((lon - dLon) / CELL.lon); j <= Math.floor((lon + dLon) / CELL.lon); j++)
      cells.push(`${i}:${j}`);
  return cells;
}

type Place = NonNullable<CaseRow['sceneFound']>;
type Address = NonNullable<CaseRow['address']>;

/** A coordinate typed on the record (with its stated accuracy), if any. */
export function typedPoint(p: Place | Address | null | undefined): GeoPoint | undefined {
  if (!p || p.lat === undefined || p.lon === undefined) return undefined;
  return { lat: p.lat, lon: p.lon, accuracyM: p.accuracyM ?? TYPED_ACCURACY_M };
}

/** The scene: where the deceased was found, else the place of death. */
export function scenePlace(row: CaseRow): Place | undefined {
  return row.sceneFound ?? row.placeOfDeath ?? undefined;
}

/** Postcodes a geocoder could place: the scene's and the home's, when they have no typed coordinate. */
export function postcodesToPlace(row: CaseRow): { scene?: string; residence?: string } {
  const scene = scenePlace(row);
  return {
    scene: scene && !typedPoint(scene) ? normalisedPostcode(scene.postcode) : undefined,
    residence: row.address && !typedPoint(row.address) ? normalisedPostcode(row.address.postcode) : undefined,
  };
}

/**
 * Whether the detector treats the death as unnatural: every reported death is, until the coroner decides
 * that no duty to investigate arose (a natural death, status NO_DUTY).
 */
export function isUnnaturalCase(row: Pick<CaseRow, 'status'>): boolean {
  return row.status !== 'NO_DUTY';
}

const postal = (a: Address | null | undefined) =>
  a ? { line1: a.line1, line2: a.line2, town: a.town, postcode: a.postcode } : undefined;

/** The detector's view of a case row, its people and the points found for its places. */
export function toLinkCase(
  row: CaseRow,
  people: readonly PersonRow[],
  located: { scene?: GeoPoint; residence?: GeoPoint } = {},
): LinkCase {
  const place = scenePlace(row);
  const scenePoint = typedPoint(place) ?? located.scene;
  const residence = typedPoint(row.address) ?? located.residence;
  const linkPeople: LinkPerson[] = people.map((p) => ({
    id: p.id,
    role: p.role as PersonRole,
    name: p.name,
    dateOfBirth: p.dateOfBirth ?? undefined,
    phone: p.phone ?? undefined,
    address: postal(p.address),
  }));
  return {
    id: row.id,
    reference: row.reference,
    areaCode: row.areaCode,
    reportedAt: row.reportedAt.toISOString(),
    dateOfDeath: row.dateOfDeath ?? undefined,
    dateFound: row.dateFound ?? undefined,
    deceased: {
      givenNames: row.givenNames,
      familyName: row.familyName,
      sex: row.sex,
      dateOfBirth: row.dateOfBirth ?? undefined,
      age: row.age ?? undefined,
      address: postal(row.address),
      residence,
    },
    scene:
      scenePoint && place
        ? {
            ...scenePoint,
            placeType: place.placeType as PlaceType | undefined,
            postcode: place.postcode,
            description: place.description,
          }
        : undefined,
    people: linkPeople,
    circumstanceTags: [...row.circumstanceTags],
    toxicology: { tested: [...row.toxicology.tested], detected: [...row.toxicology.detected] },
    policeClassification: (row.policeClassification ?? undefined) as LinkCase['policeClassification'],
    unnatural: isUnnaturalCase(row),
    texts: row.circumstances ? [row.circumstances] : [],
  };
}

/** The prefilter columns of a case. */
export function indexFields(c: LinkCase) {
  const prepared = prepareCase(c);
  const place = c.scene;
  return {
    eventDay: prepared.eventDay,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    accuracyM: place?.accuracyM ?? null,
    cell: place ? cellOf(place.lat, place.lon) : null,
    keys: [...prepared.blockingKeys].sort(),
    nameWords: [...new Set([...prepared.deceased.given, prepared.deceased.familyLast].filter(Boolean))],
    textWords: [...prepared.textWords].filter((w) => w.length > 1).slice(0, 5000),
    traits: [...prepared.tags, ...[...prepared.detected].map((s) => `sub:${s}`)].sort(),
  };
}
