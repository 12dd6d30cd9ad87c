import type { StatisticsTable } from './statistics.domain.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABEL_WIDTH = 300;
const BAR_WIDTH = 260;
const ROW = 30;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 80;

/** The bars a table's chart draws: its chart column, leaving out totals (the table shows those). */
export function chartBars(t: StatisticsTable): { label: string; value: number }[] {
  if (t.chartColumn === undefined) return [];
  return t.rows
    .filter((r) => r.key !== 'total' && r.key !== 'short-form-with-narrative' && r.key !== 'recipients')
    .map((r) => ({ label: r.label, value: r.values[t.chartColumn!] ?? 0 }));
}

/** A sentence that says what the chart shows, for people who cannot see it. */
export function chartText(t: StatisticsTable): string {
  const bars = chartBars(t);
  return `${t.title}: ${bars.map((b) => `${b.label} ${b.value.toLocaleString('en-GB')}`).join('; ')}.`;
}

/**
 * A horizontal bar chart as server-rendered SVG: `role="img"` with a title and a description that reads
 * out every value (the table beside it holds the same figures). Colours are GOV.UK's, text on white.
 */
export function barChartSvg(t: StatisticsTable, idPrefix: string): string | null {
  const bars = chartBars(t);
  if (bars.length === 0) return null;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 10;
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const rows = bars
    .map((b, i) => {
      const y = 5 + i * ROW;
      const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * BAR_WIDTH)) : 0;
      return (
        `<text x="${LABEL_WIDTH - 10}" y="${y + 19}" text-anchor="end" font-size="15" fill="#0b0c0c">${esc(b.label)}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${w}" height="${ROW - 8}" fill="#1d70b8"/>` +
        `<text x="${LABEL_WIDTH + w + 6}" y="${y + 19}" font-size="15" fill="#0b0c0c">${b.value.toLocaleString('en-GB')}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-labelledby="${titleId} ${descId}" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${titleId}">${esc(`Chart: ${t.title}`)}</title><desc id="${descId}">${esc(chartText(t))}</desc>` +
    `<g aria-hidden="true">${rows}</g></svg>`
  );
}
