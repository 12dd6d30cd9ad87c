/** The steps a synthetic death's case goes through, from report to its end (coroner-service.md §2.1). */
import type { z } from 'zod';
import { addMonths } from '../../platform/calendar/iso-dates.ts';
import { addDays, daysBetween } from '../../platform/views/dates.ts';
import type { caseAction, InvestigationGround } from './cases.actions.schema.ts';
import { neglectRiderAllowed, type ShortFormConclusion } from './cases.conclusions.ts';
import { juryRequired } from './cases.domain.ts';
import * as data from './cases.generate.data.ts';
import { between, familyName, normal, oneOf, pick, type Rand } from './cases.generate.random.ts';
import type { AreaVolume } from './cases.generate.ts';

export type ActionInput = z.input<typeof caseAction>;
/** One action of a case's life and when it was taken. */
export type TimedAction = { at: string; action: ActionInput };
export type Pathway = 'noDuty' | 'discontinued' | 'inquest';
export type Kind = ShortFormConclusion | 'narrative';

const at = (r: Rand, day: string) =>
  `${day}T${String(between(r, 9, 16)).padStart(2, '0')}:${String(between(r, 0, 59)).padStart(2, '0')}:00Z`;
const minutesAfter = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString().replace('.000Z', 'Z');

export type LifeInput = {
  pathway: Pathway;
  kind: Kind | undefined;
  detention: string | undefined;
  reportDay: string;
  reportedAt: string;
  areas: AreaVolume[];
  area: string;
  placeDescription: string;
  occupation: string | undefined;
  address: { line1: string; town: string; postcode: string };
};

/** The actions a case goes through from report to its end, whenever that is (coroner-service.md §2.1). */
export function lifecycle(r: Rand, life: LifeInput): TimedAction[] {
  const actions: TimedAction[] = [];
  let cursor = life.reportDay;
  let last = life.reportedAt;
  // Each action on or after the day asked for, and after the one before it.
  const act = (day: string, action: ActionInput) => {
    if (day < cursor) day = cursor;
    cursor = day;
    let when = at(r, day);
    if (when <= last) when = minutesAfter(last, between(r, 1, 30));
    last = when;
    actions.push({ at: when, action });
  };
  if (r() < data.PRELIMINARY_ENQUIRIES_SHARE) act(life.reportDay, { type: 'OPEN_PRELIMINARY_ENQUIRIES' });
  if (life.pathway === 'noDuty') {
    act(addDays(life.reportDay, between(r, 0, 6)), {
      type: 'DECIDE_NO_DUTY',
      route: pick(r, [
        ['MEDICAL_EXAMINER', 0.5],
        ['MCCD', 0.35],
        ['FORM_100A', 0.15],
      ] as const),
      reason: 'Natural causes; the doctor can certify the cause of death.',
    });
    return actions;
  }
  const kind = life.kind;
  const grounds: InvestigationGround[] = life.detention
    ? kind === 'natural-causes'
      ? ['STATE_DETENTION']
      : ['STATE_DETENTION', 'VIOLENT_OR_UNNATURAL']
    : life.pathway === 'discontinued' || kind === 'natural-causes' || kind === 'stillbirth'
      ? ['CAUSE_UNKNOWN']
      : kind === 'open'
        ? ['VIOLENT_OR_UNNATURAL', 'CAUSE_UNKNOWN']
        : ['VIOLENT_OR_UNNATURAL'];
  act(addDays(life.reportDay, between(r, 0, 2)), {
    type: 'OPEN_INVESTIGATION',
    grounds,
    reason: 'The cause of death is not known or the death may be unnatural.',
  });
  const others = life.areas.filter((a) => a.code !== life.area);
  if (others.length && r() < data.TRANSFER_SHARE) {
    const to = oneOf(r, others).code;
    const s2 = r() < 0.9;
    act(addDays(cursor, between(r, 1, 10)), {
      type: 'TRANSFER',
      toAreaCode: to,
      basis: s2 ? 'S2' : 'S3',
      ...(s2 ? { agreedBy: `Senior coroner for ${to}` } : {}),
      reason: 'The body lies in the other area and the family live there.',
    });
    act(addDays(cursor, between(r, 2, 20)), { type: 'ACCEPT_TRANSFER' });
  }
  const medical = oneOf(r, data.MEDICAL_CAUSES[kind ?? 'discontinued']!);
  if (life.pathway === 'discontinued' || r() < 0.9) {
    const examinedOn = addDays(cursor, between(r, 1, 7));
    act(addDays(examinedOn, between(r, 0, 4)), {
      type: 'RECORD_POST_MORTEM',
      examinedOn,
      kind: pick(r, [
        ['INVASIVE', 0.75],
        ['CT', 0.2],
        ['EXTERNAL', 0.05],
      ] as const),
      pathologist: `Dr ${familyName(r)}`,
      causeOfDeath: medical,
    });
  }
  if (life.pathway === 'discontinued') {
    act(addDays(cursor, between(r, 3, 30)), {
      type: 'DISCONTINUE',
      causeOfDeath: medical,
      reason: 'The post-mortem examination showed a natural cause of death.',
    });
    return actions;
  }
  const duration = Math.max(
    2,
    Math.round(data.DURATION_DAYS.median * Math.exp(data.DURATION_DAYS.sigma * normal(r))),
  );
  const concludeBy = addDays(life.reportDay, duration);
  const openedOn = addDays(
    cursor,
    Math.max(0, Math.min(between(r, 1, 14), daysBetween(cursor, concludeBy) - 1)),
  );
  act(openedOn, { type: 'OPEN_INQUEST', openedOn, provisionalCause: medical });
  const article2 = life.detention !== undefined || (kind === 'narrative' && r() < 0.05);
  if (article2)
    act(addDays(cursor, between(r, 7, 40)), {
      type: 'DECIDE_ARTICLE_2',
      article2: 'ENGAGED',
      reason: 'The death may engage the state’s duty to protect life.',
    });
  const mustHaveJury = juryRequired(grounds);
  const jury = mustHaveJury || r() < data.JURY_SHARE * 0.9;
  if (jury || life.detention)
    act(addDays(cursor, between(r, 1, 30)), {
      type: 'DECIDE_JURY',
      jury,
      basis: !jury
        ? 'NOT_REQUIRED'
        : mustHaveJury
          ? 'S7_2_A'
          : kind === 'industrial-disease'
            ? 'S7_2_C'
            : r() < 0.3
              ? 'S7_2_B'
              : 'S7_3',
      reason: jury ? 'Section 7 requires or justifies a jury.' : 'No jury is required.',
    });
  let concludedOn = concludeBy;
  if (concludedOn < cursor) concludedOn = cursor;
  const suspended = kind === 'unlawful-killing' ? r() < 0.9 : r() < (data.SUSPENSION_SHARE - 0.0108) / 0.988;
  if (suspended) {
    const para2 = kind === 'unlawful-killing';
    const since = addDays(cursor, between(r, 3, 30));
    act(since, {
      type: 'SUSPEND',
      basis: para2 ? 'SCH1_PARA2' : 'SCH1_PARA1',
      requestedBy: para2 ? 'Crown Prosecution Service' : 'Metropolitan Police Service',
      reason: para2
        ? 'A person has been charged with an offence in connection with the death.'
        : 'The prosecutor asked for the investigation to be suspended.',
    });
    // The registrar's particulars go with the suspension, the same day (reg. 8); no random draw, so that the
    // rest of a generated history is as it was.
    last = minutesAfter(last, 30);
    actions.push({
      at: last,
      action: {
        type: 'SEND_REGISTRAR_PARTICULARS',
        sentOn: cursor,
        registerOffice: 'The register office for the district of the death',
        causeOfDeath: medical,
      },
    });
    const resumeOn = addDays(since, between(r, 200, 540));
    if (!para2)
      for (let review = addDays(since, 27); review < resumeOn; review = addDays(review, 90))
        act(review, {
          type: 'REVIEW_SUSPENSION',
          nextReviewOn: addDays(review, 90),
          reason: 'Criminal proceedings are still in progress.',
        });
    act(resumeOn, {
      type: 'RESUME',
      ...(para2 ? { proceedingsOutcome: 'The defendant was convicted of manslaughter.' } : {}),
      reason: 'The criminal proceedings have ended.',
    });
    concludedOn = addDays(resumeOn, between(r, 40, 200));
  }
  const twelveMonths = addMonths(life.reportDay, 12);
  const late = concludedOn > twelveMonths;
  const reasonCategory = suspended
    ? 'CROWN_COURT_PROCEEDINGS'
    : pick(r, [
        ['INQUEST_PREPARATION', 0.5],
        ['EXTERNAL_INVESTIGATION', 0.3],
        ['COMPLEX_CASE', 0.2],
      ] as const);
  if (late) {
    const notice = addDays(twelveMonths, between(r, 0, 14));
    if (notice < concludedOn)
      act(notice, { type: 'SEND_S16_NOTICE', stage: 'OVER_12_MONTHS', reasonCategory });
  }
  const shortForm = kind === 'narrative' ? undefined : kind;
  const narrative = !shortForm || r() < data.SHORT_FORM_WITH_NARRATIVE;
  act(concludedOn, {
    type: 'RECORD_CONCLUSION',
    concludedOn,
    medicalCause: {
      '1a': medical,
      ...(r() < 0.4 && data.UNDERLYING_CAUSES[medical] ? { '1b': data.UNDERLYING_CAUSES[medical] } : {}),
    },
    howWhenWhere: `The deceased was found at ${life.placeDescription} and died there or shortly afterwards.`,
    ...(article2 ? { circumstances: 'The deceased was in the care of the state when they died.' } : {}),
    ...(shortForm ? { shortForm } : {}),
    ...(narrative
      ? {
          narrative:
            'The deceased died as a result of events that are set out in the evidence heard at the inquest.',
        }
      : {}),
    neglect: Boolean(shortForm) && r() < 0.01 && neglectRiderAllowed(shortForm!),
    byJury: jury,
    registration: {
      placeOfDeath: life.placeDescription,
      usualAddress: `${life.address.line1}, ${life.address.town} ${life.address.postcode}`,
      ...(life.occupation ? { occupation: life.occupation } : {}),
    },
  });
  if (late)
    act(addDays(concludedOn, between(r, 1, 14)), {
      type: 'SEND_S16_NOTICE',
      stage: 'COMPLETED',
      reasonCategory,
    });
  if (r() < data.QUASH_SHARE) {
    const orderedOn = addDays(cursor, between(r, 120, 600));
    act(addDays(orderedOn, between(r, 0, 5)), {
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn,
      citation: `[${orderedOn.slice(0, 4)}] EWHC ${between(r, 100, 3999)} (Admin)`,
      grounds:
        'New evidence about the circumstances of the death; a fresh inquest is necessary in the interests of justice (Coroners Act 1988 s.13).',
    });
  }
  return actions;
}
