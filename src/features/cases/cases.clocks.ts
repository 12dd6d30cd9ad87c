import { addMonths } from '../../platform/calendar/iso-dates.ts';
import { addWorkingDays } from '../../platform/calendar/working-days.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import {
  applyEvent,
  type CaseEvent,
  type CaseState,
  CLOSED_STATUSES,
  INITIAL_STATE,
  minimumSuspensionEnds,
} from './cases.domain.ts';

export type ClockKind =
  | 'S16_TWELVE_MONTHS'
  | 'S16_COMPLETION_NOTICE'
  | 'R8_SIX_MONTHS'
  | 'SCH1_PARA1_REVIEW'
  | 'REG8_REGISTRAR_PARTICULARS'
  | 'TRANSFER_HANDOVER';

/** A statutory clock: when it started, when it is due, and when (if ever) it was met. */
export type Clock = {
  kind: ClockKind | (string & {});
  basis: string;
  sourceId: string;
  startedOn: string;
  dueOn: string;
  metOn: string | null;
};

export const CLOCK_STATES = ['open', 'overdue', 'met', 'met-late'] as const;
/** Open (not yet due), overdue (due and not met), met on time, or met only after it was due. */
export type ClockState = (typeof CLOCK_STATES)[number];

export const CLOCK_LABELS: Record<ClockKind, string> = {
  S16_TWELVE_MONTHS: 'Tell the Chief Coroner the investigation has lasted 12 months',
  S16_COMPLETION_NOTICE: 'Tell the Chief Coroner the long investigation has ended',
  R8_SIX_MONTHS: 'Complete the inquest within 6 months (target)',
  SCH1_PARA1_REVIEW: 'Review the suspension requested by the prosecutor',
  REG8_REGISTRAR_PARTICULARS: 'Give the registrar the particulars to register the death',
  TRANSFER_HANDOVER: 'Hand over to the receiving area',
};

export const CLOCK_BASES: Record<ClockKind, string> = {
  S16_TWELVE_MONTHS: 'Coroners and Justice Act 2009 s.16',
  S16_COMPLETION_NOTICE: 'Coroners and Justice Act 2009 s.16',
  R8_SIX_MONTHS: 'Coroners (Inquests) Rules 2013 r.8',
  SCH1_PARA1_REVIEW: 'Coroners and Justice Act 2009 Sch.1 para 1 (28 days)',
  REG8_REGISTRAR_PARTICULARS: 'Coroners (Investigations) Regulations 2013 reg. 8 (on suspending)',
  TRANSFER_HANDOVER: 'Coroners (Investigations) Regulations 2013 r.18 (5 working days)',
};

export function clockState(clock: Pick<Clock, 'dueOn' | 'metOn'>, today: string): ClockState {
  if (clock.metOn) return clock.metOn > clock.dueOn ? 'met-late' : 'met';
  return clock.dueOn < today ? 'overdue' : 'open';
}

/** How a clock's state reads on a page, and its tag's colour. */
export function clockTag(state: ClockState, metOn: string | null): { text: string; tag: string } {
  switch (state) {
    case 'met':
      return { text: `Met ${govukDate(metOn)}`, tag: 'govuk-tag--green' };
    case 'met-late':
      return { text: `Met late, ${govukDate(metOn)}`, tag: 'govuk-tag--orange' };
    case 'overdue':
      return { text: 'Overdue', tag: 'govuk-tag--red' };
    default:
      return { text: 'Open', tag: 'govuk-tag--blue' };
  }
}

/**
 * The statutory clocks of a case, derived from its log alone: s.16 (12 months from the coroner being made
 * aware, then a completion notice), r.8 (6 months), Sch.1 para 1 (28-day review), the registrar's particulars on
 * suspending (Investigations Regulations reg. 8: no period is set, so they are due the day of the suspension) and
 * r.18 hand-over (5 working days).
 */
export function deriveClocks(events: readonly CaseEvent[]): Clock[] {
  const clocks = new Map<string, Clock>();
  const put = (c: Omit<Clock, 'basis'> & { kind: ClockKind }) =>
    clocks.set(`${c.kind}:${c.sourceId}`, { ...c, basis: CLOCK_BASES[c.kind] });
  let state: CaseState = INITIAL_STATE;
  let particularsSent = false;
  // The clocks the end of the investigation met, which run again should it be resumed.
  let endedByClosing: Clock[] = [];
  for (const event of events) {
    const before = state;
    state = applyEvent(state, event);
    const day = londonDate(new Date(event.at));
    const madeAware = state.reportedAt ? londonDate(new Date(state.reportedAt)) : day;

    if (!before.investigationOpenedAt && state.investigationOpenedAt) {
      put({
        kind: 'S16_TWELVE_MONTHS',
        sourceId: '',
        startedOn: madeAware,
        dueOn: addMonths(madeAware, 12),
        metOn: null,
      });
      put({
        kind: 'R8_SIX_MONTHS',
        sourceId: '',
        startedOn: madeAware,
        dueOn: addMonths(madeAware, 6),
        metOn: null,
      });
    }
    if (
      !CLOSED_STATUSES.includes(before.status) &&
      CLOSED_STATUSES.includes(state.status) &&
      state.investigationOpenedAt
    ) {
      const s16 = clocks.get('S16_TWELVE_MONTHS:');
      const r8 = clocks.get('R8_SIX_MONTHS:');
      const closedOn = state.closedOn ?? day;
      endedByClosing = [];
      const meet = (clock: Clock | undefined) => {
        if (!clock || clock.metOn) return;
        clock.metOn = closedOn;
        endedByClosing.push(clock);
      };
      meet(r8);
      // Twelve months "beginning with" the day the coroner was made aware end the day before the
      // anniversary: an investigation still open on the anniversary has lasted longer (s.16).
      if (s16 && closedOn < s16.dueOn) meet(s16);
      // Particulars never sent while suspended go to the registrar with the outcome (the Record of
      // Inquest's registration particulars, or the certificate on not resuming), and the death is registered.
      for (const clock of clocks.values())
        if (clock.kind === 'REG8_REGISTRAR_PARTICULARS' && !clock.metOn) clock.metOn = closedOn;
      if (s16 && closedOn >= s16.dueOn && !clocks.get('S16_COMPLETION_NOTICE:')?.metOn)
        put({
          kind: 'S16_COMPLETION_NOTICE',
          sourceId: '',
          startedOn: closedOn,
          dueOn: closedOn,
          metOn: null,
        });
    }
    if (CLOSED_STATUSES.includes(before.status) && !CLOSED_STATUSES.includes(state.status)) {
      // Resumed after a decision not to resume: the investigation has not ended after all.
      for (const clock of endedByClosing) clock.metOn = null;
      endedByClosing = [];
      const completion = clocks.get('S16_COMPLETION_NOTICE:');
      if (completion && !completion.metOn) clocks.delete('S16_COMPLETION_NOTICE:');
    }
    if (event.type === 'SEND_S16_NOTICE') {
      const key = event.payload.stage === 'COMPLETED' ? 'S16_COMPLETION_NOTICE:' : 'S16_TWELVE_MONTHS:';
      const clock = clocks.get(key);
      if (clock && !clock.metOn) clock.metOn = day;
    }
    if (
      event.type === 'REVIEW_SUSPENSION' ||
      event.type === 'RESUME' ||
      event.type === 'DECIDE_NOT_TO_RESUME' ||
      (event.type === 'SUSPEND' && before.status === 'SUSPENDED')
    ) {
      for (const clock of clocks.values())
        if (clock.kind === 'SCH1_PARA1_REVIEW' && !clock.metOn) clock.metOn = day;
      if (event.type === 'REVIEW_SUSPENSION' && state.suspension?.basis === 'SCH1_PARA1') {
        put({
          kind: 'SCH1_PARA1_REVIEW',
          sourceId: String(event.seq),
          startedOn: day,
          dueOn: String(event.payload.nextReviewOn),
          metOn: null,
        });
      }
    }
    if (event.type === 'SUSPEND' && event.payload.basis === 'SCH1_PARA1') {
      put({
        kind: 'SCH1_PARA1_REVIEW',
        sourceId: String(event.seq),
        startedOn: day,
        dueOn: minimumSuspensionEnds(day),
        metOn: null,
      });
    }
    // The death is registered once: particulars sent under an earlier suspension serve a later one too.
    if (event.type === 'SUSPEND' && before.status !== 'SUSPENDED' && !particularsSent) {
      put({
        kind: 'REG8_REGISTRAR_PARTICULARS',
        sourceId: String(event.seq),
        startedOn: day,
        dueOn: day,
        metOn: null,
      });
    }
    if (event.type === 'SEND_REGISTRAR_PARTICULARS') {
      particularsSent = true;
      for (const clock of clocks.values())
        if (clock.kind === 'REG8_REGISTRAR_PARTICULARS' && !clock.metOn)
          clock.metOn = String(event.payload.sentOn);
    }
    if (event.type === 'TRANSFER') {
      put({
        kind: 'TRANSFER_HANDOVER',
        sourceId: String(event.seq),
        startedOn: day,
        dueOn: addWorkingDays(day, 5),
        metOn: null,
      });
    }
    if (event.type === 'ACCEPT_TRANSFER') {
      for (const clock of clocks.values())
        if (clock.kind === 'TRANSFER_HANDOVER' && !clock.metOn) clock.metOn = day;
    }
    if (state.status === 'QUASHED') {
      for (const clock of clocks.values()) if (!clock.metOn) clock.metOn = day;
    }
  }
  return [...clocks.values()];
}
