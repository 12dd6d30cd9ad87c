import type { Role } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Where a request for a judge-led inquest stands (coroner-service.md §3). */
export const JUDGE_LED_STATUSES = ['REQUESTED', 'APPROVED', 'DECLINED', 'JUDGE_APPOINTED'] as const;
export type JudgeLedStatus = (typeof JUDGE_LED_STATUSES)[number];

/** The steps after the request itself. */
export const JUDGE_LED_STEPS = ['DECIDE', 'APPOINT_JUDGE'] as const;
export type JudgeLedStep = (typeof JUDGE_LED_STEPS)[number];

export const DECISIONS = ['APPROVED', 'DECLINED'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * How the judge comes to conduct the inquests: appointed by the local authority as an assistant coroner
 * for the area (CJA 2009 Sch 3, with the consent of the Chief Coroner and the Lord Chancellor), or a judge
 * conducting them under CJA 2009 Sch 10.
 */
export const APPOINTMENT_BASES = ['ASSISTANT_CORONER', 'SCHEDULE_10'] as const;
export type AppointmentBasis = (typeof APPOINTMENT_BASES)[number];

export const APPOINTMENT_BASIS_LABELS: Record<AppointmentBasis, string> = {
  ASSISTANT_CORONER: 'Assistant coroner for the area (Coroners and Justice Act 2009 Schedule 3)',
  SCHEDULE_10: 'Judge conducting the investigation (Coroners and Justice Act 2009 Schedule 10)',
};

export const STATUS_LABELS: Record<JudgeLedStatus, string> = {
  REQUESTED: 'Awaiting the Chief Coroner’s decision',
  APPROVED: 'Approved: judge to be appointed',
  DECLINED: 'Declined',
  JUDGE_APPOINTED: 'Judge appointed',
};

/** Which step each status allows; anything else is 409 with a sentence saying why. */
export const ALLOWED_STEPS = {
  REQUESTED: ['DECIDE'],
  APPROVED: ['APPOINT_JUDGE'],
  DECLINED: [],
  JUDGE_APPOINTED: [],
} as const satisfies Record<JudgeLedStatus, readonly JudgeLedStep[]>;

/**
 * Who takes each step: a coroner asks (CCG 30 ¶1), only the Chief Coroner's office decides (CJA 2009
 * Sch 10), and the judge is appointed by the local authority funding the area, as an assistant coroner
 * (CJA 2009 Sch 3), or by the Chief Coroner under Sch 10 (`APPOINTED_BY`).
 */
export const STEP_ROLES = {
  REQUEST: ['coroner'],
  DECIDE: ['chief-coroner'],
  APPOINT_JUDGE: ['local-authority', 'chief-coroner'],
} as const satisfies Record<'REQUEST' | JudgeLedStep, readonly Role[]>;

/** Who records each kind of appointment: the one who makes it. */
export const APPOINTED_BY: Record<AppointmentBasis, Role> = {
  ASSISTANT_CORONER: 'local-authority',
  SCHEDULE_10: 'chief-coroner',
};

/** The kinds of appointment this role records. */
export const basesFor = (role: Role): AppointmentBasis[] =>
  APPOINTMENT_BASES.filter((b) => APPOINTED_BY[b] === role);

/** Refuses (403) an appointment recorded by someone other than whoever makes it. */
export function checkAppointer(basis: AppointmentBasis, role: Role): void {
  if (APPOINTED_BY[basis] !== role)
    throw new AppError(
      'FORBIDDEN',
      basis === 'SCHEDULE_10'
        ? 'A judge conducting the investigation under Schedule 10 is appointed by the Chief Coroner: the Chief Coroner’s office records it.'
        : 'An assistant coroner is appointed by the local authority funding the area (Schedule 3): the local authority records it.',
    );
}

const WHY_NOT: Record<JudgeLedStatus, Record<JudgeLedStep, string>> = {
  REQUESTED: {
    DECIDE: '',
    APPOINT_JUDGE:
      'The Chief Coroner’s office has not decided this request yet. A judge can be appointed only once it is approved.',
  },
  APPROVED: {
    DECIDE: 'The Chief Coroner’s office has already approved this request.',
    APPOINT_JUDGE: '',
  },
  DECLINED: {
    DECIDE: 'The Chief Coroner’s office has already declined this request.',
    APPOINT_JUDGE: 'The Chief Coroner’s office declined this request, so no judge can be appointed.',
  },
  JUDGE_APPOINTED: {
    DECIDE: 'This request was approved and a judge has been appointed.',
    APPOINT_JUDGE: 'A judge has already been appointed for this request.',
  },
};

/** May this role take this step now? Throws 403 for the wrong role, 409 for a step out of order. */
export function checkStep(status: JudgeLedStatus, step: JudgeLedStep, role: Role): void {
  if (!(STEP_ROLES[step] as readonly Role[]).includes(role))
    throw new AppError(
      'FORBIDDEN',
      step === 'DECIDE'
        ? 'Only the Chief Coroner’s office can decide a request for a judge-led inquest.'
        : 'Only the local authority funding the area, or the Chief Coroner’s office for a judge under Schedule 10, can record the appointment of the judge.',
    );
  if (!(ALLOWED_STEPS[status] as readonly JudgeLedStep[]).includes(step))
    throw new AppError('ACTION_NOT_ALLOWED', WHY_NOT[status][step]);
}

/** The status after a step. */
export function nextStatus(status: JudgeLedStatus, step: JudgeLedStep, decision?: Decision): JudgeLedStatus {
  if (!(ALLOWED_STEPS[status] as readonly JudgeLedStep[]).includes(step))
    throw new AppError('ACTION_NOT_ALLOWED', WHY_NOT[status][step]);
  if (step === 'DECIDE') {
    if (!decision)
      throw new AppError('VALIDATION_FAILED', 'Choose whether to approve or decline the request.');
    return decision;
  }
  return 'JUDGE_APPOINTED';
}

/** Requests still in progress: a case may be in only one of them at a time. */
export const OPEN_STATUSES: readonly JudgeLedStatus[] = ['REQUESTED', 'APPROVED'];

/** One of a case's judge-led requests, made in the case's own area, as it bears on concluding the inquest. */
export type CaseJudgeLedRequest = {
  status: JudgeLedStatus;
  /** The appointed judge's account and name as it reads ("His Honour Judge Peter Lane"); null before. */
  judgeUserId: string | null;
  judgeName: string | null;
  /** The judge was appointed to conduct this case (it was still open in the area then). */
  conductsCase: boolean;
};

const NOT_CONCLUDED_WHILE: Record<'REQUESTED' | 'APPROVED', string> = {
  REQUESTED:
    'This inquest cannot be concluded while the request for a judge to conduct it is with the Chief Coroner’s office. ' +
    'If the request is declined, the coroner of the area records the conclusion; if it is approved, the judge appointed to conduct the inquest does.',
  APPROVED:
    'This inquest cannot be concluded yet: the Chief Coroner’s office approved the request for a judge to conduct it, ' +
    'and the judge has not been appointed. The judge records the conclusion once appointed.',
};

/**
 * Why this user may not record the conclusion of a case because of its judge-led requests (newest first), or
 * undefined if they may. While the Chief Coroner's office decides whether a judge should conduct the inquest,
 * or the judge is still to be appointed, no one concludes it; once a judge is appointed to conduct it, only
 * the judge does (CCG 30 ¶1; CJA 2009 Sch 10, Sch 3). A declined request leaves the case with its coroner.
 */
export function conclusionBar(requests: readonly CaseJudgeLedRequest[], userId: string): string | undefined {
  for (const r of requests)
    if (r.status === 'REQUESTED' || r.status === 'APPROVED') return NOT_CONCLUDED_WHILE[r.status];
  const appointed = requests.find((r) => r.status === 'JUDGE_APPOINTED' && r.conductsCase);
  if (appointed && appointed.judgeUserId !== userId)
    return `${appointed.judgeName ?? 'A judge'} was appointed to conduct this inquest, so only the judge can record the conclusion.`;
  return undefined;
}

export type RequestableCase = {
  id: string;
  reference: string;
  areaCode: string;
  closedOn: string | null;
  /** An open request the case is already in. */
  openRequestId: string | null;
};

/**
 * A coroner asks for a judge-led inquest into open cases of their own area that are in no other request
 * still in progress. Returns the area, or throws a sentence saying which case cannot be included and why.
 */
export function checkRequest(cases: RequestableCase[], coronerArea: string | null): string {
  if (cases.length === 0)
    throw new AppError('VALIDATION_FAILED', 'Choose at least one case.', {
      caseIds: 'Choose at least one case',
    });
  for (const c of cases) {
    if (c.areaCode !== coronerArea)
      throw new AppError(
        'FORBIDDEN',
        `${c.reference} is a case of coroner area ${c.areaCode}. A coroner asks for a judge-led inquest for their own area’s cases.`,
      );
    if (c.closedOn)
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        `${c.reference} is closed, so no judge can be asked to lead its inquest.`,
      );
    if (c.openRequestId)
      throw new AppError(
        'CONFLICT',
        `${c.reference} is already in a request for a judge-led inquest that is still in progress.`,
      );
  }
  return cases[0]!.areaCode;
}

const APPOINTED_IN_FUTURE = 'The date of appointment must be today or in the past';

/** What is wrong with a date of appointment on its own: an appointment is recorded once made. */
export function appointedOnProblem(appointedOn: unknown, today: string): string | undefined {
  return typeof appointedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(appointedOn) && appointedOn > today
    ? APPOINTED_IN_FUTURE
    : undefined;
}

/** The appointment is recorded once made: not in the future, and not before the approval. */
export function checkAppointedOn(appointedOn: string, approvedOn: string, today: string): void {
  if (appointedOnProblem(appointedOn, today))
    throw new AppError('VALIDATION_FAILED', `${APPOINTED_IN_FUTURE}.`, { appointedOn: APPOINTED_IN_FUTURE });
  if (appointedOn < approvedOn)
    throw new AppError(
      'VALIDATION_FAILED',
      'The judge cannot have been appointed before the request was approved.',
      {
        appointedOn: 'The date of appointment must be on or after the date the request was approved',
      },
    );
}

/** How the judge's name reads on the case page: title and name, e.g. "His Honour Judge Peter Lane". */
export function judgeDisplayName(title: string, name: string): string {
  const t = title.trim();
  const n = name.trim();
  return t && !n.toLowerCase().startsWith(t.toLowerCase()) ? `${t} ${n}` : n;
}
