import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';

export type Caseload = {
  reportedThisYear: number;
  open: number;
  inquestsOpen: number;
  concludedThisYear: number;
};

/** Each area's caseload this calendar year (London time) and now. */
export async function caseloadByArea(
  db: Db,
  areaCodes: string[],
  today: string,
): Promise<Map<string, Caseload>> {
  const result = new Map<string, Caseload>(
    areaCodes.map((a) => [a, { reportedThisYear: 0, open: 0, inquestsOpen: 0, concludedThisYear: 0 }]),
  );
  if (areaCodes.length === 0) return result;
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const rows = await db.execute<{
    area_code: string;
    reported: number;
    open: number;
    inquests: number;
    concluded: number;
  }>(sql`
    select area_code,
      count(*) filter (where reported_at >= (${yearStart}::timestamp at time zone 'Europe/London') and supersedes_case_id is null)::int as reported,
      count(*) filter (where closed_on is null and status <> 'QUASHED')::int as open,
      count(*) filter (where inquest_opened_on is not null and closed_on is null and status <> 'QUASHED')::int as inquests,
      count(*) filter (where concluded_on >= ${yearStart}::date)::int as concluded
    from cases
    where area_code in (${sql.join(
      areaCodes.map((a) => sql`${a}`),
      sql`, `,
    )})
      and (closed_on is null or closed_on >= ${yearStart}::date or reported_at >= (${yearStart}::timestamp at time zone 'Europe/London'))
    group by area_code`);
  for (const r of rows.rows)
    result.set(r.area_code, {
      reportedThisYear: Number(r.reported),
      open: Number(r.open),
      inquestsOpen: Number(r.inquests),
      concludedThisYear: Number(r.concluded),
    });
  return result;
}
