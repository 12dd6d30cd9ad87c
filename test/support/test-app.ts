import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import {
  createApiToken,
  createSession,
  createUser,
  type User,
} from '../../src/platform/auth/auth.queries.ts';
import { sessions } from '../../src/platform/auth/auth.tables.ts';
import type { CoronerOffice, Role } from '../../src/platform/auth/roles.ts';
import { hashSecret } from '../../src/platform/auth/tokens.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { createLogger } from '../../src/platform/log.ts';
import { createNotifySender } from '../../src/platform/notify/notify.ts';
import { documentStoreFromConfig } from '../../src/platform/storage/storage.config.ts';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The real app, in-process, on the run's real database (PGlite or PostgreSQL), with a pinned clock. */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    now?: string;
    /** A database of the test's own (see isolated-database.ts); its owner closes it. */
    database?: Database;
  } = {},
) {
  const database: Database = options.database ?? (await openDatabase({ ...inject('database'), poolSize: 4 }));
  const clock = fixedClock(options.now ?? '2026-11-25T10:00:00Z');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: `/tmp/opencoroner-test-${process.pid}`,
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
    // Tests move the clock on by hours between requests; session-idle.test.ts tests the idle limit itself.
    SESSION_IDLE_MINUTES: '720',
    ...options.env,
  });
  const notifier = createNotifySender(config.notify);
  const storage = documentStoreFromConfig(config.storage);
  const app = await buildApp({ config, database, clock, logger: createLogger('silent'), notifier, storage });

  async function user(
    role: Role,
    extra: {
      areaCode?: string | null;
      coronerOffice?: CoronerOffice;
      organisation?: string | null;
      password?: string;
      name?: string;
    } = {},
  ): Promise<User> {
    return createUser(database.db, {
      email: `${role}-${randomUUID()}@test.example`,
      name: extra.name ?? `Test ${role}`,
      role,
      areaCode:
        extra.areaCode === undefined
          ? ['coroner', 'officer', 'court-admin', 'local-authority'].includes(role)
            ? 'EL'
            : null
          : extra.areaCode,
      coronerOffice: extra.coronerOffice ?? (role === 'coroner' ? 'senior' : null),
      organisation:
        extra.organisation === undefined
          ? role === 'provider'
            ? 'Metropolitan Police Service'
            : null
          : extra.organisation,
      password: extra.password ?? null,
    });
  }

  /** A signed-in browser: its requests carry the session cookie and the CSRF token on form posts. */
  async function browser(u: User) {
    const secret = await createSession(database.db, u.id, clock.now(), 12);
    const [session] = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashSecret(secret)));
    const cookie = `oc_session=${secret}`;
    return {
      user: u,
      csrf: session!.csrfToken,
      get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
      post: (url: string, form: Record<string, string | string[]> = {}) =>
        app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(
            Object.entries({ _csrf: session!.csrfToken, ...form }).flatMap(([k, v]): [string, string][] =>
              Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
            ),
          ).toString(),
        }),
      inject: (opts: InjectOptions) =>
        app.inject({ ...opts, headers: { cookie, 'x-csrf-token': session!.csrfToken, ...opts.headers } }),
    };
  }

  /** An integration calling the JSON API with a bearer token. */
  async function client(u: User) {
    const { token } = await createApiToken(database.db, u.id, 'test');
    const headers = { authorization: `Bearer ${token}` };
    const call = (
      method: InjectOptions['method'],
      url: string,
      body?: unknown,
    ): Promise<LightMyRequestResponse> =>
      app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    return {
      user: u,
      token,
      get: (url: string) => call('GET', url),
      post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
      put: (url: string, body?: unknown) => call('PUT', url, body ?? {}),
      delete: (url: string) => call('DELETE', url),
    };
  }

  return {
    app: app as FastifyInstance,
    database,
    db: database.db,
    clock,
    config,
    notifier,
    storage,
    user,
    browser,
    client,
    close: async () => {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
