import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, signInWithForm } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long demo passphrase';

describe('the GOV.UK page shell in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('lets a coroner sign in and out, and every page on the way passes axe-core', async () => {
    const coroner = await t.user('coroner', { password: PASSWORD, name: 'Nadia Rahman' });
    context = await browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        scriptErrors.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/sign-in`);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter your email address');
    await expectAccessible(page);

    await signInWithForm(page, base, coroner.email, PASSWORD);
    expect(page.url()).toBe(`${base}/cases`);
    expect(await page.locator('h1').textContent()).toBe('Cases');
    expect(await page.locator('.govuk-service-navigation').textContent()).toContain('Nadia Rahman');
    expect(await page.locator('.govuk-phase-banner').textContent()).toContain('Beta');
    await expectAccessible(page);

    await page.goto(`${base}/no-such-page`);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signed-out`);
    await expectAccessible(page);
    await page.goto(`${base}/cases`);
    expect(page.url()).toContain('/sign-in');
    expect(scriptErrors).toEqual([]);
  });

  it('renders the API documentation page accessibly', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/api/docs`);
    expect(await page.locator('h1').textContent()).toBe('API documentation');
    await expectAccessible(page);
  });
});
