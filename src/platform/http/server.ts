import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
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
import { registerErrorHandling, sendError } from './error-handler.ts';
import { AppError } from './errors.ts';
import { cleanFormAnswers, refuseControlCharacters } from './input-characters.ts';
import { isApiRequest } from './request-context.ts';
import { responseSerializerCompiler } from './serialize.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template with the layout's context (user, navigation, CSRF token, CSP nonce). */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
    /** A nonce for this response's inline script, allowed by its content security policy. */
    scriptNonce(): string;
  }
}

const JSON_TYPE = /^\s*application\/([\w.+-]+\+)?json\s*(;|$)/i;
const MULTIPART_TYPE = /^\s*multipart\/form-data\s*(;|$)/i;

/** The framework's refusals of an address it cannot route, as the app's own errors. */
function addressError(error: { code: string }): AppError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new AppError('NOT_FOUND', 'There is nothing at this address.');
  if (error.code === 'FST_ERR_BAD_URL')
    return new AppError(
      'VALIDATION_FAILED',
      'The web address is not valid. Check the address and try again.',
    );
  return new AppError('INTERNAL', 'Sorry, something went wrong on our side. Try again later.');
}

const modulePath = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export type HttpOptions = {
  logger: Logger;
  database: Database;
  views: Views;
  now: () => Date;
  secureCookies: boolean;
  /** A session unused for this many minutes ends. */
  sessionIdleMinutes: number;
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
  const csp = contentSecurityPolicy(options.extraImageSources);
  function scriptNonce(this: FastifyReply) {
    const { nonce, header } = csp.withNonce();
    this.header('content-security-policy', header);
    return nonce;
  }
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: (_address: string, hop: number) => hop < options.trustedProxies,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A request the HTTP parser cannot read (headers too large, a malformed request line) never reaches a
    // route: it is answered here, in the API's error body, and the connection closed.
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      // A connection reset: the socket is gone, and there is no one to answer.
      if (code === 'ECONNRESET' || socket.destroyed) return;
      const [status, answer] =
        code === 'HPE_HEADER_OVERFLOW'
          ? [431, { code: 'TOO_LARGE', message: 'The request’s headers are too large.' }]
          : code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, { code: 'VALIDATION_FAILED', message: 'The request took too long to arrive. Try again.' }]
            : [
                400,
                {
                  code: 'VALIDATION_FAILED',
                  message: 'The request could not be read. Check it and try again.',
                },
              ];
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify({ error: answer });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    // A malformed address (a bad %-escape, an over-long parameter) is answered like any other error:
    // a GOV.UK page, or the API's error body, rather than the framework's own JSON.
    frameworkErrors: (error, req, reply) => {
      // The framework builds this request before any route or hook: nobody is signed in yet.
      req.principal ??= null;
      req.csrfToken ??= '';
      if (typeof reply.scriptNonce !== 'function') reply.scriptNonce = scriptNonce;
      req.log.info({ code: error.code, url: req.url }, 'request refused');
      return sendError(req, reply, addressError(error), options.views);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ check: options.checkResponses }));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp.header);
    // What a signed-in person sees is theirs alone: no shared cache keeps it, nor the browser once they leave.
    if (req.principal && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'private, no-store');
  });
  app.decorateReply('scriptNonce', scriptNonce);

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
    sessionIdleMinutes: options.sessionIdleMinutes,
  });
  registerErrorHandling(app, options.views);
  // Pages take web forms only: a JSON body there is refused before it is read (the API, under /api, takes JSON).
  app.addHook('preParsing', async (req) => {
    // A DELETE says all it needs in its address: a content type sent with no body is no body to read (the JSON
    // parser would refuse an empty one).
    const empty =
      (req.headers['content-length'] ?? '0') === '0' && req.headers['transfer-encoding'] === undefined;
    if (req.method === 'DELETE' && empty) delete req.headers['content-type'];
    const hasBody =
      req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = req.headers['content-type'] ?? '';
    if (!isApiRequest(req) && JSON_TYPE.test(type))
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'This page accepts only its own form. Fill in the form on the page and send it again.',
      );
    // The API takes JSON, and files as multipart/form-data where a route says it does (`consumes`); a form or
    // plain text is not read as answers.
    const takesFiles = req.routeOptions.schema?.consumes?.includes('multipart/form-data') ?? false;
    if (isApiRequest(req) && type && !JSON_TYPE.test(type) && !(takesFiles && MULTIPART_TYPE.test(type)))
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the request body as JSON, with the header Content-Type: application/json.',
      );
  });
  // On the API an empty query parameter (`?area=`, what a form sends for a blank answer) is one not given, as
  // on the pages: every query parameter is optional, and its schema says what leaving it out means.
  app.addHook('preValidation', async (req) => {
    if (isApiRequest(req)) req.query = withoutEmptyParameters(req.query);
  });
  app.addHook('preValidation', async (req) => {
    if (!isApiRequest(req)) cleanFormAnswers(req.body);
    refuseControlCharacters(req);
  });
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
    // The browser scripts' type declarations are for the tests, not for browsers.
    allowedPath: (path) => !path.endsWith('.d.ts'),
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

/** A parsed query string without its empty parameters (and a repeated parameter without its empty values). */
export function withoutEmptyParameters(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  // fromEntries defines each key as its own property, `__proto__` included.
  return Object.fromEntries(
    Object.entries(query)
      .map(([key, value]) => [key, Array.isArray(value) ? value.filter((x) => x !== '') : value] as const)
      .filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)),
  );
}
