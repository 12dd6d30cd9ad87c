import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/support/test-app.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';

// Shared set-up for the portal's route tests: following an invitation link as a person would.

/** The secret of the invitation link in a queued email. */
export async function linkFromOutbox(t: TestApp, notificationId: string): Promise<string> {
  const [note] = await t.db.select().from(notifications).where(eq(notifications.id, notificationId));
  const match = /\/invitations\/([A-Za-z0-9_-]+)/.exec(note!.body);
  expect(match, note!.body).not.toBeNull();
  return match![1]!;
}

/** Opens the link anonymously and submits the password form; returns the response and the new session's cookie. */
export async function followInvitation(
  t: TestApp,
  secret: string,
  form: { password: string; confirmPassword?: string },
): Promise<{ page: LightMyRequestResponse; res: LightMyRequestResponse; cookie?: string }> {
  const url = `/invitations/${secret}`;
  const page = await t.app.inject({ method: 'GET', url });
  const anon = page.cookies.find((c) => c.name === 'oc_csrf')?.value ?? '';
  // A refused link shows no form: take the visitor's CSRF token from another page, as a replayed post would.
  const formPage = page.body.includes('name="_csrf"')
    ? page
    : await t.app.inject({ method: 'GET', url: '/sign-in', headers: { cookie: `oc_csrf=${anon}` } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(formPage.body)?.[1] ?? '';
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: `oc_csrf=${anon}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
  });
  const session = res.cookies.find((c) => c.name === 'oc_session')?.value;
  return { page, res, cookie: session ? `oc_session=${session}` : undefined };
}

/** A request as the signed-in browser holding `cookie`. */
export const asBrowser = (t: TestApp, cookie: string) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } }),
});
