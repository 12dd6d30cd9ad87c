import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { checkSignIn, createSession, endSession, sessionLeft } from '../../platform/auth/auth.queries.ts';
import { PUBLIC, ROLE_LABELS, SIGNED_IN } from '../../platform/auth/roles.ts';
import { SESSION_COOKIE, setSessionCookie } from '../../platform/http/access.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  audit,
  auditRefusedSignIn,
  lockedOutMessage,
  seeOther,
} from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { landingPage } from './account.landing.ts';
import { safeReturnTo, signInForm } from './account.schema.ts';

/** Sign-in, sign-out and the start page (which sends each role to its own landing page). */
export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get('/', { config: { permission: PUBLIC, audit: null } }, async (req, reply) => {
    if (!req.principal) return seeOther(reply, '/sign-in');
    return seeOther(reply, landingPage(req.principal.role));
  });

  app.get<{ Querystring: { returnTo?: string; signedOut?: string } }>(
    '/sign-in',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      if (req.principal) return seeOther(reply, landingPage(req.principal.role));
      return reply.page('account/views/sign-in.njk', {
        title: 'Sign in',
        values: { returnTo: safeReturnTo(req.query.returnTo) },
        // Sent here by a page whose session had ended: say why, so the person is not left wondering.
        signedOut: req.query.signedOut === '1' || req.sessionEnded,
        idleMinutes: deps.config.sessionIdleMinutes,
        sessionHours: deps.config.sessionHours,
        hideSignIn: true,
      });
    },
  );

  app.post(
    '/sign-in',
    {
      config: {
        permission: PUBLIC,
        audit: 'SIGN_IN',
        rateLimit: { max: deps.config.signIn.attemptsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const parsed = signInForm.safeParse(req.body);
      const values = { ...(req.body as Record<string, unknown>), password: '' };
      if (!parsed.success) {
        return reply.code(400).page('account/views/sign-in.njk', {
          title: 'Sign in',
          values,
          errors: formErrors(fieldErrorsOf(parsed.error.issues)),
          hideSignIn: true,
        });
      }
      const now = deps.clock.now();
      const result = await checkSignIn(db, parsed.data.email, parsed.data.password, now, deps.config.signIn);
      if (!result.ok) {
        await auditRefusedSignIn(db, req, result, now);
        const message =
          result.reason === 'locked'
            ? lockedOutMessage(result.lockedUntil!)
            : 'Enter a correct email address and password';
        return reply.code(result.reason === 'locked' ? 403 : 400).page('account/views/sign-in.njk', {
          title: 'Sign in',
          values,
          errors: formErrors({ email: message }),
          hideSignIn: true,
        });
      }
      const user = result.user;
      const secret = await db.transaction(async (tx) => {
        const s = await createSession(tx, user.id, now, deps.config.sessionHours);
        await appendAudit(
          tx,
          { id: user.id, label: `${user.name} (${ROLE_LABELS[user.role]})`, role: user.role },
          { action: 'SIGN_IN', subjectType: 'user', subjectId: user.id, requestId: req.id },
          now,
        );
        return s;
      });
      setSessionCookie(reply, secret, deps.config.secureCookies);
      return seeOther(reply, safeReturnTo(parsed.data.returnTo) ?? landingPage(user.role));
    },
  );

  app.post('/sign-out', { config: { permission: SIGNED_IN, audit: 'SIGN_OUT' } }, async (req, reply) => {
    const principal = req.principal!;
    if (principal.sessionId) {
      await db.transaction(async (tx) => {
        await endSession(tx, principal.sessionId!);
        await audit(tx, req, { subjectType: 'user', subjectId: principal.userId }, deps.clock.now());
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return seeOther(reply, '/signed-out');
  });

  // Pages tell the server they are in use (the warning's "Stay signed in", or typing in a form). Like any page
  // read, the access check has already moved the session's last use on; the answer is how long it now has, and
  // whether that end is final (SESSION_HOURS after signing in), which no use moves.
  app.get('/keep-signed-in', { config: { permission: SIGNED_IN, audit: null } }, async (req, reply) => {
    const left = sessionLeft(req.principal, deps.clock.now());
    if (!left) throw new AppError('FORBIDDEN', 'Only a signed-in browser can stay signed in.');
    return reply.header('cache-control', 'no-store').send(left);
  });

  app.get('/signed-out', { config: { permission: PUBLIC, audit: null } }, async (_req, reply) =>
    reply.page('account/views/signed-out.njk', { title: 'You have signed out' }),
  );

  app.get('/accessibility', { config: { permission: PUBLIC, audit: null } }, async (_req, reply) =>
    reply.page('account/views/accessibility.njk', {
      title: 'Accessibility statement',
      idleMinutes: deps.config.sessionIdleMinutes,
      sessionHours: deps.config.sessionHours,
    }),
  );
}
