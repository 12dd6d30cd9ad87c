import { describe, expect, it } from 'vitest';
import { describeEvent } from './cases.pages.view.ts';

const event = (type: string, payload: Record<string, unknown>) => ({
  seq: 2,
  type,
  at: '2026-11-24T10:00:00Z',
  actor: 'Test coroner (Coroner)',
  payload,
});

describe('the case timeline', () => {
  it('says what was decided, not only that something was', () => {
    expect(
      describeEvent(event('DECIDE_NO_DUTY', { route: 'FORM_100A', reason: 'Natural causes, GP unavailable' }))
        .text,
    ).toBe('How the death will be certified: Form 100A to the registrar.\nNatural causes, GP unavailable');
    expect(
      describeEvent(
        event('OPEN_INVESTIGATION', { grounds: ['VIOLENT_OR_UNNATURAL', 'STATE_DETENTION'], reason: 'x' }),
      ).text,
    ).toBe(
      'Grounds: a violent or unnatural death is suspected; the person died in custody or otherwise in state detention.\nx',
    );
    expect(
      describeEvent(
        event('RECORD_POST_MORTEM', { examinedOn: '2026-11-23', kind: 'CT', pathologist: 'Dr Okafor' }),
      ).text,
    ).toBe('CT scan (non-invasive) on 23 November 2026 by Dr Okafor.');
    expect(
      describeEvent(event('OPEN_INQUEST', { openedOn: '2026-11-24', provisionalCause: '1a Hanging' })).text,
    ).toBe('Opened 24 November 2026. Provisional cause of death: 1a Hanging.');
    expect(
      describeEvent(event('REVIEW_SUSPENSION', { nextReviewOn: '2027-01-05', reason: 'No charge yet' })).text,
    ).toBe('Next review 5 January 2027.\nNo charge yet');
    expect(
      describeEvent(
        event('RESUME', { proceedingsOutcome: 'Convicted of manslaughter', reason: 'The trial has ended' }),
      ).text,
    ).toBe('How the proceedings ended: Convicted of manslaughter.\nThe trial has ended');
  });

  it('shows the note written with a reporting restriction or a notice to the Chief Coroner', () => {
    expect(
      describeEvent(
        event('SET_REPORTING_RESTRICTION', { order: 'CYPA_S39', note: 'The deceased’s sister is 12' }),
      ).text,
    ).toBe('Children and Young Persons Act 1933 s.39 (a child)\nThe deceased’s sister is 12');
    expect(
      describeEvent(
        event('SEND_S16_NOTICE', {
          stage: 'OVER_12_MONTHS',
          reasonCategory: 'CROWN_COURT_PROCEEDINGS',
          note: 'Trial listed for March',
        }),
      ).text,
    ).toBe('More than 12 months: Crown Court proceedings.\nTrial listed for March');
  });
});
