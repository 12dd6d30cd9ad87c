import type { FieldErrors } from '../../platform/http/errors.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { MAX_AGE, type PersonRole, PROFESSIONAL_ROLES, type ReportDeath } from './cases.schema.ts';

/** Marks a name may be written with or without: accents on Latin letters, and Arabic vowel and hamza marks. */
const OPTIONAL_MARKS = /[\u0300-\u036f\u064b-\u065f\u0670]/g;

/**
 * A name as search compares it: the letters of every script (Latin, Greek, Cyrillic, Arabic, Hebrew,
 * Devanagari, Chinese…) in lower case, and digits, without accents or punctuation, single spaces. A Greek
 * final sigma counts as any other sigma. `search_name()` (migration 0163) gives the same in the database.
 */
export function searchName(...parts: (string | undefined | null)[]): string {
  return parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFKD')
    .replace(OPTIONAL_MARKS, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/[^\p{L}\p{M}0-9 ]/gu, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

/** Whole years from a date of birth to a later date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const isProfessional = (role: PersonRole) => PROFESSIONAL_ROLES.includes(role);

type ReportDates = Pick<ReportDeath, 'deceased' | 'death'> & {
  reportedAt?: string;
  people?: readonly { dateOfBirth?: string }[];
};

/**
 * The checks a report must pass beyond each field's own format: nothing in the future, found no earlier
 * than died, died no earlier than born, an age that agrees with the date of birth, reported after the death.
 */
export function reportProblems(input: ReportDates, now: Date): FieldErrors {
  const today = londonDate(now);
  const problems: FieldErrors = {};
  const { dateOfBirth, age } = input.deceased;
  const { dateOfDeath, dateFound } = input.death;
  const reportedOn = input.reportedAt ? londonDate(new Date(input.reportedAt)) : today;
  if (dateOfBirth && dateOfBirth > today)
    problems['deceased.dateOfBirth'] = 'Date of birth must be in the past';
  input.people?.forEach((person, i) => {
    if (person.dateOfBirth && person.dateOfBirth > today)
      problems[`people.${i}.dateOfBirth`] = 'Date of birth must be in the past';
  });
  if (dateOfDeath && dateOfDeath > today)
    problems['death.dateOfDeath'] = 'Date of death must be today or in the past';
  if (dateFound && dateFound > today) problems['death.dateFound'] = 'Date found must be today or in the past';
  if (input.reportedAt && new Date(input.reportedAt).getTime() > now.getTime() + 60_000)
    problems.reportedAt = REPORT_IN_FUTURE;
  if (dateOfDeath && dateFound && dateFound < dateOfDeath)
    problems['death.dateFound'] = 'Date found must be the same as or after the date of death';
  if (dateOfBirth && dateOfDeath && dateOfDeath < dateOfBirth)
    problems['death.dateOfDeath'] = 'Date of death must be the same as or after the date of birth';
  if (dateOfBirth && dateFound && dateFound < dateOfBirth && !problems['death.dateFound'])
    problems['death.dateFound'] = 'Date found must be the same as or after the date of birth';
  // Every death reported is dated: by when it happened, or else by when the body was found.
  if (!dateOfDeath && !dateFound)
    problems['death.dateOfDeath'] =
      'Enter the date of death, or the date the body was found if it is not known';
  const lastDate = dateOfDeath ?? dateFound;
  if (lastDate && reportedOn < lastDate && !problems.reportedAt)
    problems.reportedAt = 'A death cannot be reported before the date of death or the date found';
  if (dateOfBirth) {
    const on = dateOfDeath ?? dateFound ?? reportedOn;
    const expected = ageOn(dateOfBirth, on);
    // No one is older than an age may be given: a date of birth that says so is a slip (1890 for 1990).
    if (expected > MAX_AGE && !problems['death.dateOfDeath'])
      problems['deceased.dateOfBirth'] =
        `Check the date of birth: it makes the deceased ${expected} years old`;
    else if (age !== undefined && expected >= 0 && expected !== age)
      problems['deceased.age'] = `Age does not match the date of birth: it should be ${expected}`;
  }
  return problems;
}

/** An hour of report still to come. */
export const REPORT_IN_FUTURE = 'The report cannot be dated in the future';

/** The age to record: given, or worked out from the date of birth. */
export function recordedAge(input: ReportDates, now: Date): number | undefined {
  if (input.deceased.age !== undefined) return input.deceased.age;
  if (!input.deceased.dateOfBirth) return undefined;
  const on =
    input.death.dateOfDeath ??
    input.death.dateFound ??
    londonDate(input.reportedAt ? new Date(input.reportedAt) : now);
  return ageOn(input.deceased.dateOfBirth, on);
}

/** The area's next reference, e.g. EL-2014-000123 (area code, year reported, sequence). */
export function formatReference(areaCode: string, year: number, sequence: number): string {
  return `${areaCode}-${year}-${String(sequence).padStart(6, '0')}`;
}
