import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureArea } from '../../src/features/areas/areas.queries.ts';
import type { ReportDeathInput } from '../../src/features/cases/cases.schema.ts';
import { createRandom } from '../../src/features/links/links.random.ts';
import { refreshBackground } from '../../src/features/links/links.store.ts';
import { expectAccessible, launchBrowser, signInWithForm } from '../support/browser.ts';
import { randomLetters } from '../support/factories.ts';
import { isolatedDatabase } from '../support/isolated-database.ts';
import { freshArea, queuedAlerts, runLinkAssessments } from '../support/links.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long demo passphrase';
/** St Margaret's churchyard, Barking, and the street where the first young man was found, about 500 m away. */
const CHURCHYARD = { lat: 51.5362, lon: 0.0813 };
const STREET = { lat: 51.5405, lon: 0.0795 };

type Alert = { id: string; level: string; summary: string; cases: { id: string; reference: string }[] };
type Link = { caseId: string; level: string; score: number; reasons: { feature: string; detail: string }[] };

describe('a Barking-like series among ordinary deaths, entered case by case through the API', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let officer: Awaited<ReturnType<TestApp['client']>>;
  const officerEmail = () => officer.user.email;
  // An area of its own, and dates of 2013–2015, so that other tests' cases never take part.
  const area = `L${randomLetters(3).toUpperCase()}`;
  const background: string[] = [];
  const series: { id: string; reference: string }[] = [];

  // A database of its own too: the detector's background (how common each substance and circumstance is)
  // is one table measured over every case, and other test files refresh it as they run.
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const iso = await isolatedDatabase();
    drop = iso.drop;
    t = await createTestApp({ database: iso.database, now: '2015-10-01T10:00:00Z' });
    await ensureArea(t.db, {
      code: area,
      name: `Linked deaths area ${area}`,
      localAuthorities: [],
      courts: [],
    });
    officer = await t.client(await t.user('officer', { areaCode: area, password: PASSWORD }));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await drop?.();
  });

  const GIVEN = [
    'James',
    'Mary',
    'John',
    'Patricia',
    'Robert',
    'Linda',
    'Michael',
    'Susan',
    'David',
    'Karen',
  ];
  const FAMILY = [
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Williams',
    'Wilson',
    'Johnson',
    'Davies',
    'Patel',
    'Khan',
  ];

  function ordinaryDeath(r: () => number, i: number): ReportDeathInput {
    const day = new Date(Date.UTC(2013, 9, 1) + Math.floor(r() * 700) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const kind = r();
    const at = { lat: CHURCHYARD.lat + (r() - 0.5) * 0.12, lon: CHURCHYARD.lon + (r() - 0.5) * 0.18 };
    const drug = kind < 0.05;
    const outdoors = kind > 0.85;
    return {
      areaCode: area,
      reportedBy: { type: kind < 0.6 ? 'doctor' : 'police' },
      reportedAt: `${day}T12:00:00Z`,
      people:
        r() < 0.5
          ? [{ role: 'next-of-kin', name: `${GIVEN[Math.floor(r() * 10)]} ${FAMILY[i % 10]}-${i}` }]
          : [],
      circumstanceTags: [...(outdoors ? ['found-outdoors'] : []), ...(drug ? ['drugs-suspected'] : [])],
      toxicology: drug
        ? { tested: ['heroin', 'cocaine', 'alcohol'], detected: r() < 0.7 ? ['heroin'] : ['cocaine'] }
        : { tested: [], detected: [] },
      policeClassification:
        kind < 0.6 ? undefined : r() < 0.3 ? 'unexplained-not-suspicious' : 'non-suspicious',
      deceased: {
        givenNames: `${GIVEN[Math.floor(r() * 10)]} ${String.fromCharCode(65 + (i % 26))}${i}`,
        familyName: `${FAMILY[Math.floor(r() * 10)]}`,
        sex: r() < 0.5 ? 'male' : 'female',
        age: 18 + Math.floor(r() * 80),
      },
      death: {
        dateOfDeath: day,
        dateFound: day,
        sceneFound: {
          description: outdoors ? 'Public footpath' : kind < 0.6 ? 'Home' : 'Flat',
          lat: at.lat,
          lon: at.lon,
          accuracyM: 50,
          placeType: outdoors ? 'public-outdoor' : 'home',
        },
        circumstances: 'Reported for the coroner.',
      },
      notADuplicate: true,
    } as ReportDeathInput;
  }

  function youngMan(
    day: string,
    given: string,
    family: string,
    at: { lat: number; lon: number },
    extra: Partial<ReportDeathInput>,
  ): ReportDeathInput {
    return {
      areaCode: area,
      reportedBy: { type: 'police', organisation: 'Metropolitan Police Service' },
      reportedAt: `${day}T10:00:00Z`,
      people: [{ role: 'police-officer', name: 'PC Daniel Moss' }],
      circumstanceTags: ['found-outdoors', 'body-moved', 'phone-missing'],
      toxicology: { tested: [], detected: [] },
      policeClassification: 'unexplained-not-suspicious',
      ...extra,
      deceased: { givenNames: given, familyName: family, sex: 'male', age: 23 },
      death: {
        dateOfDeath: day,
        dateFound: day,
        sceneFound: {
          description: 'Churchyard',
          lat: at.lat,
          lon: at.lon,
          accuracyM: 10,
          placeType: 'place-of-worship-grounds',
        },
        circumstances: (extra as { circumstances?: string }).circumstances ?? 'Found sitting against a wall.',
      },
    } as ReportDeathInput;
  }

  async function report(body: ReportDeathInput) {
    const res = await officer.post('/api/v1/deaths', body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { id: string; reference: string };
    await runLinkAssessments(t, [created.id]);
    return created;
  }
  async function toxicologyReturns(id: string) {
    const res = await officer.post(`/api/v1/cases/${id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: ['GHB', 'alcohol', 'cocaine'], detected: ['GHB'] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    await runLinkAssessments(t, [id]);
  }
  const alerts = async () => (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as Alert[];
  const seriesAlerts = async () =>
    (await alerts()).filter((a) => a.cases.every((c) => series.some((s) => s.id === c.id)));

  it('raises at most a handful of alerts on 300 ordinary deaths', async () => {
    const r = createRandom(2014);
    for (let i = 0; i < 300; i++) {
      const res = await officer.post('/api/v1/deaths', ordinaryDeath(r, i));
      expect(res.statusCode, res.body).toBe(201);
      background.push(res.json().id);
    }
    await runLinkAssessments(t, background);
    // The nightly refresh measures substance and circumstance frequencies on these deaths.
    await refreshBackground(t.db, t.clock.now());
    expect((await alerts()).length).toBeLessThanOrEqual(5);
  }, 240_000);

  it('flags the series by its second or third death, with reasons a person can check', async () => {
    const walker = { role: 'finder' as const, name: 'Brenda Ashworth', phone: '07700 900461' };
    series.push(await report(youngMan('2014-06-20', 'Anthony', uniqueFamily(), STREET, {})));
    await toxicologyReturns(series[0]!.id); // weeks later in reality; before the second death here
    series.push(
      await report(
        youngMan('2014-08-28', 'Gabriel', uniqueFamily(), CHURCHYARD, {
          people: [walker, { role: 'police-officer', name: 'PC Daniel Moss' }],
        }),
      ),
    );
    const bySecond = await seriesAlerts();
    series.push(
      await report(
        youngMan(
          '2014-09-20',
          'Daniel',
          uniqueFamily(),
          { lat: CHURCHYARD.lat + 0.0002, lon: CHURCHYARD.lon },
          {
            people: [walker],
            circumstances:
              'Found by a dog walker. A note in his hand: "Gabriel, I am sorry. It was my fault."',
          } as Partial<ReportDeathInput>,
        ),
      ),
    );
    await toxicologyReturns(series[1]!.id);
    const byThird = await seriesAlerts();
    expect(bySecond.length).toBeGreaterThan(0);
    expect(byThird.some((a) => a.level === 'urgent')).toBe(true);

    const links = (await officer.get(`/api/v1/cases/${series[2]!.id}/possible-links`)).json() as Link[];
    const toSecond = links.find((l) => l.caseId === series[1]!.id)!;
    expect(toSecond.level).toBe('urgent');
    const features = toSecond.reasons.map((r) => r.feature);
    expect(features).toEqual(expect.arrayContaining(['same-person', 'named-in-text', 'same-scene']));
    expect(toSecond.reasons.find((r) => r.feature === 'same-person')!.detail).toContain('Brenda Ashworth');
    expect(toSecond.reasons.find((r) => r.feature === 'named-in-text')!.detail).toContain('Gabriel');
    // Nothing in an alert states a conclusion.
    for (const a of byThird) expect(a.summary).toMatch(/^Possible (link|cluster) — review/);
    // The background still raises no more than a handful.
    const others = (await alerts()).filter((a) => !a.cases.some((c) => series.some((s) => s.id === c.id)));
    expect(others.length).toBeLessThanOrEqual(5);
  }, 120_000);

  it('shows the possible links on the case page and takes a decision on the alert, in a real browser', async () => {
    const page: Page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, base, officerEmail(), PASSWORD);
    await page.goto(`${base}/cases/${series[2]!.id}`);
    await page.getByRole('link', { name: /Possible links to other deaths \(\d+, \d+ urgent\)/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Possible links to other deaths');
    expect(await page.locator('main').textContent()).toContain('Brenda Ashworth');
    expect(await page.getByRole('img', { name: 'Map of the cases' }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('link', { name: `Review the alert for ${series[1]!.reference}` }).click();
    expect(await page.locator('h1').textContent()).toContain('Possible link — review');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save decision' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Select whether to confirm or dismiss the possible link',
    );
    await expectAccessible(page);
    await page.getByLabel('Yes, confirm the link').check();
    await page
      .getByLabel('Reason')
      .fill('Same finder, same place, a note naming the earlier death. Police told.');
    await page.getByRole('button', { name: 'Save decision' }).click();
    expect(await page.locator('main').textContent()).toContain('Confirmed as linked');
    expect(await page.locator('main').textContent()).toContain('The cases are now in the case group');
    expect(await page.locator('main a[href^="/case-groups/"]').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.goto(`${base}/link-alerts`);
    await expectAccessible(page);
  }, 120_000);

  it('pages a long alerts queue, keeping the status chosen, accessibly', async () => {
    const queueArea = await freshArea(t);
    await queuedAlerts(t, queueArea, 60, { status: 'DISMISSED' });
    const user = await t.user('officer', { areaCode: queueArea, password: PASSWORD });
    const page: Page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, base, user.email, PASSWORD);
    await page.goto(`${base}/link-alerts`);
    await page.getByRole('link', { name: 'Dismissed' }).click();
    expect(await page.locator('main').textContent()).toContain('Showing 1 to 50 of 60 alerts');
    await expectAccessible(page);
    await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Next' }).click();
    expect(page.url()).toBe(`${base}/link-alerts?status=DISMISSED&page=2`);
    expect(await page.locator('main').textContent()).toContain('Showing 51 to 60 of 60 alerts');
    expect(await page.locator('main tbody tr').count()).toBe(10);
    await expectAccessible(page);
  }, 60_000);

  it('adds a known site through its form, with the error summary first, accessibly', async () => {
    const page: Page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, base, officerEmail(), PASSWORD);
    await page.goto(`${base}/link-alerts`);
    await page.getByRole('link', { name: 'Known sites' }).click();
    await page.getByRole('button', { name: 'Add a known site' }).click();
    await expectAccessible(page);
    await page.getByLabel('Name of the site').fill('Barking Hospital');
    await page.getByLabel('Latitude').fill('51.5,4');
    await page.getByRole('button', { name: 'Add the site' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Latitude must be a number, for example 51.5686',
    );
    await expectAccessible(page);
    await page.getByLabel('Hospital', { exact: true }).check();
    await page.getByLabel('Latitude').fill('51.5395');
    await page.getByLabel('Longitude').fill('0.0845');
    await page.getByLabel('Radius in metres').fill('150');
    await page.getByRole('button', { name: 'Add the site' }).click();
    expect(page.url()).toBe(`${base}/known-sites`);
    expect(await page.locator('main tbody').textContent()).toContain('Barking Hospital');
    await expectAccessible(page);
  }, 60_000);
});

function uniqueFamily(): string {
  return `Port${randomLetters(5)}`;
}
