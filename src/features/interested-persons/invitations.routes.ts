import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { checkSignIn, createSession } from '../../platform/auth/auth.queries.ts';
import { PUBLIC, ROLE_LABELS } from '../../platform/auth/roles.ts';
import { setSessionCookie } from '../../platform/http/access.ts';
import { auditRefusedSignIn, lockedOutMessage, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { findCase } from '../cases/cases.queries.ts';
import { acceptInvitation, checkInvitation } from './interested-persons.commands.ts';
import { acceptInput } from './interested-persons.schema.ts';

type Req = FastifyRequest<{ Params: { token: string }; Body: Record<string, string> }>;

/**
 * The invitation link: a person following it sets a password (or, with an account already, confirms theirs)
 * and is signed in to the portal. A link that is unknown, used, expired or withdrawn is refused in words.
 */
export function registerInvitationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  const refused = (reply: FastifyReply, message: string) =>
    reply.code(410).page('interested-persons/views/invitation-refused.njk', {
      title: 'You cannot use this invitation link',
      message,
      hideSignIn: true,
    });

  async function form(req: Req, reply: FastifyReply, errors?: ReturnType<typeof formErrors>) {
    const check = await checkInvitation(db, req.params.token, deps.clock.now());
    if (!check.ok) return refused(reply, check.message);
    // Whose death it is: the person holding the link was invited to follow this investigation.
    const theCase = await findCase(db, check.person.caseId);
    // The page names the person invited and the death: the browser keeps no copy of it for the next user.
    reply.header('cache-control', 'no-store');
    return reply.code(errors ? 400 : 200).page('interested-persons/views/invitation.njk', {
      title: check.existingUser
        ? 'Add this case to your account'
        : 'Set a password to follow the case online',
      onBehalfOf: check.invitation.capacity === 'representative' ? check.person.name : undefined,
      deceased: theCase ? `${theCase.givenNames} ${theCase.familyName}` : undefined,
      email: check.invitation.email,
      existing: Boolean(check.existingUser),
      token: req.params.token,
      errors,
      hideSignIn: true,
    });
  }

  app.get<{ Params: { token: string }; Body: Record<string, string> }>(
    '/invitations/:token',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      return form(req, reply);
    },
  );

  app.post<{ Params: { token: string }; Body: Record<string, string> }>(
    '/invitations/:token',
    {
      config: {
        permission: PUBLIC,
        audit: 'PORTAL_INVITATION_ACCEPTED',
        rateLimit: { max: deps.config.signIn.attemptsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const now = deps.clock.now();
      const check = await checkInvitation(db, req.params.token, now);
      if (!check.ok) return refused(reply, check.message);
      const body = req.body ?? {};
      const password = typeof body.password === 'string' ? body.password : '';
      if (!check.existingUser) {
        const parsed = acceptInput.safeParse({ password, confirmPassword: body.confirmPassword ?? '' });
        if (!parsed.success) return form(req, reply, formErrors(fieldErrorsOf(parsed.error.issues)));
      } else if (!password) {
        return form(req, reply, formErrors({ password: 'Enter your password' }));
      } else {
        // An account's password is checked as at sign-in: a wrong one counts towards the account's lock-out.
        const signIn = await checkSignIn(db, check.existingUser.email, password, now, deps.config.signIn);
        if (!signIn.ok) {
          await auditRefusedSignIn(db, req, signIn, now);
          const message =
            signIn.reason === 'locked'
              ? lockedOutMessage(signIn.lockedUntil!)
              : 'Enter the password you already use to sign in to OpenCoroner';
          return form(req, reply, formErrors({ password: message }));
        }
      }
      const result = await db.transaction(async (tx) => {
        const r = await acceptInvitation(tx, req.params.token, password, now);
        if (!r.ok) return r;
        const secret = await createSession(tx, r.user.id, now, deps.config.sessionHours);
        await appendAudit(
          tx,
          { id: r.user.id, label: `${r.user.name} (${ROLE_LABELS[r.user.role]})`, role: r.user.role },
          {
            action: 'PORTAL_INVITATION_ACCEPTED',
            caseId: r.caseId,
            subjectType: 'interested-person',
            subjectId: r.personId,
            detail: { accountCreated: r.created },
            requestId: req.id,
          },
          now,
        );
        return { ...r, secret };
      });
      if (!result.ok) {
        if (result.field) return form(req, reply, formErrors({ [result.field]: result.message }));
        return refused(reply, result.message);
      }
      setSessionCookie(reply, result.secret, deps.config.secureCookies);
      return seeOther(reply, `/portal/cases/${result.caseId}`);
    },
  );
}
