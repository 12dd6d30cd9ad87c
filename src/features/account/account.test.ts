import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { safeReturnTo } from './account.schema.ts';

const PASSWORD = 'correct horse battery staple';

function csrfFrom(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

function cookiesFrom(res: { cookies: { name: string; value: string }[] }, jar: Record<string, string> = {}) {
  for (const c of res.cookies) jar[c.name] = c.value;
  return jar;
}
const header = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SIGN_IN_LOCKOUT_FAILURES: '3' } });
  });
  afterAll(() => t.close());

  async function signIn(email: string, password: string, jar: Record<string, string> = {}) {
    const form = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { cookie: header(jar) } });
    cookiesFrom(form, jar);
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(form.body), email, password }).toString(),
    });
    cookiesFrom(res, jar);
    return { res, jar };
  }

  it('signs a coroner in with a server-side session and sends them to the case list', async () => {
    const user = await t.user('coroner', { password: PASSWORD });
    const { res, jar } = await signIn(user.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/cases');
    const session = res.cookies.find((c) => c.name === 'oc_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    // Closing the browser (on a shared computer, say) ends the sign-in: the cookie has no expiry of its own.
    expect(session.maxAge).toBeUndefined();
    expect(session.expires).toBeUndefined();
    const rows = await t.db.execute(sql`select count(*)::int as n from sessions where user_id = ${user.id}`);
    expect(rows.rows[0]).toEqual({ n: 1 });
    const page = await t.app.inject({ method: 'GET', url: '/cases', headers: { cookie: header(jar) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(user.name);
    expect(page.body).toContain('Sign out');
  });

  it('says the same thing for an unknown email and a wrong password', async () => {
    const user = await t.user('officer', { password: PASSWORD });
    const wrong = await signIn(user.email, 'not the password');
    const unknown = await signIn('nobody@test.example', 'whatever it is');
    for (const { res } of [wrong, unknown]) {
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Enter a correct email address and password');
      expect(res.body).toContain('govuk-error-summary');
    }
  });

  it('names each missing field in the error summary', async () => {
    const { res } = await signIn('', '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter your email address');
    expect(res.body).toContain('Enter your password');
    expect(res.body).toContain('href="#email"');
  });

  it('locks an account after repeated wrong passwords, even against the right one', async () => {
    const user = await t.user('officer', { password: PASSWORD });
    for (let i = 0; i < 3; i++) await signIn(user.email, 'wrong password');
    const locked = await signIn(user.email, PASSWORD);
    expect(locked.res.statusCode).toBe(403);
    expect(locked.res.body).toContain('This account is locked');
    const events = await t.db.execute(
      sql`select action from audit_events where subject_id = ${user.id} order by seq`,
    );
    expect(events.rows.map((r) => r.action)).toEqual([
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_LOCKED',
      'SIGN_IN_LOCKED',
    ]);
    t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
    expect((await signIn(user.email, PASSWORD)).res.statusCode).toBe(303);
    t.clock.set('2026-11-25T10:00:00Z');
  });

  it('refuses a form posted without the CSRF token', async () => {
    const user = await t.user('officer', { password: PASSWORD });
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(403);
    // Said as what happened to the form, not as a page the person may not see.
    expect(res.body).toMatch(/<h1[^>]*>\s*This form has expired\s*<\/h1>/);
    expect(res.body).toContain('so nothing was saved');
    expect(res.body).not.toContain('You cannot see this page');
    const b = await t.browser(user);
    const signOut = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: `oc_session=x` },
    });
    expect(signOut.statusCode).toBe(303);
    // A session cookie the server does not know of: the sign-in page says the person was signed out.
    expect(signOut.headers.location).toBe('/sign-in?signedOut=1');
    const forged = await b.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('ends the session on sign-out so the cookie no longer works', async () => {
    const user = await t.user('coroner', { password: PASSWORD });
    const { jar } = await signIn(user.email, PASSWORD);
    const page = await t.app.inject({ method: 'GET', url: '/cases', headers: { cookie: header(jar) } });
    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfFrom(page.body))}`,
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    const after = await t.app.inject({ method: 'GET', url: '/cases', headers: { cookie: header(jar) } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/sign-in?returnTo=%2Fcases&signedOut=1');
  });

  it('shows the name signed in as typed, whatever it holds, beside a working sign-out', async () => {
    const name = "Dollar $' and $& and $` Sign";
    const b = await t.browser(await t.user('officer', { name }));
    const page = await b.get('/cases');
    expect(page.body).toContain('app-account-name">Dollar $&#39; and $&amp; and $` Sign</span>');
    // One sign-out in the header, one in the warning before the session ends; both carry the session's token.
    expect(page.body.match(/action="\/sign-out"/g)).toHaveLength(2);
    expect(new Set([...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]))).toEqual(
      new Set([b.csrf]),
    );
  });

  it('does not follow a return address to another site', async () => {
    const user = await t.user('coroner', { password: PASSWORD });
    const form = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const jar = cookiesFrom(form);
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(form.body),
        email: user.email,
        password: PASSWORD,
        returnTo: '//evil.example/',
      }).toString(),
    });
    expect(res.headers.location).toBe('/cases');
  });

  it('follows only same-site paths after sign-in, however a browser would read them', () => {
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'cases',
    ])
      expect(safeReturnTo(bad), bad).toBeUndefined();
    expect(safeReturnTo(['/cases', '/x'])).toBeUndefined(); // ?returnTo=a&returnTo=b
    expect(safeReturnTo('/cases?q=Kovari')).toBe('/cases?q=Kovari');
  });

  it('authenticates integrations with API tokens stored only as hashes', async () => {
    const api = await t.client(await t.user('officer'));
    expect((await api.get('/api/v1/areas')).statusCode).toBe(200);
    const stored = await t.db.execute(sql`select token_hash from api_tokens where user_id = ${api.user.id}`);
    expect(stored.rows[0]!.token_hash).not.toBe(api.token);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/areas',
      headers: { authorization: 'Bearer oc_nope' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toContain('API token is not valid');
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SIGN_IN_ATTEMPTS_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 after too many attempts from one address in a minute, saying once what to do', async () => {
    const answers: { statusCode: number; body: string }[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'email=a%40b.c&password=x',
        }),
      );
    }
    expect(answers.slice(0, 3).every((a) => a.statusCode !== 429)).toBe(true);
    expect(answers[4]!.statusCode).toBe(429);
    expect(answers[4]!.body).toContain('<h1 class="govuk-heading-l">Too many attempts</h1>');
    expect(answers[4]!.body.match(/Wait a minute, then try again\./g)).toHaveLength(1);
  });

  it('does not let a caller choose the address it counts by sending X-Forwarded-For', async () => {
    const other = await createTestApp({ env: { SIGN_IN_ATTEMPTS_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await other.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `10.0.0.${i}`,
          },
          payload: 'email=a%40b.c&password=x',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses[4]).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('wrong passwords sent at once', () => {
  it('counts every one, so the account locks and the right password is then refused', async () => {
    const t = await createTestApp({
      env: { SIGN_IN_LOCKOUT_FAILURES: '3', SIGN_IN_ATTEMPTS_PER_MINUTE: '100' },
    });
    try {
      const user = await t.user('officer', { password: PASSWORD });
      const form = await t.app.inject({ method: 'GET', url: '/sign-in' });
      const jar = cookiesFrom(form);
      const attempt = (password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            _csrf: csrfFrom(form.body),
            email: user.email,
            password,
          }).toString(),
        });
      await Promise.all(Array.from({ length: 6 }, () => attempt('wrong password')));
      const right = await attempt(PASSWORD);
      expect(right.statusCode).toBe(403);
      expect(right.body).toContain('This account is locked');
    } finally {
      await t.close();
    }
  });
});
