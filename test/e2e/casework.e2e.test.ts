import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';
import { uniqueName } from '../support/factories.ts';

const PASSWORD = 'a long casework passphrase';

describe('a case from report to Record of Inquest, in a real browser', () => {
  const journey = browserJourney();
  let officerPage: Page;
  let coronerPage: Page;

  beforeAll(async () => {
    const { t, base, browser } = journey;
    const officer = await t.user('officer', { password: PASSWORD, name: 'Tom Whitfield' });
    const coroner = await t.user('coroner', { password: PASSWORD, name: 'Nadia Rahman' });
    officerPage = await (await browser.newContext()).newPage();
    coronerPage = await (await browser.newContext()).newPage();
    await signInWithForm(officerPage, base, officer.email, PASSWORD);
    await signInWithForm(coronerPage, base, coroner.email, PASSWORD);
  });

  async function fillDate(page: Page, id: string, date: string) {
    const [y, m, d] = date.split('-');
    await page.locator(`#${id}`).fill(String(Number(d)));
    await page.locator(`#${id}-month`).fill(String(Number(m)));
    await page.locator(`#${id}-year`).fill(y!);
  }
  const click = async (page: Page, name: string) => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
  };
  async function act(page: Page, link: string, fill: () => Promise<void>) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await fill();
    // An action's button says what it does, in the same words as the link to it.
    await page.locator('main form button.govuk-button').last().click();
    await page.waitForLoadState('load');
    const problems = (await page.locator('.govuk-error-summary').count())
      ? await page.locator('.govuk-error-summary').textContent()
      : '';
    expect(problems, `no errors after "${link}"`).toBe('');
  }

  it('is reported, investigated, concluded, quashed and reopened by an officer and a coroner', async () => {
    const family = uniqueName('Whitworth');
    const page = officerPage;
    await page.goto(`${journey.base}/cases`);
    await page.getByRole('button', { name: 'Report a death' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page);

    // A mistake first: the error summary names the field.
    await click(page, 'Continue');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the deceased’s given names',
    );
    await expectAccessible(page);

    await page.getByLabel('Given names').fill('Daniel');
    await page.getByLabel('Family name').fill(family);
    await page.getByLabel('Male', { exact: true }).check();
    await fillDate(page, 'deceased-dateOfBirth', '2004-06-02');
    await page.getByLabel('Home: address line 1').fill('12 Ripple Road');
    await page.getByLabel('Home: town or city').fill('Barking');
    await page.getByLabel('Home: postcode').fill('ig11 7pb');
    await click(page, 'Continue');

    await fillDate(page, 'death-dateOfDeath', '2026-11-18');
    await fillDate(page, 'death-dateFound', '2026-11-19');
    await page
      .getByLabel('Where the deceased was found: description')
      .fill('St Margaret’s churchyard, by the north wall');
    await page.getByLabel('Where the deceased was found: postcode (if known)').fill('IG11 8AS');
    await page.getByLabel('Where the deceased was found: latitude (if known)').fill('51.5365');
    await page.getByLabel('Where the deceased was found: longitude (if known)').fill('0.0768');
    await page
      .getByLabel('Where the deceased was found: type of place')
      .selectOption('place-of-worship-grounds');
    await page
      .getByLabel('What is known about the circumstances')
      .fill('Found by a dog walker. A note was nearby.');
    await expectAccessible(page);
    await click(page, 'Continue');

    await page.getByLabel('Police', { exact: true }).check();
    await page.getByLabel('Their organisation (optional)').fill('Metropolitan Police Service');
    await fillDate(page, 'reportedAt', '2026-11-19');
    await page.locator('#reportedAt-time').fill('09:30');
    await click(page, 'Continue');

    await page.getByLabel('Their part').selectOption('finder');
    await page.getByLabel('Full name').fill('Margaret Hale');
    await click(page, 'Add this person');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Margaret Hale');
    await expectAccessible(page);
    await click(page, 'Continue');

    await page.getByLabel('Found outdoors').check();
    await page.getByLabel('A note was found').check();
    await page.getByLabel('Substances tested for (separate with commas)').fill('GHB, alcohol');
    await page.getByLabel('Substances detected (separate with commas)').fill('GHB');
    await click(page, 'Continue');

    expect(await page.locator('h1').textContent()).toBe('Check your answers before reporting the death');
    expect(await page.locator('main').textContent()).toContain(`Daniel ${family}`);
    await expectAccessible(page);
    await click(page, 'Report the death');

    expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(
      /Death reported\. The reference is EL-2026-\d{6}/,
    );
    const caseUrl = page.url().split('?')[0]!;
    expect(await page.locator('h1').textContent()).toBe(`Daniel ${family}`);
    await expectAccessible(page);

    await act(page, 'Start preliminary enquiries', async () => {});
    // Officers do not see judicial decisions offered to them.
    expect(await page.getByRole('link', { name: 'Open an investigation' }).count()).toBe(0);

    const c = coronerPage;
    await c.goto(caseUrl);
    await act(c, 'Open an investigation', async () => {
      await c.getByLabel('The cause of death is unknown').check();
      await c.getByLabel('Reasons').fill('Young man found outdoors; cause not known.');
      await expectAccessible(c);
    });
    await page.goto(caseUrl);
    await act(page, 'Record a post-mortem examination', async () => {
      await fillDate(page, 'examinedOn', '2026-11-20');
      await page.getByLabel('Invasive', { exact: true }).check();
      await page.getByLabel('Pathologist').fill('Dr Patel');
    });
    await c.goto(caseUrl);
    await act(c, 'Open an inquest', async () => fillDate(c, 'openedOn', '2026-11-23'));
    await act(c, 'Decide whether there will be a jury', async () => {
      await c.getByLabel('No', { exact: true }).check();
      await c.getByLabel('No jury is required').check();
      await c.getByLabel('Reasons').fill('Section 7 does not apply.');
    });
    await act(c, 'Record of Inquest', async () => {
      await fillDate(c, 'concludedOn', '2026-11-25');
      await c
        .getByLabel('1a Disease or condition directly leading to death')
        .fill('Gamma-hydroxybutyrate toxicity');
      await c
        .getByLabel('How, when and where the deceased came by their death (box 3)')
        .fill('He was found in St Margaret’s churchyard, Barking, on 19 November 2026.');
      await c.getByLabel('Open conclusion').check();
      await c.getByLabel('No', { exact: true }).check();
      await expectAccessible(c);
    });
    expect(await c.locator('main .govuk-tag').first().textContent()).toContain('Inquest concluded');
    const timeline = await c.locator('.moj-timeline').textContent();
    for (const step of [
      'Death reported',
      'Preliminary enquiries started',
      'Investigation opened',
      'Post-mortem examination recorded',
      'Inquest opened',
      'Jury decision',
      'Inquest concluded: Record of Inquest',
    ]) {
      expect(timeline).toContain(step);
    }
    await c.getByRole('link', { name: 'Record of Inquest', exact: true }).click();
    expect(await c.locator('main').textContent()).toContain('Gamma-hydroxybutyrate toxicity');
    await expectAccessible(c);
    const pdf = await c.request.get(`${caseUrl}/record-of-inquest.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await c.goto(caseUrl);
    await act(c, 'Record a High Court order quashing the inquest', async () => {
      await c.getByLabel('Court').fill('High Court (Divisional Court)');
      await fillDate(c, 'orderedOn', '2026-11-25');
      await c.getByLabel('Grounds').fill('Insufficiency of inquiry: the deaths were not linked.');
    });
    const lineage = c.locator('.govuk-notification-banner', { hasText: 'This is a fresh investigation' });
    expect(await lineage.count()).toBe(1);
    await lineage.locator('a').click();
    await c.waitForLoadState('load');
    expect(await c.locator('main .govuk-tag').first().textContent()).toContain('Quashed');
    expect(
      await c.locator('.govuk-notification-banner', { hasText: 'This inquest was quashed' }).count(),
    ).toBe(1);
    await expectAccessible(c);

    await page.goto(`${journey.base}/deadlines`);
    await expectAccessible(page);
    await page.goto(`${journey.base}/cases?q=${encodeURIComponent(family.replace('Whitworth', 'Witworth'))}`);
    expect(await page.locator('table').textContent()).toContain(family);
    await expectAccessible(page);
    // A search too long to run is explained beside the box it was typed in.
    await page.getByLabel('Name or reference').fill('Whitworth '.repeat(25));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Name or reference must be 200 characters or fewer',
    );
    await expectAccessible(page);
  }, 300_000);

  it('starts a report from a bookmarked address with a button, not by merely opening it', async () => {
    const page = officerPage;
    await page.goto(`${journey.base}/cases/new`);
    expect(page.url()).toBe(`${journey.base}/cases/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/reports\/[0-9a-f-]{36}\/deceased$/);
  }, 60_000);
});
