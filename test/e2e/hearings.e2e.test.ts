import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { courts } from '../../src/features/areas/areas.tables.ts';
import { inquestCase } from '../../src/features/hearings/hearings.fixtures.ts';
import { notifications } from '../../src/platform/notify/notify.tables.ts';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';

const PASSWORD = 'a long demo passphrase';

/**
 * Done means: a court admin lists a pre-inquest review at Walthamstow Coroner's Court, postpones it with the
 * date to be set, relists it; the family's notifications are in the outbox after each step; the public page
 * shows the right thing at each step, and nothing of a restricted case.
 */
describe('listing, postponing and relisting a hearing, in a real browser', () => {
  const journey = browserJourney();

  it('keeps the family told and the public list right at every step', async () => {
    const adminUser = await journey.t.user('court-admin', { password: PASSWORD, name: 'Priya Shah' });
    const adminApi = await journey.t.client(adminUser);
    const officer = await journey.t.client(await journey.t.user('officer'));
    const coroner = await journey.t.client(await journey.t.user('coroner'));
    const c = await inquestCase(journey.t, officer, coroner);
    const restricted = await inquestCase(journey.t, officer, coroner, { restriction: 'CCA_S11' });
    const [court] = await journey.t.db
      .select()
      .from(courts)
      .where(eq(courts.name, "Walthamstow Coroner's Court"));
    const roomName = `Court ${randomUUID().slice(0, 4)}`;
    const rooms = await adminApi.post(`/api/v1/courts/${court!.id}/rooms`, {
      name: roomName,
      capacity: 40,
      juryCapable: true,
      videoLink: true,
    });
    const roomId = rooms.json().rooms.find((r: { name: string }) => r.name === roomName).id as string;
    const hidden = await adminApi.post(`/api/v1/cases/${restricted.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: court!.id,
      startsAt: '2026-12-10T14:00:00Z',
    });
    expect(hidden.statusCode, hidden.body).toBe(201);

    const outbox = async () =>
      (
        await journey.t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.caseId, c.id), eq(notifications.source, 'hearing')))
      )
        .map((n) => `${n.template} ${n.recipientName}`)
        .sort();
    const publicPage = (await journey.browser.newContext()).newPage();
    const publicList = async (from: string): Promise<Page> => {
      const page = await publicPage;
      await page.goto(`${journey.base}/hearings?courtId=${court!.id}&from=${from}`);
      return page;
    };

    const admin = await (await journey.browser.newContext()).newPage();
    admin.setDefaultTimeout(10_000);
    await signInWithForm(admin, journey.base, adminUser.email, PASSWORD);
    await admin.goto(`${journey.base}/court-diary`);
    await expectAccessible(admin);

    // 1. List a pre-inquest review.
    await admin.goto(`${journey.base}/cases/${c.id}/hearings`);
    await admin.getByRole('button', { name: 'List a hearing' }).click();
    await expectAccessible(admin);
    await admin.getByLabel('Pre-inquest review').check();
    await admin.getByLabel('Court', { exact: true }).selectOption({ label: "Walthamstow Coroner's Court" });
    await admin.getByLabel('Room').selectOption(roomId);
    await admin.locator('#startsAt').fill('10');
    await admin.locator('#startsAt-month').fill('12');
    await admin.locator('#startsAt-year').fill('2026');
    await admin.locator('#startsAt-time').fill('10:00');
    await admin.getByLabel('Estimated length in minutes').fill('90');
    await admin.getByRole('button', { name: 'List the hearing' }).click();
    await admin.waitForLoadState('load');
    await expect(admin.locator('h1').textContent()).resolves.toContain(`Pre-inquest review: ${c.reference}`);
    await expectAccessible(admin);
    const hearingUrl = admin.url().split('?')[0]!;
    expect(await outbox()).toEqual([
      `HEARING_LISTED Mary ${c.familyName}`,
      `HEARING_LISTED Sarah ${c.familyName}`,
    ]);

    let page = await publicList('2026-12-07');
    await expectAccessible(page);
    let text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(c.name);
    expect(text).toContain('10am');
    expect(text).toContain('Listed');
    expect(text).toContain('Name withheld (reporting restriction)');
    expect(text).not.toContain(restricted.familyName);

    // 2. Postpone it with the date to be set.
    await admin.getByRole('button', { name: 'Postpone' }).click();
    await expectAccessible(admin);
    await admin.getByLabel('Reason for postponing').fill('The pathologist’s report is not ready');
    await admin.getByRole('button', { name: 'Postpone the hearing' }).click();
    await admin.waitForLoadState('load');
    expect(await admin.locator('main').textContent()).toContain('Postponed, new date to be set');
    expect((await outbox()).filter((x) => x.startsWith('HEARING_POSTPONED'))).toEqual([
      `HEARING_POSTPONED Mary ${c.familyName}`,
      `HEARING_POSTPONED Sarah ${c.familyName}`,
    ]);
    page = await publicList('2026-12-07');
    text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Postponed – new date to be set');
    expect(text).toContain(c.name);
    expect(text).not.toContain(restricted.familyName);

    // 3. Relist it.
    await admin.goto(hearingUrl);
    await admin.getByRole('button', { name: 'Relist with a new date' }).click();
    await expectAccessible(admin);
    await admin.locator('#startsAt').fill('19');
    await admin.locator('#startsAt-month').fill('1');
    await admin.locator('#startsAt-year').fill('2027');
    await admin.locator('#startsAt-time').fill('11:30');
    await admin.getByRole('button', { name: 'Relist the hearing' }).click();
    await admin.waitForLoadState('load');
    expect(await admin.locator('main').textContent()).toContain('19 January 2027');
    expect((await outbox()).filter((x) => x.startsWith('HEARING_RELISTED'))).toHaveLength(2);
    // Every notice written about the case, on a page of its own.
    await admin.goto(`${journey.base}/cases/${c.id}/hearings`);
    await admin.getByRole('link', { name: 'Notices and messages sent about this case' }).click();
    await expectAccessible(admin);
    const notices = admin.locator('table tbody tr');
    expect(await notices.count()).toBeGreaterThanOrEqual(6);
    expect(await notices.first().textContent()).toContain(c.familyName);

    page = await publicList('2026-12-07');
    text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(c.name);
    expect(text).not.toContain(restricted.familyName);
    page = await publicList('2027-01-18');
    await expectAccessible(page);
    text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(c.name);
    expect(text).toContain('11:30am');
    expect(text).toContain('Listed');
  });
});
