import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES, STATUS_LABELS } from '../../src/features/cases/cases.domain.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { seedDemo } from '../../src/seed.ts';
import { expectAccessible, launchBrowser, signInWithForm } from '../support/browser.ts';
import { isolatedDatabase } from '../support/isolated-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A tour of the whole service as each demo user: sign in through the sign-in page, then follow every
 * link the pages show (breadth first). A link shown to someone must work for them, and every page
 * must be accessible, have one main heading and a title.
 */

const NOW = '2026-11-25T10:00:00Z';
/** Pages visited per role; enough to reach every kind of page the demo data shows. */
const PAGE_CAP = 60;
/** Pages of the same shape (same path with its identifiers taken out) visited per role. */
const PER_SHAPE = 1;

const DOWNLOADS: Record<string, RegExp> = {
  '.pdf': /^application\/pdf/,
  '.csv': /^text\/csv/,
  '.ods': /^application\/vnd\.oasis\.opendocument\.spreadsheet/,
  '.ics': /^text\/calendar/,
};

const ROLES: Role[] = [
  'system-admin',
  'chief-coroner',
  'coroner',
  'officer',
  'court-admin',
  'local-authority',
  'provider',
  'interested-person',
];

const PUBLIC_PAGES = [
  '/',
  '/hearings',
  '/statistics',
  '/prevention-of-future-deaths',
  '/open-data',
  '/api/docs',
];

/** The path with its identifiers replaced, and the names of its query parameters. */
function shapeOf(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((s) => (/\d/.test(s) && !/\.(pdf|csv|ods|ics)$/.test(s) ? ':id' : s))
    .join('/');
  return `${path}?${[...url.searchParams.keys()].sort().join('&')}`;
}

function downloadKind(url: URL): string | undefined {
  return Object.keys(DOWNLOADS).find((ext) => url.pathname.endsWith(ext));
}

async function sameOriginLinks(page: Page, base: string): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as unknown as { href: string }).href));
  const out: string[] = [];
  for (const href of hrefs) {
    if (!href.startsWith(`${base}/`)) continue;
    const u = new URL(href);
    u.hash = '';
    out.push(u.toString());
  }
  return out;
}

/** Checks one HTML page as a person sees it; returns what is wrong with it. */
async function checkPage(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const h1s = await page.locator('h1').count();
  if (h1s !== 1) problems.push(`${label}: ${h1s} h1 elements`);
  if (!(await page.title()).trim()) problems.push(`${label}: no title`);
  try {
    await expectAccessible(page);
  } catch (e) {
    problems.push(`${label}: ${(e as Error).message.split('\n').slice(0, 6).join(' ')}`);
  }
  return problems;
}

describe('a tour of the service as every demo user', { timeout: 400_000 }, () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  let browser: Browser;
  let base: string;
  const passwords = new Map<Role, { email: string; password: string }>();

  beforeAll(async () => {
    const iso = await isolatedDatabase();
    drop = iso.drop;
    t = await createTestApp({ database: iso.database, now: NOW });
    const seeded = await seedDemo(t.db, new Date(NOW), { withCases: true, storage: t.storage });
    for (const u of seeded.users) passwords.set(u.role, u);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await drop?.();
  });

  async function signedIn(role: Role): Promise<{ context: BrowserContext; page: Page; landing: string }> {
    const demo = passwords.get(role);
    if (!demo) throw new Error(`no demo user for ${role}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithForm(page, base, demo.email, demo.password);
    expect(page.url(), `${role} is signed in`).not.toContain('/sign-in');
    return { context, page, landing: page.url() };
  }

  /** Follows links breadth first from the landing page; returns every problem found. */
  async function crawl(context: BrowserContext, page: Page, start: string, who: string): Promise<string[]> {
    const problems: string[] = [];
    const seen = new Set<string>([start]);
    const shapes = new Map<string, number>();
    const queue: { url: string; from: string }[] = [{ url: start, from: '(sign-in)' }];
    const scriptErrors: string[] = [];
    const onError = (e: Error) => scriptErrors.push(`${page.url()}: ${e.message}`);
    page.on('pageerror', onError);
    let visited = 0;
    while (queue.length && visited < PAGE_CAP) {
      const { url, from } = queue.shift()!;
      const u = new URL(url);
      const label = `${who} ${u.pathname}${u.search} (linked from ${from})`;
      const kind = downloadKind(u);
      if (kind) {
        const res = await context.request.get(url, { maxRedirects: 0 });
        const type = res.headers()['content-type'] ?? '';
        if (res.status() !== 200) problems.push(`${label}: download answered ${res.status()}`);
        else if (!DOWNLOADS[kind]!.test(type)) problems.push(`${label}: download is ${type}`);
        continue;
      }
      visited++;
      const res = await page.goto(url).catch(async (e: Error) => {
        if (!e.message.includes('Download is starting')) throw e;
        return undefined;
      });
      if (!res) {
        // A file without an extension in its address (a document version): fetch it with the session.
        const file = await context.request.get(url, { maxRedirects: 0 });
        const type = file.headers()['content-type'] ?? '';
        if (file.status() !== 200) problems.push(`${label}: file answered ${file.status()}`);
        else if (type.startsWith('text/html')) problems.push(`${label}: file is a web page`);
        continue;
      }
      const status = res.status();
      if (status >= 400) {
        problems.push(`${label}: answered ${status}`);
        continue;
      }
      // Signed out, the service's front door (/) is the sign-in page; anything else sent there is a
      // staff page linked from a public one.
      if (new URL(page.url()).pathname === '/sign-in' && !(who === 'signed out' && u.pathname === '/')) {
        problems.push(`${label}: sent back to sign in`);
        continue;
      }
      const type = res.headers()['content-type'] ?? '';
      if (!type.startsWith('text/html')) continue;
      problems.push(...(await checkPage(page, label)));
      for (const link of await sameOriginLinks(page, base)) {
        const l = new URL(link);
        if (seen.has(link) || l.pathname === '/sign-out' || l.pathname === '/sign-in') continue;
        seen.add(link);
        const shape = shapeOf(l);
        const n = shapes.get(shape) ?? 0;
        if (!downloadKind(l) && n >= PER_SHAPE) continue;
        shapes.set(shape, n + 1);
        queue.push({ url: link, from: u.pathname });
      }
    }
    page.off('pageerror', onError);
    if (visited < 3) problems.push(`${who}: only ${visited} pages reached from ${start}`);
    return [...problems, ...scriptErrors.map((e) => `${who} script error ${e}`)];
  }

  for (const role of ROLES) {
    it(`${role}: every link shown works, and every page is accessible`, async () => {
      const { context, page, landing } = await signedIn(role);
      try {
        const problems = await crawl(context, page, landing, role);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('the coroner opens a case in every status, its history and every link other features add', async () => {
    const { context, page } = await signedIn('coroner');
    try {
      const problems: string[] = [];
      for (const status of CASE_STATUSES) {
        await page.goto(`${base}/cases?status=${status}`);
        const first = page.locator('table.govuk-table tbody a.govuk-link').first();
        if ((await first.count()) === 0) {
          problems.push(`no demo case is ${status}`);
          continue;
        }
        await first.click();
        await page.waitForLoadState('load');
        const casePage = page.url();
        const label = `case ${STATUS_LABELS[status]} ${new URL(casePage).pathname}`;
        expect(await page.locator('main .govuk-tag').first().textContent(), label).toContain(
          STATUS_LABELS[status],
        );
        if ((await page.locator('.moj-timeline__item').count()) === 0)
          problems.push(`${label}: empty history`);
        problems.push(...(await checkPage(page, label)));
        const links = await page
          .locator('main a.govuk-link, main a.govuk-notification-banner__link')
          .evaluateAll((as) =>
            as.map((a) => ({
              text: a.textContent?.trim() ?? '',
              href: (a as unknown as { href: string }).href,
            })),
          );
        for (const wanted of [/^Hearings \(\d+\)$/, /^Interested persons \(\d+\)$/, /^Documents \(\d+\)$/])
          if (!links.some((l) => wanted.test(l.text))) problems.push(`${label}: no link ${wanted}`);
        for (const link of links) {
          if (!link.href.startsWith(`${base}/`)) continue;
          const u = new URL(link.href);
          if (downloadKind(u)) {
            const res = await context.request.get(link.href);
            if (res.status() !== 200) problems.push(`${label}: “${link.text}” answered ${res.status()}`);
            continue;
          }
          const res = await page.goto(link.href);
          if ((res?.status() ?? 0) >= 400)
            problems.push(`${label}: “${link.text}” answered ${res?.status()}`);
          else if ((await page.locator('h1').count()) !== 1)
            problems.push(`${label}: “${link.text}” has no h1`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signed out: the public pages and the links on them work and are accessible', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const problems: string[] = [];
      for (const path of PUBLIC_PAGES) {
        const res = await page.goto(`${base}${path}`);
        const status = res?.status() ?? 0;
        if (status !== 200) problems.push(`signed out ${path}: answered ${status}`);
        else problems.push(...(await checkPage(page, `signed out ${path}`)));
      }
      for (const path of PUBLIC_PAGES.slice(1, -1))
        problems.push(...(await crawl(context, page, `${base}${path}`, 'signed out')));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
