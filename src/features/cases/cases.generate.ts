/**
 * Synthetic reported deaths for demonstrations, tests and load: each one a valid death report plus the
 * actions its case went through, calibrated to the national figures (cases.generate.data.ts). Pure and
 * deterministic: the same options give the same deaths, in order of report.
 */
import type { z } from 'zod';
import { addMonths } from '../../platform/calendar/iso-dates.ts';
import { addDays, daysBetween } from '../../platform/views/dates.ts';
import type { caseAction, InvestigationGround } from './cases.actions.schema.ts';
import type { ShortFormConclusion } from './cases.conclusions.ts';
import { applyEvent, type CaseStatus, INITIAL_STATE, juryRequired } from './cases.domain.ts';
import type { AreaGeography } from './cases.generate.data.ts';
import * as data from './cases.generate.data.ts';
import { ageOn } from './cases.report.ts';
import type { ReportDeathInput } from './cases.schema.ts';

export type ActionInput = z.input<typeof caseAction>;
/** One action of a case's life and when it was taken. */
export type TimedAction = { at: string; action: ActionInput };
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

type Rand = () => number;
type Pathway = 'noDuty' | 'discontinued' | 'inquest';
type Kind = ShortFormConclusion | 'narrative';

/** A small, fast generator (mulberry32) seeded from the run's seed and the death's number. */
export function random(seed: number, index: number): Rand {
  let a = hash32(hash32(seed) ^ hash32(index + 0x9e3779b9));
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash32(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(r: Rand, weighted: readonly (readonly [T, number])[]): T {
  const sum = weighted.reduce((n, [, w]) => n + w, 0);
  let x = r() * sum;
  for (const [value, w] of weighted) {
    x -= w;
    if (x < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}
const oneOf = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const between = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const normal = (r: Rand) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

function placesOf(code: string): AreaGeography {
  const own = data.AREA_PLACES[code]?.places;
  if (own) return own;
  const place =
    data.OTHER_PLACES[
      hash32([...code].reduce((h, c) => h * 31 + c.charCodeAt(0), 7)) % data.OTHER_PLACES.length
    ]!;
  return [place];
}

function familyName(r: Rand): string {
  if (r() < 0.6) {
    // Rank-weighted: the first names of the list are far more common, as surnames are.
    const n = data.FAMILY_NAMES.length;
    return data.FAMILY_NAMES[Math.min(n - 1, Math.floor(n * r() ** 2))]!;
  }
  return oneOf(r, data.SURNAME_STEMS) + oneOf(r, data.SURNAME_ENDINGS);
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

const at = (r: Rand, day: string) =>
  `${day}T${String(between(r, 9, 16)).padStart(2, '0')}:${String(between(r, 0, 59)).padStart(2, '0')}:00Z`;
const minutesAfter = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString().replace('.000Z', 'Z');

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
  const deathSpot =
    placeType === 'home'
      ? { postcode: address.postcode, lat: address.lat, lon: address.lon }
      : spot(r, oneOf(r, places));
  const description = {
    home: address.line1,
    hospital: `${home.town} University Hospital`,
    'care-home': `${oneOf(r, data.SURNAME_STEMS)}${oneOf(r, data.SURNAME_ENDINGS)} House care home`,
    hospice: `St ${oneOf(r, ['Joseph', 'Francis', 'Clare', 'Helena'])}’s Hospice`,
    'public-outdoor': `${oneOf(r, data.SURNAME_STEMS)}${oneOf(r, data.SURNAME_ENDINGS)} Park`,
    road: `${oneOf(r, data.STREETS)}, near the junction with ${oneOf(r, data.STREETS)}`,
    workplace: `${oneOf(r, ['warehouse', 'building site', 'factory', 'depot'])}, ${home.town}`,
    prison: `HMP ${oneOf(r, ['Pentonville', 'Belmarsh', 'Thameside', 'Wormwood Scrubs'])}`,
    'police-custody': `${home.town} police station custody suite`,
    other: `${oneOf(r, data.STREETS)}, ${home.town}`,
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

type LifeInput = {
  pathway: Pathway;
  kind: Kind | undefined;
  detention: string | undefined;
  reportDay: string;
  reportedAt: string;
  areas: AreaVolume[];
  area: string;
  placeDescription: string;
  occupation: string | undefined;
  address: { line1: string; town: string; postcode: string };
};

/** The actions a case goes through from report to its end, whenever that is (coroner-service.md §2.1). */
function lifecycle(r: Rand, life: LifeInput): TimedAction[] {
  const actions: TimedAction[] = [];
  let cursor = life.reportDay;
  let last = life.reportedAt;
  // Each action on or after the day asked for, and after the one before it.
  const act = (day: string, action: ActionInput) => {
    if (day < cursor) day = cursor;
    cursor = day;
    let when = at(r, day);
    if (when <= last) when = minutesAfter(last, between(r, 1, 30));
    last = when;
    actions.push({ at: when, action });
  };
  if (r() < data.PRELIMINARY_ENQUIRIES_SHARE) act(life.reportDay, { type: 'OPEN_PRELIMINARY_ENQUIRIES' });
  if (life.pathway === 'noDuty') {
    act(addDays(life.reportDay, between(r, 0, 6)), {
      type: 'DECIDE_NO_DUTY',
      route: pick(r, [
        ['MEDICAL_EXAMINER', 0.5],
        ['MCCD', 0.35],
        ['FORM_100A', 0.15],
      ] as const),
      reason: 'Natural causes; the doctor can certify the cause of death.',
    });
    return actions;
  }
  const kind = life.kind;
  const grounds: InvestigationGround[] = life.detention
    ? kind === 'natural-causes'
      ? ['STATE_DETENTION']
      : ['STATE_DETENTION', 'VIOLENT_OR_UNNATURAL']
    : life.pathway === 'discontinued' || kind === 'natural-causes' || kind === 'stillbirth'
      ? ['CAUSE_UNKNOWN']
      : kind === 'open'
        ? ['VIOLENT_OR_UNNATURAL', 'CAUSE_UNKNOWN']
        : ['VIOLENT_OR_UNNATURAL'];
  act(addDays(life.reportDay, between(r, 0, 2)), {
    type: 'OPEN_INVESTIGATION',
    grounds,
    reason: 'The cause of death is not known or the death may be unnatural.',
  });
  const others = life.areas.filter((a) => a.code !== life.area);
  if (others.length && r() < data.TRANSFER_SHARE) {
    const to = oneOf(r, others).code;
    const s2 = r() < 0.9;
    act(addDays(cursor, between(r, 1, 10)), {
      type: 'TRANSFER',
      toAreaCode: to,
      basis: s2 ? 'S2' : 'S3',
      ...(s2 ? { agreedBy: `Senior coroner for ${to}` } : {}),
      reason: 'The body lies in the other area and the family live there.',
    });
    act(addDays(cursor, between(r, 2, 20)), { type: 'ACCEPT_TRANSFER' });
  }
  const medical = oneOf(r, data.MEDICAL_CAUSES[kind ?? 'discontinued']!);
  if (life.pathway === 'discontinued' || r() < 0.9) {
    const examinedOn = addDays(cursor, between(r, 1, 7));
    act(addDays(examinedOn, between(r, 0, 4)), {
      type: 'RECORD_POST_MORTEM',
      examinedOn,
      kind: pick(r, [
        ['INVASIVE', 0.75],
        ['CT', 0.2],
        ['EXTERNAL', 0.05],
      ] as const),
      pathologist: `Dr ${familyName(r)}`,
      causeOfDeath: medical,
    });
  }
  if (life.pathway === 'discontinued') {
    act(addDays(cursor, between(r, 3, 30)), {
      type: 'DISCONTINUE',
      causeOfDeath: medical,
      reason: 'The post-mortem examination showed a natural cause of death.',
    });
    return actions;
  }
  const duration = Math.max(
    2,
    Math.round(data.DURATION_DAYS.median * Math.exp(data.DURATION_DAYS.sigma * normal(r))),
  );
  const concludeBy = addDays(life.reportDay, duration);
  const openedOn = addDays(
    cursor,
    Math.max(0, Math.min(between(r, 1, 14), daysBetween(cursor, concludeBy) - 1)),
  );
  act(openedOn, { type: 'OPEN_INQUEST', openedOn, provisionalCause: medical });
  const article2 = life.detention !== undefined || (kind === 'narrative' && r() < 0.05);
  if (article2)
    act(addDays(cursor, between(r, 7, 40)), {
      type: 'DECIDE_ARTICLE_2',
      article2: 'ENGAGED',
      reason: 'The death may engage the state’s duty to protect life.',
    });
  const mustHaveJury = juryRequired(grounds);
  const jury = mustHaveJury || r() < data.JURY_SHARE * 0.9;
  if (jury || life.detention)
    act(addDays(cursor, between(r, 1, 30)), {
      type: 'DECIDE_JURY',
      jury,
      basis: !jury
        ? 'NOT_REQUIRED'
        : mustHaveJury
          ? 'S7_2_A'
          : kind === 'industrial-disease'
            ? 'S7_2_C'
            : r() < 0.3
              ? 'S7_2_B'
              : 'S7_3',
      reason: jury ? 'Section 7 requires or justifies a jury.' : 'No jury is required.',
    });
  let concludedOn = concludeBy;
  if (concludedOn < cursor) concludedOn = cursor;
  const suspended = kind === 'unlawful-killing' ? r() < 0.9 : r() < (data.SUSPENSION_SHARE - 0.0108) / 0.988;
  if (suspended) {
    const para2 = kind === 'unlawful-killing';
    const since = addDays(cursor, between(r, 3, 30));
    act(since, {
      type: 'SUSPEND',
      basis: para2 ? 'SCH1_PARA2' : 'SCH1_PARA1',
      requestedBy: para2 ? 'Crown Prosecution Service' : 'Metropolitan Police Service',
      reason: para2
        ? 'A person has been charged with an offence in connection with the death.'
        : 'The prosecutor asked for the investigation to be suspended.',
    });
    const resumeOn = addDays(since, between(r, 200, 540));
    if (!para2)
      for (let review = addDays(since, 27); review < resumeOn; review = addDays(review, 90))
        act(review, {
          type: 'REVIEW_SUSPENSION',
          nextReviewOn: addDays(review, 90),
          reason: 'Criminal proceedings are still in progress.',
        });
    act(resumeOn, { type: 'RESUME', reason: 'The criminal proceedings have ended.' });
    concludedOn = addDays(resumeOn, between(r, 40, 200));
  }
  const twelveMonths = addMonths(life.reportDay, 12);
  const late = concludedOn > twelveMonths;
  const reasonCategory = suspended
    ? 'CROWN_COURT_PROCEEDINGS'
    : pick(r, [
        ['INQUEST_PREPARATION', 0.5],
        ['EXTERNAL_INVESTIGATION', 0.3],
        ['COMPLEX_CASE', 0.2],
      ] as const);
  if (late) {
    const notice = addDays(twelveMonths, between(r, 0, 14));
    if (notice < concludedOn)
      act(notice, { type: 'SEND_S16_NOTICE', stage: 'OVER_12_MONTHS', reasonCategory });
  }
  const shortForm = kind === 'narrative' ? undefined : kind;
  const narrative = !shortForm || r() < data.SHORT_FORM_WITH_NARRATIVE;
  act(concludedOn, {
    type: 'RECORD_CONCLUSION',
    concludedOn,
    medicalCause: { '1a': medical, ...(r() < 0.4 ? { '1b': 'Ischaemic heart disease' } : {}) },
    howWhenWhere: `The deceased was found at ${life.placeDescription} and died there or shortly afterwards.`,
    ...(article2 ? { circumstances: 'The deceased was in the care of the state when they died.' } : {}),
    ...(shortForm ? { shortForm } : {}),
    ...(narrative
      ? {
          narrative:
            'The deceased died as a result of events that are set out in the evidence heard at the inquest.',
        }
      : {}),
    neglect: Boolean(shortForm) && r() < 0.01,
    byJury: jury,
    registration: {
      placeOfDeath: life.placeDescription,
      usualAddress: `${life.address.line1}, ${life.address.town} ${life.address.postcode}`,
      ...(life.occupation ? { occupation: life.occupation } : {}),
    },
  });
  if (late)
    act(addDays(concludedOn, between(r, 1, 14)), {
      type: 'SEND_S16_NOTICE',
      stage: 'COMPLETED',
      reasonCategory,
    });
  if (r() < data.QUASH_SHARE) {
    const orderedOn = addDays(cursor, between(r, 120, 600));
    act(addDays(orderedOn, between(r, 0, 5)), {
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn,
      citation: `[${orderedOn.slice(0, 4)}] EWHC ${between(r, 100, 3999)} (Admin)`,
      grounds:
        'New evidence about the circumstances of the death; a fresh inquest is necessary in the interests of justice (Coroners Act 1988 s.13).',
    });
  }
  return actions;
}
