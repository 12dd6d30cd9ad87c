import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { registerDocumentsApi } from './documents.api.ts';
import { documentsContext } from './documents.context.ts';
import { registerDisclosurePages } from './documents.disclosure-routes.ts';
import { registerPortalPages } from './documents.portal.ts';
import { registerRedactionPages } from './documents.redaction-routes.ts';
import { registerDocumentPages } from './documents.routes.ts';

/**
 * Documents, redaction and disclosure: pages, API and the family's download. Multipart parsing is
 * registered in this feature's own scope (other features keep refusing multipart bodies), with the
 * configured upload limit.
 */
export async function registerDocuments(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const ctx = documentsContext(deps);
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: deps.config.uploadLimitBytes, files: 1, fields: 20, parts: 25 },
    });
    registerDocumentsApi(scope, ctx);
    registerDocumentPages(scope, ctx);
    registerRedactionPages(scope, ctx);
    registerDisclosurePages(scope, ctx);
    registerPortalPages(scope, deps, ctx);
  });
}
