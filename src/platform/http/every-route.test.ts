import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { recordIds, rowsOf } from '../../../test/support/records.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../../features/areas/areas.queries.ts';
import { seedDemo } from '../../seed.ts';
import { findUserByEmail, type User } from '../auth/auth.queries.ts';
import { ROLES, type Role } from '../auth/roles.ts';

// Ids that name nothing, then one real row of every table (filled in below), so that routes get past
// "not found" to reading their input.
const NONSENSE_IDS = ['not-an-id', '00000000-0000-4000-8000-000000000000'];
const NONSENSE_QUERY = `?page=abc&pageSize=-3&status=zzz&q=${'a'.repeat(600)}&from=2020-13-45&to=yesterday&areaCode[]=ZZ&year=1e9`;
const NONSENSE_JSON: object[] = [
  {},
  { decision: 'MAYBE', reason: 5, date: '2020-02-31', name: { a: 1 }, items: 'x' },
];
const nonsenseForms = (names: string[]): Record<string, string | string[]>[] => [
  {},
  Object.fromEntries(names.map((n) => [n, 'nonsense ☃ <b>'])),
  Object.fromEntries(names.map((n) => [n, ['1', '-1']])),
];

describe('every route, with the demo area’s cases behind it', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  const realIds: string[] = [];
  const rows = <R>(query: ReturnType<typeof sql>) => rowsOf<R>(t.db, query);

  /** Every page and API read naming a record that the user's role may ask for, asked with each id: what answered. */
  async function readsAnswered(u: User, ids: string[]): Promise<{ url: string; id: string }[]> {
    const browser = await t.browser(u);
    const { token } = await t.client(u);
    const answered: { url: string; id: string }[] = [];
    for (const route of t.app.routeTable.filter((r) => r.method === 'GET' && /:[A-Za-z]/.test(r.url))) {
      if (route.permission.kind === 'roles' && !route.permission.roles.includes(u.role)) continue;
      for (const id of ids) {
        const path = route.url.replace(/:[A-Za-z]+/g, id).replace(/\*$/, 'x');
        const res = route.url.startsWith('/api/')
          ? await t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } })
          : await browser.get(path);
        if (res.statusCode < 300) answered.push({ url: route.url, id });
      }
    }
    return answered;
  }

  beforeAll(async () => {
    // A database of its own: the writes below must not reach other tests' cases.
    const iso = await isolatedDatabase();
    drop = iso.drop;
    t = await createTestApp({ database: iso.database });
    await seedDemo(t.db, t.clock.now(), { withCases: true, storage: t.storage });
    realIds.push(...(await recordIds(t.db, 1)));
    const [someCase] = await rows<{ reference: string }>(sql`select reference from cases limit 1`);
    realIds.push(someCase!.reference);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('answers a role it allows, asking with ids, query strings, JSON bodies and forms that make no sense, with a 4xx and never a 5xx', async () => {
    const users = new Map<Role, Awaited<ReturnType<TestApp['user']>>>();
    const tokens = new Map<Role, string>();
    for (const role of ROLES) {
      users.set(role, await t.user(role));
      tokens.set(role, (await t.client(users.get(role)!)).token);
    }
    const failures: string[] = [];
    const refused = { api: 0, page: 0 };
    for (const route of t.app.routeTable.filter((r) => r.method !== 'HEAD')) {
      const api = route.url.startsWith('/api/');
      const roles = route.permission.kind === 'roles' ? route.permission.roles : ROLES;
      const ids = /:[A-Za-z]/.test(route.url) ? [...NONSENSE_IDS, ...realIds] : [NONSENSE_IDS[0]!];
      for (const role of roles) {
        // A new session for each route: one of them signs out.
        const browser = await t.browser(users.get(role)!);
        for (const id of ids) {
          const path = route.url.replace(/:[A-Za-z]+/g, encodeURIComponent(id)).replace(/\*$/, 'x');
          const answers =
            route.method === 'GET'
              ? [
                  api
                    ? await t.app.inject({
                        method: 'GET',
                        url: path + NONSENSE_QUERY,
                        headers: { authorization: `Bearer ${tokens.get(role)}` },
                      })
                    : await browser.get(path + NONSENSE_QUERY),
                ]
              : api
                ? await Promise.all(
                    NONSENSE_JSON.map((payload) =>
                      t.app.inject({
                        method: route.method as 'POST',
                        url: path,
                        payload,
                        headers: { authorization: `Bearer ${tokens.get(role)}` },
                      }),
                    ),
                  )
                : await (async () => {
                    // The form's own field names, from the page that shows it, each given a value that fits none.
                    const page = await browser.get(path);
                    const names =
                      page.statusCode === 200
                        ? [...new Set([...page.body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]!))]
                        : [];
                    const forms = nonsenseForms(names.filter((n) => n !== '_csrf'));
                    const out = [];
                    for (const form of forms) out.push(await browser.post(path, form));
                    return out;
                  })();
          for (const res of answers) {
            if (res.statusCode === 400) refused[api ? 'api' : 'page']++;
            if (res.statusCode >= 500)
              failures.push(
                `${res.statusCode} ${route.method} ${path} as ${role}: ${res.body.slice(0, 200)}`,
              );
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The nonsense reached the checks of both kinds of route, not only the doors.
    expect(refused.api).toBeGreaterThan(100);
    expect(refused.page).toBeGreaterThan(100);
  }, 600_000);

  it('shows nothing of a case to staff of another area, another organisation or a family not on the case', async () => {
    await ensureArea(t.db, { code: 'ZZ', name: 'Another area', localAuthorities: [], courts: [] });
    const outsiders: [string, User][] = [
      ['officer of another area', await t.user('officer', { areaCode: 'ZZ' })],
      ['coroner of another area', await t.user('coroner', { areaCode: 'ZZ' })],
      ['court administrator of another area', await t.user('court-admin', { areaCode: 'ZZ' })],
      [
        'local authority of another area',
        await t.user('local-authority', { areaCode: 'ZZ', organisation: 'Another council' }),
      ],
      ['police force that was asked for nothing', await t.user('provider', { organisation: 'Kent Police' })],
      ['family member on no case', await t.user('interested-person')],
    ];
    for (const [who, u] of outsiders) expect(await readsAnswered(u, realIds), who).toEqual([]);
    // The same reads do show the area's own officer the cases, so the ids are real ones.
    expect((await readsAnswered(await t.user('officer'), realIds)).length).toBeGreaterThan(20);
  }, 600_000);

  it('shows a bereaved family member their own case and no other', async () => {
    const family = (await findUserByEmail(t.db, 'family@example.org'))!;
    const own = await rows<{ id: string }>(sql`select ip.case_id::text as id from interested_persons ip
      join interested_person_users u on u.interested_person_id = ip.id where u.user_id = ${family.id}`);
    const everyCase = await rows<{ id: string }>(sql`select id::text as id from cases`);
    const answered = await readsAnswered(family, [...realIds, ...everyCase.map((c) => c.id)]);
    const shown = new Set(answered.map((a) => a.id));
    expect(own.length).toBe(1);
    expect([...shown]).toEqual([own[0]!.id]);

    // Of the documents, only a version released to them (and not withdrawn) opens, on their own case's address.
    const browser = await t.browser(family);
    const versions = await rows<{
      caseId: string;
      documentId: string;
      number: number;
      released: boolean;
    }>(
      sql`select d.case_id::text as "caseId", v.document_id::text as "documentId", v.number,
          exists (select 1 from document_disclosures dd join interested_person_users u
            on u.interested_person_id = dd.interested_person_id
            where dd.version_id = v.id and dd.withdrawn_at is null and u.user_id = ${family.id}) as released
        from document_versions v join documents d on d.id = v.document_id`,
    );
    const opened: string[] = [];
    for (const v of versions)
      for (const caseId of new Set([v.caseId, own[0]!.id])) {
        const res = await browser.get(
          `/portal/cases/${caseId}/documents/${v.documentId}/versions/${v.number}`,
        );
        if (res.statusCode === 200) opened.push(`${caseId} ${v.documentId} ${v.number}`);
      }
    const released = versions.filter((v) => v.released).map((v) => `${v.caseId} ${v.documentId} ${v.number}`);
    expect(released.length).toBeGreaterThan(0);
    expect(versions.length).toBeGreaterThan(released.length);
    expect(opened).toEqual(released);
  }, 600_000);
});
