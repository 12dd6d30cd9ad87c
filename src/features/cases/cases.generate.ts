/**
 * Synthetic reported deaths for demonstrations, tests and load: each one a valid death report plus the
 * actions its case went through, calibrated to the national figures (cases.generate.data.ts). Pure and
 * deterministic: the same options give the same deaths, in order of report.
 */
import { addDays } from '../../platform/views/dates.ts';
import { applyEvent, type CaseStatus, INITIAL_STATE } from './cases.domain.ts';
import type { AreaGeography } from './cases.generate.data.ts';
import * as data from './cases.generate.data.ts';
import { type Kind, lifecycle, type Pathway, type TimedAction } from './cases.generate.lifecycle.ts';
import {
  between,
  familyName,
  hash32,
  normal,
  oneOf,
  pick,
  type Rand,
  random,
} from './cases.generate.random.ts';
import { ageOn } from './cases.report.ts';
import type { ReportDeathInput } from './cases.schema.ts';

export type { ActionInput, TimedAction } from './cases.generate.lifecycle.ts';
/** One line of a deaths file: a death report and the life its case has had so far. */
export type GeneratedDeath = ReportDeathInput & {
  lifecycle: { outcome: CaseStatus; actions: TimedAction[] };
};

export type AreaVolume = { code: string; perYear: number };

export type GenerateOptions = {
  seed: number;
  /** The areas and their yearly referrals; deaths are shared among them by volume. */
  areas: AreaVolume[];
  /** How many deaths; without it, `years` of each area's yearly volume. */
  cases?: number;
  /** Over how many years the reports spread; without it, as long as the areas take to report `cases`. */
  years?: number;
  /** Reports and actions stop the day before this date (YYYY-MM-DD); later steps have not happened yet. */
  until: string;
};

/** An area's yearly volume: as given (`EL:5000`), the demo areas' own, or the national average. */
export function areaVolume(spec: string): AreaVolume {
  const [code, perYear] = spec.toUpperCase().split(':');
  const known = data.AREA_PLACES[code!]?.perYear;
  const volume = perYear
    ? Number(perYear)
    : (known ?? data.NATIONAL_REFERRALS_PER_YEAR / data.NATIONAL_AREAS);
  if (!/^[A-Z]{2,4}$/.test(code!) || !Number.isFinite(volume) || volume <= 0)
    throw new RangeError(
      `An area is a code of 2 to 4 letters with an optional yearly volume, like EL or EL:5000 (got ${spec})`,
    );
  return { code: code!, perYear: Math.round(volume) };
}

/** How many deaths and over how many days the options describe. */
export function generationPlan(options: GenerateOptions): { cases: number; days: number; firstDay: string } {
  const perYear = options.areas.reduce((n, a) => n + a.perYear, 0);
  const years = options.years ?? Math.min(20, Math.max(1 / 365, (options.cases ?? perYear) / perYear));
  const cases = options.cases ?? Math.round(perYear * years);
  const days = Math.max(1, Math.round(years * 365.25));
  return { cases, days, firstDay: addDays(options.until, -days) };
}

/** The deaths, one at a time, in order of report. */
export function* generateDeaths(options: GenerateOptions): Generator<GeneratedDeath> {
  if (options.areas.length === 0) throw new RangeError('Name at least one coroner area');
  const plan = generationPlan(options);
  const total = options.areas.reduce((n, a) => n + a.perYear, 0);
  const weights = options.areas.map((a) => [a, a.perYear / total] as const);
  for (let i = 0; i < plan.cases; i++) {
    const r = random(options.seed, i);
    // Spread evenly over the period, in order, between 07:00 and 21:00 each day.
    const position = ((i + r()) / plan.cases) * plan.days;
    const day = addDays(plan.firstDay, Math.floor(position));
    const minute = 7 * 60 + Math.floor((position % 1) * 14 * 60);
    const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    yield generateDeath(r, pick(r, weights), day, time, options);
  }
}

function placesOf(code: string): AreaGeography {
  const own = data.AREA_PLACES[code]?.places;
  if (own) return own;
  const place =
    data.OTHER_PLACES[
      hash32([...code].reduce((h, c) => h * 31 + c.charCodeAt(0), 7)) % data.OTHER_PLACES.length
    ]!;
  return [place];
}

function personName(r: Rand, sex: 'male' | 'female') {
  const names = sex === 'male' ? data.MALE_NAMES : data.FEMALE_NAMES;
  const given = r() < 0.35 ? `${oneOf(r, names)} ${oneOf(r, names)}` : oneOf(r, names);
  return { givenNames: given, familyName: familyName(r) };
}

function postcodeIn(r: Rand, outward: readonly string[]): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `${oneOf(r, outward)} ${between(r, 1, 9)}${letters[between(r, 0, 19)]}${letters[between(r, 0, 19)]}`;
}

function spot(r: Rand, place: AreaGeography[number]) {
  return {
    postcode: postcodeIn(r, place.outward),
    lat: Math.round((place.lat + (r() - 0.5) * 0.06) * 1e5) / 1e5,
    lon: Math.round((place.lon + (r() - 0.5) * 0.1) * 1e5) / 1e5,
  };
}

function generateDeath(
  r: Rand,
  area: AreaVolume,
  reportDay: string,
  reportTime: string,
  options: GenerateOptions,
): GeneratedDeath {
  const detention =
    r() < data.STATE_DETENTION_SHARE
      ? pick(
          r,
          data.STATE_DETENTION_KINDS.map(([k, n]) => [k, n] as const),
        )
      : undefined;
  const pathway: Pathway = detention
    ? 'inquest'
    : pick(r, Object.entries(data.PATHWAY_SHARES) as [Pathway, number][]);
  const kind: Kind | undefined =
    pathway !== 'inquest'
      ? undefined
      : detention
        ? pick(r, [
            ['natural-causes', 0.6],
            ['suicide', 0.15],
            ['alcohol-drug-related', 0.1],
            ['narrative', 0.15],
          ] as const)
        : pick(r, data.CONCLUSION_SHARES);
  const curve = data.AGE_CURVES[kind ?? pathway]!;
  const age = Math.round(Math.min(curve.max, Math.max(curve.min, curve.mean + curve.sd * normal(r))));
  const sex: 'male' | 'female' =
    r() <
    (kind === 'stillbirth' ? 0.5 : pathway === 'inquest' ? data.MALE_SHARE.inquest : data.MALE_SHARE.other)
      ? 'male'
      : 'female';
  const places = placesOf(area.code);
  const home = oneOf(r, places);
  const address = {
    line1: `${between(r, 1, 180)} ${oneOf(r, data.STREETS)}`,
    town: home.town,
    ...spot(r, home),
  };
  const placeType = detention
    ? detention === 'mental-health-act'
      ? 'hospital'
      : detention === 'police-custody'
        ? 'police-custody'
        : detention === 'prison'
          ? 'prison'
          : 'other'
    : kind === 'road-traffic-collision'
      ? 'road'
      : kind === 'stillbirth'
        ? 'hospital'
        : pick(r, data.PLACE_SHARES[pathway]);
  // Where the death happened: at home, or somewhere in the area, named by the town it is in.
  const deathPlace = placeType === 'home' ? home : oneOf(r, places);
  const deathSpot =
    placeType === 'home'
      ? { postcode: address.postcode, lat: address.lat, lon: address.lon }
      : spot(r, deathPlace);
  const description = {
    home: address.line1,
    hospital: `${deathPlace.town} University Hospital`,
    'care-home': `${oneOf(r, data.SURNAME_STEMS)}${oneOf(r, data.SURNAME_ENDINGS)} House care home`,
    hospice: `St ${oneOf(r, ['Joseph', 'Francis', 'Clare', 'Helena'])}’s Hospice`,
    'public-outdoor': `${oneOf(r, data.SURNAME_STEMS)}${oneOf(r, data.SURNAME_ENDINGS)} Park`,
    road: `${oneOf(r, data.STREETS)}, near the junction with ${oneOf(r, data.STREETS)}`,
    workplace: `${oneOf(r, ['warehouse', 'building site', 'factory', 'depot'])}, ${deathPlace.town}`,
    prison: `HMP ${oneOf(r, ['Pentonville', 'Belmarsh', 'Thameside', 'Wormwood Scrubs'])}`,
    'police-custody': `${deathPlace.town} police station custody suite`,
    other: `${oneOf(r, data.STREETS)}, ${deathPlace.town}`,
    'place-of-worship-grounds': `St ${oneOf(r, ['Margaret', 'Mary', 'John'])}’s churchyard`,
  }[placeType];
  const found = ['home', 'public-outdoor', 'other', 'workplace'].includes(placeType) && r() < 0.7;
  const deathDay =
    kind === 'stillbirth' ? reportDay : addDays(reportDay, -Math.min(between(r, 0, 2), found ? 3 : 1));
  const unknownDate = found && r() < 0.04;
  const foundDay = found ? (unknownDate ? reportDay : deathDay) : undefined;
  let dateOfBirth: string | undefined;
  if (r() < 0.95) {
    dateOfBirth = addDays(deathDay, -Math.floor(age * 365.25 + r() * 364));
    if (kind === 'stillbirth') dateOfBirth = deathDay;
  }
  const recordedAge = dateOfBirth ? Math.max(0, ageOn(dateOfBirth, unknownDate ? reportDay : deathDay)) : age;
  const name = personName(r, sex);
  const drugs = kind === 'alcohol-drug-related' || (kind === 'suicide' && r() < 0.2);
  const circumstanceTags = [
    ...(found && placeType !== 'home' ? ['found-outdoors'] : []),
    ...(drugs ? ['drugs-suspected', ...(r() < 0.5 ? ['paraphernalia-present'] : [])] : []),
    ...(kind === 'suicide' && r() < 0.3 ? ['note-present'] : []),
    ...(kind === 'unlawful-killing' ? ['signs-of-injury'] : []),
    ...(kind === 'accident-or-misadventure' && r() < 0.15 ? ['fall-from-height'] : []),
  ];
  const detected = drugs ? data.SUBSTANCES.filter(() => r() < 0.35) : [];
  const police = pathway !== 'noDuty' && (found || kind !== undefined) && r() < 0.7;
  const reporter: ReportDeathInput['reportedBy'] = police
    ? { type: 'police', name: `PC ${familyName(r)}`, organisation: policeForce(area.code, home.town) }
    : {
        type: pick(r, [
          ['medical-examiner', 0.4],
          ['doctor', 0.3],
          ['hospital', 0.25],
          ['registrar', 0.05],
        ] as const),
        name: `Dr ${familyName(r)}`,
      };
  const people: ReportDeathInput['people'] = [];
  if (found)
    people.push({
      role: 'finder',
      name: Object.values(personName(r, r() < 0.5 ? 'male' : 'female')).join(' '),
      address: {
        line1: `${between(r, 1, 180)} ${oneOf(r, data.STREETS)}`,
        town: home.town,
        postcode: postcodeIn(r, home.outward),
      },
    });
  if (r() < 0.6)
    people.push({
      role: 'next-of-kin',
      name: `${oneOf(r, r() < 0.5 ? data.MALE_NAMES : data.FEMALE_NAMES)} ${name.familyName}`,
      address: { line1: address.line1, town: address.town, postcode: address.postcode },
    });

  const report: ReportDeathInput = {
    areaCode: area.code,
    reportedAt: `${reportDay}T${reportTime}:00Z`,
    reportedBy: reporter,
    deceased: {
      ...name,
      sex,
      ...(dateOfBirth ? { dateOfBirth } : {}),
      age: recordedAge,
      homeTown: home.town,
      address,
      ...(recordedAge >= 18
        ? {
            occupation: oneOf(r, [
              'Retired',
              'Unemployed',
              'Carer',
              'Driver',
              'Nurse',
              'Builder',
              'Teacher',
              'Cleaner',
              'Shop assistant',
            ]),
          }
        : {}),
    },
    death: {
      ...(unknownDate ? {} : { dateOfDeath: deathDay }),
      ...(foundDay
        ? {
            dateFound: foundDay,
            timeFound: `${String(between(r, 6, 22)).padStart(2, '0')}:${String(between(r, 0, 59)).padStart(2, '0')}`,
          }
        : {}),
      placeOfDeath: { description, ...deathSpot, placeType },
      ...(found ? { sceneFound: { description, ...deathSpot, accuracyM: 10, placeType } } : {}),
      ...(detention ? { stateDetention: detention } : {}),
      circumstances: circumstancesOf(kind ?? pathway, found),
    },
    people,
    circumstanceTags,
    toxicology: drugs
      ? { tested: ['alcohol', 'opiates', 'cocaine', 'benzodiazepines'], detected }
      : { tested: [], detected: [] },
    ...(police ? { policeClassification: kind === 'unlawful-killing' ? 'homicide' : 'non-suspicious' } : {}),
  };
  const actions = lifecycle(r, {
    pathway,
    kind,
    detention,
    reportDay,
    reportedAt: report.reportedAt!,
    areas: options.areas,
    area: area.code,
    placeDescription: description,
    occupation: report.deceased.occupation,
    address,
  });
  const end = `${options.until}T00:00:00Z`;
  const happened = actions.filter((a) => a.at < end);
  return { ...report, lifecycle: { outcome: outcomeOf(report.reportedAt!, happened), actions: happened } };
}

function policeForce(code: string, town: string): string {
  return data.AREA_PLACES[code] ? 'Metropolitan Police Service' : `${town} Police`;
}

function circumstancesOf(kind: string, found: boolean): string {
  const where = found ? 'Found' : 'Died';
  const text: Record<string, string> = {
    noDuty: 'Died after a long illness; the attending doctor was unable to certify without advice.',
    discontinued: `${where} unexpectedly with no known medical history that explains the death.`,
    suicide: `${where} in circumstances suggesting the deceased took their own life.`,
    'alcohol-drug-related': `${where} with drug paraphernalia nearby; a history of drug use.`,
    'road-traffic-collision': 'Struck by a vehicle; pronounced dead at the scene.',
    'unlawful-killing': 'Found with injuries; police are investigating.',
    stillbirth: 'Stillbirth at full term; the midwife reported the death.',
  };
  return text[kind] ?? `${where} after an incident that needs investigation.`;
}

/** The status the actions lead to (pure domain: the same fold the case log uses). */
function outcomeOf(reportedAt: string, actions: TimedAction[]): CaseStatus {
  let state = applyEvent(INITIAL_STATE, {
    seq: 1,
    type: 'REPORTED',
    at: reportedAt,
    actor: { id: null, label: '', role: null },
    payload: {},
  });
  actions.forEach((a, i) => {
    const { type, ...payload } = a.action;
    state = applyEvent(state, {
      seq: i + 2,
      type,
      at: a.at,
      actor: { id: null, label: '', role: null },
      payload,
    });
  });
  return state.status;
}
