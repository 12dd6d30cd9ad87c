import { isValid as isValidPostcode, toNormalised } from 'postcode';
import { z } from 'zod';
import { areaCode } from '../areas/areas.schema.ts';

const REAL_DATE = 'Enter a real date in the format YYYY-MM-DD';

/**
 * A calendar date, YYYY-MM-DD, that exists. `message` asks for a missing one; one given but not a real
 * date (2026-02-30, 31/02/1990) is told so, which pages word again as GOV.UK does (`pageDateWording`).
 */
export const isoDate = (message = REAL_DATE) => {
  const notReal = /real date/.test(message) ? message : REAL_DATE;
  return (
    z
      .string({ error: message })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, notReal)
      .refine((v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1850-01-01';
      }, notReal)
      // As for instants: a date in year 9999 is a slip, and would sit on every list of what is due.
      .refine((v) => v < '3000-01-01', 'Enter a date before the year 3000')
  );
};

/**
 * An instant with an offset, e.g. 2014-06-20T09:30:00+01:00, from the year 1850 (as `isoDate`) and before
 * the year 3000 (as hearing lists): a year 1 or 99999 is a slip, and the calendars stop short of either.
 */
export const instant = (message = 'Enter a date and time with its offset, like 2014-06-20T09:30:00+01:00') =>
  z.iso
    .datetime({
      offset: true,
      // One not given is asked for ("Enter the date and time of the hearing"); one given is to be a real one.
      error: (issue) =>
        issue.input === undefined ? message.replace(/ as a real date and time$/, '') : message,
    })
    .refine((v) => {
      const year = new Date(v).getUTCFullYear();
      return year >= 1850 && year < 3000;
    }, 'Enter a date and time from the year 1850 and before the year 3000');

/** A telephone number as people write it: digits, spaces, brackets, dashes and a plus; at least 6 digits. */
export const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+0-9 ()-]{6,}$/, 'Enter a telephone number, like 020 7946 0000')
  .refine((v) => v.replace(/\D/g, '').length >= 6, 'Enter a telephone number, like 020 7946 0000');

export const postcode = z
  .string()
  .trim()
  .refine((v) => isValidPostcode(v), 'Enter a real postcode, like E17 8QP')
  .transform((v) => toNormalised(v) ?? v);

const text = (max: number, message?: string) =>
  z
    .string(message ? { error: message } : undefined)
    .trim()
    .min(1, message)
    .max(max);

/**
 * Where a spot is (WGS84 latitude and longitude), and how far the true spot may be from it in metres
 * (typed or GPS ~10, postcode centroid ~100).
 */
const coordinates = {
  lat: z
    .number({ error: 'Enter the latitude as a number, for example 51.5393' })
    .min(-90, 'Latitude must be between -90 and 90')
    .max(90, 'Latitude must be between -90 and 90')
    .optional(),
  lon: z
    .number({ error: 'Enter the longitude as a number, for example 0.0810' })
    .min(-180, 'Longitude must be between -180 and 180')
    .max(180, 'Longitude must be between -180 and 180')
    .optional(),
  accuracyM: z
    .number({ error: 'How precisely the place is known must be a number of metres' })
    .positive('How precisely the place is known must be more than 0 metres')
    .max(100_000, 'How precisely the place is known must be 100,000 metres or less')
    .optional(),
};

export const address = z.object({
  line1: text(200, 'Enter the first line of the address'),
  line2: z.string().trim().max(200).optional(),
  town: text(100, 'Enter the town or city'),
  postcode: postcode.optional(),
  ...coordinates,
});
export type Address = z.infer<typeof address>;

export const PLACE_TYPES = [
  'home',
  'public-outdoor',
  'hospital',
  'care-home',
  'hospice',
  'prison',
  'police-custody',
  'place-of-worship-grounds',
  'road',
  'workplace',
  'other',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export const place = z
  .object({
    description: text(300, 'Describe the place'),
    postcode: postcode.optional(),
    ...coordinates,
    placeType: z.enum(PLACE_TYPES).optional(),
  })
  .refine((p) => (p.lat === undefined) === (p.lon === undefined), {
    message: 'Enter both latitude and longitude, or neither',
    path: ['lon'],
  });
export type Place = z.infer<typeof place>;

export const PERSON_ROLES = [
  'finder',
  'caller',
  'last-seen-with',
  'household-member',
  'witness',
  'person-of-interest',
  'next-of-kin',
  'police-officer',
  'paramedic',
  'forensic-medical-examiner',
  'other-professional',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
/** People who attend deaths in the course of their work; never treated as a link between cases. */
export const PROFESSIONAL_ROLES: readonly PersonRole[] = [
  'police-officer',
  'paramedic',
  'forensic-medical-examiner',
  'other-professional',
];

export const person = z.object({
  role: z.enum(PERSON_ROLES, { error: 'Select their part in what happened' }),
  name: text(200, 'Enter the person’s name'),
  address: address.optional(),
  dateOfBirth: isoDate().optional(),
  phone: phoneNumber.optional(),
});
export type Person = z.infer<typeof person>;

/** As many people as one report or case records. */
export const MAX_PEOPLE = 100;

export const CIRCUMSTANCE_TAGS = [
  'found-outdoors',
  'body-moved',
  'phone-missing',
  'note-present',
  'note-unverified',
  'paraphernalia-present',
  'missing-person-report',
  'property-missing',
  'signs-of-injury',
  'alcohol-suspected',
  'drugs-suspected',
  'fire',
  'water',
  'fall-from-height',
] as const;

export const STATE_DETENTION = [
  'prison',
  'police-custody',
  'immigration-removal-centre',
  'mental-health-act',
  'other',
] as const;

export const POLICE_CLASSIFICATIONS = [
  'not-yet-classified',
  'non-suspicious',
  'unexplained-not-suspicious',
  'unexplained-suspicious',
  'homicide',
] as const;

const substance = z
  .string()
  .trim()
  .min(1, 'Enter each substance, or leave it out')
  .max(60, 'Each substance must be 60 characters or fewer');
const substances = z.array(substance).max(100, 'Up to 100 substances can be listed');

export const toxicology = z.object({
  tested: substances.default([]),
  detected: substances.default([]),
});

export const REPORTER_TYPES = [
  'police',
  'doctor',
  'medical-examiner',
  'registrar',
  'hospital',
  'other',
] as const;

/** The oldest age a report may give; a date of birth further back is taken for a slip (`reportProblems`). */
export const MAX_AGE = 125;

export const deceased = z.object({
  givenNames: text(200, 'Enter the deceased’s given names'),
  familyName: text(200, 'Enter the deceased’s family name'),
  sex: z.enum(['male', 'female', 'unknown'], { error: 'Select the deceased’s sex' }),
  dateOfBirth: isoDate('Enter a real date of birth').optional(),
  age: z
    .number()
    .int()
    .min(0, 'Age must be 0 or more')
    .max(MAX_AGE, `Age must be ${MAX_AGE} or less`)
    .optional(),
  homeTown: z.string().trim().max(100).optional(),
  address: address.optional(),
  occupation: z.string().trim().max(200).optional(),
  nationality: z.string().trim().max(100).optional(),
});

export const death = z.object({
  dateOfDeath: isoDate('Enter a real date of death').optional(),
  dateFound: isoDate('Enter a real date the body was found').optional(),
  timeFound: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time the body was found, like 07:45')
    .optional(),
  placeOfDeath: place.optional(),
  sceneFound: place.optional(),
  stateDetention: z.enum(STATE_DETENTION).optional(),
  circumstances: z.string().trim().max(20_000).default(''),
});

/** `POST /deaths` (API.md "Deaths and cases"). */
export const reportDeath = z
  .object({
    areaCode,
    deceased,
    death,
    reportedBy: z.object(
      {
        type: z.enum(REPORTER_TYPES, { error: 'Select who reported the death' }),
        name: z.string().trim().max(200).optional(),
        organisation: z.string().trim().max(200).optional(),
      },
      { error: 'Say who reported the death' },
    ),
    reportedAt: instant().optional(),
    people: z
      .array(person)
      .max(MAX_PEOPLE, `Up to ${MAX_PEOPLE} people can be recorded on a report`)
      .default([]),
    circumstanceTags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    toxicology: toxicology.default({ tested: [], detected: [] }),
    policeClassification: z.enum(POLICE_CLASSIFICATIONS).optional(),
    /** Set after a warning about a likely duplicate, to say this is a different death. */
    notADuplicate: z.boolean().default(false),
  })
  .meta({ id: 'ReportDeath' });
export type ReportDeath = z.infer<typeof reportDeath>;
export type ReportDeathInput = z.input<typeof reportDeath>;

/**
 * Changed details of the death. Only what is sent changes: the circumstances left out are kept, not emptied
 * (a report's default). `null` takes a detail away: a date of death that was a guess, a place wrongly given;
 * `stateDetention: null` says the death was not in state detention after all.
 */
export const deathChange = death
  .extend({
    dateOfDeath: death.shape.dateOfDeath.nullable(),
    dateFound: death.shape.dateFound.nullable(),
    timeFound: death.shape.timeFound.nullable(),
    placeOfDeath: death.shape.placeOfDeath.nullable(),
    sceneFound: death.shape.sceneFound.nullable(),
    stateDetention: z.enum(STATE_DETENTION).nullable().optional(),
    circumstances: z.string().trim().max(20_000).optional(),
  })
  .partial();

/** Changed details of the person who died: a name is corrected, never taken away; `null` takes away the rest. */
export const deceasedChange = deceased
  .extend({
    dateOfBirth: deceased.shape.dateOfBirth.nullable(),
    age: deceased.shape.age.nullable(),
    homeTown: deceased.shape.homeTown.nullable(),
    address: deceased.shape.address.nullable(),
    occupation: deceased.shape.occupation.nullable(),
    nationality: deceased.shape.nationality.nullable(),
  })
  .partial();

export const detailsUpdate = z
  .object({
    deceased: deceasedChange.optional(),
    death: deathChange.optional(),
    people: z
      .array(person)
      .max(MAX_PEOPLE, `Up to ${MAX_PEOPLE} people can be recorded on a case`)
      .optional(),
    circumstanceTags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    toxicology: toxicology.optional(),
    /** `null`: not classified by the police after all. */
    policeClassification: z.enum(POLICE_CLASSIFICATIONS).nullable().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'Include at least one detail to change');
