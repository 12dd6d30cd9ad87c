/**
 * Semi-synthetic background of coroner referrals for a London-like area of three boroughs (~450,000 people),
 * calibrated to linked-deaths.md §2.6, with planted clusters. It stands in for `opencoroner generate` and can
 * be swapped for it: the detector only sees `LinkCase` versions and the days they become known.
 */
import type {
  KnownSite,
  LinkCase,
  LinkPerson,
  PlaceType,
  PostalAddress,
} from '../../src/features/links/links.types.ts';
import {
  FAMILY_NAMES,
  FEMALE_NAMES,
  MALE_NAMES,
  pickWeighted,
  rareName,
  STREET_KINDS,
  STREETS,
} from './names.ts';

export type ClusterKind = 'port-replay' | 'port-variant' | 'batch' | 'carer';
export type PlantedCluster = { id: string; kind: ClusterKind; drug: boolean; members: string[] };
/** A case as the system sees it: first at report, then again when toxicology returns. */
export type SimCase = {
  id: string;
  reportDay: number;
  atReport: LinkCase;
  toxicologyDay?: number;
  final: LinkCase;
  clusterId?: string;
};
export type SimArea = {
  seed: number;
  warmupDays: number;
  days: number;
  startDay: number;
  cases: SimCase[];
  knownSites: KnownSite[];
  clusters: PlantedCluster[];
  /** Two years of background from the wider region: the data the rarity tables are measured on, as the app measures them nationally. */
  regional: LinkCase[];
};

const ORIGIN = { lat: 51.55, lon: 0.05 };
/** Day number of day 0 of every simulation (1 January 2014). */
export const START_DAY = Math.floor(Date.parse('2014-01-01T00:00:00Z') / 86_400_000);
const BOROUGHS = [
  { code: 'IG11', x: -4, y: 0, radius: 3.4 },
  { code: 'RM9', x: 0.5, y: 3, radius: 3.4 },
  { code: 'E6', x: 4.5, y: -1, radius: 3.4 },
];

type Rng = () => number;
const toLatLon = (x: number, y: number) => ({
  lat: ORIGIN.lat + (y * 1000) / 111_195,
  lon: ORIGIN.lon + (x * 1000) / (111_195 * Math.cos((ORIGIN.lat * Math.PI) / 180)),
});
const gauss = (r: Rng) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const chance = (r: Rng, p: number) => r() < p;
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const isoDay = (day: number) => new Date((START_DAY + day) * 86_400_000).toISOString().slice(0, 10);
const clampAge = (a: number) => Math.max(16, Math.min(102, Math.round(a)));

type Point = { x: number; y: number; borough: number };

function makeGeography(r: Rng) {
  const blobs = BOROUGHS.flatMap((b, borough) =>
    Array.from({ length: 6 }, () => {
      const a = r() * 2 * Math.PI;
      const d = Math.sqrt(r()) * b.radius * 0.8;
      return { x: b.x + d * Math.cos(a), y: b.y + d * Math.sin(a), s: 0.4 + r() * 0.6, borough };
    }),
  );
  const residence = (borough?: number): Point => {
    const b = borough ?? Math.floor(r() * BOROUGHS.length);
    const area = BOROUGHS[b]!;
    for (;;) {
      let x: number;
      let y: number;
      if (chance(r, 0.3)) {
        const a = r() * 2 * Math.PI;
        const d = Math.sqrt(r()) * area.radius;
        x = area.x + d * Math.cos(a);
        y = area.y + d * Math.sin(a);
      } else {
        const blob = pick(
          r,
          blobs.filter((q) => q.borough === b),
        );
        x = blob.x + gauss(r) * blob.s;
        y = blob.y + gauss(r) * blob.s;
      }
      if (Math.hypot(x - area.x, y - area.y) <= area.radius) return { x, y, borough: b };
    }
  };
  const address = (p: Point): PostalAddress => {
    const cx = Math.floor(p.x * 5);
    const cy = Math.floor(p.y * 5);
    const street = `${STREETS[Math.abs(cx * 7 + cy * 13) % STREETS.length]} ${STREET_KINDS[Math.abs(cx * 3 + cy) % STREET_KINDS.length]}`;
    const unit = (Math.abs(Math.floor(p.x * 10) * 31 + Math.floor(p.y * 10) * 17) % 676) >>> 0;
    const postcode = `${BOROUGHS[p.borough]!.code} ${1 + (Math.abs(cx + cy) % 9)}${String.fromCharCode(65 + Math.floor(unit / 26))}${String.fromCharCode(65 + (unit % 26))}`;
    const flat = chance(r, 0.3) ? `Flat ${1 + Math.floor(r() * 60)}, ` : '';
    return { line1: `${flat}${1 + Math.floor(r() * 400)} ${street}`, town: 'Barking', postcode };
  };
  return { residence, address };
}

type Geography = ReturnType<typeof makeGeography>;

function makeSites(geo: Geography): KnownSite[] {
  const sites: KnownSite[] = [];
  const add = (kind: KnownSite['kind'], borough: number, radiusM: number, n: number) => {
    for (let i = 0; i < n; i++) {
      const p = geo.residence(borough);
      sites.push({
        id: `${kind}-${borough}-${i}`,
        name: `${kind} ${borough}.${i}`,
        kind,
        ...toLatLon(p.x, p.y),
        radiusM,
      });
    }
  };
  BOROUGHS.forEach((_, b) => {
    add('hospital', b, 200, 1);
    add('care-home', b, 60, 3);
    add('railway-station', b, 100, 1);
  });
  add('hospice', 1, 80, 1);
  add('prison', 2, 200, 1);
  return sites;
}

const fullName = (r: Rng, sex: 'male' | 'female', family?: string) => ({
  given: chance(r, 0.08) ? rareName(r, 3) : pickWeighted(sex === 'male' ? MALE_NAMES : FEMALE_NAMES, r),
  family: family ?? (chance(r, 0.45) ? rareName(r) : pickWeighted(FAMILY_NAMES, r)),
});
const phone = (r: Rng) => `07${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
const dateOfBirth = (r: Rng, age: number, day: number) => isoDay(day - Math.round((age + r()) * 365.25));

const PANEL = [
  'alcohol',
  'cocaine',
  'heroin',
  'morphine',
  'methadone',
  'diazepam',
  'pregabalin',
  'amphetamine',
  'MDMA',
  'ketamine',
  'sertraline',
  'citalopram',
  'paracetamol',
  'codeine',
  'protonitazene',
  'fentanyl',
];
export type CaseDraft = {
  kind: string;
  day: number;
  point: Point;
  sex: 'male' | 'female';
  age: number;
  place: PlaceType;
  site?: KnownSite;
  substances?: string[];
  ghbTested?: boolean;
  tags?: string[];
  classification?: LinkCase['policeClassification'];
  finder?: LinkPerson | null;
  extraPeople?: LinkPerson[];
  texts?: string[];
  name?: { given: string; family: string };
  unnatural?: boolean;
  accuracy?: 'typed' | 'postcode';
  clusterId?: string;
};

/** Builds the case versions (at report, after toxicology) of one death. */
function buildCase(r: Rng, geo: Geography, run: Run, d: CaseDraft, missingFinder: number): SimCase {
  const id = `${run.prefix}-${run.cases.length + 1}`;
  const name = d.name ?? fullName(r, d.sex);
  const home = geo.address(d.point);
  const scenePoint = d.site
    ? { lat: d.site.lat + (gauss(r) * d.site.radiusM * 0.3) / 111_195, lon: d.site.lon }
    : toLatLon(d.point.x, d.point.y);
  // Geocoding: most scenes typed or matched to an address; some postcode centroids; a few district-level; some wrongly placed.
  let accuracyM = 10 + Math.floor(r() * 10);
  let lat = scenePoint.lat;
  let lon = scenePoint.lon;
  const u = r();
  // Deaths at registered sites are recorded against the site register, so they are placed accurately.
  const precise = d.accuracy === 'typed' || d.site !== undefined;
  if (!precise && u < 0.22) {
    accuracyM = 100;
    lat += (gauss(r) * 50) / 111_195;
    lon += (gauss(r) * 50) / 69_000;
  } else if (!precise && u < 0.25) {
    accuracyM = 2000;
    lat += (gauss(r) * 1000) / 111_195;
    lon += (gauss(r) * 1000) / 69_000;
  } else if (!precise && u < 0.35) {
    const e = 50 + r() * 450;
    const a = r() * 2 * Math.PI;
    lat += (e * Math.sin(a)) / 111_195;
    lon += (e * Math.cos(a)) / 69_000;
  }
  const scene: LinkCase['scene'] = {
    lat,
    lon,
    accuracyM,
    placeType: d.place,
    postcode: d.place === 'home' ? home.postcode : undefined,
    description: d.place === 'home' ? home.line1 : undefined,
  };
  const people: LinkPerson[] = [];
  if (chance(r, 0.85)) {
    const nok = fullName(r, chance(r, 0.5) ? 'male' : 'female', chance(r, 0.6) ? name.family : undefined);
    people.push({
      id: `${id}-nok`,
      role: 'next-of-kin',
      name: `${nok.given} ${nok.family}`,
      phone: chance(r, 0.7) ? phone(r) : undefined,
      address: chance(r, 0.4) ? home : chance(r, 0.7) ? geo.address(geo.residence()) : undefined,
    });
  }
  const institutional = d.site !== undefined;
  if (d.finder !== undefined) {
    if (d.finder) people.push(d.finder);
  } else if (!chance(r, missingFinder)) {
    if (institutional && d.site) {
      const staff =
        run.staff.get(d.site.id) ??
        Array.from({ length: d.site.kind === 'hospital' ? 25 : 6 }, (_, i) => ({
          ...fullName(r, 'female'),
          phone: phone(r),
          i,
        }));
      run.staff.set(d.site.id, staff);
      const s = pick(r, staff);
      people.push({
        id: `${id}-f`,
        role: d.site.kind === 'hospital' && chance(r, 0.6) ? 'other-professional' : 'finder',
        name: `${s.given} ${s.family}`,
        phone: s.phone,
      });
    } else {
      const f = fullName(r, chance(r, 0.5) ? 'male' : 'female');
      people.push({
        id: `${id}-f`,
        role: 'finder',
        name: `${f.given} ${f.family}`,
        phone: chance(r, 0.6) ? phone(r) : undefined,
        address: chance(r, 0.5) ? geo.address(geo.residence(d.point.borough)) : undefined,
      });
    }
  }
  if (d.unnatural ?? true) {
    const officers = run.officers[d.point.borough]!;
    people.push({ id: `${id}-pc`, role: 'police-officer', name: pick(r, officers), phone: '0207 230 1212' });
    if (chance(r, 0.7)) people.push({ id: `${id}-pm`, role: 'paramedic', name: pick(r, run.paramedics) });
  }
  people.push(...(d.extraPeople ?? []));
  const found = isoDay(d.day);
  const reportDay = d.day + (chance(r, 0.5) ? 0 : 1 + Math.floor(-Math.log(1 - r()) * 1.5));
  const texts = [
    `${d.sex === 'male' ? 'Mr' : 'Mrs'} ${name.family} was found ${d.place === 'home' ? 'at home' : `at the ${d.place.replace(/-/g, ' ')}`}. ${people[0]?.role === 'next-of-kin' ? `Next of kin ${people[0].name} informed.` : ''}`,
    ...(d.texts ?? []),
  ];
  const tested = d.substances ? [...PANEL, ...(d.ghbTested ? ['GHB'] : [])] : [];
  const detected = (d.substances ?? []).filter((s) => tested.includes(s));
  const base: LinkCase = {
    id,
    reference: `${run.prefix.toUpperCase()}/${id}`,
    areaCode: 'SIM',
    reportedAt: `${isoDay(reportDay)}T10:00:00Z`,
    dateFound: found,
    dateOfDeath: found,
    deceased: {
      givenNames: name.given,
      familyName: name.family,
      sex: d.sex,
      age: d.age,
      dateOfBirth: dateOfBirth(r, d.age, d.day),
      address: home,
    },
    scene,
    people,
    circumstanceTags: d.tags ?? [],
    toxicology: { tested: [], detected: [] },
    policeClassification: d.classification,
    unnatural: d.unnatural ?? true,
    texts,
  };
  const final: LinkCase = d.substances ? { ...base, toxicology: { tested, detected } } : base;
  const toxicologyDay = d.substances ? reportDay + 21 + Math.floor(r() * 50) : undefined;
  return { id, reportDay, atReport: base, toxicologyDay, final, clusterId: d.clusterId };
}

type Run = {
  prefix: string;
  cases: SimCase[];
  staff: Map<string, { given: string; family: string; phone: string }[]>;
  officers: string[][];
  paramedics: string[];
};

export type { Geography, Rng, Run };
export {
  buildCase,
  chance,
  clampAge,
  fullName,
  gauss,
  isoDay,
  makeGeography,
  makeSites,
  phone,
  pick,
  toLatLon,
};
