import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { retryDelayMs } from '../jobs/jobs.ts';
import { STAND_IN_API_KEY, startNotifyStandIn } from './notify.stand-in.ts';
import { notifications } from './notify.tables.ts';
import { createNotifySender, deliverDueNotifications, queueNotification } from './notify.ts';

describe('the notification outbox', () => {
  let database: Database;
  let standIn: Awaited<ReturnType<typeof startNotifyStandIn>>;
  beforeAll(async () => {
    database = await openDatabase({ ...inject('database'), poolSize: 2 });
    standIn = await startNotifyStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await database.close();
  });

  const message = (email: string) => ({
    to: { name: 'Joan Walsh', email },
    template: 'TEST',
    subject: 'Your hearing',
    body: 'The hearing is on 3 March 2026 at 10am.',
  });

  it('sends through GOV.UK Notify and records the provider’s id', async () => {
    const sender = createNotifySender({
      apiKey: STAND_IN_API_KEY,
      baseUrl: standIn.url,
      emailTemplateId: 'tpl',
    });
    const now = new Date('2026-11-25T10:00:00Z');
    const row = await database.db.transaction((tx) =>
      queueNotification(tx, message('joan.sent@example.org'), now, sender),
    );
    expect(row.status).toBe('queued');
    await deliverDueNotifications(database.db, sender, now);
    const [after] = await database.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1 });
    expect(after!.providerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(standIn.received.find((m) => m.to === 'joan.sent@example.org')?.personalisation).toEqual({
      subject: 'Your hearing',
      body: 'The hearing is on 3 March 2026 at 10am.',
    });
  });

  it('retries a failed send later with backoff, and never loses the message', async () => {
    const sender = createNotifySender({
      apiKey: STAND_IN_API_KEY,
      baseUrl: standIn.url,
      emailTemplateId: 'tpl',
    });
    const now = new Date('2026-11-25T11:00:00Z');
    const row = await database.db.transaction((tx) =>
      queueNotification(tx, message('joan.retry@example.org'), now, sender),
    );
    standIn.failNext(100);
    await deliverDueNotifications(database.db, sender, now);
    standIn.failNext(0);
    let [after] = await database.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after).toMatchObject({ status: 'queued', attempts: 1 });
    expect(after!.lastError).toContain('500');
    expect(after!.nextAttemptAt.getTime()).toBe(now.getTime() + retryDelayMs(1));
    await deliverDueNotifications(database.db, sender, new Date(now.getTime() + 10_000));
    [after] = await database.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after!.status).toBe('queued');
    await deliverDueNotifications(database.db, sender, new Date(now.getTime() + retryDelayMs(1)));
    [after] = await database.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps messages for the office when no sending service is configured, and letters always', async () => {
    const unconfigured = createNotifySender({});
    const now = new Date('2026-11-25T12:00:00Z');
    const kept = await database.db.transaction((tx) =>
      queueNotification(tx, message('joan.kept@example.org'), now, unconfigured),
    );
    expect(kept.status).toBe('kept');
    const configured = createNotifySender({
      apiKey: STAND_IN_API_KEY,
      baseUrl: standIn.url,
      emailTemplateId: 'tpl',
    });
    const letter = await database.db.transaction((tx) =>
      queueNotification(
        tx,
        { ...message(''), to: { name: 'Joan Walsh', postalAddress: '1 High Street, Barking' } },
        now,
        configured,
      ),
    );
    expect(letter).toMatchObject({ channel: 'letter', status: 'kept' });
  });

  it('is written with the change or not at all', async () => {
    const sender = createNotifySender({});
    await expect(
      database.db.transaction(async (tx) => {
        await queueNotification(tx, message('joan.rollback@example.org'), new Date(), sender);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.email, 'joan.rollback@example.org'));
    expect(rows).toEqual([]);
  });
});
