/**
 * What the API tests of possible links share: the app with its users, and deaths at a spot and with a finder
 * of each test's own.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

export type Client = Awaited<ReturnType<TestApp['client']>>;
type Report = ReturnType<typeof deathReport>;

/**
 * The app, with an officer and a coroner of EL, an officer of IN and a member of the Chief Coroner's office.
 * The coroner is EL's senior coroner only for the file whose tests follow the messages sent to EL's senior
 * coroners: the files run side by side, and each names its coroner Coroner Linked.
 */
async function linksTestApp(coronerOffice: 'senior' | 'area' = 'area') {
  const t = await createTestApp();
  const officer = await t.client(await t.user('officer'));
  const coroner = await t.client(await t.user('coroner', { name: 'Coroner Linked', coronerOffice }));
  const otherOfficer = await t.client(await t.user('officer', { areaCode: 'IN' }));
  const chief = await t.client(await t.user('chief-coroner'));
  return { t, officer, coroner, otherOfficer, chief };
}

/**
 * Dates and places of their own (2021–22, east of England), so that other tests' cases are never candidates:
 * each test has its own spot, more than 10 km from the others, and its own finder. The test files run side by
 * side on one database, each in its own band of latitude (0, 1 or 2: 1.2° apart, from east of London north).
 */
function spotsOfFile(band: 0 | 1 | 2) {
  let spot = 0;
  return () => {
    spot += 1;
    return {
      scene: { lat: 51.3 + 0.1 * spot + 1.2 * band, lon: 0.19 + 0.15 * spot },
      finder: `Ruth ${uniqueName('Ellery')}`,
    };
  };
}

/** A young man found dead in a churchyard at the scene, by the finder, with a police officer attending. */
function youngManAt(
  scene: { lat: number; lon: number },
  finder: string,
  day: string,
  extra: { finderPhone?: string; texts?: string; offsetM?: number } = {},
) {
  const given = uniqueName('Gabriel');
  const family = uniqueName('Kovac');
  return deathReport({
    reportedAt: `${day}T09:00:00Z`,
    people: [
      { role: 'finder', name: finder, phone: extra.finderPhone ?? '07700 900123' },
      { role: 'police-officer', name: 'PC Daniel Moss' },
    ],
    circumstanceTags: ['found-outdoors', 'body-moved', 'phone-missing'],
    policeClassification: 'unexplained-not-suspicious',
    deceased: { givenNames: given, familyName: family, dateOfBirth: '1995-02-01', sex: 'male' },
    death: {
      dateOfDeath: day,
      dateFound: day,
      sceneFound: {
        description: 'Churchyard by the path',
        lat: scene.lat + (extra.offsetM ?? 0) / 111_320,
        lon: scene.lon,
        accuracyM: 10,
        placeType: 'place-of-worship-grounds',
      },
      circumstances: extra.texts ?? 'Found sitting against the wall, posed.',
    },
  });
}

/** Reports a death through the API. */
export async function reportBy(client: Client, body: Report) {
  const res = await client.post('/api/v1/deaths', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; reference: string };
}

type Scene = { lat: number; lon: number };

/** What a file of the API tests of possible links works with; the fields are set by the hooks before each test. */
export type LinksApiSuite = Awaited<ReturnType<typeof linksTestApp>> & {
  /** This test's own spot and finder. */
  scene: Scene;
  finder: string;
  /** A young man found dead at this test's spot by its finder (see youngManAt). */
  youngMan: (day: string, extra?: Parameters<typeof youngManAt>[3]) => Report;
  /** Reports a death through the API as EL's officer. */
  report: (body: Report) => Promise<{ id: string; reference: string }>;
};

/**
 * Registers the set-up that the API test files of possible links share: the app and its users for the file
 * (see linksTestApp), closed at the end, and a spot and finder of its own for each test in the file's band
 * (see spotsOfFile). Call it inside the file's describe.
 */
export function linksApiSuite(band: 0 | 1 | 2, coronerOffice: 'senior' | 'area' = 'area'): LinksApiSuite {
  const nextSpot = spotsOfFile(band);
  const suite = {
    youngMan: (day, extra = {}) => youngManAt(suite.scene, suite.finder, day, extra),
    report: (body) => reportBy(suite.officer, body),
  } as LinksApiSuite;
  beforeAll(async () => {
    Object.assign(suite, await linksTestApp(coronerOffice));
  });
  afterAll(() => suite.t.close());
  beforeEach(() => {
    Object.assign(suite, nextSpot());
  });
  return suite;
}
