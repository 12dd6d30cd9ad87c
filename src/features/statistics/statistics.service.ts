import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { fieldErrorsOf, validationError } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { findArea } from '../areas/areas.queries.ts';
import { areaCode } from '../areas/areas.schema.ts';
import { buildStatistics, type Statistics } from './statistics.domain.ts';
import { computeFigures } from './statistics.queries.ts';

export const statisticsQuery = z.object({
  year: z.coerce
    .number({ error: 'Enter a year, like 2024' })
    .int('Enter a year, like 2024')
    .min(2000, 'Enter a year from 2000 onwards')
    // Not worded "Enter …": the errors' shared wording keeps such a sentence for a missing answer and words a
    // number too big itself, as an amount ("at most 2,100"), which a year is not.
    .max(2100, 'The year must be 2100 or earlier')
    .optional(),
  area: areaCode.optional(),
});
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

/** A query string with the blank answers of a form left out ("England and Wales" is an empty area). */
export const withoutBlanks = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));

export const statisticsResponse = z
  .object({
    year: z.number(),
    area: z.object({ code: z.string(), name: z.string() }).nullable(),
    empty: z.boolean(),
    tables: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        columns: z.array(z.object({ key: z.string(), label: z.string() })),
        rows: z.array(
          z.object({ key: z.string(), label: z.string(), values: z.array(z.number().nullable()) }),
        ),
      }),
    ),
  })
  .meta({ id: 'Statistics' });

type StatisticsScope = { year: number; area: { code: string; name: string } | null };

/**
 * What an asked year and area come to: each part that is valid (this year when none is given or the year
 * is not valid, national when no area is given or it is not valid), and a sentence for each part that is not.
 */
export async function statisticsScope(
  deps: AppDeps,
  query: Record<string, unknown>,
): Promise<{ scope: StatisticsScope; errors: FieldErrors }> {
  const { db } = deps.database;
  const thisYear = Number(londonDate(deps.clock.now()).slice(0, 4));
  const errors: FieldErrors = {};
  const parsed = statisticsQuery.safeParse(query);
  if (!parsed.success) Object.assign(errors, fieldErrorsOf(parsed.error.issues));
  // Each part stands on its own: a bad year does not lose a good area, nor a bad area a good year.
  const year = errors.year ? undefined : statisticsQuery.shape.year.parse(query.year);
  const code = errors.area ? undefined : statisticsQuery.shape.area.parse(query.area);
  let scope: StatisticsScope = { year: thisYear, area: null };
  if (year !== undefined && year > thisYear)
    errors.year = `Enter a year up to ${thisYear}: there are no figures for years to come`;
  else if (year !== undefined) scope = { ...scope, year };
  if (code) {
    const found = await findArea(db, code);
    if (!found) errors.area = `There is no coroner area with the code ${code}`;
    else scope = { ...scope, area: { code: found.code, name: found.name } };
  }
  return { scope, errors };
}

/** The figures of a year and area that are known to be valid (see statisticsScope). */
export async function statisticsFor(deps: AppDeps, scope: StatisticsScope): Promise<Statistics> {
  const today = londonDate(deps.clock.now());
  const figures = await computeFigures(deps.database.db, scope.year, scope.area?.code, today);
  return buildStatistics(scope.year, scope.area, figures);
}

/** The statistics for the asked year (this year when none is given) and area (national when none). */
export async function loadStatistics(deps: AppDeps, query: StatisticsQuery): Promise<Statistics> {
  const { scope, errors } = await statisticsScope(deps, query);
  if (Object.keys(errors).length) throw validationError(errors);
  return statisticsFor(deps, scope);
}

export const statisticsFileName = (s: Statistics, ext: string) =>
  `coroner-statistics-${s.year}-${s.area?.code ?? 'england-and-wales'}.${ext}`;

/** The address, from the site's root, of the public page that shows these figures and says how each is counted. */
export const statisticsPagePath = (s: Statistics) =>
  `/statistics?${new URLSearchParams({ year: String(s.year), ...(s.area ? { area: s.area.code } : {}) })}`;
