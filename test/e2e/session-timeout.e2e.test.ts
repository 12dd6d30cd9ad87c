import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/platform/auth/auth.tables.ts';
import { expectAccessible, launchBrowser, signInWithForm } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long demo passphrase';
const START = new Date('2026-11-25T10:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

describe('the warning before a session ends for want of use, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ now: START.toISOString(), env: { SESSION_IDLE_MINUTES: '60' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('warns five minutes before, keeps the session while the person types, and says why it ended', async () => {
    const officer = await t.user('officer', { password: PASSWORD });
    const context = await browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await page.clock.install({ time: START });
    await signInWithForm(page, base, officer.email, PASSWORD);
    expect(page.url()).toBe(`${base}/cases`);
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
    expect(await dialog.isVisible()).toBe(false);

    // 55 minutes without use: the warning opens, and the rest of the page cannot be used until it is answered.
    t.clock.set(minutes(55));
    await page.clock.runFor(55 * 60_000);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('we will sign you out in 5 minutes if you do nothing');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await lastSeen(officer.id)).toBe(minutes(55).toISOString());

    // Typing a search counts as use (once a minute at most): the server hears of it.
    t.clock.set(minutes(57));
    await page.clock.runFor(2 * 60_000);
    await page.getByLabel('Name or reference').pressSequentially('Kov');
    await expect.poll(() => lastSeen(officer.id)).toBe(minutes(57).toISOString());

    // Nothing more for an hour: the page goes to sign in, which says why and returns to the list after.
    t.clock.set(minutes(57 + 61));
    await page.clock.runFor(61 * 60_000);
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
    const [row] = await t.db
      .select({ lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    return row!.lastSeenAt.toISOString();
  }
});
