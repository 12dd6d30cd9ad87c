import { randomUUID } from 'node:crypto';
import qs from 'node:querystring';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Views } from '../views/views.ts';
import { registerAccessControl } from './access.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { registerErrorHandling } from './error-handler.ts';
import { responseSerializerCompiler } from './serialize.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template with the layout's context (user, navigation, CSRF token, CSP nonce). */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
    /** A nonce for this response's inline script, allowed by its content security policy. */
    scriptNonce(): string;
  }
}

const modulePath = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export type HttpOptions = {
  logger: Logger;
  database: Database;
  views: Views;
  now: () => Date;
  secureCookies: boolean;
  bodyLimitBytes: number;
  /** Proxies trusted to report the caller's address (X-Forwarded-For); 0 trusts none. */
  trustedProxies: number;
  signInAttemptsPerMinute: number;
  extraImageSources?: string[];
  /** Check every API response's compiled writer against its zod schema (development and tests). */
  checkResponses: boolean;
};

/** The Fastify instance with every platform concern wired: security headers, cookies, forms, assets, access, errors. */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: (_address: string, hop: number) => hop < options.trustedProxies,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ check: options.checkResponses }));
  const csp = contentSecurityPolicy(options.extraImageSources);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp.header);
  });
  app.decorateReply('scriptNonce', function (this: FastifyReply) {
    const { nonce, header } = csp.withNonce();
    this.header('content-security-policy', header);
    return nonce;
  });

  // The other security headers; the content security policy is set above.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: false,
    hsts: options.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie);
  // Form bodies: plain key=value pairs; repeated keys become arrays (checkboxes).
  await app.register(fastifyFormbody, {
    parser: (body) => qs.parse(body),
    bodyLimit: options.bodyLimitBytes,
  });
  await app.register(fastifyRateLimit, { global: false });

  registerAccessControl(app, {
    database: options.database,
    now: options.now,
    secureCookies: options.secureCookies,
  });
  registerErrorHandling(app, options.views);
  app.decorateReply('page', function (this: FastifyReply, template: string, context = {}) {
    return options.views.render(this.request, this, template, context);
  });

  await app.register(fastifyStatic, {
    root: [
      modulePath('../views/public'),
      modulePath('../../../node_modules/govuk-frontend/dist/govuk/assets'),
    ],
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: modulePath('../../../node_modules/govuk-frontend/dist/govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (path) => /\.(css|js|mjs|map)$/.test(path),
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: modulePath('../../../node_modules/@ministryofjustice/frontend/moj'),
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: (path) => /\.(css|js|mjs|map|png|svg)$/.test(path),
    maxAge: '1d',
  });
  return app;
}
