import { and, desc, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkFromOutbox } from '../../src/features/portal/portal.fixtures.ts';
import type { User } from '../../src/platform/auth/auth.queries.ts';
import { notifications } from '../../src/platform/notify/notify.tables.ts';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';
import { deathReport } from '../support/factories.ts';

const PASSWORD = 'a long demo passphrase';
const FAMILY_PASSWORD = 'our brother Danny 1987';
const JOURNEY_MS = 600_000;

describe('a family member invited to the portal follows their case on a phone', () => {
  const journey = browserJourney();
  const contexts: BrowserContext[] = [];
  const scriptErrors: string[] = [];
  let ourCase: { id: string; reference: string };
  let otherCase: { id: string; reference: string };
  let joanId: string;
  const joanEmail = `joan.${Date.now()}@family.example`;
  let officerUser: User;

  beforeAll(async () => {
    const { t } = journey;
    officerUser = await t.user('officer', { password: PASSWORD, name: 'Tom Whitfield' });
    const officer = await t.client(officerUser);
    const coroner = await t.client(await t.user('coroner', { name: 'Nadia Rahman' }));
    ourCase = (
      await officer.post('/api/v1/deaths', deathReport({ deceased: { familyName: 'Walsh' } }))
    ).json();
    otherCase = (
      await officer.post('/api/v1/deaths', deathReport({ deceased: { familyName: 'Okoro' } }))
    ).json();
    await officer.post(`/api/v1/cases/${ourCase.id}/actions`, { type: 'ASSIGN', officerId: officerUser.id });
    await officer.post(`/api/v1/cases/${ourCase.id}/actions`, {
      type: 'RECORD_NOTE',
      note: 'Internal: brother disputes mother’s account.',
    });
    joanId = (
      await officer.post(`/api/v1/cases/${ourCase.id}/interested-persons`, {
        name: 'Joan Walsh',
        category: 'FAMILY',
        relationship: 'Mother',
        contact: { email: joanEmail, preferredChannel: 'email' },
      })
    ).json().id;
    await coroner.post(`/api/v1/cases/${ourCase.id}/interested-persons/${joanId}/decision`, {
      status: 'RECOGNISED',
      reasons: 'Mother of the deceased.',
    });
    await officer.post(`/api/v1/cases/${otherCase.id}/interested-persons`, {
      name: 'Rita Okoro',
      category: 'FAMILY',
      contact: { email: `rita.${Date.now()}@family.example` },
    });
  }, JOURNEY_MS);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function newPage(phone = false): Promise<Page> {
    const context = await journey.browser.newContext(
      phone
        ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
        : {},
    );
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        scriptErrors.push(`${r.status()} ${r.url()}`);
    });
    return page;
  }

  const fitsTheScreen = (page: Page) =>
    page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

  it(
    'from the officer’s invitation to the family’s timeline, with nothing of anyone else’s',
    async () => {
      // The coroner's officer sends the invitation from the register.
      const officer = await newPage();
      await signInWithForm(officer, journey.base, officerUser.email, PASSWORD);
      await officer.goto(`${journey.base}/cases/${ourCase.id}`);
      await officer.getByRole('link', { name: 'Interested persons (1)' }).click();
      await expectAccessible(officer);
      await officer.getByRole('link', { name: 'Joan Walsh' }).click();
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Invite Joan Walsh to follow the case online' }).click();
      // No email service is set up here, so the officer is shown the link once, to give to Joan.
      await officer.getByText('Email is not set up for this service').waitFor();
      await expectAccessible(officer);
      const shown = await officer.getByText(/\/invitations\//).textContent();
      const [email] = await journey.t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.caseId, ourCase.id), eq(notifications.template, 'PORTAL_INVITATION')))
        .orderBy(desc(notifications.createdAt));
      expect(email!.email).toBe(joanEmail);
      const secret = await linkFromOutbox(journey.t, email!.id);
      expect(shown?.trim().endsWith(`/invitations/${secret}`)).toBe(true);

      // Joan opens the link on her phone, sets a password and lands on her case.
      const phone = await newPage(true);
      await phone.goto(`${journey.base}/invitations/${secret}`);
      await expectAccessible(phone);
      expect(await fitsTheScreen(phone)).toBe(true);
      await phone.getByLabel('Create a password').fill(FAMILY_PASSWORD);
      await phone.getByLabel('Type your password again').fill(FAMILY_PASSWORD);
      await phone.getByRole('button', { name: 'Set password and sign in' }).click();
      await phone.waitForURL(`${journey.base}/portal/cases/${ourCase.id}`);
      await expectAccessible(phone);
      expect(await fitsTheScreen(phone)).toBe(true);
      const text = (await phone.locator('main').textContent()) ?? '';
      expect(text).toContain('The investigation into the death of');
      expect(text).toContain('What happens next');
      expect(text).toContain('The coroner will decide whether an investigation is needed.');
      expect(text).toContain('The death was reported to the coroner');
      expect(text).toContain('Tom Whitfield looks after this case');
      expect(text).toContain('Documents shared with you');
      expect(text).toContain('Coroners’ Courts Support Service');
      expect(text).not.toContain('brother disputes');
      expect(text).not.toContain('Okoro');

      // She writes to the office; the office sees it on the case.
      await phone.getByLabel('Your message').fill('Can I see my son before the funeral?');
      await phone.getByRole('button', { name: 'Send message' }).click();
      await phone.waitForURL(/sent=1/);
      await expectAccessible(phone);
      expect(await phone.locator('main').textContent()).toContain('Can I see my son before the funeral?');
      await officer.goto(`${journey.base}/cases/${ourCase.id}/interested-persons/${joanId}`);
      expect(await officer.locator('main').textContent()).toContain('Can I see my son before the funeral?');

      // Her list has her case only; another family's case does not exist for her.
      await phone.getByRole('link', { name: 'Your cases' }).first().click();
      await expectAccessible(phone);
      const list = (await phone.locator('main').textContent()) ?? '';
      expect(list).toContain(`Reference ${ourCase.reference}`);
      expect(list).not.toContain(otherCase.reference);
      const other = await phone.goto(`${journey.base}/portal/cases/${otherCase.id}`);
      expect(other?.status()).toBe(404);
      await expectAccessible(phone);

      // The link cannot be used again.
      const again = await newPage(true);
      const reused = await again.goto(`${journey.base}/invitations/${secret}`);
      expect(reused?.status()).toBe(410);
      expect(await again.locator('main').textContent()).toContain(
        'This invitation link has already been used',
      );
      await expectAccessible(again);
      expect(scriptErrors).toEqual([]);
    },
    JOURNEY_MS,
  );

  it(
    'a lawyer removed by the office loses the case at the next page they open; the coroner’s pages are accessible',
    async () => {
      const lawyerEmail = `priya.${Date.now()}@law.example`;
      const coroner = await newPage();
      const coronerUser = await journey.t.user('coroner', { password: PASSWORD, name: 'Ayesha Malik' });
      await signInWithForm(coroner, journey.base, coronerUser.email, PASSWORD);
      await coroner.goto(`${journey.base}/cases/${ourCase.id}/interested-persons/new`);
      await expectAccessible(coroner);
      await coroner.getByRole('button', { name: 'Add to the register' }).click();
      await expectAccessible(coroner);
      expect(await coroner.locator('.govuk-error-summary').textContent()).toContain(
        'Enter the name of the person or organisation',
      );
      await coroner.goto(`${journey.base}/cases/${ourCase.id}/interested-persons/${joanId}/edit`);
      await expectAccessible(coroner);
      await coroner.getByLabel('Lawyer’s name').fill('Priya Natarajan');
      await coroner.getByLabel('Firm').fill('Natarajan Law');
      await coroner.getByLabel('Lawyer’s email address (optional)').fill(lawyerEmail);
      await coroner.getByLabel('Legal aid').check();
      await coroner.getByRole('button', { name: 'Save' }).click();
      await coroner.waitForURL(/done=saved$/);
      await coroner.getByRole('button', { name: 'Invite their legal representative' }).click();
      await coroner.getByText('Email is not set up for this service').waitFor();
      await coroner.goto(`${journey.base}/cases/${ourCase.id}/interested-persons/${joanId}/decision`);
      await expectAccessible(coroner);

      const [email] = await journey.t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.email, lawyerEmail), eq(notifications.template, 'PORTAL_INVITATION')));
      const lawyer = await newPage();
      await lawyer.goto(`${journey.base}/invitations/${await linkFromOutbox(journey.t, email!.id)}`);
      expect(await lawyer.locator('main').textContent()).toContain('on behalf of Joan Walsh');
      await lawyer.getByLabel('Create a password').fill(PASSWORD);
      await lawyer.getByLabel('Type your password again').fill(PASSWORD);
      await lawyer.getByRole('button', { name: 'Set password and sign in' }).click();
      await lawyer.waitForURL(`${journey.base}/portal/cases/${ourCase.id}`);
      expect(await lawyer.locator('h1').textContent()).toContain('The investigation into the death of');

      await coroner.goto(`${journey.base}/cases/${ourCase.id}/interested-persons/${joanId}`);
      await coroner.getByRole('button', { name: 'Remove the legal representative' }).click();
      // A page of its own says what removing the lawyer does, before anything changes.
      await coroner.waitForURL(/\/representative\/removal$/);
      await expectAccessible(coroner);
      expect((await lawyer.reload())?.status()).toBe(200);
      await coroner.locator('main').getByRole('button', { name: 'Remove the legal representative' }).click();
      await coroner.waitForURL(/done=removed$/);
      await expectAccessible(coroner);

      const gone = await lawyer.reload();
      expect(gone?.status()).toBe(404);
      await lawyer.goto(`${journey.base}/portal`);
      expect(await lawyer.locator('main').textContent()).toContain('You are not linked to any case');
      await expectAccessible(lawyer);
      expect(scriptErrors).toEqual([]);
    },
    JOURNEY_MS,
  );
});
