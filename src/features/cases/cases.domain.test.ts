import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/errors.ts';
import { fieldErrorsOf } from '../../platform/http/validation.ts';
import { type CaseAction, caseAction } from './cases.actions.schema.ts';
import {
  ALLOWED_ACTIONS,
  applyEvent,
  CASE_STATUSES,
  type CaseEvent,
  type CaseState,
  checkAction,
  deriveState,
  INITIAL_STATE,
  requireActionRole,
} from './cases.domain.ts';

const today = '2026-11-25';
const reported: CaseEvent = {
  seq: 1,
  type: 'REPORTED',
  at: '2026-01-05T09:00:00Z',
  actor: { id: null, label: 'x', role: 'officer' },
  payload: {},
};

/** One valid example of every action. */
const EXAMPLES: Record<CaseAction['type'], CaseAction> = {
  OPEN_PRELIMINARY_ENQUIRIES: { type: 'OPEN_PRELIMINARY_ENQUIRIES' },
  DECIDE_NO_DUTY: { type: 'DECIDE_NO_DUTY', route: 'MCCD', reason: 'Natural causes, GP will certify' },
  OPEN_INVESTIGATION: { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Cause not known' },
  REVIEW_GROUNDS: { type: 'REVIEW_GROUNDS', grounds: ['CAUSE_UNKNOWN'], reason: 'Post-mortem' },
  RECORD_POST_MORTEM: {
    type: 'RECORD_POST_MORTEM',
    examinedOn: '2026-01-07',
    kind: 'INVASIVE',
    pathologist: 'Dr A',
  },
  DISCONTINUE: { type: 'DISCONTINUE', causeOfDeath: 'Ischaemic heart disease', reason: 'Natural' },
  OPEN_INQUEST: { type: 'OPEN_INQUEST', openedOn: '2026-01-10' },
  SUSPEND: { type: 'SUSPEND', basis: 'SCH1_PARA1', requestedBy: 'CPS', reason: 'Charge considered' },
  REVIEW_SUSPENSION: { type: 'REVIEW_SUSPENSION', nextReviewOn: '2026-12-20', reason: 'Extended' },
  DECIDE_NOT_TO_RESUME: { type: 'DECIDE_NOT_TO_RESUME', reason: 'The trial answered how he died' },
  RESUME: { type: 'RESUME', reason: 'Trial over' },
  SEND_REGISTRAR_PARTICULARS: {
    type: 'SEND_REGISTRAR_PARTICULARS',
    sentOn: '2026-02-01',
    registerOffice: 'Barking and Dagenham Register Office',
    causeOfDeath: 'Awaiting toxicology',
    registration: {},
  },
  DECIDE_JURY: { type: 'DECIDE_JURY', jury: false, basis: 'NOT_REQUIRED', reason: 'Not needed' },
  DECIDE_ARTICLE_2: { type: 'DECIDE_ARTICLE_2', article2: 'NOT_ENGAGED', reason: 'No state involvement' },
  ASSIGN: { type: 'ASSIGN', officerId: '00000000-0000-4000-8000-000000000001' },
  UPDATE_DETAILS: { type: 'UPDATE_DETAILS', details: { toxicology: { tested: ['GHB'], detected: ['GHB'] } } },
  RECORD_CONCLUSION: {
    type: 'RECORD_CONCLUSION',
    concludedOn: '2026-06-01',
    medicalCause: { '1a': 'GHB toxicity' },
    howWhenWhere: 'Found in the churchyard',
    shortForm: 'open',
    neglect: false,
    byJury: false,
    registration: {},
  },
  QUASH: { type: 'QUASH', court: 'High Court', orderedOn: '2026-10-01', grounds: 'Insufficiency of inquiry' },
  TRANSFER: {
    type: 'TRANSFER',
    toAreaCode: 'IN',
    basis: 'S2',
    agreedBy: 'HM Senior Coroner',
    reason: 'Family lives there',
  },
  ACCEPT_TRANSFER: { type: 'ACCEPT_TRANSFER' },
  SET_REPORTING_RESTRICTION: { type: 'SET_REPORTING_RESTRICTION', order: 'CYPA_S39' },
  SEND_S16_NOTICE: { type: 'SEND_S16_NOTICE', stage: 'OVER_12_MONTHS', reasonCategory: 'COMPLEX_CASE' },
  RECORD_NOTE: { type: 'RECORD_NOTE', note: 'Spoke to the family' },
};

function run(actions: CaseAction[], role: Role = 'coroner'): CaseState {
  let state = deriveState([reported]);
  actions.forEach((a, i) => {
    checkAction(state, a, { role, today });
    state = applyEvent(state, {
      seq: i + 2,
      type: a.type,
      at: `2026-0${Math.min(9, 1 + Math.floor(i / 3))}-15T10:00:00Z`,
      actor: { id: null, label: 'x', role },
      payload: a as never,
    });
  });
  return state;
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the case lifecycle', () => {
  it('goes from a report to a Record of Inquest', () => {
    const s = run([
      EXAMPLES.OPEN_PRELIMINARY_ENQUIRIES,
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.RECORD_POST_MORTEM,
      EXAMPLES.OPEN_INQUEST,
      EXAMPLES.SUSPEND,
      EXAMPLES.RESUME,
      EXAMPLES.DECIDE_JURY,
      EXAMPLES.DECIDE_ARTICLE_2,
      EXAMPLES.RECORD_CONCLUSION,
    ]);
    expect(s.status).toBe('CONCLUDED');
    expect(s.inquest?.conclusion?.shortForm).toBe('open');
    expect(s.closedOn).toBe('2026-06-01');
    expect(s.postMortem?.pathologist).toBe('Dr A');
  });

  it('returns a resumed investigation to where it was suspended', () => {
    expect(run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.SUSPEND]).status).toBe('SUSPENDED');
    expect(run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.SUSPEND, EXAMPLES.RESUME]).status).toBe(
      'INVESTIGATION_OPEN',
    );
    expect(
      run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST, EXAMPLES.SUSPEND, EXAMPLES.RESUME]).status,
    ).toBe('INQUEST_OPENED');
  });

  it('keeps judicial decisions for coroners: an officer cannot open an inquest', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION]);
    const e = refusal(() => checkAction(state, EXAMPLES.OPEN_INQUEST, { role: 'officer', today }));
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      'Only a coroner can open an inquest. It is a judicial decision; officers prepare and record.',
    );
    expect(() => checkAction(state, EXAMPLES.RECORD_POST_MORTEM, { role: 'officer', today })).not.toThrow();
  });

  it('does not call recording the High Court’s order a judicial decision of the coroner’s', () => {
    expect(refusal(() => requireActionRole('QUASH', 'officer')).message).toBe(
      'Only a coroner or the Chief Coroner’s office can record a High Court order quashing the inquest. The decision was the court’s; the coroner records it.',
    );
    expect(refusal(() => requireActionRole('TRANSFER', 'officer')).message).toContain(
      'It is a judicial decision',
    );
  });

  it('refuses an action the status does not allow, naming the status and what is allowed', () => {
    const e = refusal(() =>
      checkAction(deriveState([reported]), EXAMPLES.OPEN_INQUEST, { role: 'coroner', today }),
    );
    expect(e.code).toBe('ACTION_NOT_ALLOWED');
    expect(e.message).toContain('You cannot open an inquest while the case’s status is “Reported”.');
    expect(e.message).toContain(
      'Allowed now: start preliminary enquiries; decide no investigation is needed; open an investigation',
    );
  });

  it('refuses to discontinue where a violent or unnatural death is suspected (s.4(2))', () => {
    const state = run([{ ...EXAMPLES.OPEN_INVESTIGATION, grounds: ['VIOLENT_OR_UNNATURAL'] } as CaseAction]);
    expect(
      refusal(() => checkAction(state, EXAMPLES.DISCONTINUE, { role: 'coroner', today })).message,
    ).toContain('s.4(2)');
    const reviewed = run([
      { ...EXAMPLES.OPEN_INVESTIGATION, grounds: ['VIOLENT_OR_UNNATURAL'] } as CaseAction,
      EXAMPLES.REVIEW_GROUNDS,
      EXAMPLES.DISCONTINUE,
    ]);
    expect(reviewed.status).toBe('DISCONTINUED');
  });

  it('insists on a jury for a death in state detention of unknown cause (s.7(2)(a))', () => {
    const state = run([
      { ...EXAMPLES.OPEN_INVESTIGATION, grounds: ['STATE_DETENTION', 'CAUSE_UNKNOWN'] } as CaseAction,
      EXAMPLES.OPEN_INQUEST,
    ]);
    expect(
      refusal(() => checkAction(state, EXAMPLES.DECIDE_JURY, { role: 'coroner', today })).message,
    ).toContain('must have a jury');
    expect(() =>
      checkAction(
        state,
        { type: 'DECIDE_JURY', jury: true, basis: 'S7_2_A', reason: 'Custody death' },
        { role: 'coroner', today },
      ),
    ).not.toThrow();
  });

  it('will not record the conclusion of an inquest that must have a jury without one, however the grounds came to need it', () => {
    const custody = {
      ...EXAMPLES.OPEN_INVESTIGATION,
      grounds: ['STATE_DETENTION', 'CAUSE_UNKNOWN'],
    } as CaseAction;
    const undecided = run([custody, EXAMPLES.OPEN_INQUEST]);
    expect(
      refusal(() => checkAction(undecided, EXAMPLES.RECORD_CONCLUSION, { role: 'coroner', today })).message,
    ).toContain('This inquest must have a jury');
    const reviewedLater = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      EXAMPLES.DECIDE_JURY,
      { ...EXAMPLES.REVIEW_GROUNDS, grounds: ['STATE_DETENTION', 'VIOLENT_OR_UNNATURAL'] } as CaseAction,
    ]);
    expect(
      refusal(() => checkAction(reviewedLater, EXAMPLES.RECORD_CONCLUSION, { role: 'coroner', today }))
        .message,
    ).toContain('s.7(2)(a)');
    const withJury = run([
      custody,
      EXAMPLES.OPEN_INQUEST,
      { type: 'DECIDE_JURY', jury: true, basis: 'S7_2_A', reason: 'Custody death' },
      { ...EXAMPLES.RECORD_CONCLUSION, byJury: true } as CaseAction,
    ]);
    expect(withJury.status).toBe('CONCLUDED');
  });

  it('adds the neglect rider only to a short form it can qualify', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST]);
    const rider = (shortForm: string) =>
      ({ ...EXAMPLES.RECORD_CONCLUSION, shortForm, neglect: true }) as CaseAction;
    for (const shortForm of ['unlawful-killing', 'lawful-killing', 'stillbirth'])
      expect(
        refusal(() => checkAction(state, rider(shortForm), { role: 'coroner', today })).fields,
      ).toHaveProperty('neglect');
    expect(checkAction(state, rider('natural-causes'), { role: 'coroner', today })).toBe('CONCLUDED');
  });

  it('leaves a section 3 transfer to the Chief Coroner', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION]);
    const direction = { ...EXAMPLES.TRANSFER, basis: 'S3', agreedBy: undefined } as CaseAction;
    const e = refusal(() => checkAction(state, direction, { role: 'coroner', today }));
    expect(e.message).toContain('Only the Chief Coroner directs a transfer under section 3');
    expect(checkAction(state, direction, { role: 'chief-coroner', today })).toBe('TRANSFER_PENDING');
  });

  it('asks for a missing date in the action’s words, and says a given one is not a real date', () => {
    const opened = (openedOn?: string) =>
      fieldErrorsOf(
        caseAction.safeParse({ type: 'OPEN_INQUEST', ...(openedOn ? { openedOn } : {}) }).error!.issues,
      ).openedOn;
    expect(opened()).toBe('Enter the date the inquest was opened');
    expect(opened('2026-02-30')).toBe('Enter a real date in the format YYYY-MM-DD');
    expect(opened('30/02/2026')).toBe('Enter a real date in the format YYYY-MM-DD');
  });

  it('names a missing receiving area as the form asks for it, not by its field name', () => {
    const transfer = caseAction.safeParse({ type: 'TRANSFER', basis: 'S3', reason: 'x' });
    expect(fieldErrorsOf(transfer.error!.issues)).toEqual({
      toAreaCode: 'Select the receiving coroner area',
    });
  });

  it('asks who requested a suspension under paragraphs 1 and 3, not after a charge (2) or of the coroner’s own power (5)', () => {
    const suspend = (basis: string, requestedBy?: string) =>
      caseAction.safeParse({ type: 'SUSPEND', basis, reason: 'x', ...(requestedBy ? { requestedBy } : {}) });
    expect(suspend('SCH1_PARA5').success).toBe(true);
    expect(suspend('SCH1_PARA2').success).toBe(true);
    expect(suspend('SCH1_PARA3').success).toBe(false);
    const missing = suspend('SCH1_PARA1');
    expect(missing.success).toBe(false);
    expect(fieldErrorsOf(missing.error!.issues)).toEqual({
      requestedBy: 'Enter who asked for the suspension',
    });
    expect(suspend('SCH1_PARA1', 'Crown Prosecution Service').success).toBe(true);
    const state = run([EXAMPLES.OPEN_INVESTIGATION, { type: 'SUSPEND', basis: 'SCH1_PARA5', reason: 'x' }]);
    expect(state.suspension).toMatchObject({ basis: 'SCH1_PARA5', requestedBy: null });
    // Only after criminal proceedings or an inquiry may the coroner decide not to resume (Sch.1 para 8).
    expect(
      refusal(() => checkAction(state, EXAMPLES.DECIDE_NOT_TO_RESUME, { role: 'coroner', today })).message,
    ).toContain('must be resumed');
  });

  it('after a charge, ends the investigation without resuming it, and can look at that again (Sch.1 paras 2 and 8)', () => {
    const ctx = { role: 'coroner', today } as const;
    const charged = { type: 'SUSPEND', basis: 'SCH1_PARA2', reason: 'Charged with murder' } as CaseAction;
    // A prosecutor's request first, then the charge: the same pause under another paragraph.
    const requested = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST, EXAMPLES.SUSPEND]);
    expect(refusal(() => checkAction(requested, EXAMPLES.SUSPEND, ctx)).message).toContain(
      'already suspended',
    );
    expect(refusal(() => checkAction(requested, EXAMPLES.DECIDE_NOT_TO_RESUME, ctx)).message).toContain(
      'someone is charged',
    );
    const suspended = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST, EXAMPLES.SUSPEND, charged]);
    expect(suspended).toMatchObject({
      status: 'SUSPENDED',
      resumeTo: 'INQUEST_OPENED',
      suspension: { basis: 'SCH1_PARA2', since: requested.suspension!.since },
    });
    expect(
      refusal(() => checkAction(suspended, EXAMPLES.DECIDE_NOT_TO_RESUME, { role: 'officer', today })).code,
    ).toBe('FORBIDDEN');
    const ended = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      EXAMPLES.SUSPEND,
      charged,
      EXAMPLES.DECIDE_NOT_TO_RESUME,
    ]);
    expect(ended.status).toBe('NOT_RESUMED');
    expect(ended.closedOn).toBeTruthy();
    expect(checkAction(ended, { ...EXAMPLES.SEND_S16_NOTICE, stage: 'COMPLETED' } as CaseAction, ctx)).toBe(
      'NOT_RESUMED',
    );
    // Resuming, now or later, says how the proceedings ended; the conclusion must not contradict it.
    expect(refusal(() => checkAction(ended, EXAMPLES.RESUME, ctx)).fields).toHaveProperty(
      'proceedingsOutcome',
    );
    const resume = { ...EXAMPLES.RESUME, proceedingsOutcome: 'Acquitted of murder' } as CaseAction;
    expect(checkAction(ended, resume, ctx)).toBe('INQUEST_OPENED');
    const reopened = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      charged,
      EXAMPLES.DECIDE_NOT_TO_RESUME,
      resume,
    ]);
    expect(reopened).toMatchObject({
      status: 'INQUEST_OPENED',
      closedOn: null,
      proceedingsOutcome: 'Acquitted of murder',
    });
  });

  it('keeps the next review of a suspension between today and two years from now', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.SUSPEND]);
    const review = (nextReviewOn: string) => () =>
      checkAction(state, { ...EXAMPLES.REVIEW_SUSPENSION, nextReviewOn } as CaseAction, {
        role: 'coroner',
        today,
      });
    expect(review('2028-11-25')()).toBe('SUSPENDED');
    expect(refusal(review('2028-11-26')).fields).toEqual({
      nextReviewOn: 'The next review must be within two years of today',
    });
    expect(refusal(review('2026-11-24')).fields).toHaveProperty('nextReviewOn');
  });

  it('keeps a suspension at a prosecutor’s request for at least 28 days (Sch.1 para 1(4))', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.SUSPEND]); // suspended on 15 January 2026
    const at = (day: string) => () => checkAction(state, EXAMPLES.RESUME, { role: 'coroner', today: day });
    expect(refusal(at('2026-02-11')).message).toContain('this one runs until 11 February 2026');
    expect(at('2026-02-12')()).toBe('INVESTIGATION_OPEN');
    const charged = run([
      EXAMPLES.OPEN_INVESTIGATION,
      { ...EXAMPLES.SUSPEND, basis: 'SCH1_PARA2' } as CaseAction,
    ]);
    const afterTrial = { ...EXAMPLES.RESUME, proceedingsOutcome: 'Convicted of manslaughter' } as CaseAction;
    expect(checkAction(charged, afterTrial, { role: 'coroner', today: '2026-01-16' })).toBe(
      'INVESTIGATION_OPEN',
    );
    // Moving to the coroner's own power (para 5) does not shorten the prosecutor's 28 days.
    const ownPower = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.SUSPEND,
      { type: 'SUSPEND', basis: 'SCH1_PARA5', reason: 'Waiting for the inquiry report' },
    ]);
    const resumeOwn = (day: string) => () =>
      checkAction(ownPower, EXAMPLES.RESUME, { role: 'coroner', today: day });
    expect(refusal(resumeOwn('2026-01-15')).message).toContain('this one runs until 11 February 2026');
    expect(resumeOwn('2026-02-12')()).toBe('INVESTIGATION_OPEN');
  });

  it('sends the 12-month notice to the Chief Coroner only once 12 months have passed (s.16)', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION]); // reported on 5 January 2026
    const notice = (day: string) => () =>
      checkAction(state, EXAMPLES.SEND_S16_NOTICE, { role: 'officer', today: day });
    expect(refusal(notice('2027-01-04')).message).toContain('sent from 5 January 2027');
    expect(notice('2027-01-05')()).toBe('INVESTIGATION_OPEN');
  });

  it('investigates a death reported in state detention: no “no duty”, and the ground must be there (s.1(2)(c))', () => {
    const state = run([]);
    const ctx = { role: 'coroner', today, stateDetention: 'prison' } as const;
    expect(refusal(() => checkAction(state, EXAMPLES.DECIDE_NO_DUTY, ctx)).message).toContain('s.1(2)(c)');
    expect(refusal(() => checkAction(state, EXAMPLES.OPEN_INVESTIGATION, ctx)).fields).toHaveProperty(
      'grounds',
    );
    const custody = { ...EXAMPLES.OPEN_INVESTIGATION, grounds: ['STATE_DETENTION'] } as CaseAction;
    expect(checkAction(state, custody, ctx)).toBe('INVESTIGATION_OPEN');
    expect(checkAction(state, EXAMPLES.DECIDE_NO_DUTY, { role: 'coroner', today })).toBe('NO_DUTY');
  });

  it('treats a death later reported as in state detention as one: no discontinuance, and a jury (s.4(2)(b), s.7(2)(a))', () => {
    // Opened on "cause unknown"; the details were then corrected to say the death was in prison.
    const opened = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.RECORD_POST_MORTEM]);
    const ctx = { role: 'coroner', today, stateDetention: 'prison' } as const;
    expect(refusal(() => checkAction(opened, EXAMPLES.DISCONTINUE, ctx)).message).toContain('s.4(2)(b)');
    expect(checkAction(opened, EXAMPLES.DISCONTINUE, { role: 'coroner', today })).toBe('DISCONTINUED');
    const inquest = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST]);
    expect(refusal(() => checkAction(inquest, EXAMPLES.DECIDE_JURY, ctx)).message).toContain('s.7(2)(a)');
    expect(refusal(() => checkAction(inquest, EXAMPLES.RECORD_CONCLUSION, ctx)).message).toContain('jury');
    expect(checkAction(inquest, EXAMPLES.DECIDE_JURY, { role: 'coroner', today })).toBe('INQUEST_OPENED');
  });

  it('concludes only once Article 2 is decided, with “in what circumstances” only in an Article 2 inquest', () => {
    const underReview = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      { type: 'DECIDE_ARTICLE_2', article2: 'UNDER_REVIEW', reason: 'Awaiting disclosure' },
    ]);
    const ctx = { role: 'coroner', today } as const;
    expect(refusal(() => checkAction(underReview, EXAMPLES.RECORD_CONCLUSION, ctx)).message).toContain(
      'under review',
    );
    const ordinary = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST]);
    const withCircumstances = { ...EXAMPLES.RECORD_CONCLUSION, circumstances: 'x' } as CaseAction;
    expect(refusal(() => checkAction(ordinary, withCircumstances, ctx)).fields).toHaveProperty(
      'circumstances',
    );
    expect(checkAction(ordinary, EXAMPLES.RECORD_CONCLUSION, ctx)).toBe('CONCLUDED');
  });

  it('asks for the circumstances when Article 2 is engaged, and a jury’s conclusion only with a jury', () => {
    const a2 = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      { type: 'DECIDE_ARTICLE_2', article2: 'ENGAGED', reason: 'State agent' },
    ]);
    const e = refusal(() => checkAction(a2, EXAMPLES.RECORD_CONCLUSION, { role: 'coroner', today }));
    expect(e.fields).toHaveProperty('circumstances');
    const noJury = run([EXAMPLES.OPEN_INVESTIGATION, EXAMPLES.OPEN_INQUEST]);
    expect(
      refusal(() =>
        checkAction(noJury, { ...EXAMPLES.RECORD_CONCLUSION, byJury: true } as CaseAction, {
          role: 'coroner',
          today,
        }),
      ).message,
    ).toContain('no jury');
  });

  it('refuses dates in the future', () => {
    const state = run([EXAMPLES.OPEN_INVESTIGATION]);
    expect(
      refusal(() =>
        checkAction(state, { ...EXAMPLES.OPEN_INQUEST, openedOn: '2026-11-26' } as CaseAction, {
          role: 'coroner',
          today,
        }),
      ).fields,
    ).toHaveProperty('openedOn');
  });

  it('refuses a post-mortem examination dated before the death was reported', () => {
    const state = { ...run([EXAMPLES.OPEN_INVESTIGATION]), reportedAt: '2026-01-05T09:00:00Z' };
    const examined = (examinedOn: string) => () =>
      checkAction(state, { ...EXAMPLES.RECORD_POST_MORTEM, examinedOn } as CaseAction, {
        role: 'officer',
        today,
      });
    expect(refusal(examined('2026-01-04')).fields).toEqual({
      examinedOn: 'The examination cannot be dated before the death was reported',
    });
    expect(examined('2026-01-05')).not.toThrow();
  });

  it('keeps the concluded record when quashed', () => {
    const s = run([
      EXAMPLES.OPEN_INVESTIGATION,
      EXAMPLES.OPEN_INQUEST,
      EXAMPLES.RECORD_CONCLUSION,
      EXAMPLES.QUASH,
    ]);
    expect(s.status).toBe('QUASHED');
    expect(s.inquest?.conclusion?.shortForm).toBe('open');
    expect(s.quash?.court).toBe('High Court');
  });
});

/** The status each accepted action leads to, independent of the implementation: the transition relation. */
function expectedNext(before: CaseState, type: CaseAction['type']): string {
  const to: Partial<Record<CaseAction['type'], string>> = {
    OPEN_PRELIMINARY_ENQUIRIES: 'PRELIMINARY_ENQUIRIES',
    DECIDE_NO_DUTY: 'NO_DUTY',
    OPEN_INVESTIGATION: 'INVESTIGATION_OPEN',
    DISCONTINUE: 'DISCONTINUED',
    OPEN_INQUEST: 'INQUEST_OPENED',
    SUSPEND: 'SUSPENDED',
    RECORD_CONCLUSION: 'CONCLUDED',
    QUASH: 'QUASHED',
    TRANSFER: 'TRANSFER_PENDING',
    DECIDE_NOT_TO_RESUME: 'NOT_RESUMED',
  };
  if (type === 'RESUME' || type === 'ACCEPT_TRANSFER') return before.resumeTo ?? 'INVESTIGATION_OPEN';
  return to[type] ?? before.status;
}

describe('property: no sequence of actions reaches a state the table forbids', () => {
  const actionArb = fc.constantFrom(...Object.values(EXAMPLES));
  const roleArb = fc.constantFrom<Role>('coroner', 'officer', 'chief-coroner');

  it('accepts exactly the actions the table allows, and moves only along the transition relation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(actionArb, roleArb), { maxLength: 40 }), (steps) => {
        let state = deriveState([reported]);
        const events: CaseEvent[] = [reported];
        for (const [action, role] of steps) {
          const allowed = (ALLOWED_ACTIONS[state.status] as readonly string[]).includes(action.type);
          let accepted = true;
          try {
            checkAction(state, action, { role, today });
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            accepted = false;
            if (e.code === 'ACTION_NOT_ALLOWED' && !allowed) expect(e.message).toContain('Allowed now');
          }
          if (accepted) {
            expect(allowed).toBe(true);
            const event: CaseEvent = {
              seq: events.length + 1,
              type: action.type,
              at: '2026-06-01T12:00:00Z',
              actor: { id: null, label: 'x', role },
              payload: action as never,
            };
            const next = applyEvent(state, event);
            expect(next.status).toBe(expectedNext(state, action.type));
            events.push(event);
            state = next;
          }
          expect(CASE_STATUSES).toContain(state.status);
        }
        // The state is always what the log says.
        expect(deriveState(events)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('never changes a concluded record: after CONCLUDED only quashing, notices and notes are possible', () => {
    expect(ALLOWED_ACTIONS.CONCLUDED).not.toContain('RECORD_CONCLUSION');
    expect(ALLOWED_ACTIONS.CONCLUDED).not.toContain('UPDATE_DETAILS');
    expect(ALLOWED_ACTIONS.QUASHED).toEqual(['RECORD_NOTE']);
    expect(INITIAL_STATE.status).toBe('REPORTED');
  });
});
