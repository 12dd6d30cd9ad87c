import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC } from '../auth/roles.ts';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const transform = createJsonSchemaTransform({ skipList: [] });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenCoroner API',
        version,
        description:
          'The JSON API of OpenCoroner. Authenticate with `Authorization: Bearer <token>`; endpoints under ' +
          '`/api/v1/public/` need no authentication. An empty query parameter (`?area=`) is the same as leaving it ' +
          'out. Errors are `{"error": {"code", "message", "fields"}}`.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => {
      const out = transform(input);
      if (!input.url.startsWith('/api/v1/') || input.url === '/api/v1/openapi.json') {
        return { ...out, schema: { ...out.schema, hide: true } };
      }
      // A route with a rate limit answers 429 when it is reached: its error answer is added with the rest.
      if ((input.route.config as { rateLimit?: unknown } | undefined)?.rateLimit)
        Object.assign(out.schema, { [RATE_LIMITED]: true });
      // A route that answers with a file names its media types (`produces`); its 200 is that file.
      const schema = out.schema as { produces?: string[]; response?: Record<string, unknown> };
      if (schema.produces?.length && !schema.response?.['200'])
        return {
          ...out,
          schema: {
            ...out.schema,
            response: {
              ...schema.response,
              200: { description: 'The file', type: 'string', format: 'binary' },
            },
          },
        };
      return out;
    },
    // The named schemas (`.meta({ id })`) the operations refer to, as components; then the error answers.
    transformObject: (input) =>
      withErrorResponses(jsonSchemaTransformObject(input) as OpenApiDocument) as ReturnType<
        typeof jsonSchemaTransformObject
      >,
  });
}

const ERROR_ANSWERS: Record<string, string> = {
  '400': 'The request is not valid: `fields` says what to change (VALIDATION_FAILED)',
  '401': 'No valid token or session (UNAUTHENTICATED)',
  '403': 'The caller’s role or area does not allow this (FORBIDDEN)',
  '404': 'Nothing the caller may see is at this address (NOT_FOUND)',
  '409':
    'The case or record is not in a state that allows this, or it would clash (ACTION_NOT_ALLOWED, CONFLICT)',
  '413': 'The body is too large (TOO_LARGE)',
  '415': 'The body is not JSON, or for an upload not multipart/form-data (UNSUPPORTED_MEDIA_TYPE)',
  '429': 'Too many requests in a short time: wait as `Retry-After` says, then try again (RATE_LIMITED)',
};

/** The mark a rate-limited operation carries from the route to the document (an OpenAPI extension). */
const RATE_LIMITED = 'x-rate-limited';

/**
 * Every operation's error answers (API.md), each the `Error` body, beside its own: 400 always; 401 and 403
 * unless it is public; 404 where the address names something; 409, 413 and 415 for every write; 429 where a
 * rate limit applies.
 */
function withErrorResponses(doc: OpenApiDocument): OpenApiDocument {
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.Error ??= z.toJSONSchema(errorBody);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      // Any write may clash, and may be sent a body too large or of the wrong type, described or not.
      const writes = method !== 'get' && method !== 'head';
      const codes = [
        '400',
        ...(isPublic ? [] : ['401', '403']),
        ...(path.includes('{') ? ['404'] : []),
        ...(op.requestBody || writes ? ['409', '413', '415'] : []),
        ...(op[RATE_LIMITED] ? ['429'] : []),
      ];
      delete op[RATE_LIMITED];
      op.responses ??= {};
      for (const code of codes)
        op.responses[code] ??= { description: ERROR_ANSWERS[code], content: errorContent };
    }
  }
  return doc;
}

/** `GET /api/v1/openapi.json`, `/api/docs` (a readable page of the same document) and `GET /api/v1/health`. */
export function registerApiMeta(
  app: FastifyInstance,
  meta: { version: string; database: 'pglite' | 'postgres' },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/v1/openapi.json', { config: { permission: PUBLIC, audit: null } }, async () => app.swagger());

  api.get(
    '/api/v1/health',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: ['Platform'],
        summary: 'Whether the service and its database are working',
        security: [],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => ({ status: 'ok' as const, database: meta.database, version: meta.version }),
  );

  app.get('/api/docs', { config: { permission: PUBLIC, audit: null } }, async (_req, reply) => {
    const doc = app.swagger() as unknown as OpenApiDocument;
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        tag: op.tags?.[0] ?? 'Other',
        public: Array.isArray(op.security) && op.security.length === 0,
        ...requestBodyOf(op.requestBody),
        parameters: (op.parameters ?? []).map((p) => `${p.name} (${p.in})${p.required ? ', required' : ''}`),
        responses: Object.keys(op.responses ?? {}),
      })),
    );
    const tags = [...new Set(operations.map((o) => o.tag))].sort();
    return reply.page('api-docs.njk', {
      title: 'API documentation',
      version: doc.info?.version,
      groups: tags.map((tag) => ({ tag, operations: operations.filter((o) => o.tag === tag) })),
      schemas: Object.entries(doc.components?.schemas ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, schema]) => ({ name, json: JSON.stringify(schema, null, 2) })),
    });
  });
}

const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

/** A request body on the docs page: a named schema by its name (listed under "Schemas"), any other as it is. */
function requestBodyOf(body: { content?: Record<string, { schema?: unknown }> } | undefined) {
  if (!body) return { requestBody: '' };
  const schema = body.content?.['application/json']?.schema ?? {};
  const ref = (schema as { $ref?: unknown }).$ref;
  const named = typeof ref === 'string' ? SCHEMA_REF.exec(ref)?.[1] : undefined;
  return named ? { requestBody: '', requestSchema: named } : { requestBody: JSON.stringify(schema, null, 2) };
}

type OpenApiDocument = {
  info?: { version?: string };
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        security?: unknown[];
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, unknown>;
        [RATE_LIMITED]?: boolean;
      }
    >
  >;
};
