import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../platform/calendar/working-days.ts';
import type { AppError } from '../../platform/http/errors.ts';
import { addDays, londonDate } from '../../platform/views/dates.ts';
import {
  ALLOWED_CHANGES,
  type Booking,
  checkAdjournment,
  checkCaseCanBeHeard,
  checkChange,
  checkNotPast,
  checkOutcome,
  checkRoomFits,
  checkUrgency,
  dayNeedingUrgency,
  directionClocks,
  findConflicts,
  HEARING_CHANGES,
  HEARING_STATUSES,
  isShortNotice,
  noticeClock,
  publicDeceased,
  publicDeceasedOfHearing,
  publicStatus,
  resumedType,
  sitsOn,
  sittingDays,
  whyUrgencyNeeded,
} from './hearings.domain.ts';

const at = (iso: string) => new Date(iso);
const sitting = (iso: string, estimatedMinutes = 60) => ({ startsAt: at(iso), estimatedMinutes });
const booking = (over: Partial<Booking>): Booking => ({
  hearingId: 'h1',
  roomId: 'room-1',
  roomName: 'Court 1',
  coronerId: 'coroner-1',
  coronerName: 'Nadia Persaud',
  startsAt: at('2026-12-02T10:00:00Z'),
  estimatedMinutes: 60,
  label: 'the inquest of EL-2026-000001',
  ...over,
});

describe('conflicts: the same room or the same coroner double-booked', () => {
  it('refuses an overlapping hearing in the same room, naming the room and the times', () => {
    const clash = findConflicts(
      booking({ hearingId: 'new', coronerId: 'coroner-2', startsAt: at('2026-12-02T10:30:00Z') }),
      [booking({})],
    );
    expect(clash).toEqual([
      'Court 1 is already booked from 10:00 to 11:00 for the inquest of EL-2026-000001.',
    ]);
  });

  it('names the days of a clashing booking that runs over several days', () => {
    const clash = findConflicts(
      booking({ hearingId: 'new', coronerId: 'coroner-2', startsAt: at('2026-12-08T10:00:00Z') }),
      [booking({ startsAt: at('2026-12-07T10:00:00Z'), estimatedMinutes: 4 * 24 * 60 })],
    );
    expect(clash).toEqual([
      'Court 1 is already booked from 10:00 on 7 December 2026 to 10:00 on 11 December 2026 for the inquest of EL-2026-000001.',
    ]);
  });

  it('refuses the same coroner in two rooms at once', () => {
    const clash = findConflicts(
      booking({ hearingId: 'new', roomId: 'room-2', startsAt: at('2026-12-02T09:30:00Z') }),
      [booking({})],
    );
    expect(clash).toEqual([
      'Nadia Persaud is already hearing the inquest of EL-2026-000001 from 10:00 to 11:00.',
    ]);
  });

  it('allows back-to-back hearings, other rooms and other coroners', () => {
    expect(
      findConflicts(booking({ hearingId: 'new', startsAt: at('2026-12-02T11:00:00Z') }), [booking({})]),
    ).toEqual([]);
    expect(
      findConflicts(booking({ hearingId: 'new', roomId: 'r2', coronerId: 'c2' }), [booking({})]),
    ).toEqual([]);
    // A hearing does not clash with itself (moving a hearing within its own slot).
    expect(findConflicts(booking({}), [booking({})])).toEqual([]);
  });

  it('finds a clash exactly when the two intervals overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 5, max: 300 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 5, max: 300 }),
        (s1, d1, s2, d2) => {
          const base = Date.parse('2026-12-02T08:00:00Z');
          const a = booking({ hearingId: 'a', startsAt: new Date(base + s1 * 60_000), estimatedMinutes: d1 });
          const b = booking({ hearingId: 'b', startsAt: new Date(base + s2 * 60_000), estimatedMinutes: d2 });
          const overlap = s1 < s2 + d2 && s2 < s1 + d1;
          expect(findConflicts(a, [b]).length > 0).toBe(overlap);
          expect(findConflicts(b, [a]).length > 0).toBe(overlap);
        },
      ),
    );
  });
});

describe('r.7: weekends and bank holidays need a reason of urgency', () => {
  it('names why the day needs a reason', () => {
    expect(dayNeedingUrgency('2026-12-05')).toBe('it is a weekend');
    expect(dayNeedingUrgency('2026-12-25')).toBe('Christmas Day is a bank holiday');
    expect(dayNeedingUrgency('2027-03-26')).toBe('Good Friday is a bank holiday');
    expect(dayNeedingUrgency('2026-12-02')).toBeUndefined();
  });

  it('refuses a Saturday hearing without a reason and keeps the reason when given', () => {
    expect(() => checkUrgency(sitting('2026-12-05T10:00:00Z'), undefined)).toThrow(/urgent: it is a weekend/);
    expect(() => checkUrgency(sitting('2026-12-05T10:00:00Z'), '   ')).toThrow(/rule 7/);
    expect(checkUrgency(sitting('2026-12-05T10:00:00Z'), 'Release of the body for burial')).toBe(
      'Release of the body for burial',
    );
    expect(checkUrgency(sitting('2026-12-02T10:00:00Z'), 'not needed')).toBeNull();
  });

  it('asks for a reason on exactly the days that are not working days (property, 2000–2099)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const day = d.toISOString().slice(0, 10);
          expect(dayNeedingUrgency(day) !== undefined).toBe(!isWorkingDay(day));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('judges the day in London time, not UTC', () => {
    // 23:30 UTC on Friday 4 December is Friday in London (GMT); 23:30 UTC on Friday 5 June 2026 is Saturday 00:30 BST.
    expect(checkUrgency(sitting('2026-12-04T23:30:00Z', 30), undefined)).toBeNull();
    expect(() => checkUrgency(sitting('2026-06-05T23:30:00Z', 30), undefined)).toThrow(/weekend/);
  });

  it('a hearing of several days needs a reason when any day it sits is a weekend or bank holiday, naming them', () => {
    // Thursday 24 December 2026, 09:00, for two days: it sits on Christmas Day and on Saturday 26 December.
    expect(() => checkUrgency(sitting('2026-12-24T09:00:00Z', 2880), undefined)).toThrow(
      'Give the reason this hearing is urgent: it would sit on Friday 25 December 2026 (Christmas Day, a bank holiday) and Saturday 26 December 2026 (a weekend) (Coroners (Inquests) Rules 2013 rule 7) (urgencyReason).',
    );
    // Friday 4 December 2026 for three days: Saturday and Sunday.
    expect(() => checkUrgency(sitting('2026-12-04T10:00:00Z', 4320), undefined)).toThrow(
      /it would sit on Saturday 5 December 2026 \(a weekend\) and Sunday 6 December 2026 \(a weekend\)/,
    );
    expect(checkUrgency(sitting('2026-12-24T09:00:00Z', 2880), 'The family fly home on 29 December')).toBe(
      'The family fly home on 29 December',
    );
    // Monday to Wednesday, and a Friday hearing ending at midnight, sit on no closed day.
    expect(checkUrgency(sitting('2026-11-30T10:00:00Z', 2880), undefined)).toBeNull();
    expect(checkUrgency(sitting('2026-12-04T22:00:00Z', 120), undefined)).toBeNull();
    // A Friday hearing that runs past midnight sits on Saturday.
    expect(() => checkUrgency(sitting('2026-12-04T22:00:00Z', 121), undefined)).toThrow(
      /it would sit on Saturday 5 December 2026 \(a weekend\)/,
    );
  });

  it('the days a hearing sits are the days the court diary shows it on', () => {
    expect(sittingDays(sitting('2026-12-24T09:00:00Z', 2880))).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(sittingDays(sitting('2026-12-02T10:00:00Z', 60))).toEqual(['2026-12-02']);
    // The night the clocks go back (25 October 2026): the days are London's.
    expect(sittingDays(sitting('2026-10-24T22:30:00Z', 120))).toEqual(['2026-10-24', '2026-10-25']);
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 5, max: 14400 }),
        (d, minutes) => {
          const h = sitting(d.toISOString(), minutes);
          const days = sittingDays(h);
          for (let i = -2; i < days.length + 2; i++) {
            const day = addDays(days[0]!, i);
            expect(sitsOn(h, day)).toBe(days.includes(day));
          }
          // r.7 is asked for exactly when one of those days is not a working day.
          expect(whyUrgencyNeeded(h) !== undefined).toBe(days.some((day) => !isWorkingDay(day)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('allowed changes', () => {
  it('lets a listed hearing be postponed, adjourned, vacated or recorded, and a postponed one relisted', () => {
    expect(() => checkChange('LISTED', 'POSTPONE')).not.toThrow();
    expect(() => checkChange('POSTPONED', 'RELIST')).not.toThrow();
    expect(() => checkChange('POSTPONED', 'ADJOURN')).toThrow(
      /postponed with the new date to be set\. Relist it/,
    );
    expect(() => checkChange('LISTED', 'RELIST')).toThrow(/postpone it to a new date instead/);
    expect(() => checkChange('HELD', 'POSTPONE')).toThrow(/already been held/);
  });

  it('answers every refused change with a 409 and a sentence (property over the table)', () => {
    for (const status of HEARING_STATUSES)
      for (const change of HEARING_CHANGES) {
        const allowed = (ALLOWED_CHANGES[status] as readonly string[]).includes(change);
        try {
          checkChange(status, change);
          expect(allowed).toBe(true);
        } catch (error) {
          expect(allowed).toBe(false);
          expect((error as { status: number }).status).toBe(409);
          expect((error as Error).message).toMatch(/^You cannot .+\.$/);
        }
      }
  });
});

describe('bad input', () => {
  it('refuses listing in the past', () => {
    expect(() => checkNotPast(at('2026-11-25T09:00:00Z'), at('2026-11-25T10:00:00Z'))).toThrow(
      /in the future/,
    );
    expect(() => checkNotPast(at('2026-11-25T11:00:00Z'), at('2026-11-25T10:00:00Z'))).not.toThrow();
  });

  it('refuses a hearing for a case without an opened inquest, except the opening itself', () => {
    const c = {
      reference: 'EL-2026-000001',
      status: 'INVESTIGATION_OPEN',
      investigationOpenedAt: '2026-11-20T10:00:00Z',
      inquestOpenedOn: null,
      closed: false,
      jury: null,
    };
    expect(() => checkCaseCanBeHeard('PRE_INQUEST_REVIEW', c)).toThrow(/has no opened inquest/);
    expect(() => checkCaseCanBeHeard('OPENING', c)).not.toThrow();
    expect(() => checkCaseCanBeHeard('OPENING', { ...c, investigationOpenedAt: null })).toThrow(
      /no investigation open/,
    );
    expect(() =>
      checkCaseCanBeHeard('INQUEST', { ...c, inquestOpenedOn: '2026-11-21', closed: true }),
    ).toThrow(/closed/);
    expect(() => checkCaseCanBeHeard('INQUEST', c)).toThrow(/before listing an inquest hearing/);
    const suspended = { ...c, status: 'SUSPENDED', inquestOpenedOn: '2026-11-21' };
    expect(() => checkCaseCanBeHeard('INQUEST', suspended)).toThrow(
      'Case EL-2026-000001 is suspended: resume the investigation before listing an inquest hearing.',
    );
    expect(() => checkCaseCanBeHeard('RESUMED_INQUEST', suspended)).toThrow(/is suspended/);
    expect(() => checkCaseCanBeHeard('PRE_INQUEST_REVIEW', suspended)).not.toThrow();
  });

  it('refuses a jury inquest in a room without a jury box', () => {
    expect(() => checkRoomFits('INQUEST', { name: 'Court 2', juryCapable: false }, true)).toThrow(
      /no jury box/,
    );
    // On the page, the message sits by the room.
    try {
      checkRoomFits('INQUEST', { name: 'Court 2', juryCapable: false }, true);
    } catch (error) {
      expect((error as AppError).fields).toEqual({
        roomId: expect.stringContaining('Choose a jury-capable room'),
      });
    }
    expect(() =>
      checkRoomFits('PRE_INQUEST_REVIEW', { name: 'Court 2', juryCapable: false }, true),
    ).not.toThrow();
    expect(() => checkRoomFits('INQUEST', { name: 'Court 1', juryCapable: true }, true)).not.toThrow();
  });

  it('refuses an outcome dated in the future or a direction due before the hearing', () => {
    expect(() => checkOutcome({ heldOn: '2026-11-26', directions: [] }, '2026-11-20', '2026-11-25')).toThrow(
      /future/,
    );
    expect(() =>
      checkOutcome(
        {
          heldOn: '2026-11-24',
          directions: [{ kind: 'DISCLOSURE', text: 'Police statements', dueOn: '2026-11-23' }],
        },
        '2026-11-24',
        '2026-11-25',
      ),
    ).toThrow(/directions\.0\.dueOn/);
  });
});

describe('adjourning', () => {
  it('adjourns a hearing only from its start time, and says to postpone one still to come', () => {
    const hearing = { startsAt: at('2026-12-14T10:00:00Z') };
    expect(() => checkAdjournment(hearing, at('2026-12-14T09:59:00Z'))).toThrow(
      'This hearing has not started yet, so it cannot be adjourned: postpone it instead.',
    );
    expect(() => checkAdjournment(hearing, at('2026-12-14T10:00:00Z'))).not.toThrow();
    expect(() => checkAdjournment(hearing, at('2026-12-15T10:00:00Z'))).not.toThrow();
  });
});

describe('clocks', () => {
  it('r.9: notice falls due one week after the date is fixed, one clock per version of the hearing', () => {
    const c = noticeClock(
      { id: 'h1', type: 'PRE_INQUEST_REVIEW', startsAt: at('2026-12-14T10:00:00Z'), version: 2 },
      'FIXED',
      at('2026-11-25T10:00:00Z'),
    );
    expect(c).toMatchObject({ startedOn: '2026-11-25', dueOn: '2026-12-02', sourceId: 'h1:notice:2' });
    expect(c.kind).toBe('Give notice of the pre-inquest review on 14 December 2026');
    expect(
      noticeClock(
        { id: 'h1', type: 'INQUEST', startsAt: at('2026-12-14T10:00:00Z'), version: 3 },
        'CHANGED',
        at('2026-12-30T10:00:00Z'),
      ).dueOn,
    ).toBe('2027-01-06');
  });

  it('r.9: notice of a hearing less than a week away is due by the day of the hearing, never after it', () => {
    const soon = noticeClock(
      { id: 'h1', type: 'PRE_INQUEST_REVIEW', startsAt: at('2026-11-28T10:00:00Z'), version: 1 },
      'FIXED',
      at('2026-11-25T10:00:00Z'),
    );
    expect(soon).toMatchObject({ startedOn: '2026-11-25', dueOn: '2026-11-28' });
    const moved = noticeClock(
      { id: 'h1', type: 'PRE_INQUEST_REVIEW', startsAt: at('2026-12-02T10:00:00Z'), version: 2 },
      'CHANGED',
      at('2026-11-29T10:00:00Z'),
    );
    expect(moved.kind).toBe('Give notice of the change to the pre-inquest review (listed 2 December 2026)');
    expect(moved.dueOn).toBe('2026-12-02');
    // Late in the evening in London, the next day in UTC: the hearing's own day counts in London.
    expect(
      noticeClock(
        { id: 'h1', type: 'INQUEST', startsAt: at('2026-11-26T23:30:00Z'), version: 1 },
        'FIXED',
        at('2026-11-25T10:00:00Z'),
      ).dueOn,
    ).toBe('2026-11-26');
  });

  it('r.9: notice is never due after the hearing, nor before the day it was given', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * day }),
        fc.integer({ min: -30 * day, max: 60 * day }),
        (offset, ahead) => {
          const now = new Date(Date.parse('2026-01-01T00:00:00Z') + offset);
          const startsAt = new Date(now.getTime() + ahead);
          const c = noticeClock({ id: 'h1', type: 'INQUEST', startsAt, version: 1 }, 'FIXED', now);
          expect(c.dueOn >= c.startedOn).toBe(true);
          if (ahead > 0) {
            const hearingDay = londonDate(startsAt);
            expect(c.dueOn <= hearingDay).toBe(true);
            expect(c.dueOn).toBe(isShortNotice(startsAt, now) ? hearingDay : addDays(c.startedOn, 7));
          } else expect(c.dueOn).toBe(addDays(c.startedOn, 7));
        },
      ),
    );
  });

  it('turns each direction with a date into a clock, and no other', () => {
    const clocks = directionClocks('h1', '2026-11-24', [
      { kind: 'DISCLOSURE', text: 'Police to disclose witness statements', dueOn: '2027-01-15' },
      { kind: 'JURY', text: 'No jury' },
      { kind: 'WITNESSES', text: 'Families to name witnesses', dueOn: '2026-12-18' },
    ]);
    expect(clocks.map((c) => [c.kind, c.dueOn, c.sourceId])).toEqual([
      ['Disclosure: Police to disclose witness statements', '2027-01-15', 'h1:direction:1'],
      ['Witnesses: Families to name witnesses', '2026-12-18', 'h1:direction:3'],
    ]);
    expect(clocks[0]!.basis).toBe('Direction given at the hearing on 24 November 2026');
  });
});

describe('the public list', () => {
  const deceased = { givenNames: 'Anthony', familyName: 'Walgate', age: 34, dateOfDeath: '2026-11-19' };
  it('shows name, age and date of death without a restriction', () => {
    expect(publicDeceased({ ...deceased, reportingRestriction: 'NONE' })).toEqual({
      name: 'Anthony Walgate',
      age: 34,
      dateOfDeath: '2026-11-19',
      restricted: false,
    });
  });

  it('shows nothing identifying under any reporting restriction', () => {
    for (const order of ['CYPA_S39', 'CCA_S4_2', 'CCA_S11']) {
      const shown = publicDeceased({ ...deceased, reportingRestriction: order });
      expect(JSON.stringify(shown)).not.toMatch(/Walgate|Anthony|34|2026-11-19/);
      expect(shown.restricted).toBe(true);
    }
  });

  it('names none of the deaths heard together with a restricted one', () => {
    const other = { givenNames: 'Marcus', familyName: 'Ellery', age: 34, dateOfDeath: '2026-10-02' };
    const shown = publicDeceasedOfHearing([
      { ...deceased, reportingRestriction: 'CYPA_S39' },
      { ...other, reportingRestriction: 'NONE' },
    ]);
    expect(shown).toHaveLength(2);
    expect(JSON.stringify(shown)).not.toMatch(/Walgate|Ellery|Marcus|34/);
    expect(publicDeceasedOfHearing([{ ...other, reportingRestriction: 'NONE' }])[0]!.name).toBe(
      'Marcus Ellery',
    );
  });

  it('says "postponed – new date to be set" for a postponed hearing', () => {
    expect(publicStatus('POSTPONED')).toBe('Postponed – new date to be set');
    expect(resumedType('INQUEST')).toBe('RESUMED_INQUEST');
    expect(resumedType('PRE_INQUEST_REVIEW')).toBe('PRE_INQUEST_REVIEW');
  });
});
