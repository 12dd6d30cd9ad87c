import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, randomLetters } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';
import { computeFigures } from './statistics.queries.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;
const code = () => `S${randomLetters(3).toUpperCase()}`;
const TODAY = '2026-11-25';

/** The edges of the annual figures: a case closed today, the 12-month anniversary, a report that moved area. */
describe('annual statistics at their edges', () => {
  let t: TestApp;
  const [home, away] = [code(), code()];
  const staff: Record<string, { officer: Client; coroner: Client }> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: `${TODAY}T10:00:00Z` });
    for (const area of [home, away]) {
      await ensureArea(t.db, { code: area, name: `Area ${area}`, localAuthorities: [], courts: [] });
      staff[area] = {
        officer: await t.client(await t.user('officer', { areaCode: area })),
        coroner: await t.client(await t.user('coroner', { areaCode: area })),
      };
    }
  });
  afterAll(() => t.close());

  async function investigation(reportedOn: string, ...actions: Record<string, unknown>[]): Promise<string> {
    const { officer, coroner } = staff[home]!;
    const created = await officer.post(
      '/api/v1/deaths',
      deathReport({
        areaCode: home,
        reportedAt: `${reportedOn}T09:00:00Z`,
        death: { dateOfDeath: reportedOn, dateFound: reportedOn },
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Found outdoors' },
      ...actions,
    ]) {
      const res = await coroner.post(`/api/v1/cases/${id}/actions`, action);
      expect(res.statusCode, res.body).toBe(200);
    }
    return id;
  }
  const concluded = (openedOn: string, concludedOn: string) => [
    { type: 'OPEN_INQUEST', openedOn },
    {
      type: 'RECORD_CONCLUSION',
      concludedOn,
      medicalCause: { '1a': 'Mixed drug toxicity' },
      howWhenWhere: 'He died outdoors after taking drugs.',
      shortForm: 'alcohol-drug-related',
      byJury: false,
    },
  ];

  it('counts a conclusion on the 12-month anniversary as 12 months or more, as the s.16 clock does', async () => {
    await investigation('2025-06-10', ...concluded('2025-07-01', '2026-06-10'));
    await investigation('2025-06-10', ...concluded('2025-07-01', '2026-06-09'));
    const figures = await computeFigures(t.db, 2026, home, TODAY);
    expect(figures.timeToConclusion).toMatchObject({ measured: 2, overTwelveMonths: 1 });
  });

  it('does not count an investigation closed today as open today', async () => {
    const before = (await computeFigures(t.db, 2026, home, TODAY)).investigationsOverTwelveMonths;
    await investigation('2025-01-10');
    await investigation('2025-01-10', ...concluded('2025-02-01', TODAY));
    expect((await computeFigures(t.db, 2026, home, TODAY)).investigationsOverTwelveMonths).toBe(before + 1);
  });

  it('counts a PFD report in the area that holds its case now', async () => {
    const id = await investigation('2026-09-01');
    const report = await staff[home]!.coroner.post(`/api/v1/cases/${id}/pfd-reports`, {
      concerns: ['No one checked the stairwell.'],
      recipients: [{ organisation: 'Metropolitan Police Service', email: 'commissioner@met.example' }],
      sentOn: TODAY,
    });
    expect(report.statusCode, report.body).toBe(201);
    const moved = await staff[home]!.coroner.post(`/api/v1/cases/${id}/actions`, {
      type: 'TRANSFER',
      toAreaCode: away,
      basis: 'S2',
      agreedBy: 'The senior coroner',
      reason: 'The family live there',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const accepted = await staff[away]!.coroner.post(`/api/v1/cases/${id}/actions`, {
      type: 'ACCEPT_TRANSFER',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await computeFigures(t.db, 2026, away, TODAY)).pfd).toMatchObject({ reports: 1, recipients: 1 });
    expect((await computeFigures(t.db, 2026, home, TODAY)).pfd.reports).toBe(0);
  });
});
