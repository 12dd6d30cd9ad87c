import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { freshArea, runLinkAssessments } from '../../../test/support/links.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { caseGroupMembers } from '../case-groups/case-groups.tables.ts';
import { type Client, linksTestApp, reportBy, spotsOfFile, youngManAt } from './links.api.fixtures.ts';
import { runNightly } from './links.jobs.ts';

describe('possible links and alerts across coroner areas', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherOfficer: Client;
  let chief: Client;

  beforeAll(async () => {
    ({ t, officer, coroner, otherOfficer, chief } = await linksTestApp());
  });
  afterAll(() => t.close());

  const nextSpot = spotsOfFile(2);
  let scene = { lat: 51.5161, lon: 0.1902 };
  let finder = 'Ruth Ellery';
  beforeEach(() => {
    ({ scene, finder } = nextSpot());
  });

  const youngMan = (day: string, extra: Parameters<typeof youngManAt>[3] = {}) =>
    youngManAt(scene, finder, day, extra);
  const report = (body: Parameters<typeof reportBy>[1]) => reportBy(officer, body);

  it('records a confirmed link across coroner areas on the alert alone, in the trail of each case', async () => {
    const first = await report(youngMan('2022-02-01', { finderPhone: '07700 900888' }));
    const res = await otherOfficer.post('/api/v1/deaths', {
      ...youngMan('2022-02-10', { finderPhone: '07700 900888', offsetM: 10 }),
      areaCode: 'IN',
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json() as { id: string; reference: string };
    await runLinkAssessments(t, [first.id, second.id]);
    const alert = (
      (await otherOfficer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        areaCodes: string[];
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === first.id) && a.cases.some((c) => c.id === second.id))!;
    expect(alert.areaCodes.sort()).toEqual(['EL', 'IN']);
    // Each area reads why, but not the names and addresses of the other area's case.
    const seenFromIn = (await otherOfficer.get(`/api/v1/link-alerts/${alert.id}`)).json();
    const sameFinder = seenFromIn.reasons.find((r: { feature: string }) => r.feature === 'same-person');
    expect(sameFinder.detail).toContain('Names and addresses are not shown');
    expect(sameFinder.detail).toContain(first.reference);
    expect(JSON.stringify(seenFromIn.reasons)).not.toContain(finder);
    const linksFromIn = (await otherOfficer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(JSON.stringify(linksFromIn)).not.toContain(finder);
    const seenByChief = (await chief.get(`/api/v1/link-alerts/${alert.id}`)).json();
    expect(JSON.stringify(seenByChief.reasons)).toContain(finder);
    // The decision form warns that the other area's office reads the reason too.
    const inBrowser = await t.browser(otherOfficer.user);
    const form = await inBrowser.get(`/link-alerts/${alert.id}`);
    expect(form.body).toContain('The offices of every area these deaths belong to will read it');
    // The other area's case is named with its area, not linked to a page its office cannot open.
    expect(form.body).toContain(`${first.reference} (coroner area EL)`);
    expect(form.body).not.toContain(`href="/cases/${first.id}"`);
    expect(form.body).toContain(`href="/cases/${second.id}"`);
    const linksPage = await inBrowser.get(`/cases/${second.id}/possible-links`);
    expect(linksPage.body).toContain(`Possible link to ${first.reference} (coroner area EL)`);
    expect(linksPage.body).not.toContain(`href="/cases/${first.id}"`);
    const confirmed = await otherOfficer.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'The same finder at the same spot.',
      groupName: 'Churchyard deaths',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', groupId: null });
    expect(
      await t.db
        .select()
        .from(caseGroupMembers)
        .where(inArray(caseGroupMembers.caseId, [first.id, second.id])),
    ).toEqual([]);
    const trail = await t.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alert.id)));
    expect(trail.map((e) => e.caseId).sort()).toEqual([first.id, second.id].sort());
    // Each area's office sees the decision, and why the cases were not grouped.
    const page = await (await t.browser(officer.user)).get(`/link-alerts/${alert.id}`);
    expect(page.body).toContain('the cases belong to different coroner areas');
  });

  it('watches a known site for each coroner area apart: each area’s alert holds its own deaths there', async () => {
    // A prison whose deaths two coroner areas hold, in 2017, a year no other test uses.
    const prison = { lat: 53.01, lon: -2.18 };
    const site = await coroner.post('/api/v1/known-sites', {
      name: `HMP Test ${uniqueName()}`,
      kind: 'prison',
      ...prison,
      radiusM: 300,
    });
    expect(site.statusCode, site.body).toBe(201);
    const areas = [await freshArea(t), await freshArea(t)];
    const held = new Map<string, string[]>();
    for (const area of areas) {
      const office = await t.client(await t.user('officer', { areaCode: area }));
      const ids: string[] = [];
      for (const day of ['2017-03-02', '2017-03-09', '2017-03-16']) {
        const body = deathReport({ reportedAt: `${day}T09:00:00Z`, people: [], circumstanceTags: [] });
        body.death = {
          dateOfDeath: day,
          dateFound: day,
          sceneFound: { description: 'A cell', ...prison, accuracyM: 10, placeType: 'prison' },
        };
        const res = await office.post('/api/v1/deaths', { ...body, areaCode: area });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
      }
      await runLinkAssessments(t, ids);
      held.set(area, ids);
    }
    await runNightly(t.db, new Date('2017-03-20T03:00:00Z'));
    for (const area of areas) {
      const office = await t.client(await t.user('officer', { areaCode: area }));
      const alerts = (await office.get('/api/v1/link-alerts')).json().items as {
        kind: string;
        cases: { id: string }[];
      }[];
      const watched = alerts.filter((a) => a.kind === 'site');
      expect(watched, area).toHaveLength(1);
      expect(watched[0]!.cases.map((c) => c.id).sort()).toEqual([...held.get(area)!].sort());
    }
  });
});
