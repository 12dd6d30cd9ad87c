/**
 * The register of known sites (hospitals, hospices, care homes, prisons, stations): deaths there are kept out
 * of the place rules and watched against the site's own baseline. Kept by the coroner's office, through the
 * API and the pages alike.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { findArea } from '../areas/areas.queries.ts';
import { knownSites } from './links.tables.ts';

export const SITE_KINDS = ['hospital', 'hospice', 'care-home', 'prison', 'railway-station', 'other'] as const;
export const SITE_KIND_LABELS: Record<(typeof SITE_KINDS)[number], string> = {
  hospital: 'Hospital',
  hospice: 'Hospice',
  'care-home': 'Care home',
  prison: 'Prison',
  'railway-station': 'Railway station',
  other: 'Other',
};

/** A number the form or the API must give: asked for when missing, its kind named when it is not one. */
const numberOf = (missing: string, notNumber: string) =>
  z.number({ error: (issue) => (issue.input === undefined ? missing : notNumber) });

export const knownSiteInput = z.object({
  name: z
    .string({ error: 'Enter the name of the site' })
    .trim()
    .min(1, 'Enter the name of the site')
    .max(200, 'The name must be 200 characters or fewer'),
  kind: z.enum(SITE_KINDS, { error: 'Select the kind of site' }),
  lat: numberOf('Enter the latitude', 'Latitude must be a number, for example 51.5686')
    .min(49, 'Latitude must be in England or Wales (49 to 56)')
    .max(56, 'Latitude must be in England or Wales (49 to 56)'),
  lon: numberOf('Enter the longitude', 'Longitude must be a number, for example -0.1276')
    .min(-7, 'Longitude must be in England or Wales (-7 to 2)')
    .max(2, 'Longitude must be in England or Wales (-7 to 2)'),
  radiusM: numberOf('Enter the radius in metres', 'The radius must be a number of metres, for example 150')
    .min(10, 'The radius must be at least 10 metres')
    .max(2000, 'The radius must be 2,000 metres or less'),
  areaCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,4}$/, 'Enter the code of a coroner area, such as EL, or leave it out for your own area')
    .optional(),
});
export type KnownSiteInput = z.infer<typeof knownSiteInput>;

export const knownSiteView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(SITE_KINDS),
    lat: z.number(),
    lon: z.number(),
    radiusM: z.number(),
    areaCode: z.string().nullable(),
  })
  .meta({ id: 'KnownSite' });
export type KnownSiteView = z.infer<typeof knownSiteView>;

export async function listKnownSites(db: Db): Promise<KnownSiteView[]> {
  const rows = await db.select().from(knownSites).orderBy(knownSites.name);
  return rows.map(({ createdAt: _c, ...site }) => site);
}

/**
 * Adds a site to the register, audited in the same transaction. A coroner's office keeps its own area's
 * sites; only an administrator adds them for any area.
 */
export async function addKnownSite(
  deps: AppDeps,
  req: FastifyRequest,
  input: KnownSiteInput,
): Promise<KnownSiteView> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const principal = principalOf(req);
  if (input.areaCode && !(await findArea(db, input.areaCode)))
    throw validationError({ areaCode: `There is no coroner area with the code ${input.areaCode}` });
  if (principal.areaCode && input.areaCode && input.areaCode !== principal.areaCode)
    throw new AppError(
      'FORBIDDEN',
      `You can add known sites only for your own coroner area (${principal.areaCode}).`,
    );
  const site = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(knownSites)
      .values({ ...input, areaCode: input.areaCode ?? principal.areaCode ?? null, createdAt: now })
      .returning();
    await audit(
      tx,
      req,
      { subjectType: 'known-site', subjectId: row!.id, detail: { name: row!.name, kind: row!.kind } },
      now,
    );
    return row!;
  });
  const { createdAt: _c, ...view } = site;
  return view;
}
