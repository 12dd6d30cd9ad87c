import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findSessionPrincipal, findTokenPrincipal } from '../auth/auth.queries.ts';
import { allows, type Permission, PUBLIC } from '../auth/roles.ts';
import { newSecret } from '../auth/tokens.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './errors.ts';
import { isApiRequest } from './request-context.ts';

export const SESSION_COOKIE = 'oc_session';
const ANON_CSRF_COOKIE = 'oc_csrf';
export type RouteRecord = { method: string; url: string; permission: Permission; audit: string | null };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with the permission and audit event it declares. */
    routeTable: RouteRecord[];
  }
}

type AccessDeps = { database: Database; now: () => Date; secureCookies: boolean; sessionIdleMinutes: number };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Deny by default: every route must declare a permission (and the audit event it writes) or the app
 * refuses to start; each request is authenticated (session cookie or bearer token), authorised against
 * the route's permission, and, for form posts and cookie-authenticated API writes, checked for a CSRF token.
 */
export function registerAccessControl(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('sessionEnded', false);

  const table: RouteRecord[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) {
      route.config = { ...route.config, permission: PUBLIC, audit: null };
    }
    const config = route.config;
    if (!config?.permission) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} does not declare who may use it (config.permission).`,
      );
    }
    const methods = ([] as string[]).concat(route.method as string | string[]);
    if (config.audit === undefined && methods.some((m) => UNSAFE.has(m))) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} writes but does not declare its audit event (config.audit).`,
      );
    }
    for (const method of methods)
      table.push({ method, url: route.url, permission: config.permission, audit: config.audit ?? null });
  });

  app.addHook('onRequest', async (req, reply) => {
    const permission = req.routeOptions.config?.permission;
    if (req.url.startsWith('/assets/')) return;
    await authenticate(req, reply, deps);
    if (!permission) return; // no such route: the not-found handler answers
    if (allows(permission, req.principal?.role)) return;
    if (!req.principal) {
      if (isApiRequest(req))
        throw new AppError('UNAUTHENTICATED', 'Sign in or send a valid API token to use this.');
      const query = new URLSearchParams();
      if (req.method === 'GET') query.set('returnTo', req.url);
      // The sign-in page then says why: a session the browser still held has ended.
      if (req.sessionEnded) query.set('signedOut', '1');
      const search = query.size > 0 ? `?${query}` : '';
      return reply.code(303).header('location', `/sign-in${search}`).send();
    }
    throw new AppError(
      'FORBIDDEN',
      req.principal.role === 'interested-person'
        ? 'This page is for the coroner’s office. If you need something, contact the coroner’s office: their details are on your case’s page.'
        : 'Your role does not allow this. Ask your system administrator if you need it.',
    );
  });

  app.addHook('preValidation', async (req) => {
    // No such route (the not-found handler answers, and writes nothing), or one that checks the token itself.
    if (
      !UNSAFE.has(req.method) ||
      !req.routeOptions.config?.permission ||
      req.routeOptions.config.csrfInHandler
    )
      return;
    if (req.principal?.via === 'token') return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.headers['x-csrf-token'];
    checkCsrf(req, typeof sent === 'string' ? sent : undefined);
    if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
  });
}

/**
 * Gives the browser its session after a sign-in. The cookie lasts only while the browser is open (it has no
 * expiry), so closing the browser on a shared computer signs the person out; the session itself ends on the
 * server after SESSION_HOURS whatever the browser does.
 */
export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Refuses a form post whose CSRF token does not match the session's (or the visitor's cookie). */
export function checkCsrf(req: FastifyRequest, sent: string | undefined): void {
  if (req.principal?.via === 'token') return;
  if (!sent || !req.csrfToken || sent !== req.csrfToken) {
    throw new AppError(
      'FORBIDDEN',
      'This form has expired, so nothing was saved. Go back, refresh the page and try again.',
      undefined,
      'This form has expired',
    );
  }
}

async function authenticate(req: FastifyRequest, reply: FastifyReply, deps: AccessDeps): Promise<void> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    req.principal = match
      ? ((await findTokenPrincipal(deps.database.db, match[1]!, deps.now())) ?? null)
      : null;
    if (
      !req.principal &&
      req.routeOptions.config?.permission &&
      req.routeOptions.config.permission.kind !== 'public'
    ) {
      throw new AppError('UNAUTHENTICATED', 'The API token is not valid. Check it, or ask for a new one.');
    }
    return;
  }
  const secret = req.cookies[SESSION_COOKIE];
  if (secret) {
    req.principal =
      (await findSessionPrincipal(deps.database.db, secret, deps.now(), deps.sessionIdleMinutes)) ?? null;
    if (!req.principal) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      req.sessionEnded = true;
    }
  }
  if (req.principal?.csrfToken) {
    req.csrfToken = req.principal.csrfToken;
  } else if (!isApiRequest(req)) {
    // A visitor's forms (sign-in) carry a token from their own cookie; API calls have no forms.
    let anon = req.cookies[ANON_CSRF_COOKIE];
    if (!anon) {
      anon = newSecret();
      reply.setCookie(ANON_CSRF_COOKIE, anon, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
      });
    }
    req.csrfToken = anon;
  }
}
