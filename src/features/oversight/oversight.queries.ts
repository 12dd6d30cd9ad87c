import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { addDays, londonInstant } from '../../platform/views/dates.ts';
import { madeAwareAt } from '../cases/cases.queries.ts';
import {
  AGE_BANDS,
  type AgeBand,
  bandBoundaries,
  REASON_CATEGORIES,
  type ReasonCategory,
  zeros,
} from './oversight.domain.ts';

export type AreaFigures = {
  openCases: { total: number; byAge: Record<AgeBand, number> };
  /** Investigations open 12 months or more since the report (CJA 2009 s.16), by the reason last notified. */
  over12Months: { total: number; byReason: Record<ReasonCategory, number> };
};

/**
 * Open cases by age, and long investigations by s.16 reason category, for each area asked for. Both read
 * only open cases, through the partial indexes of migration 0331 (bench/oversight.bench.ts): the ages from
 * the index alone, the reasons from the long investigations' own rows.
 */
export async function areaFigures(
  db: Db,
  areaCodes: string[],
  today: string,
): Promise<Map<string, AreaFigures>> {
  const result = new Map<string, AreaFigures>(
    areaCodes.map((a) => [
      a,
      {
        openCases: { total: 0, byAge: zeros(AGE_BANDS) },
        over12Months: { total: 0, byReason: zeros(REASON_CATEGORIES) },
      },
    ]),
  );
  if (areaCodes.length === 0) return result;
  // The instant each band starts, so that each count compares the indexed column itself.
  const since = bandBoundaries(today);
  const from = (date: string) => londonInstant(addDays(date, 1)).toISOString();
  const [b3, b6, b12, b24] = [
    since.MONTHS_3_TO_6,
    since.MONTHS_6_TO_12,
    since.MONTHS_12_TO_24,
    since.OVER_24_MONTHS,
  ].map(from);
  const areas = sql`area_code in (${sql.join(
    areaCodes.map((a) => sql`${a}`),
    sql`, `,
  )})`;
  const [ages, long] = await Promise.all([
    db.execute<Record<string, string | number>>(sql`
      select area_code,
        count(*)::int as total,
        count(*) filter (where ${madeAwareAt} < ${b24}::timestamptz)::int as "OVER_24_MONTHS",
        count(*) filter (where ${madeAwareAt} >= ${b24}::timestamptz and ${madeAwareAt} < ${b12}::timestamptz)::int as "MONTHS_12_TO_24",
        count(*) filter (where ${madeAwareAt} >= ${b12}::timestamptz and ${madeAwareAt} < ${b6}::timestamptz)::int as "MONTHS_6_TO_12",
        count(*) filter (where ${madeAwareAt} >= ${b6}::timestamptz and ${madeAwareAt} < ${b3}::timestamptz)::int as "MONTHS_3_TO_6",
        count(*) filter (where ${madeAwareAt} >= ${b3}::timestamptz)::int as "UNDER_3_MONTHS"
      from cases
      where ${areas} and closed_on is null and status <> 'QUASHED'
      group by area_code`),
    db.execute<{ area_code: string; reason: ReasonCategory; n: number }>(sql`
      select area_code,
        coalesce((
          select n->>'reasonCategory'
          from jsonb_array_elements(state->'s16Notices') with ordinality as x(n, i)
          where n->>'stage' = 'OVER_12_MONTHS'
          order by i desc limit 1), 'NO_NOTICE') as reason,
        count(*)::int as n
      from cases
      where ${areas} and closed_on is null and status <> 'QUASHED'
        and investigation_opened_at is not null and ${madeAwareAt} < ${b12}::timestamptz
      group by 1, 2`),
  ]);
  for (const row of ages.rows) {
    const f = result.get(String(row.area_code));
    if (!f) continue;
    f.openCases.total = Number(row.total);
    for (const band of AGE_BANDS) f.openCases.byAge[band] = Number(row[band]);
  }
  for (const row of long.rows) {
    const f = result.get(row.area_code);
    if (!f) continue;
    const reason = (REASON_CATEGORIES as readonly string[]).includes(row.reason) ? row.reason : 'NO_NOTICE';
    f.over12Months.byReason[reason] += Number(row.n);
    f.over12Months.total += Number(row.n);
  }
  return result;
}
