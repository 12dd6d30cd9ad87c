import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBandOf, bandBoundaries } from './oversight.domain.ts';
import type { AreaFigures } from './oversight.queries.ts';
import { combine, reasonsTable, sideBySide } from './oversight.view.ts';

describe('the age of open cases, from the report', () => {
  it('puts a case in its band on the anniversaries, with month ends clamped', () => {
    expect(ageBandOf('2026-11-25', '2026-11-25')).toBe('UNDER_3_MONTHS');
    expect(ageBandOf('2026-08-26', '2026-11-25')).toBe('UNDER_3_MONTHS');
    expect(ageBandOf('2026-08-25', '2026-11-25')).toBe('MONTHS_3_TO_6');
    expect(ageBandOf('2026-05-25', '2026-11-25')).toBe('MONTHS_6_TO_12');
    expect(ageBandOf('2025-11-25', '2026-11-25')).toBe('MONTHS_12_TO_24');
    expect(ageBandOf('2024-11-25', '2026-11-25')).toBe('OVER_24_MONTHS');
    expect(bandBoundaries('2026-05-31').MONTHS_3_TO_6).toBe('2026-02-28');
  });

  it('never puts an older case in a younger band (property)', () => {
    const day = fc
      .integer({ min: 0, max: 4000 })
      .map((n) => new Date(Date.UTC(2016, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (a, b, today) => {
        fc.pre(a <= b && b <= today);
        expect(AGE_BANDS.indexOf(ageBandOf(a, today))).toBeGreaterThanOrEqual(
          AGE_BANDS.indexOf(ageBandOf(b, today)),
        );
      }),
    );
  });
});

describe('areas side by side', () => {
  const figures = (open: number, long: number): AreaFigures => ({
    openCases: {
      total: open,
      byAge: {
        UNDER_3_MONTHS: open - long,
        MONTHS_3_TO_6: 0,
        MONTHS_6_TO_12: 0,
        MONTHS_12_TO_24: long,
        OVER_24_MONTHS: 0,
      },
    },
    over12Months: {
      total: long,
      byReason: {
        EXTERNAL_INVESTIGATION: long,
        CROWN_COURT_PROCEEDINGS: 0,
        DEATH_ABROAD: 0,
        INQUEST_PREPARATION: 0,
        COMPLEX_CASE: 0,
        NO_NOTICE: 0,
      },
    },
  });

  it('puts every measure in a column of its own, zero where an area has none, linked where there is something to see', () => {
    const { labels, areas } = combine(
      [
        { code: 'EL', name: 'East London' },
        { code: 'IN', name: 'Inner North London' },
      ],
      new Map([
        ['EL', figures(5, 2)],
        ['IN', figures(1, 0)],
      ]),
      [
        { areaCode: 'EL', label: 'PFD responses overdue', value: 3, href: '/pfd-reports/overdue?area=EL' },
        { areaCode: 'IN', label: 'Hearings postponed without a date', value: 1 },
      ],
    );
    expect(labels).toEqual(['PFD responses overdue', 'Hearings postponed without a date']);
    expect(areas[1]!.measures).toEqual([
      { label: 'PFD responses overdue', value: 0 },
      { label: 'Hearings postponed without a date', value: 1 },
    ]);
    const table = sideBySide(labels, areas);
    expect(table.head.map((h) => h.text)).toContain('Investigations over 12 months');
    expect(table.rows[0]![0]).toEqual({ text: 'East London (EL)' });
    expect(table.rows[0]!.at(-2)).toEqual({
      html: '<a class="govuk-link" href="/pfd-reports/overdue?area=EL">3</a>',
      format: 'numeric',
    });
    const reasons = reasonsTable(areas);
    expect(reasons.rows.at(-1)![0]).toEqual({ text: 'All areas' });
    expect(reasons.rows.at(-1)!.at(-1)).toEqual({ text: '2', format: 'numeric' });
  });
});
