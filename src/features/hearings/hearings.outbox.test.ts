import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import { buildApp } from '../../app.ts';
import { createApiToken, createUser } from '../../platform/auth/auth.queries.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/log.ts';
import { STAND_IN_API_KEY, startNotifyStandIn } from '../../platform/notify/notify.stand-in.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import type { Sender } from '../../platform/notify/notify.ts';
import { createNotifySender, deliverDueNotifications } from '../../platform/notify/notify.ts';
import { documentStoreFromConfig } from '../../platform/storage/storage.config.ts';
import { seedDemo } from '../../seed.ts';
import { courts } from '../areas/areas.tables.ts';
import { caseDeadlines } from '../cases/cases.tables.ts';
import { inquestCase } from './hearings.fixtures.ts';
import { meetSentNotices } from './hearings.notices.ts';

/**
 * Its own database: delivering the outbox sends every due message in the database, which must not touch the
 * messages of other test files running at the same time.
 */
describe('hearing notices through GOV.UK Notify (local stand-in)', () => {
  let t: Pick<TestApp, 'db' | 'database'> & {
    notifier: Sender;
    client(role: Role): Promise<{ post(url: string, body?: unknown): Promise<LightMyRequestResponse> }>;
  };
  let standIn: Awaited<ReturnType<typeof startNotifyStandIn>>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    standIn = await startNotifyStandIn();
    const isolated = await isolatedDatabase();
    const { database } = isolated;
    await seedDemo(database.db, new Date('2026-11-25T10:00:00Z'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: `/tmp/opencoroner-test-${process.pid}`,
      LOG_LEVEL: 'silent',
      JOBS: 'false',
      NOTIFY_API_KEY: STAND_IN_API_KEY,
      NOTIFY_BASE_URL: standIn.url,
      NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
      NOTIFY_SMS_TEMPLATE_ID: randomUUID(),
    });
    const notifier = createNotifySender(config.notify);
    const app = await buildApp({
      config,
      database,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      logger: createLogger('silent'),
      notifier,
      storage: documentStoreFromConfig(config.storage),
    });
    t = {
      db: database.db,
      database,
      notifier,
      client: async (role) => {
        const user = await createUser(database.db, {
          email: `${role}-${randomUUID()}@test.example`,
          name: `Test ${role}`,
          role,
          areaCode: 'EL',
          coronerOffice: role === 'coroner' ? 'senior' : null,
          organisation: null,
          password: null,
        });
        const { token } = await createApiToken(database.db, user.id, 'test');
        return {
          post: (url, body) =>
            app.inject({
              method: 'POST',
              url,
              headers: { authorization: `Bearer ${token}` },
              payload: (body ?? {}) as object,
            }),
        };
      },
    };
    close = async () => {
      await app.close();
      await isolated.drop();
    };
  });
  afterAll(async () => {
    await close();
    await standIn.close();
  });

  it('queues notices with the change, retries a failure with backoff, sends them and meets the clock', async () => {
    const admin = await t.client('court-admin');
    const c = await inquestCase(
      t as unknown as TestApp,
      (await t.client('officer')) as never,
      (await t.client('coroner')) as never,
    );
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
