import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  ALLOWED_STEPS,
  type CaseJudgeLedRequest,
  checkAppointedOn,
  checkAppointer,
  checkRequest,
  checkStep,
  conclusionBar,
  DECISIONS,
  type Decision,
  JUDGE_LED_STATUSES,
  JUDGE_LED_STEPS,
  type JudgeLedStatus,
  type JudgeLedStep,
  judgeDisplayName,
  nextStatus,
  type RequestableCase,
  STEP_ROLES,
} from './judge-led.domain.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : 'OTHER';
  }
};

describe('a request for a judge-led inquest, step by step', () => {
  it('goes requested → approved → judge appointed, or requested → declined', () => {
    expect(nextStatus('REQUESTED', 'DECIDE', 'APPROVED')).toBe('APPROVED');
    expect(nextStatus('APPROVED', 'APPOINT_JUDGE')).toBe('JUDGE_APPOINTED');
    expect(nextStatus('REQUESTED', 'DECIDE', 'DECLINED')).toBe('DECLINED');
  });

  it('lets only the Chief Coroner’s office decide, and whoever makes the appointment record it (403 otherwise)', () => {
    for (const role of ROLES) {
      expect(codeOf(() => checkStep('REQUESTED', 'DECIDE', role))).toBe(
        role === 'chief-coroner' ? undefined : 'FORBIDDEN',
      );
      expect(codeOf(() => checkStep('APPROVED', 'APPOINT_JUDGE', role))).toBe(
        role === 'local-authority' || role === 'chief-coroner' ? undefined : 'FORBIDDEN',
      );
      expect(codeOf(() => checkAppointer('ASSISTANT_CORONER', role))).toBe(
        role === 'local-authority' ? undefined : 'FORBIDDEN',
      );
      expect(codeOf(() => checkAppointer('SCHEDULE_10', role))).toBe(
        role === 'chief-coroner' ? undefined : 'FORBIDDEN',
      );
    }
  });

  it('refuses a step out of order with a 409 and a sentence saying why', () => {
    expect(() => checkStep('REQUESTED', 'APPOINT_JUDGE', 'local-authority')).toThrow(
      'The Chief Coroner’s office has not decided this request yet. A judge can be appointed only once it is approved.',
    );
    expect(() => checkStep('DECLINED', 'APPOINT_JUDGE', 'local-authority')).toThrow('declined this request');
    expect(() => checkStep('APPROVED', 'DECIDE', 'chief-coroner')).toThrow('already approved');
    expect(() => checkStep('JUDGE_APPOINTED', 'APPOINT_JUDGE', 'local-authority')).toThrow(
      'already been appointed',
    );
    expect(codeOf(() => checkStep('JUDGE_APPOINTED', 'DECIDE', 'chief-coroner'))).toBe('ACTION_NOT_ALLOWED');
  });

  it('reaches a judge only through an approval, whatever steps are tried by whoever (property)', () => {
    const attempt = fc.record({
      step: fc.constantFrom(...JUDGE_LED_STEPS),
      role: fc.constantFrom(...ROLES),
      decision: fc.constantFrom(...DECISIONS),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 12 }), (attempts) => {
        let status: JudgeLedStatus = 'REQUESTED';
        const path: JudgeLedStatus[] = [status];
        for (const a of attempts) {
          const allowedNow = (ALLOWED_STEPS[status] as readonly JudgeLedStep[]).includes(a.step);
          const roleOk = (STEP_ROLES[a.step] as readonly Role[]).includes(a.role);
          const code = codeOf(() => checkStep(status, a.step, a.role));
          expect(code).toBe(!roleOk ? 'FORBIDDEN' : !allowedNow ? 'ACTION_NOT_ALLOWED' : undefined);
          if (code) continue;
          status = nextStatus(status, a.step, a.decision as Decision);
          path.push(status);
        }
        if (status === 'JUDGE_APPOINTED') expect(path).toEqual(['REQUESTED', 'APPROVED', 'JUDGE_APPOINTED']);
        expect(path.length).toBeLessThanOrEqual(3);
        expect(JUDGE_LED_STATUSES).toContain(status);
      }),
    );
  });
});

describe('what a coroner may ask for', () => {
  const c = (n: number, extra: Partial<RequestableCase> = {}): RequestableCase => ({
    id: `id-${n}`,
    reference: `EL-2026-00000${n}`,
    areaCode: 'EL',
    closedOn: null,
    openRequestId: null,
    ...extra,
  });

  it('open cases of the coroner’s own area, in no request still in progress', () => {
    expect(checkRequest([c(1), c(2)], 'EL')).toBe('EL');
    expect(codeOf(() => checkRequest([], 'EL'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkRequest([c(1), c(2, { areaCode: 'IN' })], 'EL'))).toBe('FORBIDDEN');
    expect(codeOf(() => checkRequest([c(1, { closedOn: '2026-10-01' })], 'EL'))).toBe('ACTION_NOT_ALLOWED');
    expect(() => checkRequest([c(1), c(3, { openRequestId: 'r' })], 'EL')).toThrow(
      'EL-2026-000003 is already in a request for a judge-led inquest that is still in progress.',
    );
  });

  it('records an appointment dated between the approval and today', () => {
    expect(() => checkAppointedOn('2026-11-20', '2026-11-18', '2026-11-25')).not.toThrow();
    expect(() => checkAppointedOn('2026-11-26', '2026-11-18', '2026-11-25')).toThrow('today or in the past');
    expect(() => checkAppointedOn('2026-11-17', '2026-11-18', '2026-11-25')).toThrow(
      'before the request was approved',
    );
  });

  it('names the judge with their title once', () => {
    expect(judgeDisplayName('His Honour Judge', 'Peter Lane')).toBe('His Honour Judge Peter Lane');
    expect(judgeDisplayName('Lord Justice', 'Lord Justice Goldring')).toBe('Lord Justice Goldring');
  });

  describe('who records the conclusion of a case in a judge-led request', () => {
    const r = (status: JudgeLedStatus, extra: Partial<CaseJudgeLedRequest> = {}): CaseJudgeLedRequest => ({
      status,
      judgeUserId: status === 'JUDGE_APPOINTED' ? 'judge' : null,
      judgeName: status === 'JUDGE_APPOINTED' ? 'His Honour Judge Peter Lane' : null,
      conductsCase: status === 'JUDGE_APPOINTED',
      ...extra,
    });

    it('no one while the request is with the Chief Coroner’s office or the judge is to be appointed', () => {
      expect(conclusionBar([r('REQUESTED')], 'coroner')).toMatch(/^This inquest cannot be concluded while/);
      expect(conclusionBar([r('APPROVED')], 'coroner')).toMatch(/the judge has not been appointed/);
      // Asked again after a decline, or after a judge was appointed: the new request holds it again.
      expect(conclusionBar([r('REQUESTED'), r('DECLINED')], 'coroner')).toBeDefined();
      expect(conclusionBar([r('APPROVED'), r('JUDGE_APPOINTED')], 'judge')).toBeDefined();
    });

    it('the coroner once declined; the judge once appointed to conduct the case', () => {
      expect(conclusionBar([], 'coroner')).toBeUndefined();
      expect(conclusionBar([r('DECLINED')], 'coroner')).toBeUndefined();
      expect(conclusionBar([r('JUDGE_APPOINTED')], 'judge')).toBeUndefined();
      expect(conclusionBar([r('JUDGE_APPOINTED')], 'coroner')).toBe(
        'His Honour Judge Peter Lane was appointed to conduct this inquest, so only the judge can record the conclusion.',
      );
      // A later request declined leaves the judge conducting it.
      expect(conclusionBar([r('DECLINED'), r('JUDGE_APPOINTED')], 'coroner')).toBeDefined();
      // A case closed when the judge was appointed, and reopened since, stays with its coroner.
      expect(conclusionBar([r('JUDGE_APPOINTED', { conductsCase: false })], 'coroner')).toBeUndefined();
    });

    it('bars everyone while any request is in progress, whatever came before', () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...JUDGE_LED_STATUSES)),
          fc.constantFrom('coroner', 'judge'),
          (statuses, user) => {
            const bar = conclusionBar(
              statuses.map((s) => r(s)),
              user,
            );
            if (statuses.some((s) => s === 'REQUESTED' || s === 'APPROVED')) expect(bar).toBeDefined();
            else if (!statuses.includes('JUDGE_APPOINTED') || user === 'judge') expect(bar).toBeUndefined();
            else expect(bar).toContain('only the judge');
          },
        ),
      );
    });
  });
});
