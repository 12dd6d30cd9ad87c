import { describe, expect, it } from 'vitest';
import { type Clock, clockState, clockTag, deriveClocks } from './cases.clocks.ts';
import type { CaseEvent } from './cases.domain.ts';
import { clockRows } from './cases.pages.view.ts';

let seq = 0;
const event = (type: string, at: string, payload: Record<string, unknown> = {}): CaseEvent => ({
  seq: ++seq,
  type,
  at,
  actor: { id: null, label: 'x', role: 'coroner' },
  payload,
});
const byKind = (clocks: Clock[], kind: string) => clocks.filter((c) => c.kind === kind);

describe('statutory clocks derived from the log', () => {
  it('starts s.16 (12 months) and r.8 (6 months) from the day the coroner was made aware', () => {
    const clocks = deriveClocks([
      event('REPORTED', '2014-06-20T08:30:00Z'),
      event('OPEN_INVESTIGATION', '2014-06-23T10:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
    ]);
    expect(byKind(clocks, 'S16_TWELVE_MONTHS')).toEqual([
      expect.objectContaining({ startedOn: '2014-06-20', dueOn: '2015-06-20', metOn: null }),
    ]);
    expect(byKind(clocks, 'R8_SIX_MONTHS')).toEqual([
      expect.objectContaining({ dueOn: '2014-12-20', metOn: null }),
    ]);
  });

  it('uses the London date of a report made just after midnight in summer time (no shift at the clock change)', () => {
    // 23:30 UTC on 29 March 2026 is 00:30 on 30 March in London (BST).
    const clocks = deriveClocks([
      event('REPORTED', '2026-03-29T23:30:00Z'),
      event('OPEN_INVESTIGATION', '2026-03-30T09:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
    ]);
    expect(byKind(clocks, 'S16_TWELVE_MONTHS')[0]).toMatchObject({
      startedOn: '2026-03-30',
      dueOn: '2027-03-30',
    });
    // 00:30 UTC on 25 October 2026 is 01:30 BST, still 25 October in London.
    const autumn = deriveClocks([
      event('REPORTED', '2026-10-25T00:30:00Z'),
      event('OPEN_INVESTIGATION', '2026-10-26T09:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
    ]);
    expect(byKind(autumn, 'R8_SIX_MONTHS')[0]).toMatchObject({
      startedOn: '2026-10-25',
      dueOn: '2027-04-25',
    });
  });

  it('clamps a 31 August report to the end of February for r.8', () => {
    const clocks = deriveClocks([
      event('REPORTED', '2025-08-31T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2025-08-31T10:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
    ]);
    expect(byKind(clocks, 'R8_SIX_MONTHS')[0]!.dueOn).toBe('2026-02-28');
  });

  it('counts an investigation ended on the anniversary as longer than 12 months (s.16: “beginning with” the day)', () => {
    const endedOn = (day: string) =>
      deriveClocks([
        event('REPORTED', '2025-01-10T09:00:00Z'),
        event('OPEN_INVESTIGATION', '2025-01-10T10:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
        event('DISCONTINUE', `${day}T10:00:00Z`, { causeOfDeath: 'x' }),
      ]);
    expect(byKind(endedOn('2026-01-09'), 'S16_TWELVE_MONTHS')[0]!.metOn).toBe('2026-01-09');
    expect(byKind(endedOn('2026-01-09'), 'S16_COMPLETION_NOTICE')).toEqual([]);
    expect(byKind(endedOn('2026-01-10'), 'S16_TWELVE_MONTHS')[0]!.metOn).toBeNull();
    expect(byKind(endedOn('2026-01-10'), 'S16_COMPLETION_NOTICE')).toHaveLength(1);
  });

  it('ends the clocks when the coroner decides not to resume, as any other end of an investigation', () => {
    const clocks = deriveClocks([
      event('REPORTED', '2025-01-10T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2025-01-10T10:00:00Z', { grounds: ['VIOLENT_OR_UNNATURAL'] }),
      event('SUSPEND', '2025-01-20T10:00:00Z', { basis: 'SCH1_PARA1', requestedBy: 'CPS' }),
      event('SUSPEND', '2025-02-01T10:00:00Z', { basis: 'SCH1_PARA2' }),
      event('DECIDE_NOT_TO_RESUME', '2025-05-01T10:00:00Z', { reason: 'Convicted' }),
    ]);
    expect(byKind(clocks, 'R8_SIX_MONTHS')[0]!.metOn).toBe('2025-05-01');
    // Charged within the 28 days: the prosecutor's suspension (and its review) gave way to paragraph 2.
    expect(byKind(clocks, 'SCH1_PARA1_REVIEW')).toEqual([expect.objectContaining({ metOn: '2025-02-01' })]);
  });

  it('runs the clocks again when an investigation the coroner decided not to resume is resumed', () => {
    const notResumed = [
      event('REPORTED', '2025-01-10T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2025-01-10T10:00:00Z', { grounds: ['VIOLENT_OR_UNNATURAL'] }),
      event('OPEN_INQUEST', '2025-01-12T10:00:00Z'),
      event('SUSPEND', '2025-01-20T10:00:00Z', { basis: 'SCH1_PARA2' }),
      event('DECIDE_NOT_TO_RESUME', '2025-05-01T10:00:00Z', { reason: 'Convicted' }),
    ];
    const resumed = deriveClocks([
      ...notResumed,
      event('RESUME', '2025-06-01T10:00:00Z', { proceedingsOutcome: 'Conviction quashed on appeal' }),
    ]);
    expect(byKind(resumed, 'S16_TWELVE_MONTHS')).toEqual([expect.objectContaining({ metOn: null })]);
    expect(byKind(resumed, 'R8_SIX_MONTHS')).toEqual([expect.objectContaining({ metOn: null })]);
    // The certificate on not resuming gave the registrar what registration needs: that stays done.
    expect(byKind(resumed, 'REG8_REGISTRAR_PARTICULARS')).toEqual([
      expect.objectContaining({ metOn: '2025-05-01' }),
    ]);
    // Ended after the anniversary, resumed, then ended again: one completion notice, asked at the last end.
    const late = [
      ...notResumed.slice(0, 4),
      event('DECIDE_NOT_TO_RESUME', '2026-02-01T10:00:00Z', { reason: 'Convicted' }),
    ];
    expect(byKind(deriveClocks(late), 'S16_COMPLETION_NOTICE')).toHaveLength(1);
    const reopened = [...late, event('RESUME', '2026-03-01T10:00:00Z', { proceedingsOutcome: 'Quashed' })];
    expect(byKind(deriveClocks(reopened), 'S16_COMPLETION_NOTICE')).toEqual([]);
    const ended = deriveClocks([
      ...reopened,
      event('RECORD_CONCLUSION', '2026-04-01T10:00:00Z', {
        shortForm: 'unlawful-killing',
        concludedOn: '2026-04-01',
      }),
    ]);
    expect(byKind(ended, 'S16_COMPLETION_NOTICE')).toEqual([
      expect.objectContaining({ dueOn: '2026-04-01', metOn: null }),
    ]);
  });

  it('meets s.16 by concluding in time, or by the notice, and then asks for the completion notice', () => {
    const quick = deriveClocks([
      event('REPORTED', '2025-01-10T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2025-01-10T10:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
      event('DISCONTINUE', '2025-03-01T10:00:00Z', { causeOfDeath: 'x' }),
    ]);
    expect(byKind(quick, 'S16_TWELVE_MONTHS')[0]!.metOn).toBe('2025-03-01');
    expect(byKind(quick, 'S16_COMPLETION_NOTICE')).toEqual([]);

    const slow = deriveClocks([
      event('REPORTED', '2024-01-10T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2024-01-10T10:00:00Z', { grounds: ['CAUSE_UNKNOWN'] }),
      event('SEND_S16_NOTICE', '2025-01-15T10:00:00Z', {
        stage: 'OVER_12_MONTHS',
        reasonCategory: 'COMPLEX_CASE',
      }),
      event('OPEN_INQUEST', '2024-02-01T10:00:00Z', { openedOn: '2024-02-01' }),
      event('RECORD_CONCLUSION', '2025-06-02T10:00:00Z', {
        concludedOn: '2025-06-02',
        medicalCause: { '1a': 'x' },
        howWhenWhere: 'x',
        shortForm: 'open',
        byJury: false,
      }),
    ]);
    expect(byKind(slow, 'S16_TWELVE_MONTHS')[0]!.metOn).toBe('2025-01-15');
    expect(byKind(slow, 'S16_COMPLETION_NOTICE')).toEqual([
      expect.objectContaining({ dueOn: '2025-06-02', metOn: null }),
    ]);
    expect(clockState(byKind(slow, 'S16_COMPLETION_NOTICE')[0]!, '2025-06-10')).toBe('overdue');
    // The notice came three days after the 12 months were up, and the inquest long after its 6 months.
    expect(clockState(byKind(slow, 'S16_TWELVE_MONTHS')[0]!, '2025-06-10')).toBe('met-late');
    expect(clockState(byKind(slow, 'R8_SIX_MONTHS')[0]!, '2025-06-10')).toBe('met-late');
    expect(clockState(byKind(quick, 'S16_TWELVE_MONTHS')[0]!, '2025-06-10')).toBe('met');
    expect(clockTag('met-late', '2025-06-02')).toEqual({
      text: 'Met late, 2 June 2025',
      tag: 'govuk-tag--orange',
    });
  });

  it('gives a prosecutor’s suspension a 28-day review, renewed by each review and ended by resuming', () => {
    const clocks = deriveClocks([
      event('REPORTED', '2026-01-05T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2026-01-05T10:00:00Z', { grounds: ['VIOLENT_OR_UNNATURAL'] }),
      event('SUSPEND', '2026-02-02T10:00:00Z', { basis: 'SCH1_PARA1', requestedBy: 'CPS' }),
      event('REVIEW_SUSPENSION', '2026-03-01T10:00:00Z', { nextReviewOn: '2026-04-15' }),
      event('RESUME', '2026-04-10T10:00:00Z'),
    ]);
    const reviews = byKind(clocks, 'SCH1_PARA1_REVIEW');
    expect(reviews).toEqual([
      expect.objectContaining({ startedOn: '2026-02-02', dueOn: '2026-03-01', metOn: '2026-03-01' }),
      expect.objectContaining({ startedOn: '2026-03-01', dueOn: '2026-04-15', metOn: '2026-04-10' }),
    ]);
  });

  it('asks for the registrar’s particulars on suspending, once for the death, met on the day they were sent (reg. 8)', () => {
    const opened = [
      event('REPORTED', '2026-01-05T09:00:00Z'),
      event('OPEN_INVESTIGATION', '2026-01-05T10:00:00Z', { grounds: ['VIOLENT_OR_UNNATURAL'] }),
      event('SUSPEND', '2026-02-02T10:00:00Z', { basis: 'SCH1_PARA1', requestedBy: 'CPS' }),
    ];
    expect(byKind(deriveClocks(opened), 'REG8_REGISTRAR_PARTICULARS')).toEqual([
      expect.objectContaining({ startedOn: '2026-02-02', dueOn: '2026-02-02', metOn: null }),
    ]);
    // A change of paragraph (someone charged) is the same suspension: no second clock.
    const charged = [...opened, event('SUSPEND', '2026-02-09T10:00:00Z', { basis: 'SCH1_PARA2' })];
    expect(byKind(deriveClocks(charged), 'REG8_REGISTRAR_PARTICULARS')).toHaveLength(1);
    const sent = [
      ...charged,
      event('SEND_REGISTRAR_PARTICULARS', '2026-02-10T09:00:00Z', { sentOn: '2026-02-03' }),
    ];
    const [clock] = byKind(deriveClocks(sent), 'REG8_REGISTRAR_PARTICULARS');
    expect(clock).toMatchObject({ metOn: '2026-02-03' });
    expect(clockState(clock!, '2026-03-01')).toBe('met-late');
    // The death is registered: a later suspension needs no new particulars.
    const again = [
      ...sent,
      event('RESUME', '2026-06-01T09:00:00Z', { proceedingsOutcome: 'Acquitted' }),
      event('SUSPEND', '2026-07-01T09:00:00Z', { basis: 'SCH1_PARA5' }),
    ];
    expect(byKind(deriveClocks(again), 'REG8_REGISTRAR_PARTICULARS')).toHaveLength(1);
    // Never sent while suspended: they go to the registrar with the Record of Inquest, and the clock ends.
    const concluded = deriveClocks([
      ...charged,
      event('RESUME', '2026-06-01T09:00:00Z', { proceedingsOutcome: 'Acquitted' }),
      event('OPEN_INQUEST', '2026-06-02T09:00:00Z'),
      event('RECORD_CONCLUSION', '2026-09-01T09:00:00Z', { shortForm: 'open', concludedOn: '2026-09-01' }),
    ]);
    expect(byKind(concluded, 'REG8_REGISTRAR_PARTICULARS')).toEqual([
      expect.objectContaining({ metOn: '2026-09-01' }),
    ]);
  });

  it('gives a transfer five working days, skipping Christmas and the New Year', () => {
    const clocks = deriveClocks([
      event('REPORTED', '2026-12-01T09:00:00Z'),
      event('TRANSFER', '2026-12-23T15:00:00Z', { toAreaCode: 'IN', basis: 'S2' }),
      event('ACCEPT_TRANSFER', '2027-01-04T09:00:00Z'),
    ]);
    // 24, 29, 30, 31 December and 4 January (25 and 28 December and 1 January are bank holidays).
    expect(byKind(clocks, 'TRANSFER_HANDOVER')[0]).toMatchObject({
      dueOn: '2027-01-04',
      metOn: '2027-01-04',
    });
  });
});

describe('the clocks on the case page', () => {
  it('says the 12-month notice was not needed, rather than met, when the investigation ended in time', () => {
    const clock = (metOn: string | null, state: 'met' | 'met-late' | 'open') => ({
      kind: 'S16_TWELVE_MONTHS',
      basis: 's.16',
      dueOn: '2026-08-01',
      metOn,
      state,
    });
    expect(clockRows([clock('2026-03-10', 'met')])[0]).toMatchObject({
      stateText: 'Not needed: ended within 12 months',
    });
    expect(clockRows([clock('2026-08-03', 'met-late')])[0]).toMatchObject({
      stateText: 'Met late, 3 August 2026',
    });
  });
});
