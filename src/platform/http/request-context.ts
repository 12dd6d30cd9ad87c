import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AuditEntry } from '../audit/audit.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/auth.queries.ts';
import { type Permission, ROLE_LABELS, type Role } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import { govukDateTime } from '../views/dates.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route. */
    permission?: Permission;
    /** The audit event the route writes (SCREAMING_SNAKE), or null for a read that is not audited. */
    audit?: string | null;
    /** Multipart routes check the CSRF token themselves once the form fields are read. */
    csrfInHandler?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The CSRF token forms on this request's page must carry. */
    csrfToken: string;
    /** The request carried a session cookie whose session has ended (timed out, or signed out elsewhere). */
    sessionEnded: boolean;
  }
}

export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/');

/** The signed-in user, or a 401 (the access hook normally guarantees one). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return req.principal;
}

export function actorOf(req: FastifyRequest): Actor {
  const p = req.principal;
  if (!p) return { id: null, label: 'Anonymous visitor', role: null };
  return { id: p.userId, label: `${p.name} (${ROLE_LABELS[p.role]})`, role: p.role };
}

/** The person's name in a label `actorOf` made (the whole label for anyone else, such as the system). */
export function actorName(actor: Actor): string {
  const suffix = actor.role && actor.role in ROLE_LABELS ? ` (${ROLE_LABELS[actor.role as Role]})` : '';
  return suffix && actor.label.endsWith(suffix) ? actor.label.slice(0, -suffix.length) : actor.label;
}

/**
 * Appends the route's declared audit event (or `entry.action`) inside the caller's transaction, so the
 * record of a decision commits or rolls back with the decision itself.
 */
export async function audit(
  tx: Db,
  req: FastifyRequest,
  entry: Omit<AuditEntry, 'action' | 'requestId'> & { action?: string },
  at: Date,
): Promise<void> {
  const action = entry.action ?? req.routeOptions.config.audit;
  if (!action) throw new Error(`Route ${req.routeOptions.url} writes an audit event but declares none`);
  await appendAudit(tx, actorOf(req), { ...entry, action, requestId: req.id }, at);
}

/**
 * Records a refused sign-in: SIGN_IN_LOCKED once the address is locked, otherwise SIGN_IN_FAILED. One to an
 * address with no open account is recorded too, naming no one, so that the answer takes as long whether or not
 * an account exists (and attempts on made-up addresses show in the log).
 */
export async function auditRefusedSignIn(
  db: Db,
  req: FastifyRequest,
  refused: { reason: 'invalid' | 'locked'; user?: { id: string } },
  at: Date,
): Promise<void> {
  const action = refused.reason === 'locked' ? 'SIGN_IN_LOCKED' : 'SIGN_IN_FAILED';
  const subjectId = refused.user?.id ?? null;
  await db.transaction((tx) => audit(tx, req, { action, subjectType: 'user', subjectId }, at));
}

/** What a locked-out person is told, wherever they typed their password. */
export function lockedOutMessage(until: Date): string {
  return `This account is locked after too many wrong passwords. Try again after ${govukDateTime(until)}.`;
}

/** Post/Redirect/Get: a 303 to the next page. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
