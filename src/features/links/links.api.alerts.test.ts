import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { runLinkAssessments } from '../../../test/support/links.ts';
import { createTestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { caseGroupMembers } from '../case-groups/case-groups.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { linksApiSuite } from './links.api.fixtures.ts';
import { linksPeriodic, NIGHTLY_JOB, runNightly } from './links.jobs.ts';

describe('alerts and decisions through the API', () => {
  const suite = linksApiSuite(1);
  const { youngMan, report } = suite;

  it('decides an alert: dismissing needs a reason, confirming makes a case group, a decision is final and audited', async () => {
    const first = await report(youngMan('2021-11-01', { finderPhone: '07700 900555' }));
    const second = await report(youngMan('2021-11-10', { finderPhone: '07700 900555', offsetM: 10 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const alert = (
      (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === second.id))!;
    const noReason = await suite.officer.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'DISMISSED',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('Enter the reason for dismissing the possible link');
    expect(
      (await suite.otherOfficer.post(`/api/v1/link-alerts/${alert.id}/decision`, { decision: 'CONFIRMED' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await suite.chief.post(`/api/v1/link-alerts/${alert.id}/decision`, { decision: 'CONFIRMED' }))
        .statusCode,
    ).toBe(403);

    const confirmed = await suite.coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'Same finder and the same spot; police informed.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', decidedBy: 'Coroner Linked' });
    const groupId = confirmed.json().groupId as string;
    const members = await suite.t.db
      .select()
      .from(caseGroupMembers)
      .where(eq(caseGroupMembers.groupId, groupId));
    expect(members.map((m) => m.caseId).sort()).toEqual([first.id, second.id].sort());
    expect(
      (await (await suite.t.browser(suite.coroner.user)).get(`/link-alerts/${alert.id}`)).body,
    ).toContain(`The cases are now in the case group <a class="govuk-link" href="/case-groups/${groupId}">`);
    const twice = await suite.coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'DISMISSED',
      reason: 'x',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toEqual({
      code: 'ACTION_NOT_ALLOWED',
      message: 'This alert was already confirmed; it cannot be decided again.',
    });
    const [event] = await suite.t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alert.id)));
    expect(event!.detail).toMatchObject({ decision: 'CONFIRMED', groupId });
    const grouped = await suite.t.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'CASE_GROUP_CREATED'), eq(auditEvents.subjectId, groupId)));
    expect(grouped.map((g) => g.caseId).sort()).toEqual([first.id, second.id].sort());
  });

  it('confirms an alert while the same case is being added to its group: one wins, the other is told, nothing fails', async () => {
    for (const round of [1, 2, 3]) {
      // Each round its own spot, finder and season, so that only its own two deaths are linked.
      suite.scene = { lat: suite.scene.lat + 0.03, lon: suite.scene.lon };
      suite.finder = `Ruth ${uniqueName('Ellery')}`;
      const phone = `07700 90077${round}`;
      const month = `0${round * 4 - 3}`;
      const first = await report(youngMan(`2022-${month}-01`, { finderPhone: phone }));
      const second = await report(youngMan(`2022-${month}-09`, { finderPhone: phone, offsetM: 10 }));
      const third = await report(deathReport());
      await runLinkAssessments(suite.t, [first.id, second.id]);
      const alert = (
        (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
          id: string;
          cases: { id: string }[];
        }[]
      ).find((a) => a.cases.some((c) => c.id === second.id) && a.cases.some((c) => c.id === first.id))!;
      const group = await suite.coroner.post('/api/v1/case-groups', {
        name: `Heard together ${round}`,
        reason: 'The same churchyard.',
        caseIds: [first.id, third.id],
      });
      expect(group.statusCode, group.body).toBe(201);
      // Both put the second death in the group that holds the first: cases are locked before the group.
      const both = await Promise.all([
        suite.coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
          decision: 'CONFIRMED',
          reason: 'Same finder.',
        }),
        suite.coroner.post(`/api/v1/case-groups/${group.json().id}/cases`, { caseIds: [second.id] }),
      ]);
      expect(
        both.map((r) => r.statusCode).every((c) => c < 500),
        both.map((r) => r.body).join(),
      ).toBe(true);
      expect(
        both.some((r) => r.statusCode < 300),
        both.map((r) => r.body).join(),
      ).toBe(true);
      const members = await suite.t.db
        .select()
        .from(caseGroupMembers)
        .where(eq(caseGroupMembers.caseId, second.id));
      expect(members.map((m) => m.groupId)).toEqual([group.json().id]);
    }
  });

  it('records a confirmed link to a death whose investigation has ended without grouping it for hearing', async () => {
    const first = await report(youngMan('2021-12-01', { finderPhone: '07700 900666' }));
    const second = await report(youngMan('2021-12-09', { finderPhone: '07700 900666', offsetM: 10 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const alert = (
      (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === second.id))!;
    await suite.t.db.update(cases).set({ status: 'CONCLUDED' }).where(eq(cases.id, first.id));
    const confirmed = await suite.coroner.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'The same finder; the first inquest should be looked at again.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', groupId: null });
    expect(
      await suite.t.db.select().from(caseGroupMembers).where(eq(caseGroupMembers.caseId, second.id)),
    ).toEqual([]);
    const page = await (await suite.t.browser(suite.coroner.user)).get(`/link-alerts/${alert.id}`);
    expect(page.body).toContain('The cases were not put in a case group');
  });

  it('shows the possible links on the case page, and the alert with its map, timeline and decision form', async () => {
    const first = await report(youngMan('2022-01-03', { finderPhone: '07700 900777' }));
    const second = await report(youngMan('2022-01-20', { finderPhone: '07700 900777', offsetM: 15 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const browser = await suite.t.browser(suite.officer.user);
    const casePage = await browser.get(`/cases/${second.id}`);
    expect(casePage.body).toContain(`/cases/${second.id}/possible-links`);
    expect(casePage.body).toMatch(/Possible links to other deaths \(1, 1 urgent\)/);
    const section = await browser.get(`/cases/${second.id}/possible-links`);
    expect(section.statusCode).toBe(200);
    expect(section.body).toContain(suite.finder);
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
    const [event] = await suite.t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alertId)));
    expect(event!.detail).toMatchObject({
      decision: 'DISMISSED',
      reason: 'The finder walks this path daily; deaths explained.',
      groupId: null,
    });
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
    await runLinkAssessments(suite.t, [...ids, ...batch.map((b) => b.id)]);
    const night = await runNightly(suite.t.db, new Date('2019-05-25T01:05:00Z'));
    expect(night.day).toBe('2019-05-24');
    const alerts = (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
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
    const page = await (await suite.t.browser(suite.officer.user)).get(`/link-alerts/${surge!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 drug deaths within');
    for (const b of batch) expect(page.body).toContain(b.reference);
    expect(page.body).not.toMatch(/murder|killed|serial|homicide/i);
    expect((await suite.otherOfficer.get(`/api/v1/link-alerts/${surge!.id}`)).statusCode).toBe(404);

    // Confirmed, it keeps what it was decided on; when more deaths join it, it is opened again.
    const confirmed = await suite.coroner.post(`/api/v1/link-alerts/${surge!.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'One batch sold in one street.',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const groupId = confirmed.json().groupId as string;
    expect(groupId).toBeTruthy();
    await runNightly(suite.t.db, new Date('2019-05-26T01:05:00Z'));
    const kept = (await suite.officer.get(`/api/v1/link-alerts/${surge!.id}`)).json();
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
      suite.t,
      later.map((l) => l.id),
    );
    await runNightly(suite.t.db, new Date('2019-05-28T01:05:00Z'));
    const reopened = (await suite.officer.get(`/api/v1/link-alerts/${surge!.id}`)).json();
    expect(reopened).toMatchObject({ status: 'OPEN', decisionReason: null, decidedBy: null, groupId: null });
    expect(reopened.cases.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(later.map((l) => l.id)),
    );
    // Open again, its page does not say the deaths that joined are in the group; confirming adds them to it.
    const reopenedPage = await (await suite.t.browser(suite.officer.user)).get(`/link-alerts/${surge!.id}`);
    expect(reopenedPage.body).not.toContain('The cases are now in the case group');
    const again = await suite.coroner.post(`/api/v1/link-alerts/${surge!.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'Two more from the same batch.',
    });
    expect(again.json()).toMatchObject({ status: 'CONFIRMED', groupId });
    const members = await suite.t.db
      .select()
      .from(caseGroupMembers)
      .where(eq(caseGroupMembers.groupId, groupId));
    expect(members).toHaveLength(reopened.cases.length);
  });

  it('queues the nightly batch once a night, from 02:00 London time, and runs it', async () => {
    const [task] = linksPeriodic({
      database: suite.t.database,
      notifier: suite.t.notifier,
      config: suite.t.config,
      clock: suite.t.clock,
      logger: (await import('../../platform/log.ts')).createLogger('silent'),
      storage: suite.t.storage,
    });
    const night = (key: string) =>
      suite.t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, NIGHTLY_JOB), eq(jobs.uniqueKey, key)));
    await task!(new Date('2021-06-10T00:30:00Z')); // 01:30 in London (BST): too early
    expect(await night('links-nightly:2021-06-10')).toHaveLength(0);
    await task!(new Date('2021-06-10T01:05:00Z'));
    await task!(new Date('2021-06-10T03:00:00Z'));
    expect(await night('links-nightly:2021-06-10')).toHaveLength(1);
    const report = await runNightly(suite.t.db, new Date('2021-06-10T01:05:00Z'));
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
