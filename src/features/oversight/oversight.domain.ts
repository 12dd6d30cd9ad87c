import { addMonths } from '../../platform/calendar/iso-dates.ts';
import type { S16_REASONS } from '../cases/cases.actions.schema.ts';
import { S16_LABELS } from '../cases/cases.forms.ts';

/** How long open cases have been open, counted from the report (the Chief Coroner's and MoJ's measure). */
export const AGE_BANDS = [
  'UNDER_3_MONTHS',
  'MONTHS_3_TO_6',
  'MONTHS_6_TO_12',
  'MONTHS_12_TO_24',
  'OVER_24_MONTHS',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  UNDER_3_MONTHS: 'Under 3 months',
  MONTHS_3_TO_6: '3 to 6 months',
  MONTHS_6_TO_12: '6 to 12 months',
  MONTHS_12_TO_24: '12 to 24 months',
  OVER_24_MONTHS: 'Over 24 months',
};

/** The months at which each band after the first starts. */
const BAND_STARTS: readonly [number, AgeBand][] = [
  [24, 'OVER_24_MONTHS'],
  [12, 'MONTHS_12_TO_24'],
  [6, 'MONTHS_6_TO_12'],
  [3, 'MONTHS_3_TO_6'],
];

/**
 * The report dates at which a case passes into each band today: a case reported on or before
 * `since[band]` is at least that old. Inquest Rules 2013 r.8 (six months) and CJA 2009 s.16 (twelve
 * months) fall on these boundaries.
 */
export function bandBoundaries(today: string): Record<Exclude<AgeBand, 'UNDER_3_MONTHS'>, string> {
  return Object.fromEntries(BAND_STARTS.map(([months, band]) => [band, addMonths(today, -months)])) as Record<
    Exclude<AgeBand, 'UNDER_3_MONTHS'>,
    string
  >;
}

/** The age band of a case reported on `reportedOn` (London date), as of `today`. */
export function ageBandOf(reportedOn: string, today: string): AgeBand {
  const since = bandBoundaries(today);
  for (const [, band] of BAND_STARTS)
    if (reportedOn <= since[band as Exclude<AgeBand, 'UNDER_3_MONTHS'>]) return band;
  return 'UNDER_3_MONTHS';
}

/** The reason categories of s.16 notices (the Chief Coroner's five), and cases with no notice sent yet. */
export const REASON_CATEGORIES = [
  'EXTERNAL_INVESTIGATION',
  'CROWN_COURT_PROCEEDINGS',
  'DEATH_ABROAD',
  'INQUEST_PREPARATION',
  'COMPLEX_CASE',
  'NO_NOTICE',
] as const satisfies readonly ((typeof S16_REASONS)[number] | 'NO_NOTICE')[];
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export const REASON_LABELS: Record<ReasonCategory, string> = {
  ...(S16_LABELS as Record<Exclude<ReasonCategory, 'NO_NOTICE'>, string>),
  NO_NOTICE: 'No notice sent to the Chief Coroner',
};

/** Zero for every key, so each area shows every column. */
export function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}
