import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';

const PASSWORD = 'a long demo passphrase';

describe('the GOV.UK page shell in a real browser', () => {
  const journey = browserJourney();
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('lets a coroner sign in and out, and every page on the way passes axe-core', async () => {
    const coroner = await journey.t.user('coroner', { password: PASSWORD, name: 'Nadia Rahman' });
    context = await journey.browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        scriptErrors.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(`${journey.base}/`);
    expect(page.url()).toBe(`${journey.base}/sign-in`);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter your email address');
    await expectAccessible(page);

    await signInWithForm(page, journey.base, coroner.email, PASSWORD);
    expect(page.url()).toBe(`${journey.base}/cases`);
    expect(await page.locator('h1').textContent()).toBe('Cases');
    expect(await page.locator('.govuk-service-navigation').textContent()).toContain('Nadia Rahman');
    expect(await page.locator('.govuk-phase-banner').textContent()).toContain('Beta');
    await expectAccessible(page);

    await page.goto(`${journey.base}/no-such-page`);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${journey.base}/signed-out`);
    await expectAccessible(page);
    await page.goto(`${journey.base}/cases`);
    expect(page.url()).toContain('/sign-in');
    expect(scriptErrors).toEqual([]);
  });

  it('renders the API documentation page accessibly', async () => {
    const page = await (await journey.browser.newContext()).newPage();
    await page.goto(`${journey.base}/api/docs`);
    expect(await page.locator('h1').textContent()).toBe('API documentation');
    await expectAccessible(page);
  });
});
