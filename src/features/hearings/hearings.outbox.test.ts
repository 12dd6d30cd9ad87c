import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { STAND_IN_API_KEY, startNotifyStandIn } from '../../platform/notify/notify.stand-in.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { deliverDueNotifications } from '../../platform/notify/notify.ts';
import { courts } from '../areas/areas.tables.ts';
import { caseDeadlines } from '../cases/cases.tables.ts';
import { inquestCase } from './hearings.fixtures.ts';
import { meetSentNotices } from './hearings.notices.ts';

describe('hearing notices through GOV.UK Notify (local stand-in)', () => {
  let t: TestApp;
  let standIn: Awaited<ReturnType<typeof startNotifyStandIn>>;
  beforeAll(async () => {
    standIn = await startNotifyStandIn();
    t = await createTestApp({
      env: {
        NOTIFY_API_KEY: STAND_IN_API_KEY,
        NOTIFY_BASE_URL: standIn.url,
        NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
        NOTIFY_SMS_TEMPLATE_ID: randomUUID(),
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await standIn.close();
  });

  it('queues notices with the change, retries a failure with backoff, sends them and meets the clock', async () => {
    const admin = await t.client(await t.user('court-admin'));
    const officer = await t.client(await t.user('officer'));
    const coroner = await t.client(await t.user('coroner'));
    const c = await inquestCase(t, officer, coroner);
    const [court] = await t.db.select().from(courts).where(eq(courts.name, "Walthamstow Coroner's Court"));
    const room = (
      await admin.post(`/api/v1/courts/${court!.id}/rooms`, {
        name: `Court ${randomUUID().slice(0, 6)}`,
        capacity: 20,
        juryCapable: false,
        videoLink: false,
      })
    ).json();
    const listed = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: court!.id,
      roomId: room.rooms.at(-1).id,
      startsAt: '2026-12-29T10:00:00Z',
    });
    expect(listed.statusCode, listed.body).toBe(201);
    const mine = () => t.db.select().from(notifications).where(eq(notifications.caseId, c.id));
    expect((await mine()).map((n) => n.status)).toEqual(['queued', 'queued']);

    standIn.failNext(100);
    const now = new Date('2026-11-25T10:00:00Z');
    await deliverDueNotifications(t.db, t.notifier, now, 1000);
    const failed = await mine();
    expect(failed.every((n) => n.status === 'queued' && n.attempts === 1 && n.nextAttemptAt > now)).toBe(
      true,
    );
    expect(failed[0]!.lastError).toMatch(/Notify answered 500/);

    standIn.failNext(0);
    const later = new Date(Math.max(...failed.map((n) => n.nextAttemptAt.getTime())));
    await deliverDueNotifications(t.db, t.notifier, later, 1000);
    expect((await mine()).map((n) => n.status)).toEqual(['sent', 'sent']);
    const got = standIn.received.filter((m) => m.personalisation.body?.includes(c.name));
    expect(got.map((m) => m.type).sort()).toEqual(['email', 'sms']);
    expect(got.find((m) => m.type === 'email')!.personalisation.subject).toBe(
      `Date of the pre-inquest review: ${c.name}`,
    );

    await meetSentNotices(t.db);
    const [clock] = await t.db
      .select()
      .from(caseDeadlines)
      .where(and(eq(caseDeadlines.caseId, c.id), eq(caseDeadlines.source, 'hearing')));
    expect(clock!.metOn).not.toBeNull();
  });
});
