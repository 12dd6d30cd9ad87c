import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Views } from '../views/views.ts';
import { AppError, type ErrorCode, type FieldErrors } from './errors.ts';
import { UNUSUAL_CHARACTER_IN_ANSWER } from './input-characters.ts';
import { isApiRequest } from './request-context.ts';
import { fieldErrorsOf, validationError } from './validation.ts';

const PAGE_TEXT: Partial<Record<ErrorCode, { title: string; paragraphs: string[] }>> = {
  NOT_FOUND: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  FORBIDDEN: { title: 'You cannot see this page', paragraphs: [] },
  UNAUTHENTICATED: { title: 'You need to sign in', paragraphs: ['Sign in to continue.'] },
  INTERNAL: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.', 'Nothing you entered has been lost unless you were told it was saved.'],
  },
  RATE_LIMITED: { title: 'Too many attempts', paragraphs: [] },
};

/** One handler renders every error: JSON `{error: {code, message, fields}}` for the API, a GOV.UK page otherwise. */
export function registerErrorHandling(app: FastifyInstance, views: Views): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    const error = toAppError(raw);
    if (error.code === 'INTERNAL') req.log.error({ err: raw }, 'request failed');
    else req.log.info({ code: error.code, message: error.message }, 'request refused');
    return sendError(req, reply, error, views);
  });

  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, new AppError('NOT_FOUND', 'There is nothing at this address.'), views),
  );
}

export function sendError(req: FastifyRequest, reply: FastifyReply, error: AppError, views: Views) {
  reply.code(error.status);
  if (error.code === 'RATE_LIMITED') reply.header('retry-after', '60');
  if (isApiRequest(req) || !views) {
    const body: { code: ErrorCode; message: string; fields?: FieldErrors } = {
      code: error.code,
      message: error.message,
    };
    if (error.fields) body.fields = error.fields;
    return reply.type('application/json; charset=utf-8').send({ error: body });
  }
  const text = PAGE_TEXT[error.code] ?? { title: 'There is a problem', paragraphs: [] };
  const paragraphs =
    error.code === 'INTERNAL' || error.code === 'NOT_FOUND'
      ? text.paragraphs
      : [error.message, ...text.paragraphs];
  return views.render(req, reply, 'errors/error.njk', {
    title: error.pageTitle ?? text.title,
    paragraphs,
    status: error.status,
    // Something that cannot be done now (409) leaves the way back to what it was about.
    back: error.status === 409 ? wayBack(req.url) : undefined,
  });
}

const WAYS_BACK: [RegExp, string][] = [
  [/^\/cases\/([0-9a-f-]{36})\/./i, 'Go back to the case'],
  [/^\/hearings\/([0-9a-f-]{36})\/./i, 'Go back to the hearing'],
  [/^\/documents\/([0-9a-f-]{36})\/./i, 'Go back to the document'],
  [/^\/pfd-reports\/([0-9a-f-]{36})\/./i, 'Go back to the report'],
];

/** The page a refused page or form belongs to: the case, hearing, document or report in its address. */
export function wayBack(url: string): { href: string; text: string } | undefined {
  const path = url.split('?')[0] ?? '';
  for (const [pattern, text] of WAYS_BACK) {
    const m = pattern.exec(path);
    if (m) return { href: path.slice(0, path.indexOf(m[1]!) + m[1]!.length), text };
  }
  return undefined;
}

/** The PostgreSQL SQLSTATE of an error the database raised, possibly wrapped (e.g. by the query builder). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps anything thrown to the one error type; input problems never become a 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.map((v) => ({
      ...v.params,
      code: v.keyword,
      message: v.message,
      path: v.instancePath.split('/').filter(Boolean),
    }));
    return validationError(fieldErrorsOf(issues as never));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the request as application/json (or as a form, for pages).',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('TOO_LARGE', 'The request is too large.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION_FAILED', 'The request body is empty. Send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data.');
  }
  if (e.validation) return new AppError('VALIDATION_FAILED', e.message);
  const sqlState = sqlStateOf(error);
  // 22021 (character_not_in_repertoire), e.g. a NUL byte in text: an answer read past the request hook (a
  // multipart form's fields are read by the handler), refused by the database.
  if (sqlState === '22021') return new AppError('VALIDATION_FAILED', `${UNUSUAL_CHARACTER_IN_ANSWER}.`);
  // 40P01 (deadlock) and 40001 (serialization failure): two people changed the same thing at once and the
  // database rolled one of them back whole. 23505 (unique violation) past the application's own check: two
  // people saved the same thing (an invitation accepted twice, say) at the same moment, and the second lost.
  if (sqlState === '40P01' || sqlState === '40001' || sqlState === '23505')
    return new AppError(
      'CONFLICT',
      'Someone else changed this at the same moment, so nothing you sent was saved. Check the page and try again.',
    );
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429)
    return new AppError('RATE_LIMITED', 'Too many attempts. Wait a minute, then try again.');
  if (status === 413) return new AppError('TOO_LARGE', 'The request is too large.');
  if (status === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'This type of content is not accepted here.');
  if (status === 404) return new AppError('NOT_FOUND', 'There is nothing at this address.');
  if (status >= 400 && status < 500) {
    if (error instanceof SyntaxError)
      return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON.');
    return new AppError('VALIDATION_FAILED', 'The request could not be understood. Check it and try again.');
  }
  return new AppError('INTERNAL', 'Sorry, something went wrong on our side. Try again later.');
}
