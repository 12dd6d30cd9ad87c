import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('case groups: inquests heard together', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherArea: Client;
  let chief: Client;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner'));
    otherArea = await t.client(await t.user('officer', { areaCode: 'IN' }));
    chief = await t.client(await t.user('chief-coroner'));
  });
  afterAll(() => t.close());

  async function newCase(areaCode = 'EL', by = officer): Promise<{ id: string; reference: string }> {
    const res = await by.post('/api/v1/deaths', deathReport({ areaCode }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  it('forms a group with its reason, puts it on each case’s timeline and in the audit log', async () => {
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    const res = await officer.post('/api/v1/case-groups', {
      name: 'Fire at Carpenters Road',
      reason: 'Three deaths in the same fire; the same witnesses.',
      caseIds: [a.id, b.id, c.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const group = res.json();
    expect(group.areaCode).toBe('EL');
    expect(group.cases.map((x: { reference: string }) => x.reference).sort()).toEqual(
      [a.reference, b.reference, c.reference].sort(),
    );
    const detail = (await coroner.get(`/api/v1/cases/${a.id}`)).json();
    const event = detail.events.find((e: { type: string }) => e.type === 'CASE_GROUPED');
    expect(event.payload.summary).toContain('Fire at Carpenters Road');
    expect(event.payload.summary).toContain(b.reference);
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.caseId, b.id));
    expect(audited.map((e) => e.action)).toContain('CASE_GROUP_CREATED');

    // The Chief Coroner's office sees it; another area does not learn it exists.
    expect((await chief.get(`/api/v1/case-groups/${group.id}`)).statusCode).toBe(200);
    expect((await otherArea.get(`/api/v1/case-groups/${group.id}`)).statusCode).toBe(404);

    // Remove one, add it back.
    const removed = await officer.delete(`/api/v1/case-groups/${group.id}/cases/${c.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().cases).toHaveLength(2);
    const cEvents = (await coroner.get(`/api/v1/cases/${c.id}`))
      .json()
      .events.map((e: { type: string }) => e.type);
    expect(cEvents).toContain('CASE_UNGROUPED');
    const again = await officer.post(`/api/v1/case-groups/${group.id}/cases`, { caseIds: [c.id] });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().cases).toHaveLength(3);
    const twice = await officer.post(`/api/v1/case-groups/${group.id}/cases`, { caseIds: [c.id] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('already in this group');
    const cAudited = await t.db
      .select({ action: auditEvents.action, subjectId: auditEvents.subjectId })
      .from(auditEvents)
      .where(eq(auditEvents.caseId, c.id));
    expect(cAudited).toEqual(
      expect.arrayContaining([
        { action: 'CASE_GROUP_CASE_REMOVED', subjectId: group.id },
        { action: 'CASE_GROUP_CASES_ADDED', subjectId: group.id },
      ]),
    );
    expect((await officer.delete(`/api/v1/case-groups/${group.id}/cases/not-a-case`)).statusCode).toBe(404);
  });

  it('keeps a grouped case in its area until it is taken out of the group', async () => {
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    const group = await officer.post('/api/v1/case-groups', {
      name: 'Two deaths at the same flats',
      reason: 'The same landlord.',
      caseIds: [a.id, b.id, c.id],
    });
    expect(group.statusCode, group.body).toBe(201);
    const transfer = {
      type: 'TRANSFER',
      toAreaCode: 'IN',
      basis: 'S2',
      agreedBy: 'HM Senior Coroner Inner North London',
      reason: 'The family live there',
    };
    const refused = await coroner.post(`/api/v1/cases/${a.id}/actions`, transfer);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(
      'This case is in the group “Two deaths at the same flats” of inquests to be heard together in this area',
    );
    expect((await officer.delete(`/api/v1/case-groups/${group.json().id}/cases/${a.id}`)).statusCode).toBe(
      200,
    );
    const moved = await coroner.post(`/api/v1/cases/${a.id}/actions`, transfer);
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('refuses one case, cases of two areas, a case already grouped, and another area’s staff', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const one = await officer.post('/api/v1/case-groups', { name: 'One', reason: 'r', caseIds: [a.id] });
    expect(one.statusCode).toBe(400);
    expect(one.json().error.fields.caseIds).toBe('Choose at least two cases to hear together');

    const elsewhere = await newCase('IN', otherArea);
    const mixed = await chief.post('/api/v1/case-groups', {
      name: 'Mixed',
      reason: 'r',
      caseIds: [a.id, elsewhere.id],
    });
    expect(mixed.statusCode).toBe(403);
    const notVisible = await officer.post('/api/v1/case-groups', {
      name: 'Mixed',
      reason: 'r',
      caseIds: [a.id, elsewhere.id],
    });
    expect(notVisible.statusCode).toBe(400);

    const ok = await officer.post('/api/v1/case-groups', {
      name: 'Pair',
      reason: 'Same road',
      caseIds: [a.id, b.id],
    });
    expect(ok.statusCode).toBe(201);
    const c = await newCase();
    const taken = await officer.post('/api/v1/case-groups', {
      name: 'Again',
      reason: 'r',
      caseIds: [a.id, c.id],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toBe(
      `${a.reference} is already in another group. Remove it from that group first.`,
    );

    const foreign = await otherArea.post(`/api/v1/case-groups/${ok.json().id}/cases`, { caseIds: [c.id] });
    expect(foreign.statusCode).toBe(404);

    const page = (await officer.get('/api/v1/case-groups?pageSize=1')).json();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const all = (await officer.get(`/api/v1/case-groups?pageSize=${Math.min(500, page.total)}`)).json();
    expect(all.items.map((g: { id: string }) => g.id)).toContain(ok.json().id);
    expect(
      (await otherArea.get('/api/v1/case-groups')).json().items.map((g: { id: string }) => g.id),
    ).not.toContain(ok.json().id);
  });

  it('takes a case out of a group when the DELETE says it is JSON but has no body', async () => {
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    const group = (
      await officer.post('/api/v1/case-groups', { name: 'Three', reason: 'r', caseIds: [a.id, b.id, c.id] })
    ).json();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/case-groups/${group.id}/cases/${c.id}`,
      headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cases).toHaveLength(2);
  });

  it('ends a group when one of its last two cases is taken out: both are then heard on their own', async () => {
    const [a, b, c, d] = [await newCase(), await newCase(), await newCase(), await newCase()];
    const group = (
      await officer.post('/api/v1/case-groups', {
        name: 'Three deaths in one crash',
        reason: 'The same collision.',
        caseIds: [a.id, b.id, c.id],
      })
    ).json();
    const third = await officer.delete(`/api/v1/case-groups/${group.id}/cases/${c.id}`);
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({ endedAt: null });
    expect(third.json().cases).toHaveLength(2);

    const page = await t.browser(officer.user);
    const lastTwo = await page.get(`/case-groups/${group.id}`);
    expect(lastTwo.body).toContain('Taking out either of these two ends the group');
    const taken = await page.post(`/case-groups/${group.id}/cases/${a.id}/remove`);
    expect(taken.statusCode).toBe(303);
    const ended = await page.get(taken.headers.location as string);
    expect(ended.body).toContain('The group has ended: both cases are now heard on their own.');
    expect(ended.body).toContain('This group ended on');
    expect(ended.body).not.toContain('Add to the group');
    expect(ended.body).not.toContain('/remove"');

    const view = (await officer.get(`/api/v1/case-groups/${group.id}`)).json();
    expect(view.cases).toEqual([]);
    expect(view.endedAt).not.toBeNull();
    // The case left behind is told why, and is free: to be transferred, or grouped again.
    const events = (await officer.get(`/api/v1/cases/${b.id}`)).json().events;
    expect(events.at(-1)).toMatchObject({ type: 'CASE_UNGROUPED' });
    expect(events.at(-1).payload.summary).toContain(`ended when ${a.reference} was taken out`);
    const again = await officer.post('/api/v1/case-groups', {
      name: 'Heard together again',
      reason: 'New evidence links them.',
      caseIds: [b.id, d.id],
    });
    expect(again.statusCode, again.body).toBe(201);
    // An ended group takes no more cases.
    const refused = await officer.post(`/api/v1/case-groups/${group.id}/cases`, { caseIds: [c.id] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('This group has ended');
    const list = await page.get('/case-groups');
    expect(list.body).toContain('Three deaths in one crash</a> (ended)');
  });

  it('names every problem with the references on the new group form at once', async () => {
    const [open, closed, grouped, other] = [
      await newCase(),
      await newCase(),
      await newCase(),
      await newCase(),
    ];
    const noDuty = await coroner.post(`/api/v1/cases/${closed.id}/actions`, {
      type: 'DECIDE_NO_DUTY',
      route: 'MCCD',
      reason: 'Natural causes',
    });
    expect(noDuty.statusCode, noDuty.body).toBe(200);
    const first = await officer.post('/api/v1/case-groups', {
      name: 'Earlier group',
      reason: 'r',
      caseIds: [grouped.id, other.id],
    });
    expect(first.statusCode, first.body).toBe(201);
    const page = await t.browser(officer.user);
    const res = await page.post('/case-groups/new', {
      name: 'Flats fire',
      references: [open.reference, closed.reference, grouped.reference, 'EL-2026-999997'].join('\n'),
      reason: '',
    });
    expect(res.statusCode).toBe(400);
    const summary = res.body.slice(res.body.indexOf('govuk-error-summary'), res.body.indexOf('</main>'));
    for (const problem of [
      'There is no case with the reference EL-2026-999997. Check it and try again',
      `${closed.reference} is closed, so its inquest cannot be heard with others`,
      `${grouped.reference} is already in another group. Remove it from that group first`,
    ])
      expect(summary).toContain(`href="#references">${problem}</a>`);
    expect(summary).toContain('href="#reason">Enter why these inquests should be heard together</a>');
    expect(res.body).toContain(`${closed.reference} is closed, so its inquest cannot be heard with others.`);
  });

  it('forms a group from the pages, by case reference, and shows it on each case page', async () => {
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    const page = await t.browser(officer.user);
    const form = await page.get(`/case-groups/new?reference=${a.reference}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(a.reference);

    const bad = await page.post('/case-groups/new', {
      name: 'Road',
      references: `${a.reference}\nEL-2026-999999`,
      reason: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is no case with the reference EL-2026-999999');
    expect(bad.body).toContain('Enter why these inquests should be heard together');

    const made = await page.post('/case-groups/new', {
      name: 'Collision on the A13',
      references: `${a.reference}\n${b.reference}\n${c.reference}`,
      reason: 'All died in the same collision.',
    });
    expect(made.statusCode, made.body).toBe(303);
    const groupUrl = made.headers.location!.split('?')[0]!;
    const groupPage = await page.get(made.headers.location!);
    expect(groupPage.body).toContain('Collision on the A13');
    expect(groupPage.body).toContain('All died in the same collision.');

    const casePage = await page.get(`/cases/${a.id}`);
    expect(casePage.body).toContain('Heard together with other inquests: Collision on the A13');
    expect(casePage.body).toContain('Inquest to be heard with others');

    const removed = await page.post(`${groupUrl}/cases/${b.id}/remove`);
    expect(removed.statusCode).toBe(303);
    expect((await page.get(groupUrl)).body).not.toContain(b.reference);
    const bAudited = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.caseId, b.id))
      .orderBy(auditEvents.seq);
    expect(bAudited.map((e) => e.action)).toEqual([
      'DEATH_REPORTED',
      'CASE_GROUP_CREATED',
      'CASE_GROUP_CASE_REMOVED',
    ]);
    const badAdd = await page.post(`${groupUrl}/cases`, { references: 'EL-2026-999998' });
    expect(badAdd.statusCode).toBe(400);
    expect(badAdd.body).toContain('There is no case with the reference EL-2026-999998');
  });
});
