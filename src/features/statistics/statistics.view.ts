import type { AreaView } from '../areas/areas.schema.ts';
import { barChartSvg } from './statistics.charts.ts';
import type { Statistics } from './statistics.domain.ts';

const format = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB'));

/** What the statistics page shows: each table as a GOV.UK table with its chart beside it, and the downloads. */
export function statisticsPage(s: Statistics, areas: AreaView[]) {
  const query = new URLSearchParams({
    year: String(s.year),
    ...(s.area ? { area: s.area.code } : {}),
  }).toString();
  const where = s.area ? s.area.name : 'England and Wales';
  return {
    stats: s,
    where,
    areaOptions: [
      { value: '', text: 'England and Wales (all areas)', selected: !s.area },
      ...areas.map((a) => ({
        value: a.code,
        text: `${a.name} (${a.code})`,
        selected: a.code === s.area?.code,
      })),
    ],
    downloads: [
      { text: 'CSV', href: `/statistics.csv?${query}` },
      { text: 'OpenDocument spreadsheet (ODS)', href: `/statistics.ods?${query}` },
      { text: 'JSON', href: `/api/v1/public/statistics?${query}` },
    ],
    tables: s.tables.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      chart: barChartSvg(t, `chart-${t.id}`),
      head: [{ text: 'Measure' }, ...t.columns.map((c) => ({ text: c.label, format: 'numeric' }))],
      rows: t.rows.map((r) => [
        { text: r.label },
        ...r.values.map((v) => ({ text: format(v), format: 'numeric' })),
      ]),
    })),
  };
}
