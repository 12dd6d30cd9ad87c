/** Small factories for tests of the linked-deaths detector. Names and addresses are fictional. */
import type { KnownSite, LinkCase, LinkPerson } from './links.types.ts';

let sequence = 0;

/** An unnatural death in Barking with nothing remarkable about it; override what a test needs. */
export function deathCase(overrides: Partial<LinkCase> & { id?: string } = {}): LinkCase {
  sequence += 1;
  const id = overrides.id ?? `case-${sequence}`;
  return {
    id,
    reference: `BD-${id}`,
    areaCode: 'LBBD',
    reportedAt: '2014-06-20T09:00:00Z',
    dateFound: '2014-06-19',
    deceased: { givenNames: 'Alan', familyName: 'Baker', sex: 'male', age: 60 },
    scene: { lat: 51.54, lon: 0.08, accuracyM: 10, placeType: 'home' },
    people: [],
    circumstanceTags: [],
    toxicology: { tested: [], detected: [] },
    policeClassification: 'non-suspicious',
    unnatural: true,
    texts: [],
    ...overrides,
  };
}

/** Moves a point north by a number of metres. */
export function metresNorth(
  point: { lat: number; lon: number },
  metres: number,
): { lat: number; lon: number } {
  return { lat: point.lat + metres / 111_195, lon: point.lon };
}

export const churchyard = { lat: 51.5362, lon: 0.0813 };
const flat = { line1: 'Flat 4, 10 Mill Lane', town: 'Barking', postcode: 'IG11 8AA' };
const dogWalker = (name: string): LinkPerson => ({
  id: `dw-${name}`,
  role: 'finder',
  name,
  phone: '07700 900461',
});
const officer = (id: string): LinkPerson => ({ id, role: 'police-officer', name: 'PC Sam Rowe' });
const GHB = { tested: ['GHB', 'alcohol', 'cocaine'], detected: ['GHB'] };
const tags = ['found-outdoors', 'body-moved', 'phone-missing'];

/** A replay of the Barking series with fictional people: four young men, GHB, gaps 70/23/359 days. */
export function barkingSeries(): [LinkCase, LinkCase, LinkCase, LinkCase] {
  const first = deathCase({
    id: 'port-1',
    reportedAt: '2014-06-19T08:10:00Z',
    dateFound: '2014-06-19',
    deceased: { givenNames: 'Anton', familyName: 'Reyes', sex: 'male', age: 23 },
    scene: {
      ...metresNorth(churchyard, 470),
      accuracyM: 10,
      placeType: 'public-outdoor',
      postcode: 'IG11 8AA',
      description: 'Outside 10 Mill Lane',
    },
    people: [
      { id: 'poi', role: 'caller', name: 'Stefan Pike', address: flat, phone: '07700 900777' },
      officer('pc-1'),
    ],
    circumstanceTags: tags,
    toxicology: GHB,
    policeClassification: 'unexplained-not-suspicious',
  });
  const second = deathCase({
    id: 'port-2',
    reportedAt: '2014-08-28T10:00:00Z',
    dateFound: '2014-08-28',
    deceased: { givenNames: 'Gabriel', familyName: 'Novak', sex: 'male', age: 22 },
    scene: {
      ...churchyard,
      accuracyM: 10,
      placeType: 'place-of-worship-grounds',
      description: 'Churchyard, seated against the wall',
    },
    people: [dogWalker('Barbara Denholm'), officer('pc-2')],
    circumstanceTags: tags,
    toxicology: GHB,
    policeClassification: 'unexplained-not-suspicious',
  });
  const third = deathCase({
    id: 'port-3',
    reportedAt: '2014-09-20T09:30:00Z',
    dateFound: '2014-09-20',
    deceased: { givenNames: 'Daniel', familyName: 'Hartley', sex: 'male', age: 21 },
    scene: { ...metresNorth(churchyard, 20), accuracyM: 10, placeType: 'place-of-worship-grounds' },
    people: [dogWalker('Barbra Denholm'), officer('pc-1')],
    circumstanceTags: [...tags, 'note-present', 'note-unverified'],
    toxicology: GHB,
    policeClassification: 'unexplained-not-suspicious',
    texts: ['A note was found with him. It reads in part: "I am sorry about what happened to Gabriel."'],
  });
  const fourth = deathCase({
    id: 'port-4',
    reportedAt: '2015-09-14T09:00:00Z',
    dateFound: '2015-09-14',
    deceased: { givenNames: 'Jacob', familyName: 'Turner', sex: 'male', age: 25 },
    scene: { ...metresNorth(churchyard, 40), accuracyM: 10, placeType: 'place-of-worship-grounds' },
    people: [{ id: 'f4', role: 'finder', name: 'Ian Clegg' }, officer('pc-3')],
    circumstanceTags: tags,
    toxicology: GHB,
    policeClassification: 'unexplained-not-suspicious',
  });
  return [first, second, third, fourth];
}

export const oakLodge: KnownSite = {
  id: 'oak',
  name: 'Oak Lodge',
  kind: 'care-home',
  lat: 51.55,
  lon: 0.1,
  radiusM: 80,
};

/** A fall in the Oak Lodge care home, found by the same member of staff. */
export function careHomeDeath(id: string, dateFound: string, familyName: string): LinkCase {
  return deathCase({
    id,
    reportedAt: `${dateFound}T12:00:00Z`,
    dateFound,
    deceased: {
      givenNames: 'Edith',
      familyName,
      sex: 'female',
      age: 89,
      address: { line1: 'Oak Lodge, 2 Oak Road', town: 'Barking', postcode: 'IG11 9ZZ' },
    },
    scene: {
      lat: 51.5501,
      lon: 0.1,
      accuracyM: 10,
      placeType: 'care-home',
      postcode: 'IG11 9ZZ',
      description: 'Oak Lodge, 2 Oak Road',
    },
    people: [
      { id: 'staff', role: 'finder', name: 'Grace Adeyemi', phone: '07700 900999' },
      { id: `nok-${id}`, role: 'next-of-kin', name: `Paul ${familyName}` },
    ],
    circumstanceTags: ['fall'],
    policeClassification: 'non-suspicious',
  });
}
