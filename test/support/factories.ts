import { randomBytes } from 'node:crypto';
import type { ReportDeathInput } from '../../src/features/cases/cases.schema.ts';

/** A plausible death report; every name is unique so tests sharing a database never collide. */
type Overrides = Omit<Partial<ReportDeathInput>, 'deceased' | 'death'> & {
  deceased?: Partial<ReportDeathInput['deceased']>;
  death?: Partial<ReportDeathInput['death']>;
};

export function deathReport(overrides: Overrides = {}): ReportDeathInput {
  const unique = randomLetters(8);
  return {
    areaCode: 'EL',
    reportedBy: { type: 'police', name: 'PC Jones', organisation: 'Metropolitan Police Service' },
    reportedAt: '2026-11-20T09:30:00Z',
    people: [
      {
        role: 'finder',
        name: 'Margaret Hale',
        address: { line1: '3 Church Road', town: 'Barking', postcode: 'IG11 8AA' },
      },
    ],
    circumstanceTags: ['found-outdoors'],
    toxicology: { tested: [], detected: [] },
    ...overrides,
    deceased: {
      givenNames: `Anthony ${unique}`,
      familyName: 'Walgate',
      sex: 'male',
      dateOfBirth: '1990-03-15',
      ...overrides.deceased,
    },
    death: {
      dateOfDeath: '2026-11-19',
      dateFound: '2026-11-19',
      sceneFound: {
        description: 'St Margaret’s churchyard',
        postcode: 'IG11 8AS',
        lat: 51.5365,
        lon: 0.0768,
        placeType: 'place-of-worship-grounds',
      },
      circumstances: 'Found by a dog walker early in the morning.',
      ...overrides.death,
    },
  } as ReportDeathInput;
}

/**
 * Random lower-case letters, for names and codes of a test's own. Letters from the whole alphabet: tests share
 * one database, and names close enough for the fuzzy name match (one letter apart) would read as one person or
 * a likely duplicate, as letters from a UUID (a to f only) sometimes did.
 */
export function randomLetters(count: number): string {
  return Array.from(randomBytes(count), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

export const uniqueName = (prefix = 'Test') => `${prefix}${randomLetters(8)}`;
