import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { freshArea, runLinkAssessments } from '../../../test/support/links.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { caseGroupMembers } from '../case-groups/case-groups.tables.ts';
import { type Client, linksApiSuite, reportBy } from './links.api.fixtures.ts';
import { runNightly } from './links.jobs.ts';
import { linkAlerts } from './links.tables.ts';

describe('possible links and alerts across coroner areas', () => {
  const suite = linksApiSuite(2);
  const { youngMan, report } = suite;

  it('records a confirmed link across coroner areas on the alert alone, in the trail of each case', async () => {
    const first = await report(youngMan('2022-02-01', { finderPhone: '07700 900888' }));
    const res = await suite.otherOfficer.post('/api/v1/deaths', {
      ...youngMan('2022-02-10', { finderPhone: '07700 900888', offsetM: 10 }),
      areaCode: 'IN',
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json() as { id: string; reference: string };
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const alert = (
      (await suite.otherOfficer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
        id: string;
        areaCodes: string[];
        cases: { id: string }[];
      }[]
    ).find((a) => a.cases.some((c) => c.id === first.id) && a.cases.some((c) => c.id === second.id))!;
    expect(alert.areaCodes.sort()).toEqual(['EL', 'IN']);
    // Each area reads why, but not the names and addresses of the other area's case.
    const seenFromIn = (await suite.otherOfficer.get(`/api/v1/link-alerts/${alert.id}`)).json();
    const sameFinder = seenFromIn.reasons.find((r: { feature: string }) => r.feature === 'same-person');
    expect(sameFinder.detail).toContain('Names and addresses are not shown');
    expect(sameFinder.detail).toContain(first.reference);
    expect(JSON.stringify(seenFromIn.reasons)).not.toContain(suite.finder);
    const linksFromIn = (await suite.otherOfficer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(JSON.stringify(linksFromIn)).not.toContain(suite.finder);
    const seenByChief = (await suite.chief.get(`/api/v1/link-alerts/${alert.id}`)).json();
    expect(JSON.stringify(seenByChief.reasons)).toContain(suite.finder);
    // The decision form warns that the other area's office reads the reason too.
    const inBrowser = await suite.t.browser(suite.otherOfficer.user);
    const form = await inBrowser.get(`/link-alerts/${alert.id}`);
    expect(form.body).toContain('The offices of every area these deaths belong to will read it');
    // The other area's case is named with its area, not linked to a page its office cannot open.
    expect(form.body).toContain(`${first.reference} (coroner area EL)`);
    expect(form.body).not.toContain(`href="/cases/${first.id}"`);
    expect(form.body).toContain(`href="/cases/${second.id}"`);
    const linksPage = await inBrowser.get(`/cases/${second.id}/possible-links`);
    expect(linksPage.body).toContain(`Possible link to ${first.reference} (coroner area EL)`);
    expect(linksPage.body).not.toContain(`href="/cases/${first.id}"`);
    const confirmed = await suite.otherOfficer.post(`/api/v1/link-alerts/${alert.id}/decision`, {
      decision: 'CONFIRMED',
      reason: 'The same finder at the same spot.',
      groupName: 'Churchyard deaths',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'CONFIRMED', groupId: null });
    expect(
      await suite.t.db
        .select()
        .from(caseGroupMembers)
        .where(inArray(caseGroupMembers.caseId, [first.id, second.id])),
    ).toEqual([]);
    const trail = await suite.t.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'LINK_ALERT_DECIDED'), eq(auditEvents.subjectId, alert.id)));
    expect(trail.map((e) => e.caseId).sort()).toEqual([first.id, second.id].sort());
    // Each area's office sees the decision, and why the cases were not grouped.
    const page = await (await suite.t.browser(suite.officer.user)).get(`/link-alerts/${alert.id}`);
    expect(page.body).toContain('the cases belong to different coroner areas');
  });

  it('watches a known site for each coroner area apart: each area’s alert holds its own deaths there', async () => {
    // A prison whose deaths two coroner areas hold, in 2017, a year no other test uses.
    const prison = { lat: 53.01, lon: -2.18 };
    const site = await suite.coroner.post('/api/v1/known-sites', {
      name: `HMP Test ${uniqueName()}`,
      kind: 'prison',
      ...prison,
      radiusM: 300,
    });
    expect(site.statusCode, site.body).toBe(201);
    const areas = [await freshArea(suite.t), await freshArea(suite.t)];
    const held = new Map<string, string[]>();
    for (const area of areas) {
      const office = await suite.t.client(await suite.t.user('officer', { areaCode: area }));
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
      await runLinkAssessments(suite.t, ids);
      held.set(area, ids);
    }
    await runNightly(suite.t.db, new Date('2017-03-20T03:00:00Z'));
    for (const area of areas) {
      const office = await suite.t.client(await suite.t.user('officer', { areaCode: area }));
      const alerts = (await office.get('/api/v1/link-alerts')).json().items as {
        kind: string;
        cases: { id: string }[];
      }[];
      const watched = alerts.filter((a) => a.kind === 'site');
      expect(watched, area).toHaveLength(1);
      expect(watched[0]!.cases.map((c) => c.id).sort()).toEqual([...held.get(area)!].sort());
    }
  });

  it('shows the alerts holding a transferred case to the receiving area once it accepts it, and to the sending area while it holds another of their cases', async () => {
    const sending = await freshArea(suite.t);
    const receiving = await freshArea(suite.t);
    const staff = async (role: 'officer' | 'coroner', areaCode: string) =>
      suite.t.client(await suite.t.user(role, { areaCode }));
    const sendingOfficer = await staff('officer', sending);
    const sendingCoroner = await staff('coroner', sending);
    const receivingOfficer = await staff('officer', receiving);
    const receivingCoroner = await staff('coroner', receiving);
    const reportIn = (body: Parameters<typeof reportBy>[1]) =>
      reportBy(sendingOfficer, { ...body, areaCode: sending });
    const first = await reportIn(youngMan('2022-04-01', { finderPhone: '07700 900333' }));
    const second = await reportIn(youngMan('2022-04-09', { finderPhone: '07700 900333', offsetM: 10 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const queue = async (c: Client) =>
      ((await c.get('/api/v1/link-alerts?pageSize=200')).json().items as { id: string }[]).map((a) => a.id);
    const [pair] = await queue(sendingOfficer);
    expect(pair).toBeDefined();
    // Raised by the nightly batch before the transfer: a cluster holding both deaths, a site alert only the second.
    const signal = (kind: 'cluster' | 'site', caseIds: string[]) => ({
      kind,
      level: 'review' as const,
      areaCodes: [sending],
      signalKey: `test:${kind}:${second.id}`,
      caseIds,
      summary: `Possible ${kind} — review: deaths in ${sending}`,
      score: null,
      reasons: [],
      status: 'OPEN' as const,
      raisedAt: suite.t.clock.now(),
      updatedAt: suite.t.clock.now(),
    });
    const [cluster, site] = (
      await suite.t.db
        .insert(linkAlerts)
        .values([signal('cluster', [first.id, second.id]), signal('site', [second.id])])
        .returning({ id: linkAlerts.id })
    ).map((r) => r.id!);

    const moved = await sendingCoroner.post(`/api/v1/cases/${second.id}/actions`, {
      type: 'TRANSFER',
      toAreaCode: receiving,
      basis: 'S2',
      agreedBy: 'The receiving area’s senior coroner',
      reason: 'The family live there',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Being transferred, the case is the receiving area's to accept, not yet its alerts: none is offered to open.
    const pending = (await receivingOfficer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(pending.map((l: { caseId: string; alertId: string | null }) => [l.caseId, l.alertId])).toEqual([
      [first.id, null],
    ]);
    expect(await queue(receivingOfficer)).toEqual([]);

    const accepted = await receivingCoroner.post(`/api/v1/cases/${second.id}/actions`, {
      type: 'ACCEPT_TRANSFER',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // At once, before the case is assessed again: the receiving area sees every alert holding the case...
    expect((await queue(receivingOfficer)).sort()).toEqual([pair, cluster, site].sort());
    for (const id of [pair, cluster, site])
      expect((await receivingOfficer.get(`/api/v1/link-alerts/${id}`)).statusCode, id).toBe(200);
    const seen = (await receivingOfficer.get(`/api/v1/link-alerts/${pair}`)).json();
    expect(seen.areaCodes).toEqual([sending, receiving].sort());
    // ...and the sending area those holding another of its cases.
    expect((await queue(sendingOfficer)).sort()).toEqual([pair, cluster].sort());
    expect((await sendingOfficer.get(`/api/v1/link-alerts/${site}`)).statusCode).toBe(404);
    // The case's possible links lead to the alert, which its office can decide.
    const links = (await receivingOfficer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(links.map((l: { alertId: string | null }) => l.alertId)).toEqual([pair]);
    const inBrowser = await suite.t.browser(receivingOfficer.user);
    expect((await inBrowser.get(`/cases/${second.id}/possible-links`)).body).toContain(
      `href="/link-alerts/${pair}"`,
    );
    expect((await inBrowser.get(`/link-alerts/${pair}`)).body).toContain('Are these deaths linked?');
    // The coroner the receiving area assigns can open the alert the urgent message was about.
    const assigned = await receivingOfficer.post(`/api/v1/cases/${second.id}/actions`, {
      type: 'ASSIGN',
      coronerId: receivingCoroner.user.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await receivingCoroner.get(`/api/v1/link-alerts/${pair}`)).statusCode).toBe(200);
    // Assessed again, the link is found again and the alert stays with both areas.
    expect(await runLinkAssessments(suite.t, [second.id])).toBe(1);
    expect((await receivingOfficer.get(`/api/v1/link-alerts/${pair}`)).json().areaCodes).toEqual(
      [sending, receiving].sort(),
    );
  });

  it('lets only those who may see an urgent alert read the message sent about it', async () => {
    const area = await freshArea(suite.t);
    const officerHere = await suite.t.client(await suite.t.user('officer', { areaCode: area }));
    const coronerHere = await suite.t.client(await suite.t.user('coroner', { areaCode: area }));
    const courtAdmin = await suite.t.client(await suite.t.user('court-admin', { areaCode: area }));
    const reportHere = (body: Parameters<typeof reportBy>[1]) =>
      reportBy(officerHere, { ...body, areaCode: area });
    const first = await reportHere(youngMan('2022-06-01', { finderPhone: '07700 900222' }));
    const second = await reportHere(youngMan('2022-06-08', { finderPhone: '07700 900222', offsetM: 10 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const [alert] = (await officerHere.get('/api/v1/link-alerts')).json().items as {
      id: string;
      level: string;
    }[];
    expect(alert!.level).toBe('urgent');
    const [sent] = await suite.t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.source, 'link-alert'), eq(notifications.sourceId, alert!.id)));
    expect(sent!.recipientName).toBe(coronerHere.user.name);
    const caseId = sent!.caseId!;
    const templates = async (c: Client) => {
      const res = await c.get(`/api/v1/cases/${caseId}/notifications`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { template: string }[]).map((n) => n.template);
    };
    for (const reader of [officerHere, coronerHere, suite.chief])
      expect(await templates(reader)).toContain('LINK_ALERT_URGENT');
    // The court's administration reads the case's other messages, not this one.
    expect(await templates(courtAdmin)).not.toContain('LINK_ALERT_URGENT');
    const page = async (c: Client) =>
      (await (await suite.t.browser(c.user)).get(`/cases/${caseId}/notifications`)).body;
    expect(await page(officerHere)).toContain('Urgent: possible link between deaths to review');
    const adminPage = await page(courtAdmin);
    expect(adminPage).toContain('Notices and messages sent');
    expect(adminPage).not.toContain('possible link');
  });
});
