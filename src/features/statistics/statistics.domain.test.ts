import { describe, expect, it } from 'vitest';
import { barChartSvg, chartText } from './statistics.charts.ts';
import { buildStatistics, percent, statisticsCsv, statisticsTables } from './statistics.domain.ts';
import type { StatisticsFigures } from './statistics.queries.ts';

const zero: StatisticsFigures = {
  deathsReported: 0,
  postMortems: 0,
  inquestsOpened: 0,
  inquestsConcluded: 0,
  conclusions: {},
  shortFormWithNarrative: 0,
  juryInquests: 0,
  stateDetention: {
    prison: 0,
    'police-custody': 0,
    'immigration-removal-centre': 0,
    'mental-health-act': 0,
    other: 0,
  },
  timeToConclusion: { measured: 0, meanDays: null, medianDays: null, overTwelveMonths: 0 },
  investigationsOverTwelveMonths: 0,
  yearInProgress: false,
  pfd: { reports: 0, recipients: 0, responded: 0, overdue: 0 },
};

describe('statistics tables', () => {
  it('rounds shares to one decimal and leaves them blank when there is nothing to divide by', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
  });

  it('turns days into weeks and counts responses not yet due', () => {
    const f = {
      ...zero,
      inquestsConcluded: 4,
      timeToConclusion: { measured: 4, meanDays: 217, medianDays: 200, overTwelveMonths: 1 },
      pfd: { reports: 2, recipients: 5, responded: 2, overdue: 1 },
    };
    const tables = Object.fromEntries(
      statisticsTables(f).map((t) => [t.id, Object.fromEntries(t.rows.map((r) => [r.key, r.values]))]),
    );
    expect(tables['time-to-conclusion']).toMatchObject({
      'mean-weeks': [31],
      'median-weeks': [28.6],
      'over-12-months-share': [25],
    });
    expect(tables['pfd-reports']!.awaiting).toEqual([2]);
  });

  it('counts long investigations as of today while the year runs, and says so', () => {
    const long = (yearInProgress: boolean) =>
      statisticsTables({ ...zero, investigationsOverTwelveMonths: 3, yearInProgress }).find(
        (t) => t.id === 'long-investigations',
      )!.rows[0]!.label;
    expect(long(false)).toBe('Investigations open for more than 12 months at the end of the year');
    expect(long(true)).toBe('Investigations open for more than 12 months today');
  });

  it('gives empty tables, and a CSV of the header alone, for a year with nothing recorded', () => {
    const s = buildStatistics(2003, null, zero);
    expect(s.empty).toBe(true);
    expect(s.tables.every((t) => t.rows.length === 0)).toBe(true);
    expect(statisticsCsv(s)).toBe('year,area_code,table,row,column,value\r\n');
  });

  it('draws an accessible chart whose text alternative reads every bar', () => {
    const s = buildStatistics(
      2024,
      { code: 'EL', name: 'East London' },
      { ...zero, deathsReported: 1200, postMortems: 480 },
    );
    const t = s.tables[0]!;
    expect(chartText(t)).toBe(
      'Deaths reported and post-mortem examinations: Deaths reported 1,200; Deaths reported with a post-mortem examination 480.',
    );
    const svg = barChartSvg(t, 'c1')!;
    expect(svg).toContain('role="img" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain(
      '<desc id="c1-desc">Deaths reported and post-mortem examinations: Deaths reported 1,200;',
    );
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="260"');
    expect(svg).toContain('width="104"');
    expect(barChartSvg(s.tables.find((x) => x.id === 'long-investigations')!, 'c2')).toBeNull();
  });

  it('escapes what it writes into the chart', () => {
    const t = {
      id: 'x',
      title: 'A <b> & "c"',
      description: '',
      columns: [{ key: 'n', label: 'N' }],
      rows: [{ key: 'a', label: '<script>', values: [1] }],
      chartColumn: 0,
    };
    const svg = barChartSvg(t, 'x')!;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
