import type { Role } from '../../platform/auth/roles.ts';
import { addMonths } from '../../platform/calendar/iso-dates.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { addDays, govukDate, londonDate } from '../../platform/views/dates.ts';
import type {
  ActionOf,
  CaseAction,
  CaseActionType,
  InvestigationGround,
  JURY_BASES,
  REPORTING_ORDERS,
  S16_REASONS,
  SUSPENSION_BASES,
} from './cases.actions.schema.ts';
import { neglectRiderAllowed, SHORT_FORM_CONCLUSIONS } from './cases.conclusions.ts';

/** The statuses of a case (coroner-service.md §2.1). */
export const CASE_STATUSES = [
  'REPORTED',
  'PRELIMINARY_ENQUIRIES',
  'NO_DUTY',
  'INVESTIGATION_OPEN',
  'DISCONTINUED',
  'INQUEST_OPENED',
  'SUSPENDED',
  'NOT_RESUMED',
  'TRANSFER_PENDING',
  'CONCLUDED',
  'QUASHED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLOSED_STATUSES: readonly CaseStatus[] = [
  'NO_DUTY',
  'DISCONTINUED',
  'NOT_RESUMED',
  'CONCLUDED',
  'QUASHED',
];

const OPEN_CASE_ADMIN = ['ASSIGN', 'UPDATE_DETAILS', 'SET_REPORTING_RESTRICTION', 'RECORD_NOTE'] as const;

/** Which actions each status allows; anything else is 409 ACTION_NOT_ALLOWED. */
export const ALLOWED_ACTIONS = {
  REPORTED: [
    'OPEN_PRELIMINARY_ENQUIRIES',
    'DECIDE_NO_DUTY',
    'OPEN_INVESTIGATION',
    'TRANSFER',
    ...OPEN_CASE_ADMIN,
  ],
  PRELIMINARY_ENQUIRIES: ['DECIDE_NO_DUTY', 'OPEN_INVESTIGATION', 'TRANSFER', ...OPEN_CASE_ADMIN],
  NO_DUTY: ['OPEN_INVESTIGATION', 'RECORD_NOTE'],
  INVESTIGATION_OPEN: [
    'REVIEW_GROUNDS',
    'RECORD_POST_MORTEM',
    'DISCONTINUE',
    'OPEN_INQUEST',
    'SUSPEND',
    'DECIDE_ARTICLE_2',
    'TRANSFER',
    'SEND_S16_NOTICE',
    ...OPEN_CASE_ADMIN,
  ],
  DISCONTINUED: ['SEND_S16_NOTICE', 'RECORD_NOTE'],
  INQUEST_OPENED: [
    'REVIEW_GROUNDS',
    'RECORD_POST_MORTEM',
    'SUSPEND',
    'DECIDE_JURY',
    'DECIDE_ARTICLE_2',
    'RECORD_CONCLUSION',
    'TRANSFER',
    'SEND_S16_NOTICE',
    ...OPEN_CASE_ADMIN,
  ],
  SUSPENDED: [
    'RESUME',
    'DECIDE_NOT_TO_RESUME',
    'SUSPEND',
    'REVIEW_SUSPENSION',
    'SEND_REGISTRAR_PARTICULARS',
    'RECORD_POST_MORTEM',
    'SEND_S16_NOTICE',
    ...OPEN_CASE_ADMIN,
  ],
  NOT_RESUMED: [
    'RESUME',
    'SEND_REGISTRAR_PARTICULARS',
    'SEND_S16_NOTICE',
    'SET_REPORTING_RESTRICTION',
    'RECORD_NOTE',
  ],
  TRANSFER_PENDING: ['ACCEPT_TRANSFER', 'UPDATE_DETAILS', 'RECORD_NOTE'],
  CONCLUDED: ['QUASH', 'SEND_S16_NOTICE', 'SET_REPORTING_RESTRICTION', 'RECORD_NOTE'],
  QUASHED: ['RECORD_NOTE'],
} as const satisfies Record<CaseStatus, readonly CaseActionType[]>;

/** Judicial decisions are the coroner's alone; officers prepare and record (Coroners (Investigations) Regulations 2013 r.7). */
export const ACTION_ROLES = {
  OPEN_PRELIMINARY_ENQUIRIES: ['coroner', 'officer'],
  DECIDE_NO_DUTY: ['coroner'],
  OPEN_INVESTIGATION: ['coroner'],
  REVIEW_GROUNDS: ['coroner'],
  RECORD_POST_MORTEM: ['coroner', 'officer'],
  DISCONTINUE: ['coroner'],
  OPEN_INQUEST: ['coroner'],
  SUSPEND: ['coroner'],
  REVIEW_SUSPENSION: ['coroner'],
  RESUME: ['coroner'],
  DECIDE_NOT_TO_RESUME: ['coroner'],
  // Giving the registrar the particulars is administrative (r.7): an officer may send them for the coroner.
  SEND_REGISTRAR_PARTICULARS: ['coroner', 'officer'],
  DECIDE_JURY: ['coroner'],
  DECIDE_ARTICLE_2: ['coroner'],
  ASSIGN: ['coroner', 'officer'],
  UPDATE_DETAILS: ['coroner', 'officer'],
  RECORD_CONCLUSION: ['coroner'],
  QUASH: ['coroner', 'chief-coroner'],
  TRANSFER: ['coroner', 'chief-coroner'],
  ACCEPT_TRANSFER: ['coroner', 'officer'],
  SET_REPORTING_RESTRICTION: ['coroner'],
  SEND_S16_NOTICE: ['coroner', 'officer'],
  RECORD_NOTE: ['coroner', 'officer'],
} as const satisfies Record<CaseActionType, readonly Role[]>;

/** What the log holds: every action, plus the events that start a case. Other features add their own types. */
export type CaseEvent = {
  seq: number;
  type: CaseActionType | 'REPORTED' | 'FRESH_INVESTIGATION_ORDERED' | (string & {});
  at: string;
  actor: { id: string | null; label: string; role: string | null };
  payload: Record<string, unknown>;
};

export type RecordOfInquest = Omit<ActionOf<'RECORD_CONCLUSION'>, 'type'>;

export type CaseState = {
  status: CaseStatus;
  /** The status to return to after a suspension or a transfer. */
  resumeTo: CaseStatus | null;
  reportedAt: string | null;
  grounds: InvestigationGround[];
  investigationOpenedAt: string | null;
  postMortem: { examinedOn: string; kind: string; pathologist: string; causeOfDeath?: string } | null;
  inquest: {
    openedOn: string;
    provisionalCause?: string;
    jury: { jury: boolean; basis: (typeof JURY_BASES)[number] } | null;
    article2: 'ENGAGED' | 'NOT_ENGAGED' | 'UNDER_REVIEW' | null;
    conclusion: RecordOfInquest | null;
  } | null;
  article2: 'ENGAGED' | 'NOT_ENGAGED' | 'UNDER_REVIEW' | null;
  suspension: {
    basis: (typeof SUSPENSION_BASES)[number];
    /** Who asked (paragraphs 1 to 3); none under paragraph 5, the coroner's own power. */
    requestedBy: string | null;
    since: string;
    nextReviewOn: string | null;
    /** Under paragraph 5 after a prosecutor's request: the day that request's 28 days began. */
    para1Since?: string;
  } | null;
  /** How the criminal proceedings or the inquiry ended, as recorded on resuming after paragraph 2 or 3. */
  proceedingsOutcome: string | null;
  transfer: { toAreaCode: string; basis: 'S2' | 'S3'; at: string } | null;
  discontinued: { on: string; causeOfDeath: string } | null;
  noDuty: { on: string; route: string } | null;
  quash: Omit<ActionOf<'QUASH'>, 'type'> | null;
  reportingRestriction: (typeof REPORTING_ORDERS)[number];
  s16Notices: {
    stage: 'OVER_12_MONTHS' | 'COMPLETED';
    on: string;
    reasonCategory: (typeof S16_REASONS)[number];
  }[];
  closedOn: string | null;
};

export const INITIAL_STATE: CaseState = {
  status: 'REPORTED',
  resumeTo: null,
  reportedAt: null,
  grounds: [],
  investigationOpenedAt: null,
  postMortem: null,
  inquest: null,
  article2: null,
  suspension: null,
  proceedingsOutcome: null,
  transfer: null,
  discontinued: null,
  noDuty: null,
  quash: null,
  reportingRestriction: 'NONE',
  s16Notices: [],
  closedOn: null,
};

/** A case's state is derived from its log, event by event; nothing else decides it. */
export function deriveState(events: readonly CaseEvent[]): CaseState {
  return events.reduce(applyEvent, INITIAL_STATE);
}

/** The next state after one event (events of other features leave the state as it is). */
export function applyEvent(state: CaseState, event: CaseEvent): CaseState {
  const p = event.payload as never as CaseAction & Record<string, unknown>;
  const day = londonDate(new Date(event.at));
  switch (event.type) {
    case 'REPORTED':
      return { ...state, reportedAt: event.at };
    case 'FRESH_INVESTIGATION_ORDERED':
      return {
        ...state,
        reportedAt: state.reportedAt ?? event.at,
        status: 'INVESTIGATION_OPEN',
        investigationOpenedAt: event.at,
        grounds: (p.grounds as InvestigationGround[]) ?? [],
        reportingRestriction: (p.reportingRestriction as CaseState['reportingRestriction']) ?? 'NONE',
      };
    case 'OPEN_PRELIMINARY_ENQUIRIES':
      return { ...state, status: 'PRELIMINARY_ENQUIRIES' };
    case 'DECIDE_NO_DUTY':
      return { ...state, status: 'NO_DUTY', noDuty: { on: day, route: String(p.route) }, closedOn: day };
    case 'OPEN_INVESTIGATION':
      return {
        ...state,
        status: 'INVESTIGATION_OPEN',
        grounds: [...(p.grounds as InvestigationGround[])],
        investigationOpenedAt: event.at,
        noDuty: null,
        closedOn: null,
      };
    case 'REVIEW_GROUNDS':
      return { ...state, grounds: [...(p.grounds as InvestigationGround[])] };
    case 'RECORD_POST_MORTEM': {
      const pm = p as ActionOf<'RECORD_POST_MORTEM'>;
      return {
        ...state,
        postMortem: {
          examinedOn: pm.examinedOn,
          kind: pm.kind,
          pathologist: pm.pathologist,
          causeOfDeath: pm.causeOfDeath,
        },
      };
    }
    case 'DISCONTINUE':
      return {
        ...state,
        status: 'DISCONTINUED',
        discontinued: { on: day, causeOfDeath: String(p.causeOfDeath) },
        closedOn: day,
      };
    case 'OPEN_INQUEST': {
      const o = p as ActionOf<'OPEN_INQUEST'>;
      return {
        ...state,
        status: 'INQUEST_OPENED',
        inquest: {
          openedOn: o.openedOn,
          provisionalCause: o.provisionalCause,
          jury: null,
          article2: state.article2,
          conclusion: null,
        },
      };
    }
    case 'SUSPEND': {
      const s = p as ActionOf<'SUSPEND'>;
      // Suspended again under another paragraph (a charge after a prosecutor's request): the same pause.
      const again = state.status === 'SUSPENDED';
      const previous = again ? state.suspension : null;
      // A prosecutor's request holds the investigation for 28 days (para 1(4)) whatever paragraph follows,
      // unless the one that follows ends it: a charge (para 2) or an inquiry (para 3).
      const para1Since =
        previous && s.basis === 'SCH1_PARA5'
          ? previous.basis === 'SCH1_PARA1'
            ? previous.since
            : (previous.para1Since ?? null)
          : null;
      return {
        ...state,
        status: 'SUSPENDED',
        resumeTo: again ? state.resumeTo : state.status,
        suspension: {
          basis: s.basis,
          requestedBy: s.requestedBy || null,
          since: previous ? previous.since : day,
          nextReviewOn: null,
          ...(para1Since ? { para1Since } : {}),
        },
      };
    }
    case 'REVIEW_SUSPENSION':
      return state.suspension
        ? { ...state, suspension: { ...state.suspension, nextReviewOn: String(p.nextReviewOn) } }
        : state;
    case 'RESUME': {
      const outcome = (p as ActionOf<'RESUME'>).proceedingsOutcome;
      return {
        ...state,
        status: state.resumeTo ?? 'INVESTIGATION_OPEN',
        resumeTo: null,
        suspension: null,
        proceedingsOutcome: outcome || state.proceedingsOutcome,
        closedOn: null,
      };
    }
    case 'DECIDE_NOT_TO_RESUME':
      return { ...state, status: 'NOT_RESUMED', closedOn: day };
    case 'DECIDE_JURY': {
      const j = p as ActionOf<'DECIDE_JURY'>;
      return state.inquest
        ? { ...state, inquest: { ...state.inquest, jury: { jury: j.jury, basis: j.basis } } }
        : state;
    }
    case 'DECIDE_ARTICLE_2': {
      const a = (p as ActionOf<'DECIDE_ARTICLE_2'>).article2;
      return { ...state, article2: a, inquest: state.inquest ? { ...state.inquest, article2: a } : null };
    }
    case 'RECORD_CONCLUSION': {
      const { type: _type, ...record } = p as ActionOf<'RECORD_CONCLUSION'>;
      return state.inquest
        ? {
            ...state,
            status: 'CONCLUDED',
            inquest: { ...state.inquest, conclusion: record },
            closedOn: record.concludedOn,
          }
        : state;
    }
    case 'QUASH': {
      const { type: _type, ...quash } = p as ActionOf<'QUASH'>;
      return { ...state, status: 'QUASHED', quash };
    }
    case 'TRANSFER': {
      const t = p as ActionOf<'TRANSFER'>;
      return {
        ...state,
        status: 'TRANSFER_PENDING',
        resumeTo: state.status,
        transfer: { toAreaCode: t.toAreaCode, basis: t.basis, at: event.at },
      };
    }
    case 'ACCEPT_TRANSFER':
      return { ...state, status: state.resumeTo ?? 'INVESTIGATION_OPEN', resumeTo: null, transfer: null };
    case 'SET_REPORTING_RESTRICTION':
      return { ...state, reportingRestriction: (p as ActionOf<'SET_REPORTING_RESTRICTION'>).order };
    case 'SEND_S16_NOTICE': {
      const n = p as ActionOf<'SEND_S16_NOTICE'>;
      return {
        ...state,
        s16Notices: [...state.s16Notices, { stage: n.stage, on: day, reasonCategory: n.reasonCategory }],
      };
    }
    default:
      return state;
  }
}

/**
 * Who is acting and when; `stateDetention` is the kind of state detention the death was reported in
 * (null when none), which the report holds rather than the log; `conclusionBar` is why a request for a
 * judge to conduct the inquest keeps this user from concluding it, which the judge-led request holds.
 */
export type ActionContext = {
  role: Role;
  today: string;
  stateDetention?: string | null;
  conclusionBar?: string;
};

/** Refuses (403) a role that may not take the action, saying who may. */
export function requireActionRole(type: CaseActionType, role: Role): void {
  const roles: readonly Role[] = ACTION_ROLES[type];
  if (roles.includes(role)) return;
  const who = roles.includes('officer')
    ? 'a coroner or a coroner’s officer'
    : roles.includes('chief-coroner')
      ? 'a coroner or the Chief Coroner’s office'
      : 'a coroner';
  const why = roles.includes('officer')
    ? ''
    : type === 'QUASH'
      ? 'The decision was the court’s; the coroner records it.'
      : 'It is a judicial decision; officers prepare and record.';
  throw new AppError('FORBIDDEN', `Only ${who} can ${ACTION_VERBS[type]}. ${why}`.trim());
}

/**
 * Whether `action` may happen now: the role may take it (403), the status allows it (409 naming the
 * status and what is allowed) and its own rule holds (409 with the rule). Returns the status after it.
 */
export function checkAction(state: CaseState, action: CaseAction, ctx: ActionContext): CaseStatus {
  requireActionRole(action.type, ctx.role);
  requireAllowedNow(state.status, action.type);
  checkRule(state, action, ctx);
  return applyEvent(state, {
    seq: 0,
    type: action.type,
    at: `${ctx.today}T12:00:00Z`,
    actor: { id: null, label: '', role: ctx.role },
    payload: action as never,
  }).status;
}

/** 409 ACTION_NOT_ALLOWED unless the status allows the action, naming the status and what it allows. */
export function requireAllowedNow(status: CaseStatus, type: CaseActionType): void {
  const allowed: readonly CaseActionType[] = ALLOWED_ACTIONS[status];
  if (!allowed.includes(type))
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `You cannot ${ACTION_VERBS[type]} while the case’s status is “${STATUS_LABELS[status]}”. ` +
        `Allowed now: ${allowed.map((a) => ACTION_VERBS[a]).join('; ')}.`,
    );
}

function refuse(message: string): never {
  throw new AppError('ACTION_NOT_ALLOWED', message);
}

function futureDate(field: string, value: string | undefined, today: string): void {
  if (value && value > today)
    throw new AppError('VALIDATION_FAILED', `The date cannot be in the future (${field}).`, {
      [field]: 'The date cannot be in the future',
    });
}

/** Jury mandatory: death in state detention and violent/unnatural or cause unknown (CJA 2009 s.7(2)(a)). */
export function juryRequired(grounds: readonly InvestigationGround[]): boolean {
  return (
    grounds.includes('STATE_DETENTION') &&
    (grounds.includes('VIOLENT_OR_UNNATURAL') || grounds.includes('CAUSE_UNKNOWN'))
  );
}

/**
 * The grounds as the jury rule reads them: a death reported as one in state detention counts as such even
 * if the details were corrected after the grounds were recorded.
 */
function groundsWithDetention(state: CaseState, stateDetention: string | null | undefined) {
  return stateDetention && !state.grounds.includes('STATE_DETENTION')
    ? [...state.grounds, 'STATE_DETENTION' as const]
    : state.grounds;
}

/** The last day of a suspension at a prosecutor's request: 28 days beginning with its first (Sch.1 para 1(4)). */
export function minimumSuspensionEnds(since: string): string {
  return addDays(since, 27);
}

/**
 * The problems the case's rules find with the answers given so far, by field, for a form that also has
 * answers missing or malformed: so that a person sees them together rather than one round after another.
 * A rule that cannot judge incomplete answers finds nothing here; the full check runs when they are complete.
 */
export function ruleProblems(
  state: CaseState,
  answers: Record<string, unknown>,
  ctx: ActionContext,
): Record<string, string> {
  try {
    checkRule(state, answers as CaseAction, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.fields) return error.fields;
  }
  return {};
}

function checkRule(
  state: CaseState,
  action: CaseAction,
  { today, role, stateDetention, conclusionBar }: ActionContext,
): void {
  switch (action.type) {
    case 'DECIDE_NO_DUTY':
      if (stateDetention)
        refuse(
          'The death was reported as a death in state detention, so the coroner must investigate it ' +
            '(Coroners and Justice Act 2009 s.1(2)(c)). If that is wrong, correct the details of the death first.',
        );
      return;
    case 'OPEN_INVESTIGATION':
    case 'REVIEW_GROUNDS':
      if (stateDetention && !action.grounds.includes('STATE_DETENTION'))
        throw new AppError(
          'VALIDATION_FAILED',
          'The death was reported as a death in state detention: include that among the grounds, or correct the details of the death first (grounds).',
          { grounds: 'Include “died in state detention”: the death was reported as one' },
        );
      return;
    case 'SUSPEND':
      if (state.status === 'SUSPENDED' && state.suspension?.basis === action.basis)
        refuse(
          `The investigation is already suspended under ${SUSPENSION_PARAGRAPHS[action.basis]}. ` +
            'Suspend it again only to change the paragraph, for example when someone is charged (paragraph 2).',
        );
      return;
    case 'DECIDE_NOT_TO_RESUME':
      if (state.suspension?.basis === 'SCH1_PARA1')
        refuse(
          'A suspension at a prosecutor’s request ends when someone is charged (suspend it again under paragraph 2) ' +
            'or when the investigation resumes (Coroners and Justice Act 2009 Sch.1 Part 2).',
        );
      // Sch.1 para 8: only after criminal proceedings (para 2) or a public inquiry (para 3) may the coroner
      // find no sufficient reason to resume; any other suspension ends by resuming.
      if (state.suspension?.basis !== 'SCH1_PARA2' && state.suspension?.basis !== 'SCH1_PARA3')
        refuse(
          'A decision not to resume can be made only after criminal proceedings (paragraph 2) or a public inquiry ' +
            '(paragraph 3) (Coroners and Justice Act 2009 Sch.1 para 8). This investigation must be resumed.',
        );
      return;
    case 'RESUME': {
      if (
        (state.suspension?.basis === 'SCH1_PARA2' || state.suspension?.basis === 'SCH1_PARA3') &&
        !action.proceedingsOutcome
      )
        throw new AppError(
          'VALIDATION_FAILED',
          `Say how the ${state.suspension.basis === 'SCH1_PARA2' ? 'criminal proceedings' : 'inquiry'} ended: ` +
            'the conclusion must not be inconsistent with it (proceedingsOutcome).',
          {
            proceedingsOutcome: `Enter how the ${state.suspension.basis === 'SCH1_PARA2' ? 'criminal proceedings' : 'inquiry'} ended`,
          },
        );
      const para1Since =
        state.suspension?.basis === 'SCH1_PARA1' ? state.suspension.since : state.suspension?.para1Since;
      if (state.status === 'SUSPENDED' && para1Since) {
        const last = minimumSuspensionEnds(para1Since);
        if (today <= last)
          refuse(
            `A suspension at a prosecutor’s request lasts at least 28 days (Coroners and Justice Act 2009 Sch.1 para 1(4)): ` +
              `this one runs until ${govukDate(last)}, and the investigation can resume from the day after.`,
          );
      }
      return;
    }
    case 'DISCONTINUE':
      if (stateDetention)
        refuse(
          'The death was reported as a death in state detention, so the investigation cannot be discontinued ' +
            '(Coroners and Justice Act 2009 s.4(2)(b)). If that is wrong, correct the details of the death first.',
        );
      if (state.grounds.includes('VIOLENT_OR_UNNATURAL') || state.grounds.includes('STATE_DETENTION')) {
        refuse(
          'An investigation cannot be discontinued while a violent or unnatural death, or a death in state detention, is suspected ' +
            '(Coroners and Justice Act 2009 s.4(2)). If the post-mortem has changed that view, review the grounds first.',
        );
      }
      return;
    case 'RECORD_POST_MORTEM':
      futureDate('examinedOn', action.examinedOn, today);
      // The coroner's examination follows the report of the death (s.14).
      if (state.reportedAt && action.examinedOn < londonDate(new Date(state.reportedAt))) {
        throw new AppError(
          'VALIDATION_FAILED',
          'The examination cannot be dated before the death was reported (examinedOn).',
          { examinedOn: 'The examination cannot be dated before the death was reported' },
        );
      }
      return;
    case 'OPEN_INQUEST':
      futureDate('openedOn', action.openedOn, today);
      if (state.reportedAt && action.openedOn < londonDate(new Date(state.reportedAt))) {
        throw new AppError(
          'VALIDATION_FAILED',
          'The inquest cannot be opened before the death was reported (openedOn).',
          { openedOn: 'The inquest cannot be opened before the death was reported' },
        );
      }
      return;
    case 'SEND_REGISTRAR_PARTICULARS':
      futureDate('sentOn', action.sentOn, today);
      if (state.suspension && action.sentOn < state.suspension.since)
        throw new AppError(
          'VALIDATION_FAILED',
          'The particulars cannot be dated before the investigation was suspended (sentOn).',
          { sentOn: 'The particulars cannot be dated before the investigation was suspended' },
        );
      return;
    case 'REVIEW_SUSPENSION':
      if (action.nextReviewOn < today)
        throw new AppError('VALIDATION_FAILED', 'The next review must be today or later (nextReviewOn).', {
          nextReviewOn: 'The next review must be today or later',
        });
      // A suspension is kept under review: a date years away would take the case off every list of what is due.
      if (action.nextReviewOn > addMonths(today, 24))
        throw new AppError(
          'VALIDATION_FAILED',
          'The next review must be within two years of today (nextReviewOn).',
          { nextReviewOn: 'The next review must be within two years of today' },
        );
      return;
    case 'DECIDE_JURY':
      if (action.jury && action.basis === 'NOT_REQUIRED')
        throw new AppError(
          'VALIDATION_FAILED',
          'Select the part of section 7 that requires or allows a jury (basis).',
          { basis: 'Select the part of section 7 that requires or allows a jury' },
        );
      if (!action.jury && action.basis !== 'NOT_REQUIRED')
        throw new AppError(
          'VALIDATION_FAILED',
          'An inquest without a jury has the basis "not required" (basis).',
          { basis: 'An inquest without a jury has the basis “not required”' },
        );
      if (!action.jury && juryRequired(groundsWithDetention(state, stateDetention))) {
        refuse(
          'This inquest must have a jury: the death is suspected to have been in state detention and violent, unnatural or of unknown cause (Coroners and Justice Act 2009 s.7(2)(a)).',
        );
      }
      return;
    case 'RECORD_CONCLUSION': {
      // What the case does not allow yet comes first; then every answer that does not fit, all at once.
      // While a judge is asked for or appointed to conduct the inquest, it is not the area coroner's to conclude.
      if (conclusionBar) refuse(conclusionBar);
      const noJury =
        'The conclusion cannot be a jury’s: no jury was decided for this inquest. Record the jury decision first.';
      if (action.byJury && !state.inquest?.jury?.jury)
        throw new AppError('ACTION_NOT_ALLOWED', noJury, { byJury: noJury });
      const jury = 'This inquest was decided to have a jury, so the jury records the conclusion.';
      if (!action.byJury && state.inquest?.jury?.jury)
        throw new AppError('ACTION_NOT_ALLOWED', jury, { byJury: jury });
      if (juryRequired(groundsWithDetention(state, stateDetention)) && !state.inquest?.jury?.jury)
        refuse(
          'This inquest must have a jury: the death is suspected to have been in state detention and violent, unnatural or of unknown cause ' +
            '(Coroners and Justice Act 2009 s.7(2)(a)). Record the decision to hold it with a jury first.',
        );
      if (state.article2 === 'UNDER_REVIEW')
        refuse(
          'Whether Article 2 is engaged is still under review. Record the decision first: it decides what the conclusion must cover.',
        );
      const problems: Record<string, string> = {};
      if (action.concludedOn > today) problems.concludedOn = 'The date cannot be in the future';
      else if (state.inquest && action.concludedOn < state.inquest.openedOn)
        problems.concludedOn = 'The conclusion cannot be dated before the inquest was opened';
      if (action.neglect && action.shortForm && !neglectRiderAllowed(action.shortForm))
        problems.neglect = `“Contributed to by neglect” cannot be added to ${SHORT_FORM_CONCLUSIONS[action.shortForm].wording.toLowerCase()}`;
      if (state.article2 !== 'ENGAGED' && action.circumstances)
        problems.circumstances = 'Leave this blank: Article 2 is not engaged in this inquest';
      if (state.article2 === 'ENGAGED' && !action.circumstances)
        problems.circumstances =
          'Enter in what circumstances the deceased came by their death (Article 2 inquest)';
      if (Object.keys(problems).length) throw validationError(problems);
      return;
    }
    case 'QUASH':
      futureDate('orderedOn', action.orderedOn, today);
      if (state.inquest?.conclusion && action.orderedOn < state.inquest.conclusion.concludedOn) {
        throw new AppError(
          'VALIDATION_FAILED',
          'The order cannot be dated before the inquest concluded (orderedOn).',
          { orderedOn: 'The order cannot be dated before the inquest concluded' },
        );
      }
      return;
    case 'TRANSFER':
      if (action.basis === 'S3' && role !== 'chief-coroner')
        refuse(
          'Only the Chief Coroner directs a transfer under section 3; between coroners, a transfer is agreed under section 2.',
        );
      if (action.basis === 'S2' && role === 'chief-coroner')
        refuse(
          'A section 2 transfer is agreed between coroners; the Chief Coroner directs transfers under section 3.',
        );
      return;
    case 'SEND_S16_NOTICE':
      if (action.stage === 'COMPLETED' && !CLOSED_STATUSES.includes(state.status))
        refuse('The completion notice is sent once the investigation has ended.');
      if (action.stage === 'OVER_12_MONTHS' && state.reportedAt) {
        const twelveMonths = addMonths(londonDate(new Date(state.reportedAt)), 12);
        if (today < twelveMonths)
          refuse(
            `The notice that an investigation has lasted 12 months is sent from ${govukDate(twelveMonths)}, ` +
              '12 months after the coroner was made aware of the death (Coroners and Justice Act 2009 s.16).',
          );
      }
      return;
    default:
      return;
  }
}

/** Each paragraph of Schedule 1 in words, for sentences. */
const SUSPENSION_PARAGRAPHS: Record<(typeof SUSPENSION_BASES)[number], string> = {
  SCH1_PARA1: 'paragraph 1 (at a prosecutor’s request)',
  SCH1_PARA2: 'paragraph 2 (someone has been charged)',
  SCH1_PARA3: 'paragraph 3 (a public inquiry)',
  SCH1_PARA5: 'paragraph 5 (the coroner’s general power)',
};

/** The statuses in plain English. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  REPORTED: 'Reported',
  PRELIMINARY_ENQUIRIES: 'Preliminary enquiries',
  NO_DUTY: 'Closed: no investigation needed',
  INVESTIGATION_OPEN: 'Investigation open',
  DISCONTINUED: 'Closed: investigation discontinued',
  INQUEST_OPENED: 'Inquest opened',
  SUSPENDED: 'Suspended',
  NOT_RESUMED: 'Closed: not resumed after suspension',
  TRANSFER_PENDING: 'Being transferred',
  CONCLUDED: 'Inquest concluded',
  QUASHED: 'Quashed by the High Court',
};

/** What each action does, as a verb phrase ("You cannot ... while ..."). */
export const ACTION_VERBS: Record<CaseActionType, string> = {
  OPEN_PRELIMINARY_ENQUIRIES: 'start preliminary enquiries',
  DECIDE_NO_DUTY: 'decide no investigation is needed',
  OPEN_INVESTIGATION: 'open an investigation',
  REVIEW_GROUNDS: 'review the grounds for the investigation',
  RECORD_POST_MORTEM: 'record a post-mortem examination',
  DISCONTINUE: 'discontinue the investigation',
  OPEN_INQUEST: 'open an inquest',
  SUSPEND: 'suspend the investigation',
  REVIEW_SUSPENSION: 'review the suspension',
  RESUME: 'resume the investigation',
  DECIDE_NOT_TO_RESUME: 'decide not to resume the investigation',
  SEND_REGISTRAR_PARTICULARS: 'record the particulars sent to the registrar',
  DECIDE_JURY: 'decide whether there will be a jury',
  DECIDE_ARTICLE_2: 'decide whether Article 2 is engaged',
  ASSIGN: 'assign a coroner or officer',
  UPDATE_DETAILS: 'update the details of the death',
  RECORD_CONCLUSION: 'record the conclusion (Record of Inquest)',
  QUASH: 'record a High Court order quashing the inquest',
  TRANSFER: 'transfer the case to another area',
  ACCEPT_TRANSFER: 'accept the transfer',
  SET_REPORTING_RESTRICTION: 'set a reporting restriction',
  SEND_S16_NOTICE: 'record a notice to the Chief Coroner (section 16)',
  RECORD_NOTE: 'add a note',
};
