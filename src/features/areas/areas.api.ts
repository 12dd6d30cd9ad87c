import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { SIGNED_IN } from '../../platform/auth/roles.ts';
import { listAreas } from './areas.queries.ts';
import { areaResponse } from './areas.schema.ts';

export function registerAreasApi(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/areas',
    {
      config: { permission: SIGNED_IN, audit: null },
      schema: {
        tags: ['Areas and courts'],
        summary: 'Coroner areas with their local authorities and courts',
        response: { 200: z.array(areaResponse) },
      },
    },
    async () => listAreas(deps.database.db),
  );
}
