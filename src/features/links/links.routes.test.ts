import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshArea, queuedAlerts } from '../../../test/support/links.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { knownSites } from './links.tables.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
type Client = Awaited<ReturnType<TestApp['client']>>;

/** The alerts a page of the queue lists, in order. */
const listed = (html: string) =>
  [...html.matchAll(/href="\/link-alerts\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
/** The page numbers the pagination links, and the one marked current. */
const pageLinks = (html: string) =>
  [
    ...html.matchAll(/<a class="govuk-link govuk-pagination__link" href="([^"]*)" aria-label="Page (\d+)"/g),
  ].map((m) => [Number(m[2]), m[1]!.replaceAll('&amp;', '&')] as const);
const currentPage = (html: string) => /aria-label="Page (\d+)" aria-current="page"/.exec(html)?.[1];
const previousHref = (html: string) =>
  /<div class="govuk-pagination__prev">\s*<a[^>]*href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
const nextHref = (html: string) =>
  /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

describe('the alerts queue page', () => {
  let t: TestApp;
  let area: string;
  let officer: Browser;
  let officerApi: Client;
  /** The area's open alerts in the queue's order: 20 urgent, then 100 for review, newest first in each. */
  let open: string[];
  let dismissed: string[];

  beforeAll(async () => {
    t = await createTestApp();
    area = await freshArea(t);
    const user = await t.user('officer', { areaCode: area });
    officer = await t.browser(user);
    officerApi = await t.client(user);
    open = [
      ...(await queuedAlerts(t, area, 20, { level: 'urgent', label: 'urgent' })),
      ...(await queuedAlerts(t, area, 100, { label: 'review' })),
    ];
    dismissed = await queuedAlerts(t, area, 55, { status: 'DISMISSED', label: 'dismissed' });
  });
  afterAll(() => t.close());

  it('shows the first 50 open alerts with the true total and links to every page', async () => {
    const res = await officer.get('/link-alerts');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Showing 1 to 50 of 120 alerts');
    expect(listed(res.body)).toEqual(open.slice(0, 50));
    expect(pageLinks(res.body)).toEqual([
      [1, '/link-alerts'],
      [2, '/link-alerts?page=2'],
      [3, '/link-alerts?page=3'],
    ]);
    expect(currentPage(res.body)).toBe('1');
    expect(previousHref(res.body)).toBeUndefined();
    expect(nextHref(res.body)).toBe('/link-alerts?page=2');
  });

  it('shows the alerts beyond the first page, each once, in the order of the API', async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => officer.get(`/link-alerts?page=${n}`)));
    expect(pages[1]!.body).toContain('Showing 51 to 100 of 120 alerts');
    expect(pages[2]!.body).toContain('Showing 101 to 120 of 120 alerts');
    expect(listed(pages[2]!.body)).toHaveLength(20);
    expect(pages.flatMap((p) => listed(p.body))).toEqual(open);
    expect(currentPage(pages[2]!.body)).toBe('3');
    expect(previousHref(pages[2]!.body)).toBe('/link-alerts?page=2');
    expect(nextHref(pages[2]!.body)).toBeUndefined();
    const api = (await officerApi.get('/api/v1/link-alerts?status=open&page=3&pageSize=50')).json();
    expect(api.total).toBe(120);
    expect(api.items.map((a: { id: string }) => a.id)).toEqual(listed(pages[2]!.body));
  });

  it('keeps the status filter across pages', async () => {
    const first = await officer.get('/link-alerts?status=DISMISSED');
    expect(first.body).toContain('Showing 1 to 50 of 55 alerts');
    expect(first.body).toContain('<strong>Dismissed</strong>');
    expect(pageLinks(first.body)).toEqual([
      [1, '/link-alerts?status=DISMISSED'],
      [2, '/link-alerts?status=DISMISSED&page=2'],
    ]);
    expect(nextHref(first.body)).toBe('/link-alerts?status=DISMISSED&page=2');
    const second = await officer.get(nextHref(first.body)!);
    expect(second.body).toContain('Showing 51 to 55 of 55 alerts');
    expect(second.body).toContain('<strong>Dismissed</strong>');
    expect(listed(second.body)).toEqual(dismissed.slice(50));
    expect(previousHref(second.body)).toBe('/link-alerts?status=DISMISSED');
    // A status written in lower case is the same filter.
    expect(listed((await officer.get('/link-alerts?status=dismissed&page=2')).body)).toEqual(
      dismissed.slice(50),
    );
  });

  it('shows one page without page links when the queue fits on it', async () => {
    const small = await freshArea(t);
    const few = await queuedAlerts(t, small, 3);
    const page = await (await t.browser(await t.user('officer', { areaCode: small }))).get('/link-alerts');
    expect(page.body).toContain('3 alerts');
    expect(page.body).not.toContain('govuk-pagination');
    expect(listed(page.body)).toEqual(few);
    const none = await (await t.browser(await t.user('officer', { areaCode: small }))).get(
      '/link-alerts?status=CONFIRMED',
    );
    expect(none.body).toContain('There are no alerts here.');
  });

  it.each([
    ['0', 1],
    ['-3', 1],
    ['abc', 1],
    ['', 1],
    ['2.5', 2],
    ['1&page=3', 1],
  ])('reads page=%s as page %i', async (page, shown) => {
    const res = await officer.get(`/link-alerts?page=${page}`);
    expect(res.statusCode).toBe(200);
    expect(currentPage(res.body)).toBe(String(shown));
    expect(listed(res.body)).toEqual(open.slice((shown - 1) * 50, shown * 50));
  });

  it('shows a page past the last as such, with the way back to the first, however large', async () => {
    for (const [url, first] of [
      ['/link-alerts?page=4', '/link-alerts'],
      ['/link-alerts?page=9999999999999999999', '/link-alerts'],
      ['/link-alerts?page=1e308', '/link-alerts'],
      ['/link-alerts?status=DISMISSED&page=3', '/link-alerts?status=DISMISSED'],
    ] as const) {
      const res = await officer.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('This page is after the last page of alerts.');
      expect(res.body).toContain(`href="${first}">Go to the first page</a>`);
      expect(res.body).not.toContain('There are no alerts here.');
      expect(listed(res.body)).toEqual([]);
    }
  });

  it('counts only the alerts of areas the user may see', async () => {
    const other = await t.browser(await t.user('officer', { areaCode: await freshArea(t) }));
    const res = await other.get('/link-alerts');
    expect(res.body).toContain('There are no alerts here.');
    for (const id of open.slice(0, 50)) expect(res.body).not.toContain(id);
  });
});

describe('the alerts queue in the API', () => {
  let t: TestApp;
  let officer: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const area = await freshArea(t);
    officer = await t.client(await t.user('officer', { areaCode: area }));
    await queuedAlerts(t, area, 7);
  });
  afterAll(() => t.close());

  it('pages with the true total, and an empty page past the last', async () => {
    const first = (await officer.get('/api/v1/link-alerts?pageSize=5')).json();
    expect(first.items).toHaveLength(5);
    expect(first.total).toBe(7);
    const second = (await officer.get('/api/v1/link-alerts?pageSize=5&page=2')).json();
    expect(second.items).toHaveLength(2);
    expect(second.total).toBe(7);
    expect(await (await officer.get('/api/v1/link-alerts?pageSize=5&page=3')).json()).toEqual({
      items: [],
      total: 7,
    });
  });

  it.each([
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page=2.5', 'page'],
    ['page=1e308', 'page'],
    ['pageSize=0', 'pageSize'],
    ['pageSize=201', 'pageSize'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await officer.get(`/api/v1/link-alerts?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toEqual([field]);
  });

  it('audits a decision on an alert that names no case', async () => {
    const area = await freshArea(t);
    const [id] = await queuedAlerts(t, area, 1);
    const officer = await t.client(await t.user('officer', { areaCode: area }));
    const res = await officer.post(`/api/v1/link-alerts/${id}/decision`, {
      decision: 'DISMISSED',
      reason: 'Deaths with nothing in common.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const trail = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, id!)));
    expect(trail).toHaveLength(1);
    expect(trail[0]!.detail).toMatchObject({
      decision: 'DISMISSED',
      reason: 'Deaths with nothing in common.',
    });
  });
});

describe('the register of known sites on pages', () => {
  let t: TestApp;
  let area: string;
  let officer: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    area = await freshArea(t);
    officer = await t.browser(await t.user('officer', { areaCode: area }));
  });
  afterAll(() => t.close());

  /** The lines of the error summary, in order. */
  const problems = (html: string) =>
    [...html.matchAll(/<a href="#([\w-]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]}: ${m[2]}`);

  it('adds a site of the office’s own area, audited, and lists it with the others', async () => {
    const form = await officer.get('/known-sites/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('What kind of site is it?');
    // The office's own area: it is not asked.
    expect(form.body).not.toContain('name="areaCode"');
    const name = `<b>Oak Lodge</b> ${randomUUID()}`;
    const added = await officer.post('/known-sites/new', {
      name,
      kind: 'care-home',
      lat: '51.5686',
      lon: '0.1794',
      radiusM: '80',
    });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe('/known-sites');
    const list = await officer.get('/known-sites');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`&lt;b&gt;Oak Lodge&lt;/b&gt; ${name.slice(-36)}`);
    expect(list.body).not.toContain('<b>Oak Lodge</b>');
    const [site] = await t.db.select().from(knownSites).where(eq(knownSites.name, name));
    expect(site).toMatchObject({ kind: 'care-home', lat: 51.5686, lon: 0.1794, radiusM: 80, areaCode: area });
    const trail = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'KNOWN_SITE_ADDED'), eq(auditEvents.subjectId, site!.id)));
    expect(trail).toHaveLength(1);
  });

  it('names every problem with the answers, keeping what was typed', async () => {
    const blank = await officer.post('/known-sites/new', {});
    expect(blank.statusCode).toBe(400);
    expect(problems(blank.body)).toEqual([
      'name: Enter the name of the site',
      'kind: Select the kind of site',
      'lat: Enter the latitude',
      'lon: Enter the longitude',
      'radiusM: Enter the radius in metres',
    ]);
    const wrong = await officer.post('/known-sites/new', {
      name: 'Queen’s Hospital',
      kind: 'hospital',
      lat: '51,56',
      lon: '12',
      radiusM: 'wide',
    });
    expect(wrong.statusCode).toBe(400);
    expect(problems(wrong.body)).toEqual([
      'lat: Latitude must be a number, for example 51.5686',
      'lon: Longitude must be in England or Wales (-7 to 2)',
      'radiusM: The radius must be a number of metres, for example 150',
    ]);
    expect(wrong.body).toContain('value="51,56"');
    expect(wrong.body).toContain('value="Queen’s Hospital"');
  });

  it('asks an administrator, who belongs to no area, which area the site is in', async () => {
    const admin = await t.browser(await t.user('system-admin'));
    expect((await admin.get('/known-sites/new')).body).toContain('name="areaCode"');
    const site = {
      name: 'St Pancras station',
      kind: 'railway-station',
      lat: '51.53',
      lon: '-0.126',
      radiusM: '300',
    };
    const unknown = await admin.post('/known-sites/new', { ...site, areaCode: 'ZZZ' });
    expect(unknown.statusCode).toBe(400);
    expect(problems(unknown.body)).toEqual(['areaCode: There is no coroner area with the code ZZZ']);
    expect((await admin.post('/known-sites/new', { ...site, areaCode: area.toLowerCase() })).statusCode).toBe(
      303,
    );
  });

  it('is kept by the coroner’s office: others cannot see or change it', async () => {
    for (const role of ['provider', 'interested-person', 'court-admin', 'chief-coroner'] as const) {
      const other = await t.browser(await t.user(role));
      expect((await other.get('/known-sites')).statusCode, role).toBeGreaterThanOrEqual(403);
      const post = await other.post('/known-sites/new', {
        name: 'X',
        kind: 'other',
        lat: '51.5',
        lon: '0',
        radiusM: '50',
      });
      expect(post.statusCode, role).toBeGreaterThanOrEqual(403);
    }
  });
});
