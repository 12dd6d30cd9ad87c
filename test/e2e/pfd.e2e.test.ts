import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureArea } from '../../src/features/areas/areas.queries.ts';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';
import { deathReport } from '../support/factories.ts';

const PASSWORD = 'a long demo passphrase';

/**
 * Done means: a coroner issues a PFD report to two bodies; one answers; the other is on the Chief Coroner's
 * overdue register after 56 days; the published report is on the public API; the year's statistics and CSV
 * match exactly what was recorded.
 */
describe('a prevention of future deaths report, from the coroner to the public, in a real browser', () => {
  const journey = browserJourney();
  // An area of its own, so that the year's statistics hold exactly what this journey records.
  const area = `P${randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 3)
    .toUpperCase()
    .padEnd(3, 'Q')}`;

  beforeAll(async () => {
    const { t } = journey;
    await ensureArea(t.db, { code: area, name: `Journey area ${area}`, localAuthorities: [], courts: [] });
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await journey.browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, journey.base, email, PASSWORD);
    return page;
  }

  it('issues, answers, chases, publishes and counts a report', async () => {
    const coronerUser = await journey.t.user('coroner', {
      areaCode: area,
      password: PASSWORD,
      name: 'Amira Holt',
    });
    const officerUser = await journey.t.user('officer', { areaCode: area, password: PASSWORD });
    const chiefUser = await journey.t.user('chief-coroner', { password: PASSWORD });
    const coronerApi = await journey.t.client(coronerUser);
    const officerApi = await journey.t.client(officerUser);

    // Two deaths reported in the area; one goes to inquest and a conclusion (set up through the API).
    const report = deathReport({ areaCode: area, deceased: { familyName: 'Prentice' } });
    const { id: caseId } = (await officerApi.post('/api/v1/deaths', report)).json();
    await officerApi.post(
      '/api/v1/deaths',
      deathReport({ areaCode: area, death: { stateDetention: 'prison' } }),
    );
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Found outdoors' },
      { type: 'RECORD_POST_MORTEM', examinedOn: '2026-11-22', kind: 'INVASIVE', pathologist: 'Dr Patel' },
      { type: 'OPEN_INQUEST', openedOn: '2026-11-23' },
      {
        type: 'RECORD_CONCLUSION',
        concludedOn: '2026-11-24',
        medicalCause: { '1a': 'Mixed drug toxicity' },
        howWhenWhere: 'He died after an overdose of drugs; the crisis team had not visited.',
        shortForm: 'alcohol-drug-related',
        byJury: false,
      },
    ]) {
      const res = await (action.type === 'RECORD_POST_MORTEM' ? officerApi : coronerApi).post(
        `/api/v1/cases/${caseId}/actions`,
        action,
      );
      expect(res.statusCode, res.body).toBe(200);
    }

    // The coroner writes the report from the case page.
    const coroner = await signedIn(coronerUser.email);
    await coroner.goto(`${journey.base}/cases/${caseId}`);
    await coroner.getByRole('link', { name: 'Write a prevention of future deaths report' }).click();
    await coroner.getByRole('button', { name: 'Save as a draft' }).click();
    expect(await coroner.locator('.govuk-error-summary').textContent()).toContain(
      'Enter at least one matter of concern',
    );
    await expectAccessible(coroner);
    await coroner
      .getByLabel('Matters of concern')
      .fill(
        'The crisis team did not visit after two urgent referrals.\n\nNo one reconciled his medicines at discharge.',
      );
    await coroner.locator('#recipients-0-organisation').fill('North East London NHS Foundation Trust');
    await coroner.locator('#recipients-0-person').fill('Chief Executive');
    await coroner.locator('#recipients-0-email').fill('ceo@nelft.example');
    await coroner.locator('#recipients-1-organisation').fill('Metropolitan Police Service');
    await coroner.getByLabel('Mental health services').check();
    await coroner.getByLabel('Drugs and alcohol').check();
    await coroner.getByRole('button', { name: 'Save as a draft' }).click();
    expect(await coroner.locator('h1').textContent()).toMatch(
      /^Prevention of future deaths report [A-Z]+-PFD-2026-\d{4}$/,
    );
    await expectAccessible(coroner);
    const reportUrl = coroner.url().split('?')[0]!;
    const reportId = reportUrl.split('/').at(-1)!;

    await coroner.getByRole('button', { name: 'Send the report' }).click();
    await coroner.waitForURL(/\/send$/);
    await expectAccessible(coroner);
    await coroner.getByRole('button', { name: 'Send the report' }).click();
    await coroner.waitForURL(/sent=1/);
    const recipients = coroner.locator('table').first();
    expect(await recipients.textContent()).toContain('20 January 2027');

    // The trust answers within the time; the officer records it with the letter.
    journey.t.clock.set('2027-01-08T10:00:00Z');
    const officer = await signedIn(officerUser.email);
    await officer.goto(reportUrl);
    await officer
      .getByRole('link', { name: 'Record a response from North East London NHS Foundation Trust' })
      .click();
    await expectAccessible(officer);
    await officer
      .getByLabel('Summary of the response (optional)')
      .fill('A crisis visit within 24 hours of an urgent referral.');
    await officer.getByLabel('The response document (optional)').setInputFiles({
      name: 'nelft-response.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('We have changed the crisis pathway.'),
    });
    await officer.getByRole('button', { name: 'Record the response' }).click();
    await officer.waitForURL(/saved=1/);
    expect(await officer.locator('table').nth(1).textContent()).toContain('nelft-response.txt');
    await expectAccessible(officer);

    // Day 56 passes without a word from the police: on day 57 they are on the Chief Coroner's register.
    journey.t.clock.set('2027-01-21T09:00:00Z');
    const chief = await signedIn(chiefUser.email);
    await chief.goto(`${journey.base}/pfd-reports/overdue?area=${area}`);
    const register = (await chief.locator('main').textContent()) ?? '';
    expect(register).toContain('Metropolitan Police Service');
    expect(register).not.toContain('North East London NHS Foundation Trust');
    expect(register).toContain('1 day overdue');
    await expectAccessible(chief);

    // The Chief Coroner publishes it with names removed.
    await chief.goto(reportUrl);
    await chief.getByRole('button', { name: 'Publish' }).click();
    await chief.getByLabel('Yes, remove names').check();
    await expectAccessible(chief);
    await chief.getByRole('button', { name: 'Publish the report' }).click();
    await chief.waitForURL(/saved=1/);

    const publicApi = await fetch(`${journey.base}/api/v1/public/pfd-reports/${reportId}`);
    expect(publicApi.status).toBe(200);
    const published = (await publicApi.json()) as {
      reference: string;
      deceasedName: string | null;
      recipients: { organisation: string; state: string }[];
    };
    expect(published.deceasedName).toBeNull();
    expect(published.recipients.map((r) => [r.organisation, r.state])).toEqual([
      ['North East London NHS Foundation Trust', 'RESPONDED'],
      ['Metropolitan Police Service', 'OVERDUE'],
    ]);
    expect(JSON.stringify(published)).not.toContain('Prentice');
    const visitor = await (await journey.browser.newContext()).newPage();
    await visitor.goto(`${journey.base}/prevention-of-future-deaths?area=${area}`);
    await expectAccessible(visitor);
    await visitor.getByRole('link', { name: published.reference }).click();
    expect(await visitor.locator('main').textContent()).toContain('Response overdue');
    await expectAccessible(visitor);

    // The year's statistics for the area, on the page and in the CSV, are exactly what was recorded.
    await visitor.goto(`${journey.base}/statistics?year=2026&area=${area}`);
    await expectAccessible(visitor);
    const cell = (table: string, row: string) =>
      visitor
        .locator(`h2#${table} ~ .govuk-grid-row`)
        .first()
        .locator('tr', { hasText: row })
        .locator('td')
        .first()
        .textContent();
    expect(await cell('deaths-reported', 'Deaths reported')).toBe('2');
    expect(await cell('deaths-reported', 'Deaths reported with a post-mortem examination')).toBe('1');
    expect(await cell('inquests', 'Inquests opened')).toBe('1');
    expect(await cell('conclusions', 'Alcohol or drug related')).toBe('1');
    expect(await cell('state-detention', 'Prison')).toBe('1');
    expect(await cell('pfd-reports', 'Reports sent')).toBe('1');
    expect(await cell('pfd-reports', 'Responses received')).toBe('1');
    expect(await cell('pfd-reports', 'Responses overdue')).toBe('1');
    const csv = await (await fetch(`${journey.base}/statistics.csv?year=2026&area=${area}`)).text();
    const value = (table: string, row: string, column = 'number') =>
      csv
        .split('\r\n')
        .find((l) => l.startsWith(`2026,${area},${table},${row},${column},`))
        ?.split(',')
        .at(-1);
    expect(value('deaths-reported', 'deaths-reported')).toBe('2');
    expect(value('deaths-reported', 'post-mortems')).toBe('1');
    expect(value('inquests', 'opened')).toBe('1');
    expect(value('inquests', 'concluded')).toBe('1');
    expect(value('conclusions', 'alcohol-drug-related')).toBe('1');
    expect(value('conclusions', 'suicide')).toBe('0');
    expect(value('state-detention', 'prison')).toBe('1');
    expect(value('time-to-conclusion', 'measured', 'value')).toBe('1');
    expect(value('pfd-reports', 'reports')).toBe('1');
    expect(value('pfd-reports', 'recipients')).toBe('2');
    expect(value('pfd-reports', 'responded')).toBe('1');
    expect(value('pfd-reports', 'overdue')).toBe('1');
  }, 420_000);
});
