import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ROLES, type Role } from '../auth/roles.ts';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, SAMPLE_ID).replace(/\*$/, 'x');

describe('deny by default: every registered route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('declares who may use it (the app would not start otherwise)', () => {
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(route.permission, `${route.method} ${route.url}`).toBeDefined();
  });

  it('refuses an anonymous caller on every route that is not public', async () => {
    const routes = t.app.routeTable.filter((r) => r.permission.kind !== 'public' && r.method !== 'HEAD');
    for (const route of routes) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: fill(route.url),
        payload: route.method === 'GET' ? undefined : {},
      });
      const where = `${route.method} ${route.url}`;
      if (route.url.startsWith('/api/')) {
        expect(res.statusCode, where).toBe(401);
        expect(res.json().error.code, where).toBe('UNAUTHENTICATED');
      } else {
        expect(res.statusCode, where).toBe(303);
        expect(res.headers.location, where).toMatch(/^\/sign-in/);
      }
    }
  });

  it('refuses every role the route does not name, before reading any input', async () => {
    const routes = t.app.routeTable.filter((r) => r.permission.kind === 'roles' && r.method !== 'HEAD');
    const sessions = new Map<Role, Awaited<ReturnType<TestApp['browser']>>>();
    for (const role of ROLES) sessions.set(role, await t.browser(await t.user(role)));
    const tokens = new Map<Role, Awaited<ReturnType<TestApp['client']>>>();
    for (const role of ROLES) tokens.set(role, await t.client(await t.user(role)));
    let checked = 0;
    for (const route of routes) {
      if (route.permission.kind !== 'roles') continue;
      const allowed = route.permission.roles;
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const where = `${route.method} ${route.url} as ${role}`;
        const res = route.url.startsWith('/api/')
          ? await t.app.inject({
              method: route.method as 'GET',
              url: fill(route.url),
              headers: { authorization: `Bearer ${tokens.get(role)!.token}` },
              payload: route.method === 'GET' ? undefined : {},
            })
          : await sessions.get(role)!.inject({
              method: route.method as 'GET',
              url: fill(route.url),
              payload: route.method === 'GET' ? undefined : {},
            });
        expect(res.statusCode, where).toBe(403);
        // A bereaved family has no system administrator: they are sent to the coroner's office.
        if (role === 'interested-person') expect(res.body, where).toContain('contact the coroner’s office');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('requires every route that writes to declare its audit event', () => {
    for (const route of t.app.routeTable.filter((r) =>
      ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method),
    )) {
      expect(route.audit, `${route.method} ${route.url}`).toMatch(/^[A-Z][A-Z_]+$/);
    }
  });
});
