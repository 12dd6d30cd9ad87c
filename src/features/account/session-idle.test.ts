import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { sessions } from '../../platform/auth/auth.tables.ts';

const START = '2026-11-25T10:00:00Z';
const minutes = (n: number) => new Date(new Date(START).getTime() + n * 60_000);

describe('a session unused for SESSION_IDLE_MINUTES ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: START, env: { SESSION_IDLE_MINUTES: '60' } });
  });
  afterAll(() => t.close());

  async function lastSeen(userId: string) {
    const [row] = await t.db
      .select({ lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    return row!.lastSeenAt.toISOString();
  }

  it('ends after an hour without use and the sign-in page says why, keeping where the person was', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    t.clock.set(minutes(59));
    expect((await officer.get('/cases')).statusCode).toBe(200);
    t.clock.set(minutes(59 + 60));
    const ended = await officer.get('/cases?status=OPEN');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe(
      `/sign-in?returnTo=${encodeURIComponent('/cases?status=OPEN')}&signedOut=1`,
    );
    expect(ended.cookies.find((c) => c.name === 'oc_session')?.value).toBe('');
    const signIn = await t.app.inject({ method: 'GET', url: ended.headers.location as string });
    expect(signIn.body).toContain('You have been signed out');
    expect(signIn.body).toContain(
      'when you have not used it for 60 minutes, and 12 hours after you signed in',
    );
    expect(signIn.body).toContain(`name="returnTo" value="/cases?status=OPEN"`);
    // A form sent after the session ended is not taken either.
    const post = await officer.post('/sign-out');
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/sign-in?signedOut=1');
  });

  it('is kept going by each use, written at most once a minute', async () => {
    t.clock.set(START);
    const coroner = await t.browser(await t.user('coroner'));
    t.clock.set(minutes(0.5));
    await coroner.get('/cases');
    expect(await lastSeen(coroner.user.id)).toBe(new Date(START).toISOString());
    for (const at of [50, 100, 150, 200]) {
      t.clock.set(minutes(at));
      expect((await coroner.get('/cases')).statusCode).toBe(200);
      expect(await lastSeen(coroner.user.id)).toBe(minutes(at).toISOString());
    }
  });

  it('refuses an API call with the ended session as unauthenticated', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    t.clock.set(minutes(61));
    const res = await officer.get('/api/v1/cases');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('still ends SESSION_HOURS after signing in, however much it is used', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    for (let at = 30; at < 12 * 60; at += 30) {
      t.clock.set(minutes(at));
      expect((await officer.get('/cases')).statusCode).toBe(200);
    }
    t.clock.set(minutes(12 * 60));
    expect((await officer.get('/cases')).statusCode).toBe(303);
  });

  it('gives signed-in pages the warning, set to the time the session has left', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    t.clock.set(minutes(0.75));
    const page = await officer.get('/cases');
    // Used 45 seconds ago, not yet counted again: 59 minutes 15 seconds left.
    expect(page.body).toContain('data-seconds-left="3555" data-idle-minutes="60"');
    expect(page.body).toContain('You’re about to be signed out');
    const anonymous = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(anonymous.body).not.toContain('session-timeout');
  });

  it('counts the warning to the end of SESSION_HOURS when that comes first, and says no use moves it', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    // Used all day, every 50 minutes.
    for (let at = 50; at < 10 * 60 + 50; at += 50) {
      t.clock.set(minutes(at));
      expect((await officer.get('/cases')).statusCode).toBe(200);
    }
    t.clock.set(minutes(10 * 60 + 50));
    const before = await officer.get('/cases');
    expect(before.body).toContain('data-seconds-left="3600" data-idle-minutes="60" data-final="false"');
    t.clock.set(minutes(11 * 60 + 30));
    const page = await officer.get('/cases');
    expect(page.body).toContain('data-seconds-left="1800" data-idle-minutes="60" data-final="true"');
    expect(page.body.replace(/\s+/g, ' ')).toContain(
      'a sign-in lasts 12 hours at most, so we will sign you out in',
    );
    expect(page.body).toMatch(
      /<button type="button" class="govuk-button" data-when-idle data-session-stay autofocus hidden>/,
    );
    t.clock.set(minutes(11 * 60 + 40));
    expect((await officer.get('/keep-signed-in')).json()).toEqual({ secondsLeft: 1200, final: true });
  });

  it('tells people of the limit in the accessibility statement', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/accessibility' });
    expect(page.body.replace(/\s+/g, ' ')).toContain(
      'you are signed out when you have not used the service for 60 minutes',
    );
    expect(page.body.replace(/\s+/g, ' ')).toContain('a sign-in lasts 12 hours at most');
  });

  it('keeps the session going when the page says it is in use, and says how long it now has', async () => {
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    t.clock.set(minutes(55));
    const kept = await officer.get('/keep-signed-in');
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['cache-control']).toBe('no-store');
    expect(kept.json()).toEqual({ secondsLeft: 3600, final: false });
    t.clock.set(minutes(110));
    expect((await officer.get('/cases')).statusCode).toBe(200);
  });

  it('refuses to keep anything going for an API token or an ended session', async () => {
    const client = await t.client(await t.user('officer'));
    const token = await client.get('/keep-signed-in');
    expect(token.statusCode).toBe(403);
    t.clock.set(START);
    const officer = await t.browser(await t.user('officer'));
    t.clock.set(minutes(61));
    const ended = await officer.get('/keep-signed-in');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toContain('signedOut=1');
  });
});
