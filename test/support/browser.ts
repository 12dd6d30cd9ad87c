import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);

/** Debian's Chromium, headless (no browser is downloaded by any package). */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is not installed: run `apt-get install -y chromium` (CI does).');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a browser journey works with: the app, its address (no trailing slash) and the browser. */
export type BrowserJourney = { t: TestApp; base: string; browser: Browser };

/**
 * Registers the set-up that browser journeys share: the app on the run's database, listening on a free local
 * port, and headless Chromium, both closed after the file's tests. Call it inside the journey's describe; the
 * fields are set before its tests run.
 */
export function browserJourney(options: Parameters<typeof createTestApp>[0] = {}): BrowserJourney {
  const journey: Partial<BrowserJourney> = {};
  beforeAll(async () => {
    const t = await createTestApp(options);
    journey.t = t;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    journey.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    journey.browser = await launchBrowser();
  });
  afterAll(async () => {
    await journey.browser?.close();
    await journey.t?.close();
  });
  return journey as BrowserJourney;
}

/** What axe-core (WCAG 2.2 A and AA rules, and best practice) finds wrong with the page, one line a rule. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/** Runs axe-core on the page and fails the test on any violation, listing them. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page), `axe-core violations on ${page.url()}`).toEqual([]);
}

/** Fills and submits the sign-in form as a person would. */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

/**
 * At each window width the page is no wider than the window (a wide table scrolls inside its own region) and
 * passes axe-core; the window then gets its size back.
 */
export async function expectFitsTheWindow(page: Page, widths: readonly number[]): Promise<void> {
  const before = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth, `${page.url()} at ${width}px`).toBeLessThanOrEqual(width);
    await expectAccessible(page);
  }
  if (before) await page.setViewportSize(before);
}
