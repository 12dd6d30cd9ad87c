import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaOfNewGroup,
  checkCanJoin,
  type GroupableCase,
  parseReferences,
  referencesInWords,
} from './case-groups.domain.ts';

const c = (n: number, extra: Partial<GroupableCase> = {}): GroupableCase => ({
  id: `id-${n}`,
  reference: `EL-2026-${String(n).padStart(6, '0')}`,
  areaCode: 'EL',
  closedOn: null,
  status: 'INVESTIGATION_OPEN',
  groupId: null,
  ...extra,
});

describe('inquests heard together', () => {
  it('forms a group of two or more open cases of one area, in that area', () => {
    expect(areaOfNewGroup([c(1), c(2), c(3)])).toBe('EL');
  });

  it('refuses fewer than two cases, another area, a closed case or a case in another group', () => {
    expect(() => areaOfNewGroup([c(1)])).toThrow('at least two cases');
    expect(() => areaOfNewGroup([c(1), c(2, { areaCode: 'IN' })])).toThrow(
      'EL-2026-000002 belongs to coroner area IN',
    );
    expect(() => areaOfNewGroup([c(1), c(2, { closedOn: '2026-11-01' })])).toThrow(
      'EL-2026-000002 is closed',
    );
    expect(() => areaOfNewGroup([c(1), c(2, { groupId: 'g-9' })])).toThrow('already in another group');
    expect(() => areaOfNewGroup([c(1), c(2, { status: 'TRANSFER_PENDING' })])).toThrow(
      'EL-2026-000002 is being transferred to another coroner area',
    );
  });

  it('adds to an existing group only what is not in it yet', () => {
    expect(() => checkCanJoin({ id: 'g-1', areaCode: 'EL' }, [c(4)])).not.toThrow();
    expect(() => checkCanJoin({ id: 'g-1', areaCode: 'EL' }, [c(4, { groupId: 'g-1' })])).toThrow(
      'already in this group',
    );
  });

  it('accepts any set of open cases of one area in no group (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: 2, maxLength: 20 }),
        (ns) => {
          expect(areaOfNewGroup(ns.map((n) => c(n)))).toBe('EL');
        },
      ),
    );
  });
});

describe('case references typed in a form', () => {
  it('splits on lines, commas and spaces, writes each in full and drops repeats', () => {
    expect(parseReferences('el-2026-12\nEL-2026-000012, EL-2026-000013  IN-2025-7')).toEqual([
      'EL-2026-000012',
      'EL-2026-000013',
      'IN-2025-000007',
    ]);
    expect(parseReferences('  ')).toEqual([]);
    expect(parseReferences('Walgate')).toEqual(['WALGATE']);
  });
});

describe('references named in a message', () => {
  it('names at most five, each cut short, so a pasted page is not echoed back', () => {
    expect(referencesInWords(['EL-2026-000001'])).toBe('EL-2026-000001');
    const pasted = ['Y'.repeat(20_000), 'B', 'C', 'D', 'E', 'F'];
    const words = referencesInWords(pasted);
    expect(words).toBe(`${'Y'.repeat(20)}…, B, C, D, E and others`);
  });
});
