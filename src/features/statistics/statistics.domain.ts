import { SHORT_FORM_CONCLUSIONS, SHORT_FORMS } from '../cases/cases.conclusions.ts';
import { toCsv } from '../open-data/open-data.csv.ts';
import type { DetentionKind, StatisticsFigures } from './statistics.queries.ts';

export type StatisticsColumn = { key: string; label: string };
export type StatisticsRow = { key: string; label: string; values: (number | null)[] };
export type StatisticsTable = {
  id: string;
  title: string;
  description: string;
  columns: StatisticsColumn[];
  rows: StatisticsRow[];
  /** Which column the chart draws (a count), or none. */
  chartColumn?: number;
};

export type Statistics = {
  year: number;
  area: { code: string; name: string } | null;
  /** True when nothing at all was recorded for the year and area: every table is empty. */
  empty: boolean;
  tables: StatisticsTable[];
};

const DETENTION_LABELS: Record<DetentionKind, string> = {
  prison: 'Prison',
  'police-custody': 'Police custody',
  'immigration-removal-centre': 'Immigration removal centre',
  'mental-health-act': 'Detained under the Mental Health Act',
  other: 'Other state detention',
};

/** A share as a percentage to one decimal place, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

const weeks = (days: number | null) => (days === null ? null : Math.round((days / 7) * 10) / 10);

const NUMBER = { key: 'number', label: 'Number' };

/** Whether anything at all was recorded (an empty year is an empty set of tables, not an error). */
export function isEmpty(f: StatisticsFigures): boolean {
  return (
    f.deathsReported +
      f.inquestsOpened +
      f.inquestsConcluded +
      f.investigationsOverTwelveMonths +
      f.pfd.reports ===
    0
  );
}

/** The tables of the Ministry of Justice's annual coroner statistics, from the year's figures. */
export function statisticsTables(f: StatisticsFigures): StatisticsTable[] {
  const detentionTotal = Object.values(f.stateDetention).reduce((a, b) => a + b, 0);
  const t = f.timeToConclusion;
  return [
    {
      id: 'deaths-reported',
      title: 'Deaths reported and post-mortem examinations',
      description: 'Deaths reported to the coroner in the year, and how many had a post-mortem examination.',
      columns: [NUMBER, { key: 'share', label: 'Share of deaths reported (%)' }],
      chartColumn: 0,
      rows: [
        {
          key: 'deaths-reported',
          label: 'Deaths reported',
          values: [f.deathsReported, f.deathsReported ? 100 : null],
        },
        {
          key: 'post-mortems',
          label: 'Deaths reported with a post-mortem examination',
          values: [f.postMortems, percent(f.postMortems, f.deathsReported)],
        },
      ],
    },
    {
      id: 'inquests',
      title: 'Inquests opened and concluded',
      description:
        'Inquests opened in the year, inquests concluded in the year, and how many of those had a jury.',
      columns: [NUMBER, { key: 'share', label: 'Share of inquests concluded (%)' }],
      chartColumn: 0,
      rows: [
        { key: 'opened', label: 'Inquests opened', values: [f.inquestsOpened, null] },
        {
          key: 'concluded',
          label: 'Inquests concluded',
          values: [f.inquestsConcluded, f.inquestsConcluded ? 100 : null],
        },
        {
          key: 'jury',
          label: 'Jury inquests concluded',
          values: [f.juryInquests, percent(f.juryInquests, f.inquestsConcluded)],
        },
      ],
    },
    {
      id: 'conclusions',
      title: 'Conclusions by type',
      description:
        'Conclusions recorded in the year by short-form type; a narrative conclusion on its own counts as "Narrative". A short form with a narrative added counts under the short form.',
      columns: [NUMBER, { key: 'share', label: 'Share of conclusions (%)' }],
      chartColumn: 0,
      rows: [
        ...SHORT_FORMS.map((code) => ({
          key: code,
          label: SHORT_FORM_CONCLUSIONS[code].statistics,
          values: [f.conclusions[code] ?? 0, percent(f.conclusions[code] ?? 0, f.inquestsConcluded)],
        })),
        {
          key: 'narrative',
          label: 'Narrative',
          values: [f.conclusions.narrative ?? 0, percent(f.conclusions.narrative ?? 0, f.inquestsConcluded)],
        },
        {
          key: 'total',
          label: 'All conclusions',
          values: [f.inquestsConcluded, f.inquestsConcluded ? 100 : null],
        },
        {
          key: 'short-form-with-narrative',
          label: 'Short-form conclusions with a narrative as well',
          values: [f.shortFormWithNarrative, percent(f.shortFormWithNarrative, f.inquestsConcluded)],
        },
      ],
    },
    {
      id: 'state-detention',
      title: 'Deaths in state detention',
      description: 'Deaths reported in the year of people in state detention, by kind of detention.',
      columns: [NUMBER],
      chartColumn: 0,
      rows: [
        ...(Object.keys(DETENTION_LABELS) as DetentionKind[]).map((k) => ({
          key: k,
          label: DETENTION_LABELS[k],
          values: [f.stateDetention[k]],
        })),
        { key: 'total', label: 'All deaths in state detention', values: [detentionTotal] },
      ],
    },
    {
      id: 'time-to-conclusion',
      title: 'Time from report to conclusion',
      description:
        'For inquests concluded in the year: the time from the death being reported (for a fresh investigation after a quashed inquest, from the day it began) to the conclusion, in weeks, and how many took more than 12 months.',
      columns: [{ key: 'value', label: 'Value' }],
      rows: [
        { key: 'measured', label: 'Inquests concluded', values: [t.measured] },
        { key: 'mean-weeks', label: 'Mean (weeks)', values: [weeks(t.meanDays)] },
        { key: 'median-weeks', label: 'Median (weeks)', values: [weeks(t.medianDays)] },
        {
          key: 'over-12-months',
          label: 'Concluded more than 12 months after the report',
          values: [t.overTwelveMonths],
        },
        {
          key: 'over-12-months-share',
          label: 'Share concluded after more than 12 months (%)',
          values: [percent(t.overTwelveMonths, t.measured)],
        },
      ],
    },
    {
      id: 'long-investigations',
      title: 'Investigations over 12 months',
      description: f.yearInProgress
        ? 'Investigations open today that have lasted more than 12 months: since the death was reported, or for a fresh investigation after a quashed inquest, since it began. The year has not ended.'
        : 'Investigations still open at the end of the year that had lasted more than 12 months by then: since the death was reported, or for a fresh investigation after a quashed inquest, since it began.',
      columns: [NUMBER],
      rows: [
        {
          key: 'open-over-12-months',
          label: f.yearInProgress
            ? 'Investigations open for more than 12 months today'
            : 'Investigations open for more than 12 months at the end of the year',
          values: [f.investigationsOverTwelveMonths],
        },
      ],
    },
    {
      id: 'pfd-reports',
      title: 'Prevention of future deaths reports',
      description:
        'Reports sent in the year, the people and organisations they were sent to, and where their responses stand today.',
      columns: [NUMBER],
      chartColumn: 0,
      rows: [
        { key: 'reports', label: 'Reports sent', values: [f.pfd.reports] },
        { key: 'recipients', label: 'Recipients', values: [f.pfd.recipients] },
        { key: 'responded', label: 'Responses received', values: [f.pfd.responded] },
        {
          key: 'awaiting',
          label: 'Responses not yet due',
          values: [f.pfd.recipients - f.pfd.responded - f.pfd.overdue],
        },
        { key: 'overdue', label: 'Responses overdue', values: [f.pfd.overdue] },
      ],
    },
  ];
}

/** The statistics for a year and area: every table, or every table empty when nothing was recorded. */
export function buildStatistics(
  year: number,
  area: { code: string; name: string } | null,
  f: StatisticsFigures,
): Statistics {
  const empty = isEmpty(f);
  const tables = statisticsTables(f).map((t) => (empty ? { ...t, rows: [] } : t));
  return { year, area, empty, tables };
}

export const STATISTICS_CSV_HEADER = ['year', 'area_code', 'table', 'row', 'column', 'value'] as const;

/** Tidy CSV: one line per cell (year, area, table, row, column, value); an empty year is the header alone. */
export function statisticsCsv(s: Statistics): string {
  const rows = s.tables.flatMap((t) =>
    t.rows.flatMap((r) =>
      t.columns.map((c, i) => [s.year, s.area?.code ?? 'ALL', t.id, r.key, c.key, r.values[i] ?? null]),
    ),
  );
  return toCsv(STATISTICS_CSV_HEADER, rows);
}
