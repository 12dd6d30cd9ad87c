import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { freshArea, runLinkAssessments } from '../../../test/support/links.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { caseGroupMembers } from '../case-groups/case-groups.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { createGeocoder } from './links.geocode.ts';
import { ASSESS_JOB, assessStoredCase, linksPeriodic, NIGHTLY_JOB, runNightly } from './links.jobs.ts';
import { linkCases } from './links.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

// Dates and places of their own (2021–22, east of London), so that other tests' cases are never candidates;
// each test has its own spot, more than 10 km from the others, and its own finder.
let spot = 0;

describe('possible links through the API', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherOfficer: Client;
  let chief: Client;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner', { name: 'Coroner Linked' }));
    otherOfficer = await t.client(await t.user('officer', { areaCode: 'IN' }));
    chief = await t.client(await t.user('chief-coroner'));
  });
  afterAll(() => t.close());

  let scene = { lat: 51.5161, lon: 0.1902 };
  let finder = 'Ruth Ellery';
  beforeEach(() => {
    spot += 1;
    scene = { lat: 51.3 + 0.1 * spot, lon: 0.19 + 0.15 * spot };
    finder = `Ruth ${uniqueName('Ellery')}`;
  });

  function youngMan(day: string, extra: { finderPhone?: string; texts?: string; offsetM?: number } = {}) {
    const given = uniqueName('Gabriel');
    const family = uniqueName('Kovac');
    return deathReport({
      reportedAt: `${day}T09:00:00Z`,
      people: [
        { role: 'finder', name: finder, phone: extra.finderPhone ?? '07700 900123' },
        { role: 'police-officer', name: 'PC Daniel Moss' },
      ],
      circumstanceTags: ['found-outdoors', 'body-moved', 'phone-missing'],
      policeClassification: 'unexplained-not-suspicious',
      deceased: { givenNames: given, familyName: family, dateOfBirth: '1995-02-01', sex: 'male' },
      death: {
        dateOfDeath: day,
        dateFound: day,
        sceneFound: {
          description: 'Churchyard by the path',
          lat: scene.lat + (extra.offsetM ?? 0) / 111_320,
          lon: scene.lon,
          accuracyM: 10,
          placeType: 'place-of-worship-grounds',
        },
        circumstances: extra.texts ?? 'Found sitting against the wall, posed.',
      },
    });
  }

  async function report(body: ReturnType<typeof deathReport>) {
    const res = await officer.post('/api/v1/deaths', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  }

  it('queues the assessment in the same transaction as the report, and again when toxicology returns', async () => {
    const a = await report(youngMan('2021-03-01'));
    const queued = () =>
      t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, ASSESS_JOB), sql`${jobs.payload}->>'caseId' = ${a.id}`));
    expect(await queued()).toHaveLength(1);
    const update = await officer.post(`/api/v1/cases/${a.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: ['GHB', 'cocaine'], detected: ['GHB'] } },
    });
    expect(update.statusCode, update.body).toBe(200);
    expect(await queued()).toHaveLength(2);
    // A refused change queues nothing: the job exists exactly when the change commits.
    const refused = await officer.post(`/api/v1/cases/${a.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { death: { dateOfDeath: '2099-01-01' } },
    });
    expect(refused.statusCode).toBe(400);
    expect(await queued()).toHaveLength(2);
  });

  it('links two deaths found by the same person at the same spot, with reasons, and tells the assigned coroner when urgent', async () => {
    const first = await report(youngMan('2021-05-02'));
    const second = await report(youngMan('2021-05-25', { offsetM: 20 }));
    const assign = await officer.post(`/api/v1/cases/${first.id}/actions`, {
      type: 'ASSIGN',
      coronerId: coroner.user.id,
    });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(await runLinkAssessments(t, [first.id, second.id])).toBe(2);

    const res = await officer.get(`/api/v1/cases/${second.id}/possible-links`);
    expect(res.statusCode, res.body).toBe(200);
    const links = res.json() as {
      caseId: string;
      level: string;
      score: number;
      reasons: { feature: string; detail: string }[];
    }[];
    expect(links).toHaveLength(1);
    expect(links[0]!.caseId).toBe(first.id);
    expect(links[0]!.level).toBe('urgent');
    const features = links[0]!.reasons.map((r) => r.feature);
    expect(features).toEqual(
      expect.arrayContaining(['same-person', 'same-scene', 'scene-distance', 'time-gap']),
    );
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(finder);
    // Shown on both cases' pages, a reason names both cases rather than saying "this case".
    for (const r of links[0]!.reasons) expect(r.detail).not.toMatch(/this case/);
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(first.reference);
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(second.reference);
    // The police officer attends deaths at work: never a link.
    expect(JSON.stringify(links[0]!.reasons)).not.toContain('Moss');
    // Both sides see the same link.
    const back = (await officer.get(`/api/v1/cases/${first.id}/possible-links`)).json();
    expect(back.map((l: { caseId: string }) => l.caseId)).toEqual([second.id]);

    const alerts = (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
      id: string;
      summary: string;
      cases: { id: string }[];
    }[];
    const alert = alerts.find((a) => a.cases.some((c) => c.id === second.id))!;
    expect(alert.summary).toMatch(/^Possible link — review/);
    // The queue is a list like any other: filtered by status in any case, paged, with its total.
    const open = (await officer.get('/api/v1/link-alerts?status=open&pageSize=1')).json();
    expect(open.items).toHaveLength(1);
    expect(open.total).toBe(alerts.filter((a) => (a as { status?: string }).status === 'OPEN').length);
    const wrong = await officer.get('/api/v1/link-alerts?status=closed');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.status).toBe('Status must be open, confirmed or dismissed');
    expect(alert.summary).not.toMatch(/murder|killed|serial|homicide/i);
    const sent = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.source, 'link-alert'), eq(notifications.sourceId, alert.id)));
    // The assigned coroner of the first case; the second, just reported, has none yet: its area's coroners.
    const assigned = sent.filter((n) => n.recipientName === 'Coroner Linked');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.caseId).toBe(first.id);
    expect(assigned[0]!.body).toContain('not a finding');
    const areaCoroners = (
      await t.db
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.role, 'coroner'), eq(users.areaCode, 'EL'), eq(users.active, true)))
    ).map((u) => u.email);
    const others = sent.filter((n) => n.recipientName !== 'Coroner Linked');
    expect(others.length).toBeGreaterThan(0);
    for (const n of others) {
      expect(areaCoroners).toContain(n.email);
      expect(n.caseId).toBe(second.id);
    }
    // Assessing again does not raise a second alert or a second message.
    await assessStoredCase(
      { database: t.database, notifier: t.notifier, config: t.config },
      second.id,
      t.clock.now(),
    );
    const again = (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
      cases: { id: string }[];
    }[];
    expect(again.filter((a) => a.cases.some((c) => c.id === second.id))).toHaveLength(1);

    // Another area does not see it; the Chief Coroner's office does.
    expect((await otherOfficer.get(`/api/v1/link-alerts/${alert.id}`)).statusCode).toBe(404);
    expect((await chief.get(`/api/v1/link-alerts/${alert.id}`)).statusCode).toBe(200);
  });

  it('raises a pair from nothing to a possible link when toxicology finds the same rare substance', async () => {
    const a = await report({
      ...youngMan('2021-08-01'),
      people: [],
      circumstanceTags: [],
    });
    const b = await report({
      ...youngMan('2021-09-20', { offsetM: 700 }),
      people: [],
      circumstanceTags: [],
    });
    await runLinkAssessments(t, [a.id, b.id]);
    expect((await officer.get(`/api/v1/cases/${b.id}/possible-links`)).json()).toEqual([]);
    for (const id of [a.id, b.id]) {
      const res = await officer.post(`/api/v1/cases/${id}/actions`, {
        type: 'UPDATE_DETAILS',
        details: { toxicology: { tested: ['GHB'], detected: ['GHB'] } },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await runLinkAssessments(t, [a.id, b.id]);
    const links = (await officer.get(`/api/v1/cases/${b.id}/possible-links`)).json() as {
      caseId: string;
      reasons: { feature: string }[];
    }[];
    expect(links.map((l) => l.caseId)).toEqual([a.id]);
    expect(links[0]!.reasons.map((r) => r.feature)).toEqual(
      expect.arrayContaining(['shared-substance', 'scene-distance']),
    );
  });

  it('decides an alert: dismissing needs a reason, confirming makes a case group, a decision is final and audited', async () => {
    const first = await report(youngMan('2021-11-01', { finderPhone: '07700 900555' }));
    const second = await report(youngMan('2021-11-10', { finderPhone: '07700 900555', offsetM: 10 }));
    await runLinkAssessments(t, [first.id, second.id]);
    const alert = (
      (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === second.id))!;
    const noReason = await officer.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'DISMISSED',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('Enter the reason for dismissing the possible link');
    expect(
      (await otherOfficer.post(`/api/v1/link-alerts/${alert.id}/decision`, { decision: 'CONFIRMED' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await chief.post(`/api/v1/link-alerts/${alert.id}/decision`, { decision: 'CONFIRMED' })).statusCode,
    ).toBe(403);

    const confirmed = await coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'Same finder and the same spot; police informed.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', decidedBy: 'Coroner Linked' });
    const groupId = confirmed.json().groupId as string;
    const members = await t.db.select().from(caseGroupMembers).where(eq(caseGroupMembers.groupId, groupId));
    expect(members.map((m) => m.caseId).sort()).toEqual([first.id, second.id].sort());
    expect((await (await t.browser(coroner.user)).get(`/link-alerts/${alert.id}`)).body).toContain(
      `The cases are now in the case group <a class="govuk-link" href="/case-groups/${groupId}">`,
    );
    const twice = await coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'DISMISSED',
      reason: 'x',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toEqual({
      code: 'ACTION_NOT_ALLOWED',
      message: 'This alert was already confirmed; it cannot be decided again.',
    });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alert.id)));
    expect(event!.detail).toMatchObject({ decision: 'CONFIRMED', groupId });
    const grouped = await t.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'CASE_GROUP_CREATED'), eq(auditEvents.subjectId, groupId)));
    expect(grouped.map((g) => g.caseId).sort()).toEqual([first.id, second.id].sort());
  });

  it('confirms an alert while the same case is being added to its group: one wins, the other is told, nothing fails', async () => {
    for (const round of [1, 2, 3]) {
      // Each round its own spot, finder and season, so that only its own two deaths are linked.
      scene = { lat: scene.lat + 0.03, lon: scene.lon };
      finder = `Ruth ${uniqueName('Ellery')}`;
      const phone = `07700 90077${round}`;
      const month = `0${round * 4 - 3}`;
      const first = await report(youngMan(`2022-${month}-01`, { finderPhone: phone }));
      const second = await report(youngMan(`2022-${month}-09`, { finderPhone: phone, offsetM: 10 }));
      const third = await report(deathReport());
      await runLinkAssessments(t, [first.id, second.id]);
      const alert = (
        (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
          id: string;
          cases: { id: string }[];
        }[]
      ).find((a) => a.cases.some((c) => c.id === second.id) && a.cases.some((c) => c.id === first.id))!;
      const group = await coroner.post('/api/v1/case-groups', {
        name: `Heard together ${round}`,
        reason: 'The same churchyard.',
        caseIds: [first.id, third.id],
      });
      expect(group.statusCode, group.body).toBe(201);
      // Both put the second death in the group that holds the first: cases are locked before the group.
      const both = await Promise.all([
        coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
          decision: 'CONFIRMED',
          reason: 'Same finder.',
        }),
        coroner.post(`/api/v1/case-groups/${group.json().id}/cases`, { caseIds: [second.id] }),
      ]);
      expect(
        both.map((r) => r.statusCode).every((c) => c < 500),
        both.map((r) => r.body).join(),
      ).toBe(true);
      expect(
        both.some((r) => r.statusCode < 300),
        both.map((r) => r.body).join(),
      ).toBe(true);
      const members = await t.db
        .select()
        .from(caseGroupMembers)
        .where(eq(caseGroupMembers.caseId, second.id));
      expect(members.map((m) => m.groupId)).toEqual([group.json().id]);
    }
  });

  it('records a confirmed link to a death whose investigation has ended without grouping it for hearing', async () => {
    const first = await report(youngMan('2021-12-01', { finderPhone: '07700 900666' }));
    const second = await report(youngMan('2021-12-09', { finderPhone: '07700 900666', offsetM: 10 }));
    await runLinkAssessments(t, [first.id, second.id]);
    const alert = (
      (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === second.id))!;
    await t.db.update(cases).set({ status: 'CONCLUDED' }).where(eq(cases.id, first.id));
    const confirmed = await coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'The same finder; the first inquest should be looked at again.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', groupId: null });
    expect(await t.db.select().from(caseGroupMembers).where(eq(caseGroupMembers.caseId, second.id))).toEqual(
      [],
    );
    const page = await (await t.browser(coroner.user)).get(`/link-alerts/${alert.id}`);
    expect(page.body).toContain('The cases were not put in a case group');
  });

  it('says so on an open alert when a corrected record no longer links the deaths', async () => {
    const first = await report(youngMan('2023-03-01', { finderPhone: '07700 900444' }));
    const second = await report(youngMan('2023-03-12', { finderPhone: '07700 900444', offsetM: 10 }));
    await runLinkAssessments(t, [first.id, second.id]);
    const find = async () =>
      (
        (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
          id: string;
          level: string;
          summary: string;
          reasons: { feature: string; detail: string }[];
          cases: { id: string }[];
        }[]
      ).find((a) => a.cases.some((c) => c.id === first.id) && a.cases.some((c) => c.id === second.id))!;
    expect((await find()).level).toBe('urgent');
    const corrected = await officer.post(`/api/v1/cases/${second.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: {
        people: [{ role: 'finder', name: 'Wilfred Nobody', phone: '07700 900999' }],
        death: {
          sceneFound: {
            description: 'At home',
            lat: scene.lat + 0.3,
            lon: scene.lon + 0.3,
            accuracyM: 10,
            placeType: 'home',
          },
          circumstances: 'Found at home by a neighbour.',
        },
        circumstanceTags: [],
      },
      reason: 'The finder and the place were recorded wrongly',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    await runLinkAssessments(t, [second.id]);
    expect((await officer.get(`/api/v1/cases/${second.id}/possible-links`)).json()).toEqual([]);
    const stale = await find();
    expect(stale.level).toBe('review');
    expect(stale.summary).toMatch(/^No longer found — /);
    expect(stale.reasons[0]!.detail).toContain('no longer reach the level for review');
  });

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

  it('shows the possible links on the case page, and the alert with its map, timeline and decision form', async () => {
    const first = await report(youngMan('2022-01-03', { finderPhone: '07700 900777' }));
    const second = await report(youngMan('2022-01-20', { finderPhone: '07700 900777', offsetM: 15 }));
    await runLinkAssessments(t, [first.id, second.id]);
    const browser = await t.browser(officer.user);
    const casePage = await browser.get(`/cases/${second.id}`);
    expect(casePage.body).toContain(`/cases/${second.id}/possible-links`);
    expect(casePage.body).toMatch(/Possible links to other deaths \(1, 1 urgent\)/);
    const section = await browser.get(`/cases/${second.id}/possible-links`);
    expect(section.statusCode).toBe(200);
    expect(section.body).toContain(finder);
    expect(section.body).toContain('<svg class="app-link-map"');
    expect(section.body).toContain('Timeline');
    const alertId = /href="\/link-alerts\/([0-9a-f-]{36})"/.exec(section.body)![1]!;
    const page = await browser.get(`/link-alerts/${alertId}`);
    expect(page.body).toContain('Are these deaths linked?');
    const missing = await browser.post(`/link-alerts/${alertId}/decision`, { decision: 'DISMISSED' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the reason for dismissing the possible link');
    const done = await browser.post(`/link-alerts/${alertId}/decision`, {
      decision: 'DISMISSED',
      reason: 'The finder walks this path daily; deaths explained.',
    });
    expect(done.statusCode).toBe(303);
    const after = await browser.get(`/link-alerts/${alertId}`);
    expect(after.body).toContain('Dismissed');
    expect(after.body).toContain('The finder walks this path daily');
    expect(after.body).not.toContain('Are these deaths linked?');
    // A second decision sent from a form left open is not saved, and the page says so beside the first.
    const late = await browser.post(`/link-alerts/${alertId}/decision`, {
      decision: 'CONFIRMED',
      reason: 'The same finder.',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Your decision was not saved');
    expect(late.body).toContain('This alert was dismissed while you were deciding it.');
    expect(late.body).not.toContain('govuk-error-summary');
    expect(late.body).toContain('The finder walks this path daily');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alertId)));
    expect(event!.detail).toMatchObject({
      decision: 'DISMISSED',
      reason: 'The finder walks this path daily; deaths explained.',
      groupId: null,
    });
  });

  it('places a postcode through a postcodes.io-compatible service when one is configured, keeping its accuracy', async () => {
    const asked: string[] = [];
    const server: Server = createServer((req, res) => {
      asked.push(decodeURIComponent(req.url ?? ''));
      if (req.url === '/postcodes/RM13%208AA') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 200,
            result: { postcode: 'RM13 8AA', latitude: 51.521, longitude: 0.191 },
          }),
        );
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 404, error: 'Postcode not found' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = youngMan('2022-03-01');
      body.death!.sceneFound = {
        description: 'Alley behind the shops',
        postcode: 'rm13 8aa',
        placeType: 'public-outdoor',
      };
      const created = await report(body);
      const geocoder = createGeocoder(url);
      await assessStoredCase(
        { database: t.database, notifier: t.notifier, config: t.config },
        created.id,
        t.clock.now(),
        geocoder,
      );
      const [row] = await t.db.select().from(linkCases).where(eq(linkCases.caseId, created.id));
      expect(row).toMatchObject({ lat: 51.521, lon: 0.191, accuracyM: 100, locationSource: 'postcode' });
      expect(asked).toContain('/postcodes/RM13 8AA');
      expect(await geocoder.postcode('ZZ99 9ZZ')).toBeUndefined();
      expect(await geocoder.postcode('not a postcode')).toBeUndefined();
      // Without a service, the case is kept unplaced rather than guessed.
      await assessStoredCase(
        { database: t.database, notifier: t.notifier, config: t.config },
        created.id,
        t.clock.now(),
      );
      const [unplaced] = await t.db.select().from(linkCases).where(eq(linkCases.caseId, created.id));
      expect(unplaced).toMatchObject({ lat: null, locationSource: null });
    } finally {
      server.close();
    }
  });

  it('still links a death while the postcode service is down, keeping the place its postcode had, and tries again', async () => {
    let up = true;
    // A geocoder of its own for each assessment: one answer it had is not asked for again.
    const geocoder = () =>
      createGeocoder('https://postcodes.example', {
        fetch: async () =>
          up
            ? new Response(
                JSON.stringify({ status: 200, result: { latitude: scene.lat, longitude: scene.lon } }),
              )
            : new Response('Service Unavailable', { status: 503 }),
      });
    const byPostcode = (day: string) => {
      const body = youngMan(day, { finderPhone: '07700 900321' });
      body.death!.sceneFound = { description: 'Alley behind the shops', postcode: 'RM13 8AA' };
      return body;
    };
    const assess = (id: string) =>
      assessStoredCase(
        { database: t.database, notifier: t.notifier, config: t.config },
        id,
        t.clock.now(),
        geocoder(),
      );
    const first = await report(byPostcode('2023-06-01'));
    await assess(first.id);
    up = false;
    const second = await report(byPostcode('2023-06-08'));
    await expect(assess(second.id)).rejects.toThrow(
      `The postcode service at https://postcodes.example answered 503 when asked for RM13 8AA. ${second.reference} was assessed with the place its postcode had before, or none, and will be assessed again.`,
    );
    // The same finder links them at once; the place waits for the service.
    const links = (await officer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(links.map((l: { caseId: string }) => l.caseId)).toEqual([first.id]);
    const placed = () => t.db.select().from(linkCases).where(eq(linkCases.caseId, second.id));
    expect((await placed())[0]).toMatchObject({ lat: null, locationSource: null });
    // A change made while the service is down keeps the point the postcode was placed at before.
    await expect(assess(first.id)).rejects.toThrow('answered 503');
    const [kept] = await t.db.select().from(linkCases).where(eq(linkCases.caseId, first.id));
    expect(kept).toMatchObject({
      lat: scene.lat,
      lon: scene.lon,
      accuracyM: 100,
      locationSource: 'postcode',
    });
    up = true;
    await assess(second.id);
    expect((await placed())[0]).toMatchObject({ lat: scene.lat, locationSource: 'postcode' });
  });

  it('keeps a register of known sites; two deaths at one care home are not linked by place', async () => {
    const bad = await coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.radiusM).toBe('The radius must be at least 10 metres');
    const text = await coroner.post('/api/v1/known-sites', {
      kind: 'care-home',
      lat: '51.6',
      lon: 0.1,
      radiusM: 80,
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.fields).toEqual({
      name: 'Enter the name of the site',
      lat: 'Latitude must be a number, for example 51.5686',
    });
    const noArea = await coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 80,
      areaCode: 'ZZZ',
    });
    expect(noArea.statusCode).toBe(400);
    for (const blank of ['', '  ']) {
      const empty = await coroner.post('/api/v1/known-sites', {
        name: 'Oak Lodge',
        kind: 'care-home',
        lat: 51.6,
        lon: 0.1,
        radiusM: 80,
        areaCode: blank,
      });
      expect(empty.statusCode, empty.body).toBe(400);
      expect(empty.json().error.fields.areaCode).toContain('Enter the code of a coroner area');
    }
    const elsewhere = await coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 80,
      areaCode: 'IN',
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.message).toContain('only for your own coroner area (EL)');
    const site = {
      name: `Oak Lodge ${uniqueName()}`,
      kind: 'care-home',
      lat: scene.lat,
      lon: scene.lon,
      radiusM: 80,
    };
    const added = await coroner.post('/api/v1/known-sites', site);
    expect(added.statusCode, added.body).toBe(201);
    expect((await officer.get('/api/v1/known-sites')).json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: site.name, areaCode: 'EL' })]),
    );
    const resident = (day: string) => {
      const body = youngMan(day, { offsetM: 5 });
      body.deceased = {
        givenNames: uniqueName('Edith'),
        familyName: uniqueName('Moor'),
        sex: 'female',
        age: 91,
      };
      body.circumstanceTags = [];
      body.policeClassification = 'non-suspicious';
      body.people = [{ role: 'finder', name: 'Night Carer', phone: '07700 900999' }];
      body.death!.sceneFound = {
        description: 'Oak Lodge, room 4',
        lat: scene.lat,
        lon: scene.lon,
        accuracyM: 10,
        placeType: 'care-home',
      };
      return body;
    };
    const a = await report(resident('2022-05-01'));
    const b = await report(resident('2022-05-09'));
    await runLinkAssessments(t, [a.id, b.id]);
    // Staff find residents: no same-person or same-scene link between deaths in one institution.
    expect((await officer.get(`/api/v1/cases/${b.id}/possible-links`)).json()).toEqual([]);
  });

  it('flags three suspected drug deaths close together in a week, in a part of a busy area that was quiet', async () => {
    // A year of suspected drug deaths elsewhere in the area (about 11 km away), one a fortnight, so the
    // area-wide count is not unusual; then three within a few hundred metres in five days (2019, a year
    // no other test uses).
    const drugDeath = (day: string, lat: number, lon: number) =>
      deathReport({
        reportedAt: `${day}T09:00:00Z`,
        people: [],
        circumstanceTags: ['drugs-suspected'],
        deceased: { givenNames: uniqueName('Lee'), familyName: uniqueName('Marsh'), sex: 'male' },
        death: {
          dateOfDeath: day,
          dateFound: day,
          sceneFound: { description: 'At home', lat, lon, accuracyM: 10, placeType: 'home' },
        },
      });
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) {
      const day = new Date(Date.UTC(2018, 4, 10) + i * 14 * 86_400_000).toISOString().slice(0, 10);
      ids.push((await report(drugDeath(day, 51.62 + (i % 3) * 0.004, 0.01 + (i % 5) * 0.004))).id);
    }
    const batch: { id: string; reference: string }[] = [];
    for (const [day, north] of [
      ['2019-05-20', 0],
      ['2019-05-22', 0.003],
      ['2019-05-24', 0.005],
    ] as const) {
      batch.push(await report(drugDeath(day, 51.52 + north, 0.09)));
    }
    await runLinkAssessments(t, [...ids, ...batch.map((b) => b.id)]);
    const night = await runNightly(t.db, new Date('2019-05-25T01:05:00Z'));
    expect(night.day).toBe('2019-05-24');
    const alerts = (await officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
      id: string;
      summary: string;
      cases: { id: string }[];
      reasons: { feature: string; detail: string }[];
    }[];
    const surge = alerts.find(
      (a) => a.reasons.some((r) => r.feature === 'drug-surge') && a.cases.some((c) => c.id === batch[0]!.id),
    );
    expect(surge, JSON.stringify(alerts.map((a) => a.summary))).toBeDefined();
    expect(surge!.summary).toMatch(
      /^Possible cluster — review: 3 drug deaths within \d\.\d km of one of their scenes/,
    );
    expect(surge!.cases.map((c) => c.id).sort()).toEqual(batch.map((b) => b.id).sort());
    expect(surge!.reasons[0]!.detail).toContain('expected from the same circle’s previous 365 days');
    // The officer's page for the alert says what was counted and lists each death; another area's cannot open it.
    const page = await (await t.browser(officer.user)).get(`/link-alerts/${surge!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 drug deaths within');
    for (const b of batch) expect(page.body).toContain(b.reference);
    expect(page.body).not.toMatch(/murder|killed|serial|homicide/i);
    expect((await otherOfficer.get(`/api/v1/link-alerts/${surge!.id}`)).statusCode).toBe(404);

    // Confirmed, it keeps what it was decided on; when more deaths join it, it is opened again.
    const confirmed = await coroner.post(`/api/v1/link-alerts/${surge!.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'One batch sold in one street.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const groupId = confirmed.json().groupId as string;
    expect(groupId).toBeTruthy();
    await runNightly(t.db, new Date('2019-05-26T01:05:00Z'));
    const kept = (await officer.get(`/api/v1/link-alerts/${surge!.id}`)).json();
    expect(kept).toMatchObject({
      status: 'CONFIRMED',
      decisionReason: 'One batch sold in one street.',
      groupId,
    });
    expect(kept.cases).toHaveLength(3);
    const later = [];
    for (const [day, north] of [
      ['2019-05-26', 0.002],
      ['2019-05-27', 0.004],
    ] as const)
      later.push(await report(drugDeath(day, 51.52 + north, 0.09)));
    await runLinkAssessments(
      t,
      later.map((l) => l.id),
    );
    await runNightly(t.db, new Date('2019-05-28T01:05:00Z'));
    const reopened = (await officer.get(`/api/v1/link-alerts/${surge!.id}`)).json();
    expect(reopened).toMatchObject({ status: 'OPEN', decisionReason: null, decidedBy: null, groupId: null });
    expect(reopened.cases.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(later.map((l) => l.id)),
    );
    // Open again, its page does not say the deaths that joined are in the group; confirming adds them to it.
    const reopenedPage = await (await t.browser(officer.user)).get(`/link-alerts/${surge!.id}`);
    expect(reopenedPage.body).not.toContain('The cases are now in the case group');
    const again = await coroner.post(`/api/v1/link-alerts/${surge!.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'Two more from the same batch.',
    });
    expect(again.json()).toMatchObject({ status: 'CONFIRMED', groupId });
    const members = await t.db.select().from(caseGroupMembers).where(eq(caseGroupMembers.groupId, groupId));
    expect(members).toHaveLength(reopened.cases.length);
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

  it('queues the nightly batch once a night, from 02:00 London time, and runs it', async () => {
    const [task] = linksPeriodic({
      database: t.database,
      notifier: t.notifier,
      config: t.config,
      clock: t.clock,
      logger: (await import('../../platform/log.ts')).createLogger('silent'),
      storage: t.storage,
    });
    const night = (key: string) =>
      t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, NIGHTLY_JOB), eq(jobs.uniqueKey, key)));
    await task!(new Date('2021-06-10T00:30:00Z')); // 01:30 in London (BST): too early
    expect(await night('links-nightly:2021-06-10')).toHaveLength(0);
    await task!(new Date('2021-06-10T01:05:00Z'));
    await task!(new Date('2021-06-10T03:00:00Z'));
    expect(await night('links-nightly:2021-06-10')).toHaveLength(1);
    const report = await runNightly(t.db, new Date('2021-06-10T01:05:00Z'));
    expect(report.day).toBe('2021-06-09');
    expect(report.areas).toBeGreaterThanOrEqual(1);
    expect(report.streams).toBeGreaterThanOrEqual(1);
  });
});

describe('the map with a configured tile server', () => {
  it('allows its images in the Content-Security-Policy of the pages', async () => {
    const t = await createTestApp({ env: { MAP_TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png' } });
    try {
      const officer = await t.client(await t.user('officer'));
      const body = deathReport({ reportedAt: '2022-07-01T09:00:00Z' });
      body.death = {
        dateOfDeath: '2022-07-01',
        dateFound: '2022-07-01',
        sceneFound: {
          description: 'Towpath',
          lat: 52.1,
          lon: -1.2,
          accuracyM: 10,
          placeType: 'public-outdoor',
        },
      };
      const created = (await officer.post('/api/v1/deaths', body)).json() as { id: string };
      await runLinkAssessments(t, [created.id]);
      const page = await (await t.browser(officer.user)).get(`/cases/${created.id}/possible-links`);
      expect(page.statusCode).toBe(200);
      expect(String(page.headers['content-security-policy'])).toContain(
        "img-src 'self' data: https://tiles.example",
      );
    } finally {
      await t.close();
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the possible-links, alerts and known-sites routes', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(res.statusCode, res.body).toBe(200);
      const paths = Object.keys(res.json().paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/cases/{id}/possible-links',
          '/api/v1/link-alerts',
          '/api/v1/link-alerts/{id}',
          '/api/v1/link-alerts/{id}/decision',
          '/api/v1/known-sites',
        ]),
      );
    } finally {
      await t.close();
    }
  });
});
