import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { courts } from '../areas/areas.tables.ts';
import { dayNeedingUrgency } from './hearings.domain.ts';
import { inquestCase } from './hearings.fixtures.ts';

const when = (prefix: string, day: string, month: string, year: string, time: string) => ({
  [`${prefix}-day`]: day,
  [`${prefix}-month`]: month,
  [`${prefix}-year`]: year,
  [`${prefix}-time`]: time,
});

describe('Hearing pages refuse dates that do not exist', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['browser']>>;
  let coroner: Awaited<ReturnType<TestApp['client']>>;
  let officer: Awaited<ReturnType<TestApp['client']>>;
  let walthamstow: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.browser(await t.user('court-admin'));
    coroner = await t.client(await t.user('coroner'));
    officer = await t.client(await t.user('officer'));
    const [w] = await t.db.select().from(courts).where(eq(courts.name, "Walthamstow Coroner's Court"));
    walthamstow = w!.id;
  });
  afterAll(() => t.close());

  it('shows the form again with a GOV.UK message, keeping the answers, instead of listing another day', async () => {
    const c = await inquestCase(t, officer, coroner);
    const list = (day: string, month: string, year: string, time: string) =>
      admin.post(`/cases/${c.id}/hearings/new`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        ...when('startsAt', day, month, year, time),
        estimatedMinutes: '60',
      });
    const cases: [[string, string, string, string], string][] = [
      [['31', '2', '2027', '10:00'], 'Date and time must be a real date'],
      [['0', '0', '2026', '10:00'], 'Date and time must be a real date'],
      [['1', '1', '0001', '10:00'], 'Date and time must be a real date, in the years 1900 to 9999'],
      [['20', '11', '0099', '09:00'], 'Date and time must be a real date, in the years 1900 to 9999'],
      [['14', '12', '2026', '25:99'], 'Date and time must have a real time, from 00:00 to 23:59'],
    ];
    for (const [args, message] of cases) {
      const res = await list(...args);
      expect(res.statusCode, args.join('/')).toBe(400);
      expect(res.body).toContain('There is a problem');
      expect(res.body).toContain(message);
      expect(res.body).toContain(`value="${args[0]}"`);
    }
    const listed = await list('14', '12', '2026', '10:00');
    expect(listed.statusCode, listed.body).toBe(303);
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;

    const postponed = await admin.post(`/hearings/${id}/postpone`, {
      reason: 'The pathologist is unavailable',
      ...when('newStartsAt', '31', '2', '2027', '10:00'),
    });
    expect(postponed.statusCode).toBe(400);
    expect(postponed.body).toContain('New date and time must be a real date');
    // A hearing is adjourned once it has started (signed in again: the session of three weeks ago has ended).
    t.clock.set('2026-12-14T11:00:00Z');
    const later = await t.browser(admin.user);
    const adjourned = await later.post(`/hearings/${id}/adjourn`, {
      reason: 'A witness is ill',
      ...when('resumesAt', '1', '13', '2027', '10:00'),
    });
    t.clock.set('2026-11-25T10:00:00Z');
    expect(adjourned.statusCode).toBe(400);
    expect(adjourned.body).toContain('Date and time it resumes must be a real date');
  });

  it('records a hearing held before 1978, when bank holidays are not known, checking only weekends', async () => {
    expect(dayNeedingUrgency('1950-12-25')).toBeUndefined();
    expect(dayNeedingUrgency('1950-12-24')).toBe('it is a weekend');
    const c = await inquestCase(t, officer, coroner, { reportedOn: '1950-03-01' });
    const held = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'OPENING',
      courtId: walthamstow,
      ...when('startsAt', '6', '3', '1950', '10:00'),
      estimatedMinutes: '60',
      alreadyHeld: 'yes',
    });
    expect(held.statusCode, held.body).toBe(303);
  });

  it('answers a list or diary date too far in the future with a message, not a database error', async () => {
    const publicPage = await t.app.inject({ method: 'GET', url: '/hearings?from=9999-12-31' });
    expect(publicPage.statusCode).toBe(400);
    expect(publicPage.body).toContain('Enter a date before the year 3000');
    // Five figures of year typed in the boxes: said in the page's own words, never as YYYY-MM-DD.
    const fiveFigures = await t.app.inject({
      method: 'GET',
      url: '/hearings?from-day=1&from-month=1&from-year=99999',
    });
    expect(fiveFigures.statusCode).toBe(400);
    expect(fiveFigures.body).toContain('Enter a date before the year 3000');
    expect(fiveFigures.body).not.toContain('as a real date, for example 2026');
    const repeated = await t.app.inject({ method: 'GET', url: '/hearings?from-day=1&from-day=2' });
    expect(repeated.statusCode).toBe(200);
    const publicApi = await t.app.inject({ method: 'GET', url: '/api/v1/public/hearings?from=9999-12-31' });
    expect(publicApi.statusCode).toBe(400);
    expect(publicApi.json().error.fields).toEqual({ from: 'Enter a date before the year 3000' });
    const staffApi = await coroner.get('/api/v1/hearings?to=9999-12-31');
    expect(staffApi.statusCode).toBe(400);
    const diary = await admin.get('/court-diary?week=9999-12-31');
    expect(diary.statusCode).toBe(200);
    expect(diary.body).toContain('2026');
  });
});
