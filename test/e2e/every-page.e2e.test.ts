import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail, setPassword, type User } from '../../src/platform/auth/auth.queries.ts';
import { ROLES } from '../../src/platform/auth/roles.ts';
import { seedDemo } from '../../src/seed.ts';
import { axeViolations, browserJourney, signInWithForm } from '../support/browser.ts';
import { isolatedDatabase } from '../support/isolated-database.ts';
import { recordIds } from '../support/records.ts';

const PASSWORD = 'a long every-page passphrase';
// A database of its own, with the demo's cases, documents and hearings; dropped after the app has closed.
const iso = await isolatedDatabase();

describe('every page the demo serves, for every role, in a real browser', () => {
  afterAll(() => iso.drop());
  const journey = browserJourney({ database: iso.database });
  const ids: string[] = [];

  beforeAll(async () => {
    const { t } = journey;
    await seedDemo(t.db, t.clock.now(), { withCases: true, storage: t.storage });
    ids.push(...(await recordIds(t.db, 2)));
  }, 300_000);

  it('passes axe-core on each page a role can open, with a real record behind it', async () => {
    const { t, base, browser } = journey;
    const pages = t.app.routeTable.filter(
      (r) => r.method === 'GET' && !r.url.startsWith('/api/') && !r.url.startsWith('/assets/'),
    );
    const problems: string[] = [];
    let checked = 0;
    // The id that opened each page for an earlier role, tried first for the next.
    const opened = new Map<string, string>();
    for (const role of ROLES) {
      let user: User;
      if (role === 'interested-person') {
        // The demo's family member, who has a case with a document released to them.
        user = (await findUserByEmail(t.db, 'family@example.org'))!;
        await setPassword(t.db, user.id, PASSWORD);
      } else user = await t.user(role, { password: PASSWORD });
      const session = await t.browser(user);
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInWithForm(page, base, user.email, PASSWORD);
      for (const route of pages) {
        if (route.permission.kind === 'roles' && !route.permission.roles.includes(role)) continue;
        if (route.url === '/sign-out') continue;
        // The first id that opens a page (the one that did for an earlier role first): found in-process, then
        // opened and checked in the browser once.
        const tryIds = /:[A-Za-z]/.test(route.url)
          ? new Set([opened.get(route.url) ?? ids[0]!, ...ids])
          : [''];
        let path: string | undefined;
        for (const id of tryIds) {
          const candidate = route.url.replace(/:[A-Za-z]+/g, id);
          const res = await session.get(candidate);
          if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html')) {
            path = candidate;
            opened.set(route.url, id);
            break;
          }
        }
        if (!path) continue;
        await page.goto(base + path);
        for (const problem of await axeViolations(page)) problems.push(`${role} ${path}: ${problem}`);
        checked++;
      }
      await context.close();
    }
    expect(problems).toEqual([]);
    // Staff, the Chief Coroner's office and the family all opened pages with records behind them.
    expect(checked).toBeGreaterThan(80);
  }, 900_000);
});
