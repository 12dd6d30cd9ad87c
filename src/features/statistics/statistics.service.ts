import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { validationError } from '../../platform/http/validation.ts';
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
    .max(2100, 'Enter a year up to 2100')
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

/** The statistics for the asked year (this year when none is given) and area (national when none). */
export async function loadStatistics(deps: AppDeps, query: StatisticsQuery): Promise<Statistics> {
  const { db } = deps.database;
  const today = londonDate(deps.clock.now());
  const thisYear = Number(today.slice(0, 4));
  const year = query.year ?? thisYear;
  if (year > thisYear)
    throw validationError({ year: `Enter a year up to ${thisYear}: there are no figures for years to come` });
  let area: { code: string; name: string } | null = null;
  if (query.area) {
    const found = await findArea(db, query.area);
    if (!found) throw validationError({ area: `There is no coroner area with the code ${query.area}` });
    area = { code: found.code, name: found.name };
  }
  const figures = await computeFigures(db, year, area?.code, today);
  return buildStatistics(year, area, figures);
}

export const statisticsFileName = (s: Statistics, ext: string) =>
  `coroner-statistics-${s.year}-${s.area?.code ?? 'england-and-wales'}.${ext}`;
