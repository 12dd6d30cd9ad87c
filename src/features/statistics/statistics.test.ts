import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomLetters } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { addDays } from '../../platform/views/dates.ts';
import { ensureArea } from '../areas/areas.queries.ts';
import { SHORT_FORMS } from '../cases/cases.conclusions.ts';
import type { CaseState } from '../cases/cases.domain.ts';
import { cases } from '../cases/cases.tables.ts';
import { pfdRecipients, pfdReports } from '../pfd/pfd.tables.ts';
import type { Statistics } from './statistics.domain.ts';

/** A small seeded generator (mulberry32): the same parameters always give the same cases. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR = 2004;

/** What the generator is told to make for one area in 2004 (and noise around it that must not count). */
type Parameters = {
  reported: number;
  postMortems: number;
  detention: { prison: number; 'police-custody': number; 'mental-health-act': number };
  inquestsOpened: number;
  conclusions: Record<string, number>;
  shortFormWithNarrative: number;
  jury: number;
  longOpen: number;
  pfd: { reports: number; recipientsEach: number; responded: number };
};

type Row = typeof cases.$inferInsert;

function generate(area: string, p: Parameters, seed: number) {
  const rnd = random(seed);
  const rows: Row[] = [];
  const durations: number[] = [];
  let n = 0;
  const base = (reportedAt: Date): Row => ({
    reference: `${area}-${YEAR}-${String(++n).padStart(6, '0')}-${seed}`,
    areaCode: area,
    reportedAt,
    givenNames: 'Generated',
    familyName: `Case${n}`,
    searchName: `generated case${n}`,
    sex: 'unknown',
    reportedBy: { type: 'other' },
    circumstances: '',
    circumstanceTags: [],
    toxicology: { tested: [], detected: [] },
    status: 'REPORTED',
    state: {} as CaseState,
  });
  const dayIn = (year: number) => addDays(`${year}-01-01`, Math.floor(rnd() * 365));
  const instant = (day: string) =>
    new Date(`${day}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:15:00Z`);
  // Deaths reported in the year; the first ones carry the post-mortems and detention kinds.
  const detention = Object.entries(p.detention).flatMap(([k, count]) => Array(count).fill(k) as string[]);
  // One of the deaths reported is the young investigation among the noise below.
  for (let i = 0; i < p.reported - 1; i++)
    rows.push({
      ...base(instant(dayIn(YEAR))),
      postMortem: i < p.postMortems,
      stateDetention: detention[i] ?? null,
    });
  // Inquests opened in the year (reported the year before, so they do not add to deaths reported).
  for (let i = 0; i < p.inquestsOpened; i++)
    rows.push({ ...base(instant(dayIn(YEAR - 1))), status: 'INQUEST_OPENED', inquestOpenedOn: dayIn(YEAR) });
  // Conclusions in the year, each with a known time from report to conclusion.
  let narrativeLeft = p.shortFormWithNarrative;
  let juryLeft = p.jury;
  for (const [kind, count] of Object.entries(p.conclusions))
    for (let i = 0; i < count; i++) {
      const concludedOn = dayIn(YEAR);
      // Reported in an earlier year, so that it does not add to the year's deaths reported.
      const days = daysIntoYear(concludedOn) + 1 + Math.floor(rnd() * 600);
      const reportedOn = addDays(concludedOn, -days);
      durations.push(days);
      const withNarrative = kind !== 'narrative' && narrativeLeft-- > 0;
      rows.push({
        ...base(new Date(`${reportedOn}T12:00:00Z`)),
        status: 'CONCLUDED',
        concludedOn,
        closedOn: concludedOn,
        shortForm: kind === 'narrative' ? null : kind,
        hasNarrative: kind === 'narrative' || withNarrative,
        jury: juryLeft-- > 0,
      });
    }
  // Investigations open for more than 12 months at the year's end: open now, or closed only after it.
  for (let i = 0; i < p.longOpen; i++)
    rows.push({
      ...base(instant(dayIn(YEAR - 2))),
      status: 'INVESTIGATION_OPEN',
      investigationOpenedAt: instant(dayIn(YEAR - 2)),
      closedOn: i % 2 === 0 ? null : `${YEAR + 1}-03-01`,
    });
  // Noise that must not count: a fresh investigation of a quashed inquest, other years, a long investigation
  // closed within the year, and one less than 12 months old at the year's end.
  rows.push({ ...base(instant(dayIn(YEAR))), supersedesCaseId: null, familyName: 'Fresh' });
  rows.push({ ...base(instant(dayIn(YEAR + 1))), postMortem: true, inquestOpenedOn: dayIn(YEAR + 1) });
  rows.push({
    ...base(new Date(`${YEAR - 1}-12-31T23:59:00Z`)),
    concludedOn: `${YEAR - 1}-12-31`,
    shortForm: 'suicide',
  });
  rows.push({
    ...base(instant(dayIn(YEAR - 2))),
    investigationOpenedAt: instant(dayIn(YEAR - 2)),
    closedOn: `${YEAR}-06-01`,
  });
  rows.push({
    ...base(new Date(`${YEAR}-03-01T12:00:00Z`)),
    investigationOpenedAt: new Date(`${YEAR}-03-02T12:00:00Z`),
  });
  // A fresh investigation ordered in the autumn keeps the report date of the death, two years before: it has
  // lasted weeks, not years.
  rows.push({
    ...base(new Date(`${YEAR - 2}-05-01T12:00:00Z`)),
    familyName: 'Fresh',
    status: 'INVESTIGATION_OPEN',
    investigationOpenedAt: new Date(`${YEAR}-10-01T12:00:00Z`),
  });
  return { rows, durations };
}

const daysIntoYear = (day: string) => (Date.parse(day) - Date.parse(`${day.slice(0, 4)}-01-01`)) / 86_400_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (a: number, b: number) => (b ? round1((a / b) * 100) : null);

describe('annual statistics, checked against data generated with known parameters', () => {
  let t: TestApp;
  const areaA = `Q${randomLetters(3).toUpperCase()}`;
  const areaB = `Z${randomLetters(3).toUpperCase()}`;
  const params: Parameters = {
    reported: 240,
    postMortems: 97,
    detention: { prison: 5, 'police-custody': 2, 'mental-health-act': 3 },
    inquestsOpened: 44,
    conclusions: {
      'accident-or-misadventure': 12,
      suicide: 7,
      'natural-causes': 6,
      'alcohol-drug-related': 4,
      'road-traffic-collision': 3,
      open: 2,
      'unlawful-killing': 1,
      narrative: 5,
    },
    shortFormWithNarrative: 3,
    jury: 2,
    longOpen: 9,
    pfd: { reports: 3, recipientsEach: 2, responded: 4 },
  };
  const paramsB: Parameters = {
    ...params,
    reported: 60,
    postMortems: 10,
    detention: { prison: 1, 'police-custody': 0, 'mental-health-act': 0 },
    inquestsOpened: 5,
    conclusions: { 'natural-causes': 3, suicide: 1 },
    shortFormWithNarrative: 0,
    jury: 0,
    longOpen: 1,
    pfd: { reports: 0, recipientsEach: 0, responded: 0 },
  };
  let generated: ReturnType<typeof generate>;
  let generatedB: ReturnType<typeof generate>;

  beforeAll(async () => {
    t = await createTestApp();
    await ensureArea(t.db, {
      code: areaA,
      name: `Statistics test area ${areaA}`,
      localAuthorities: [],
      courts: [],
    });
    await ensureArea(t.db, {
      code: areaB,
      name: `Statistics test area ${areaB}`,
      localAuthorities: [],
      courts: [],
    });
    generated = generate(areaA, params, 1);
    generatedB = generate(areaB, paramsB, 2);
    const inserted = await t.db
      .insert(cases)
      .values([...generated.rows, ...generatedB.rows])
      .returning({ id: cases.id, familyName: cases.familyName, areaCode: cases.areaCode });
    const original = inserted.find((r) => r.areaCode === areaA)!;
    const { eq } = await import('drizzle-orm');
    for (const fresh of inserted.filter((r) => r.familyName === 'Fresh'))
      await t.db.update(cases).set({ supersedesCaseId: original.id }).where(eq(cases.id, fresh.id));
    // PFD reports sent in the year: recipients answered in order until `responded` is reached; the rest are overdue.
    let responded = params.pfd.responded;
    for (let i = 0; i < params.pfd.reports; i++) {
      const [report] = await t.db
        .insert(pfdReports)
        .values({
          reference: `${areaA}-PFD-${YEAR}-${i}`,
          caseId: original.id,
          areaCode: areaA,
          status: 'SENT',
          coronerName: 'Test',
          coronerTitle: 'Test',
          investigation: '',
          circumstances: '',
          concerns: ['x'],
          action: '',
          sentOn: `${YEAR}-0${i + 2}-10`,
        })
        .returning();
      for (let j = 0; j < params.pfd.recipientsEach; j++)
        await t.db.insert(pfdRecipients).values({
          reportId: report!.id,
          position: j + 1,
          organisation: `Body ${j}`,
          dueOn: addDays(`${YEAR}-0${i + 2}-10`, 56),
          respondedOn: responded-- > 0 ? `${YEAR}-06-01` : null,
        });
    }
  });
  afterAll(() => t.close());

  const cells = (s: Statistics) =>
    Object.fromEntries(
      s.tables.map((tb) => [tb.id, Object.fromEntries(tb.rows.map((r) => [r.key, r.values]))]),
    );

  function expected(p: Parameters, durations: number[]) {
    const concluded = Object.values(p.conclusions).reduce((a, b) => a + b, 0);
    const detentionTotal = Object.values(p.detention).reduce((a, b) => a + b, 0);
    const over = durations.filter((d) => d > 365).length;
    const recipients = p.pfd.reports * p.pfd.recipientsEach;
    return {
      'deaths-reported': {
        'deaths-reported': [p.reported, 100],
        'post-mortems': [p.postMortems, pct(p.postMortems, p.reported)],
      },
      inquests: {
        opened: [p.inquestsOpened, null],
        concluded: [concluded, 100],
        jury: [p.jury, pct(p.jury, concluded)],
      },
      conclusions: {
        ...Object.fromEntries(
          SHORT_FORMS.map((k) => [k, [p.conclusions[k] ?? 0, pct(p.conclusions[k] ?? 0, concluded)]]),
        ),
        narrative: [p.conclusions.narrative ?? 0, pct(p.conclusions.narrative ?? 0, concluded)],
        total: [concluded, 100],
        'short-form-with-narrative': [p.shortFormWithNarrative, pct(p.shortFormWithNarrative, concluded)],
      },
      'state-detention': {
        prison: [p.detention.prison],
        'police-custody': [p.detention['police-custody']],
        'immigration-removal-centre': [0],
        'mental-health-act': [p.detention['mental-health-act']],
        other: [0],
        total: [detentionTotal],
      },
      'time-to-conclusion': {
        measured: [durations.length],
        'mean-weeks': [round1(durations.reduce((a, b) => a + b, 0) / durations.length / 7)],
        'median-weeks': [round1(median(durations) / 7)],
        'over-12-months': [over],
        'over-12-months-share': [pct(over, durations.length)],
      },
      'long-investigations': { 'open-over-12-months': [p.longOpen] },
      'pfd-reports': {
        reports: [p.pfd.reports],
        recipients: [recipients],
        responded: [p.pfd.responded],
        awaiting: [0],
        overdue: [recipients - p.pfd.responded],
      },
    };
  }

  it('reproduces every cell of every table for an area', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/statistics?year=${YEAR}&area=${areaA}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json() as Statistics;
    expect(stats.year).toBe(YEAR);
    expect(stats.area).toEqual({ code: areaA, name: `Statistics test area ${areaA}` });
    expect(stats.empty).toBe(false);
    // No conclusion in the generator is exactly 12 months to the day, so "over 12 months" is days > 365.
    expect(cells(stats)).toEqual(expected(params, generated.durations));
  });

  it('reproduces the second area, and both together nationally for a year only they used', async () => {
    const b = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/statistics?year=${YEAR}&area=${areaB}` })
    ).json();
    expect(cells(b)).toEqual(expected(paramsB, generatedB.durations));
    const national = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/statistics?year=${YEAR}` })
    ).json();
    expect(national.area).toBeNull();
    const combined = cells(national);
    expect(combined['deaths-reported']!['deaths-reported']![0]).toBe(params.reported + paramsB.reported);
    expect(combined.conclusions!.suicide![0]).toBe(
      params.conclusions.suicide! + paramsB.conclusions.suicide!,
    );
    expect(combined['long-investigations']!['open-over-12-months']![0]).toBe(
      params.longOpen + paramsB.longOpen,
    );
    const all = [...generated.durations, ...generatedB.durations];
    expect(combined['time-to-conclusion']!['median-weeks']![0]).toBe(round1(median(all) / 7));
  });

  it('gives the same cells as CSV and as an OpenDocument spreadsheet', async () => {
    const json = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/statistics?year=${YEAR}&area=${areaA}` })
    ).json() as Statistics;
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/statistics.csv?year=${YEAR}&area=${areaA}`,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('year,area_code,table,row,column,value');
    const fromCsv = lines.slice(1).map((l) => l.split(','));
    const fromJson = json.tables.flatMap((tb) =>
      tb.rows.flatMap((r) =>
        tb.columns.map((c, i) => [
          String(YEAR),
          areaA,
          tb.id,
          r.key,
          c.key,
          r.values[i] === null ? '' : String(r.values[i]),
        ]),
      ),
    );
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv).toContainEqual([
      String(YEAR),
      areaA,
      'deaths-reported',
      'deaths-reported',
      'number',
      String(params.reported),
    ]);

    const ods = await t.app.inject({ method: 'GET', url: `/statistics.ods?year=${YEAR}&area=${areaA}` });
    expect(ods.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const bytes = new Uint8Array(ods.rawPayload);
    // The OpenDocument package: "mimetype" first, stored uncompressed, so the file is recognised by its first bytes.
    expect(Buffer.from(bytes.subarray(30, 38)).toString()).toBe('mimetype');
    expect(Buffer.from(bytes.subarray(38, 84)).toString()).toBe(
      'application/vnd.oasis.opendocument.spreadsheet',
    );
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['mimetype', 'content.xml', 'meta.xml', 'META-INF/manifest.xml']);
    const content = strFromU8(files['content.xml']!);
    expect(content).toContain('<table:table table:name="Deaths reported and post-mortem">');
    // The About sheet points the public to the page that says how each figure is counted, not to the code.
    expect(content).not.toContain('docs/');
    expect(content).toMatch(
      new RegExp(`<text:p>http://localhost:\\d+/statistics\\?year=${YEAR}&amp;area=${areaA}</text:p>`),
    );
    expect(content).toContain('from the day the fresh investigation began');
    expect(content).toContain(
      `<table:table-row><table:table-cell office:value-type="string"><text:p>Deaths reported</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="${params.reported}">`,
    );
    expect(content.match(/<table:table /g)).toHaveLength(json.tables.length + 1);
  });

  it('answers a year with no data with empty tables, not an error; bad input with a 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/statistics?year=2000&area=${areaA}`,
    });
    expect(res.statusCode).toBe(200);
    const stats = res.json() as Statistics;
    expect(stats.empty).toBe(true);
    expect(stats.tables.map((tb) => tb.rows)).toEqual(stats.tables.map(() => []));
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/statistics.csv?year=2000&area=${areaA}`,
    });
    expect(csv.body).toBe('year,area_code,table,row,column,value\r\n');
    const page = await t.app.inject({ method: 'GET', url: `/statistics?year=2000&area=${areaA}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('so every table is empty');
    for (const [url, field] of [
      ['/api/v1/public/statistics?year=abc', 'year'],
      ['/api/v1/public/statistics?year=1850', 'year'],
      ['/api/v1/public/statistics?year=2027', 'year'],
      ['/api/v1/public/statistics?year=2004&area=ZZZZ', 'area'],
      ['/api/v1/public/statistics?year=2004&area=not-a-code', 'area'],
    ] as const) {
      const bad = await t.app.inject({ method: 'GET', url });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(bad.json().error.fields), url).toContain(field);
    }
    const badPage = await t.app.inject({ method: 'GET', url: '/statistics?year=abc' });
    expect(badPage.statusCode).toBe(400);
    expect(badPage.body).toContain('govuk-error-summary');
    const future = await t.app.inject({ method: 'GET', url: '/statistics?year=2030' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Enter a year up to 2026: there are no figures for years to come');
    const thisYear = await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics?year=2026' });
    expect(thisYear.statusCode).toBe(200);
  });

  it('shows the figures for the valid parts of a bad query, the form saying which, and names the bad part', async () => {
    const yearBox = (body: string) => /<input[^>]*id="year"[^>]*value="([^"]*)"/.exec(body)?.[1];
    const selectedArea = (body: string) => /<option value="([^"]*)" selected>/.exec(body)?.[1];
    // A good year and an area that does not exist: the year's national figures.
    const noArea = await t.app.inject({ method: 'GET', url: `/statistics?year=${YEAR}&area=ZZZ` });
    expect(noArea.statusCode).toBe(400);
    expect(noArea.body).toContain(`Coroner statistics ${YEAR}</h1>`);
    expect(yearBox(noArea.body)).toBe(String(YEAR));
    expect(selectedArea(noArea.body)).toBe('');
    expect(noArea.body).toContain('<a href="#area">There is no coroner area with the code ZZZ</a>');
    expect(noArea.body).toContain(`href="/statistics.csv?year=${YEAR}"`);
    // A bad year and a good area: this year's figures for the area.
    for (const year of ['abc', '2030']) {
      const badYear = await t.app.inject({ method: 'GET', url: `/statistics?year=${year}&area=${areaA}` });
      expect(badYear.statusCode).toBe(400);
      expect(badYear.body).toContain('Coroner statistics 2026</h1>');
      expect(badYear.body).toContain(`Statistics test area ${areaA}</span>`);
      expect(yearBox(badYear.body)).toBe('2026');
      expect(selectedArea(badYear.body)).toBe(areaA);
      expect(badYear.body).toMatch(/<a href="#year">Enter a year/);
      expect(badYear.body).toContain('govuk-error-message');
      expect(badYear.body).toContain(`href="/statistics.csv?year=2026&amp;area=${areaA}"`);
    }
    // Both bad: this year, nationally, and both named.
    const both = await t.app.inject({ method: 'GET', url: '/statistics?year=abc&area=not-a-code' });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('<a href="#year">');
    expect(both.body).toContain('<a href="#area">');
    expect(selectedArea(both.body)).toBe('');
  });

  it('reads an empty query parameter as one not given, on the open-data API as on the page downloads', async () => {
    const given = await t.app.inject({ method: 'GET', url: `/api/v1/public/statistics.csv?year=${YEAR}` });
    expect(given.statusCode).toBe(200);
    for (const url of [
      `/api/v1/public/statistics.csv?year=${YEAR}&area=`,
      `/statistics.csv?year=${YEAR}&area=`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(given.body);
    }
    const blank = await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics?year=&area=' });
    expect(blank.statusCode).toBe(200);
    expect(blank.json()).toMatchObject({ year: 2026, area: null });
    // The other lists of the API read it the same way.
    const reports = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/pfd-reports?area=&theme=&page=',
    });
    expect(reports.statusCode).toBe(200);
    const officer = await t.client(await t.user('officer'));
    expect((await officer.get('/api/v1/cases?status=&area=&q=')).statusCode).toBe(200);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.info.description).toContain(
      'An empty query parameter (`?area=`) is the same as leaving it out',
    );
  });

  it('words a year out of range without a thousands separator, in the API and on the page', async () => {
    const officer = await t.client(await t.user('officer'));
    const late = await officer.get('/api/v1/statistics?year=20261');
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields.year).toBe('The year must be 2100 or earlier');
    expect(late.body).not.toContain('2,100');
    const open = await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics?year=20261' });
    expect(open.json().error.fields.year).toBe('The year must be 2100 or earlier');
    const page = await t.app.inject({ method: 'GET', url: '/statistics?year=20261' });
    expect(page.body).toContain('The year must be 2100 or earlier');
    expect(page.body).not.toContain('2,100');
    const early = await officer.get('/api/v1/statistics?year=1999');
    expect(early.json().error.fields.year).toBe('Enter a year from 2000 onwards');
  });

  it('shows the tables on a page with a chart (title, text alternative) beside each data table', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/statistics?year=${YEAR}&area=${areaA}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-labelledby="chart-conclusions-title chart-conclusions-desc"`,
    );
    expect(page.body).toContain('<title id="chart-conclusions-title">Chart: Conclusions by type</title>');
    expect(page.body).toContain(`Accident or misadventure ${params.conclusions['accident-or-misadventure']}`);
    expect(page.body.match(/<table class="govuk-table/g)!.length).toBe(7);
    const signedInApi = await (await t.client(await t.user('officer'))).get(
      `/api/v1/statistics?year=${YEAR}&area=${areaA}`,
    );
    expect(signedInApi.statusCode).toBe(200);
  });
});
