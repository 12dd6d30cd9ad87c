import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { SHORT_FORMS } from '../cases/cases.conclusions.ts';
import { madeAwareAt } from '../cases/cases.queries.ts';
import { STATE_DETENTION } from '../cases/cases.schema.ts';

export type DetentionKind = (typeof STATE_DETENTION)[number];

/** The raw figures of one year, for one area or the whole of England and Wales (definitions in docs/statistics.md). */
export type StatisticsFigures = {
  deathsReported: number;
  postMortems: number;
  inquestsOpened: number;
  inquestsConcluded: number;
  /** Conclusions by short form (code), plus `narrative` for a narrative conclusion on its own. */
  conclusions: Record<string, number>;
  /** Short-form conclusions that also have a narrative. */
  shortFormWithNarrative: number;
  juryInquests: number;
  stateDetention: Record<DetentionKind, number>;
  timeToConclusion: {
    measured: number;
    meanDays: number | null;
    medianDays: number | null;
    overTwelveMonths: number;
  };
  /** Open investigations begun from a report more than 12 months before the year's end, or before today while the year runs. */
  investigationsOverTwelveMonths: number;
  /** The year has not ended: its counts are so far, and long investigations are counted as of today. */
  yearInProgress: boolean;
  pfd: { reports: number; recipients: number; responded: number; overdue: number };
};

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const london = (date: string) => sql`(${date}::timestamp at time zone 'Europe/London')`;
const areaFilter = (area: string | undefined, column: SQL = sql`area_code`): SQL =>
  area ? sql` and ${column} = ${area}` : sql``;

// "Open more than 12 months at the year's end" implies the long-case predicate of cases_stats_long_idx: the
// year ends on 1 January, when London time is UTC, so a case reported before that date less 12 months and
// closed on or after it was closed more than 360 days after its report. Stating it lets PostgreSQL use the index.

/**
 * The figures of the annual coroner statistics, computed in SQL over the cases' projection columns. Each
 * query is a range scan on one indexed date (migrations 0650+), so a national year stays fast at millions of
 * cases. `today` decides which PFD responses are overdue now.
 */
export async function computeFigures(
  db: Db,
  year: number,
  area: string | undefined,
  today: string,
): Promise<StatisticsFigures> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  // A year still running is measured as of today, not projected to its end.
  const yearInProgress = today < to;
  const asOf = yearInProgress ? today : to;
  // Open at the year's end is open on 1 January; open today is opened by the end of today and not closed today.
  const openAfter = yearInProgress ? nextDay(today) : to;
  const [reported, opened, concluded, timing, long, pfd] = await Promise.all([
    db.execute<Record<string, number>>(sql`
      select count(*)::int as reported,
        count(*) filter (where post_mortem)::int as post_mortems,
        ${sql.join(
          STATE_DETENTION.map(
            (k) => sql`count(*) filter (where state_detention = ${k})::int as ${sql.identifier(`d_${k}`)}`,
          ),
          sql`, `,
        )}
      from cases
      where reported_at >= ${london(from)} and reported_at < ${london(to)}
        and supersedes_case_id is null${areaFilter(area)}`),
    db.execute<{ n: number }>(sql`
      select count(*)::int as n from cases
      where inquest_opened_on >= ${from}::date and inquest_opened_on < ${to}::date${areaFilter(area)}`),
    db.execute<{ short_form: string | null; has_narrative: boolean; n: number; jury: number }>(sql`
      select short_form, has_narrative, count(*)::int as n, count(*) filter (where jury)::int as jury
      from cases
      where concluded_on >= ${from}::date and concluded_on < ${to}::date${areaFilter(area)}
      group by short_form, has_narrative`),
    db.execute<{ n: number; mean_days: number | null; median_days: number | null; over: number }>(sql`
      with d as (
        select concluded_on - (${madeAwareAt} at time zone 'Europe/London')::date as days,
          concluded_on >= ((${madeAwareAt} at time zone 'Europe/London')::date + interval '12 months') as over
        from cases
        where concluded_on >= ${from}::date and concluded_on < ${to}::date${areaFilter(area)})
      select count(*)::int as n, avg(days)::float8 as mean_days,
        percentile_cont(0.5) within group (order by days)::float8 as median_days,
        count(*) filter (where over)::int as over
      from d`),
    db.execute<{ n: number }>(sql`
      select count(*)::int as n from cases
      where investigation_opened_at is not null
        and (closed_on is null or closed_on > (${madeAwareAt} at time zone 'UTC')::date + 360)
        and (closed_on is null or closed_on >= ${openAfter}::date)
        and investigation_opened_at < ${london(openAfter)}
        and ${madeAwareAt} < ((${asOf}::date - interval '12 months' + interval '1 day')::timestamp at time zone 'Europe/London')${areaFilter(area)}`),
    db.execute<{ reports: number; recipients: number; responded: number; overdue: number }>(sql`
      select count(distinct r.id)::int as reports, count(x.id)::int as recipients,
        count(x.id) filter (where x.responded_on is not null)::int as responded,
        count(x.id) filter (where x.responded_on is null and x.due_on < ${today}::date)::int as overdue
      from pfd_reports r join cases c on c.id = r.case_id left join pfd_recipients x on x.report_id = r.id
      where r.sent_on >= ${from}::date and r.sent_on < ${to}::date${areaFilter(area, sql`c.area_code`)}`),
  ]);
  const r = reported.rows[0] ?? {};
  const conclusions: Record<string, number> = Object.fromEntries(
    [...SHORT_FORMS, 'narrative'].map((k) => [k, 0]),
  );
  let withNarrative = 0;
  let jury = 0;
  let total = 0;
  for (const row of concluded.rows) {
    const n = Number(row.n);
    total += n;
    jury += Number(row.jury);
    if (row.short_form) {
      conclusions[row.short_form] = (conclusions[row.short_form] ?? 0) + n;
      if (row.has_narrative) withNarrative += n;
    } else conclusions.narrative = (conclusions.narrative ?? 0) + n;
  }
  const t = timing.rows[0];
  const p = pfd.rows[0];
  return {
    deathsReported: Number(r.reported ?? 0),
    postMortems: Number(r.post_mortems ?? 0),
    inquestsOpened: Number(opened.rows[0]?.n ?? 0),
    inquestsConcluded: total,
    conclusions,
    shortFormWithNarrative: withNarrative,
    juryInquests: jury,
    stateDetention: Object.fromEntries(STATE_DETENTION.map((k) => [k, Number(r[`d_${k}`] ?? 0)])) as Record<
      DetentionKind,
      number
    >,
    timeToConclusion: {
      measured: Number(t?.n ?? 0),
      meanDays: t?.mean_days === null || t?.mean_days === undefined ? null : Number(t.mean_days),
      medianDays: t?.median_days === null || t?.median_days === undefined ? null : Number(t.median_days),
      overTwelveMonths: Number(t?.over ?? 0),
    },
    investigationsOverTwelveMonths: Number(long.rows[0]?.n ?? 0),
    yearInProgress,
    pfd: {
      reports: Number(p?.reports ?? 0),
      recipients: Number(p?.recipients ?? 0),
      responded: Number(p?.responded ?? 0),
      overdue: Number(p?.overdue ?? 0),
    },
  };
}
