import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../src/platform/auth/auth.tables.ts';
import { type BrowserJourney, browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';

const PASSWORD = 'a long demo passphrase';
const START = new Date('2026-11-25T10:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

/** A user signed in at START in a page whose clock the test moves, with the page's script errors collected. */
async function signedInAt({ t, base, browser }: BrowserJourney, role: 'officer' | 'coroner') {
  const user = await t.user(role, { password: PASSWORD });
  const context = await browser.newContext();
  const page = await context.newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  await page.clock.install({ time: START });
  await signInWithForm(page, base, user.email, PASSWORD);
  return { user, context, page, scriptErrors };
}

describe('the warning before a session ends for want of use, in a real browser', () => {
  const journey = browserJourney({ now: START.toISOString(), env: { SESSION_IDLE_MINUTES: '60' } });

  it('warns five minutes before, keeps the session while the person types, and says why it ended', async () => {
    const { t, base } = journey;
    const { user: officer, context, page, scriptErrors } = await signedInAt(journey, 'officer');
    expect(page.url()).toBe(`${base}/cases`);
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
    expect(await dialog.isVisible()).toBe(false);

    // 55 minutes without use: the warning opens, and the rest of the page cannot be used until it is answered.
    t.clock.set(minutes(55));
    await page.clock.runFor(55 * 60_000);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('we will sign you out in 5 minutes if you do nothing');
    await expectAccessible(page);
    const stayed = page.waitForResponse((r) => r.url().endsWith('/keep-signed-in'));
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await (await stayed).finished();
    expect(await dialog.isVisible()).toBe(false);
    expect(await lastSeen(officer.id)).toBe(minutes(55).toISOString());

    // Typing a search counts as use (once a minute at most): the server hears of it.
    t.clock.set(minutes(57));
    await page.clock.runFor(2 * 60_000);
    const heard = page.waitForResponse((r) => r.url().endsWith('/keep-signed-in'));
    await page.getByLabel('Name or reference').pressSequentially('Kov');
    await (await heard).finished();
    expect(await lastSeen(officer.id)).toBe(minutes(57).toISOString());

    // Nothing more for an hour: the page goes to sign in, which says why and returns to the list after. (The
    // page's clock moves a minute at a time, so that it has taken the server's answer above whenever it came.)
    t.clock.set(minutes(57 + 61));
    for (let minute = 0; minute <= 61 && !page.url().includes('/sign-in'); minute++) {
      await page.clock.runFor(60_000);
    }
    await page.waitForURL(/\/sign-in\?/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'You have been signed out',
    );
    await expectAccessible(page);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/cases`);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  async function lastSeen(userId: string) {
    const [row] = await journey.t.db
      .select({ lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    return row!.lastSeenAt.toISOString();
  }
});

describe('the warning before a sign-in reaches the longest it lasts, in a real browser', () => {
  // A sign-in lasts an hour and a half at most: staying signed in at 55 minutes makes that the end.
  const journey = browserJourney({
    now: START.toISOString(),
    env: { SESSION_IDLE_MINUTES: '60', SESSION_HOURS: '1.5' },
  });

  it('says the end cannot be put off, warns once, and then signs the person out', async () => {
    const { t } = journey;
    const { context, page, scriptErrors } = await signedInAt(journey, 'coroner');
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });

    t.clock.set(minutes(55));
    await page.clock.runFor(55 * 60_000);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const stayed = page.waitForResponse((r) => r.url().endsWith('/keep-signed-in'));
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await (await stayed).finished();
    expect(await dialog.isVisible()).toBe(false);

    // Five minutes before the hour and a half: the warning says why, and offers to carry on, not to stay.
    t.clock.set(minutes(85));
    for (let minute = 55; minute < 85 && !(await dialog.isVisible()); minute++) {
      await page.clock.runFor(60_000);
    }
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect((await dialog.textContent())?.replace(/\s+/g, ' ')).toContain(
      'a sign-in lasts 1.5 hours at most, so we will sign you out in 5 minutes',
    );
    expect(await page.getByRole('button', { name: 'Stay signed in' }).isVisible()).toBe(false);
    expect(await dialog.getByText('if you do nothing').isVisible()).toBe(false);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await dialog.isVisible()).toBe(false);

    // Warned once: it does not open again, and at the end the page goes to sign in.
    t.clock.set(minutes(89));
    await page.clock.runFor(4 * 60_000);
    expect(await dialog.isVisible()).toBe(false);
    t.clock.set(minutes(91));
    for (let minute = 0; minute <= 2 && !page.url().includes('/sign-in'); minute++) {
      await page.clock.runFor(60_000);
    }
    await page.waitForURL(/\/sign-in\?/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'You have been signed out',
    );
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});
