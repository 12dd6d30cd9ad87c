import type { OversightMeasure } from '../../app.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  REASON_CATEGORIES,
  REASON_LABELS,
  type ReasonCategory,
} from './oversight.domain.ts';
import type { AreaFigures } from './oversight.queries.ts';

export type AreaOversight = {
  code: string;
  name: string;
  openCases: { total: number; byAge: Record<AgeBand, number> };
  over12Months: { total: number; byReason: Record<ReasonCategory, number> };
  measures: { label: string; value: number; href?: string }[];
};

/** Each area's figures with the measures other features provide, in a stable order of measures. */
export function combine(
  areas: { code: string; name: string }[],
  figures: Map<string, AreaFigures>,
  measures: OversightMeasure[],
): { labels: string[]; areas: AreaOversight[] } {
  const labels = [...new Set(measures.map((m) => m.label))];
  return {
    labels,
    areas: areas.map((a) => {
      const f = figures.get(a.code)!;
      return {
        code: a.code,
        name: a.name,
        openCases: f.openCases,
        over12Months: f.over12Months,
        measures: labels.map((label) => {
          const m = measures.find((x) => x.areaCode === a.code && x.label === label);
          return { label, value: m?.value ?? 0, ...(m?.href ? { href: m.href } : {}) };
        }),
      };
    }),
  };
}

const num = (n: number) => ({ text: n.toLocaleString('en-GB'), format: 'numeric' });
const linked = (n: number, href?: string) =>
  href && n > 0
    ? {
        html: `<a class="govuk-link" href="${escapeHtml(href)}">${n.toLocaleString('en-GB')}</a>`,
        format: 'numeric',
      }
    : num(n);

/** The areas side by side: open cases by age, long investigations and every other measure. */
export function sideBySide(labels: string[], areas: AreaOversight[]) {
  return {
    head: [
      { text: 'Area' },
      { text: 'Open cases', format: 'numeric' },
      ...AGE_BANDS.map((b) => ({ text: AGE_BAND_LABELS[b], format: 'numeric' })),
      { text: 'Investigations over 12 months', format: 'numeric' },
      ...labels.map((l) => ({ text: l, format: 'numeric' })),
    ],
    rows: areas.map((a) => [
      { text: `${a.name} (${a.code})` },
      num(a.openCases.total),
      ...AGE_BANDS.map((b) => num(a.openCases.byAge[b])),
      num(a.over12Months.total),
      ...a.measures.map((m) => linked(m.value, m.href)),
    ]),
  };
}

/** Investigations over 12 months per area by the reason category of their s.16 notice. */
export function reasonsTable(areas: AreaOversight[]) {
  const totals = Object.fromEntries(REASON_CATEGORIES.map((r) => [r, 0])) as Record<ReasonCategory, number>;
  for (const a of areas) for (const r of REASON_CATEGORIES) totals[r] += a.over12Months.byReason[r];
  return {
    head: [
      { text: 'Area' },
      ...REASON_CATEGORIES.map((r) => ({ text: REASON_LABELS[r], format: 'numeric' })),
      { text: 'Total', format: 'numeric' },
    ],
    rows: [
      ...areas.map((a) => [
        { text: `${a.name} (${a.code})` },
        ...REASON_CATEGORIES.map((r) => num(a.over12Months.byReason[r])),
        num(a.over12Months.total),
      ]),
      [
        { text: 'All areas' },
        ...REASON_CATEGORIES.map((r) => num(totals[r])),
        num(areas.reduce((s, a) => s + a.over12Months.total, 0)),
      ],
    ],
  };
}
