import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserJourney, expectAccessible, expectFitsTheWindow, signInWithForm } from '../support/browser.ts';
import { deathReport } from '../support/factories.ts';

const PASSWORD = 'a long demo passphrase';

/**
 * Done means: four cases grouped, a judge-led request approved by the Chief Coroner's office only, the
 * judge appointed by the local authority and shown on all four cases.
 */
describe('four inquests heard together and led by a judge, in a real browser', () => {
  const journey = browserJourney();

  async function signedIn(email: string, password = PASSWORD): Promise<Page> {
    const page = await (await journey.browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, journey.base, email, password);
    return page;
  }

  it('groups four cases, asks for a judge, the Chief Coroner approves, the council appoints, the judge conducts all four', async () => {
    const officerUser = await journey.t.user('officer', { password: PASSWORD });
    const coronerUser = await journey.t.user('coroner', { password: PASSWORD, name: 'Nadia Rahman' });
    const chiefUser = await journey.t.user('chief-coroner', { password: PASSWORD });
    const councilUser = await journey.t.user('local-authority', {
      password: PASSWORD,
      organisation: 'Waltham Forest',
    });
    const officerApi = await journey.t.client(officerUser);
    const four: { id: string; reference: string }[] = [];
    for (let i = 0; i < 4; i++) four.push((await officerApi.post('/api/v1/deaths', deathReport())).json());

    // The officer groups the four inquests from the first case's page.
    const officer = await signedIn(officerUser.email);
    await officer.goto(`${journey.base}/cases/${four[0]!.id}`);
    await officer.getByRole('link', { name: 'Hear this inquest with others' }).click();
    await officer.getByRole('button', { name: 'Form the group' }).click();
    expect(await officer.locator('.govuk-error-summary').textContent()).toContain(
      'Enter a name for the group',
    );
    await expectAccessible(officer);
    await officer.getByLabel('Name of the group').fill('Fire at Forest Lodge');
    await officer.getByLabel('Case references').fill(four.map((c) => c.reference).join('\n'));
    await officer
      .getByLabel('Why should these inquests be heard together?')
      .fill('Four residents died in the same fire.');
    await officer.getByRole('button', { name: 'Form the group' }).click();
    await officer.waitForURL(/\/case-groups\/[0-9a-f-]+\?saved=formed/);
    expect(await officer.locator('h1').textContent()).toBe('Fire at Forest Lodge');
    for (const c of four) expect(await officer.locator('table').textContent()).toContain(c.reference);
    await expectAccessible(officer);
    const groupUrl = officer.url().split('?')[0]!;

    // The coroner asks for a judge-led inquest for the group.
    const coroner = await signedIn(coronerUser.email);
    await coroner.goto(groupUrl);
    await coroner
      .getByRole('link', { name: 'Ask the Chief Coroner for a judge to lead these inquests' })
      .click();
    await expectAccessible(coroner);
    await coroner
      .getByLabel('Why should a judge lead the inquest?')
      .fill('The inquests must consider material that only a judge may see.');
    await coroner.getByRole('button', { name: 'Send the request' }).click();
    await coroner.waitForURL(/\/judge-led-requests\/[0-9a-f-]+\?saved=requested/);
    expect(await coroner.locator('main .govuk-tag').first().textContent()).toContain(
      'Awaiting the Chief Coroner’s decision',
    );
    await expectAccessible(coroner);
    const requestUrl = coroner.url().split('?')[0]!;

    // Only the Chief Coroner's office decides: the coroner and the officer are refused (403).
    for (const page of [coroner, officer]) {
      const res = await page.goto(`${requestUrl}/decision`);
      expect(res?.status()).toBe(403);
      const post = await page.request.post(`${requestUrl}/decision`, {
        form: { decision: 'APPROVED', reasons: 'Trying.' },
      });
      expect(post.status()).toBe(403);
    }
    // The council cannot appoint before the decision (409, with the reason).
    const council = await signedIn(councilUser.email);
    const early = await council.goto(`${requestUrl}/appointment`);
    expect(early?.status()).toBe(409);
    expect(await council.locator('main').textContent()).toContain(
      'The Chief Coroner’s office has not decided this request yet',
    );
    await expectAccessible(council);

    // The Chief Coroner's office sees it on the oversight page and approves it.
    const chief = await signedIn(chiefUser.email);
    await chief.goto(`${journey.base}/oversight`);
    await expectAccessible(chief);
    // Its wide tables scroll inside their own regions on a narrow window, not the whole page.
    expect(await chief.getByRole('region', { name: /coroner area/ }).count()).toBe(2);
    await expectFitsTheWindow(chief, [1024, 320]);
    await chief.getByRole('link', { name: /Fire at Forest Lodge/ }).click();
    await chief.getByRole('button', { name: 'Decide this request' }).click();
    await expectAccessible(chief);
    await chief.getByLabel('Approve: a judge will lead the inquest').check();
    await chief
      .getByLabel('Reasons for the decision')
      .fill('Sensitive material must be considered; a judge is needed.');
    await chief.getByRole('button', { name: 'Record the decision' }).click();
    await chief.waitForURL(/saved=APPROVED/);
    expect(await chief.locator('main .govuk-tag').first().textContent()).toContain('Approved');

    // The council records the appointment from its own page; the judge's account is created.
    await council.goto(`${journey.base}/local-authority`);
    await expectAccessible(council);
    expect(await council.getByRole('region', { name: /coroner area/ }).count()).toBe(2);
    await expectFitsTheWindow(council, [1024, 320]);
    await council.getByRole('link', { name: /Fire at Forest Lodge/ }).click();
    await council.getByRole('button', { name: 'Record the appointment of the judge' }).click();
    const judgeEmail = `peter.lane.${Date.now()}@judiciary.example`;
    await council.getByLabel('Judge’s title').fill('His Honour Judge');
    await council.getByLabel('Judge’s name').fill('Peter Lane');
    await council.getByLabel('Judge’s email address').fill(judgeEmail);
    await council.getByLabel('Assistant coroner for the area').check();
    await council.getByRole('button', { name: 'Record the appointment' }).click();
    expect(await council.locator('.govuk-panel').textContent()).toContain('Judge appointed');
    const judgePassword = (await council.locator('#temporary-password').textContent())!.trim();
    expect(judgePassword).toMatch(/^[a-z2-9-]{23}$/);
    await expectAccessible(council);

    // The judge is the coroner on all four case pages, and each history shows every step.
    for (const c of four) {
      await coroner.goto(`${journey.base}/cases/${c.id}`);
      const summary = await coroner.locator('.govuk-summary-list').first().textContent();
      expect(summary).toContain('His Honour Judge Peter Lane');
      const history = await coroner.locator('.moj-timeline').textContent();
      for (const step of [
        'Inquest to be heard with others',
        'Judge-led inquest requested',
        'Judge-led inquest approved by the Chief Coroner',
        'Judge appointed to lead the inquest',
      ])
        expect(history).toContain(step);
    }
    await expectAccessible(coroner);

    // The judge signs in with the one-time password and finds the four cases.
    const judge = await signedIn(judgeEmail, judgePassword);
    expect(await judge.locator('.app-account-name').textContent()).toContain('His Honour Judge Peter Lane');
    await judge.goto(`${journey.base}/cases/${four[3]!.id}`);
    expect(await judge.locator('h1').textContent()).toContain('Walgate');
    await judge.goto(groupUrl);
    expect(await judge.locator('table').textContent()).toContain('His Honour Judge Peter Lane');
    await expectAccessible(judge);
  });
});
