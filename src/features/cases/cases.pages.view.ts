import { dateProblems, type Field, type FormBody } from '../../platform/forms/forms.ts';
import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { CLOCK_LABELS, type ClockKind, clockTag } from './cases.clocks.ts';
import { conclusionWording } from './cases.conclusions.ts';
import type { CaseEvent, CaseStatus } from './cases.domain.ts';
import {
  GROUND_LABELS,
  JURY_LABELS,
  NO_DUTY_ROUTE_LABELS,
  ORDER_LABELS,
  PERSON_ROLE_LABELS,
  PLACE_TYPE_LABELS,
  POLICE_CLASSIFICATION_LABELS,
  POST_MORTEM_KIND_LABELS,
  REPORTER_LABELS,
  S16_LABELS,
  SEX_LABELS,
  STATE_DETENTION_LABELS,
  SUSPENSION_LABELS,
  TAG_LABELS,
} from './cases.forms.ts';
import { ageOn } from './cases.report.ts';
import type { CaseDetail } from './cases.view.ts';

type Row = {
  key: { text: string };
  value: { text?: string; html?: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
};

const row = (key: string, value: unknown, change?: { href: string; what: string }): Row => ({
  key: { text: key },
  value: { text: value === undefined || value === null || value === '' ? 'Not known' : String(value) },
  ...(change
    ? { actions: { items: [{ href: change.href, text: 'Change', visuallyHiddenText: change.what }] } }
    : {}),
});

export type Address = { line1?: string; line2?: string; town?: string; postcode?: string } | null | undefined;
type Place =
  | {
      description?: string;
      postcode?: string;
      lat?: number;
      lon?: number;
      accuracyM?: number;
      placeType?: string;
    }
  | null
  | undefined;

/** "a doctor", "the police", "someone else": who reported, inside a sentence. */
const reporterInSentence = (type: string) =>
  type === 'police'
    ? 'the police'
    : (REPORTER_LABELS[type] ?? type).replace(/^[A-Z]/, (first) => first.toLowerCase());

export const addressText = (a: Address) =>
  a ? [a.line1, a.line2, a.town, a.postcode].filter(Boolean).join(', ') : '';
export const placeText = (p: Place) =>
  p
    ? [
        p.description,
        p.postcode,
        p.placeType ? PLACE_TYPE_LABELS[p.placeType] : undefined,
        p.lat !== undefined
          ? `${p.lat}, ${p.lon}${p.accuracyM ? ` (to within about ${p.accuracyM} metres)` : ''}`
          : undefined,
      ]
        .filter(Boolean)
        .join(' · ')
    : '';

/** The age as given, or worked out from the date of birth and the date of death (or found). */
function ageText(d: { age?: unknown; dateOfBirth?: unknown }, died: unknown): string {
  if (d.age !== undefined && d.age !== null && d.age !== '') return String(d.age);
  if (typeof d.dateOfBirth === 'string' && typeof died === 'string')
    return String(ageOn(d.dateOfBirth, died));
  return '';
}

const detentionText = (v: unknown) =>
  v ? (STATE_DETENTION_LABELS[String(v)] ?? String(v)) : 'No, not in state detention';
const classificationText = (v: unknown) => (v ? (POLICE_CLASSIFICATION_LABELS[String(v)] ?? String(v)) : '');
const foundText = (date: unknown, time: unknown) =>
  date ? `${govukDate(String(date))}${time ? ` at ${String(time)}` : ''}` : '';

/**
 * The check-your-answers sections of a death report being written. The coroner area is shown with its name,
 * and can be changed only by a reporter who chose it (staff report to their own area).
 */
export function reportSummary(
  data: Record<string, unknown>,
  draftId: string,
  area: { areaName?: string; areaChangeable?: boolean } = {},
) {
  const d = (data.deceased ?? {}) as Record<string, unknown>;
  const death = (data.death ?? {}) as Record<string, unknown>;
  const by = (data.reportedBy ?? {}) as Record<string, unknown>;
  const tox = (data.toxicology ?? { tested: [], detected: [] }) as { tested: string[]; detected: string[] };
  const people = (data.people ?? []) as { role: string; name: string; address?: Address }[];
  const link = (step: string, what: string) => ({ href: `/reports/${draftId}/${step}?change=1`, what });
  return [
    {
      title: 'The person who has died',
      rows: [
        row('Name', [d.givenNames, d.familyName].filter(Boolean).join(' '), link('deceased', 'name')),
        row('Sex', d.sex ? (SEX_LABELS[String(d.sex)] ?? d.sex) : '', link('deceased', 'sex')),
        row(
          'Date of birth',
          d.dateOfBirth ? govukDate(String(d.dateOfBirth)) : '',
          link('deceased', 'date of birth'),
        ),
        row('Age', ageText(d, death.dateOfDeath ?? death.dateFound), link('deceased', 'age')),
        row('Home address', addressText(d.address as Address), link('deceased', 'home address')),
        row('Occupation', d.occupation, link('deceased', 'occupation')),
        row('Nationality', d.nationality, link('deceased', 'nationality')),
      ],
    },
    {
      title: 'The death',
      rows: [
        row(
          'Date of death',
          death.dateOfDeath ? govukDate(String(death.dateOfDeath)) : '',
          link('death', 'date of death'),
        ),
        row('Date found', foundText(death.dateFound, death.timeFound), link('death', 'date found')),
        row('Where found', placeText(death.sceneFound as Place), link('death', 'where found')),
        row('Place of death', placeText(death.placeOfDeath as Place), link('death', 'place of death')),
        row('In state detention', detentionText(death.stateDetention), link('death', 'state detention')),
        row('Circumstances', death.circumstances, link('death', 'circumstances')),
      ],
    },
    {
      title: 'The report',
      rows: [
        row(
          'Coroner area',
          area.areaName ?? data.areaCode,
          area.areaChangeable ? link('area', 'coroner area') : undefined,
        ),
        row(
          'Reported by',
          [by.type ? (REPORTER_LABELS[String(by.type)] ?? by.type) : '', by.name, by.organisation]
            .filter(Boolean)
            .join(', '),
          link('reporter', 'who reported it'),
        ),
        row(
          'Reported',
          data.reportedAt ? govukDateTime(String(data.reportedAt)) : 'Now',
          link('reporter', 'when it was reported'),
        ),
        row(
          'People involved',
          people.length
            ? people.map((p) => `${p.name} (${PERSON_ROLE_LABELS[p.role] ?? p.role})`).join('; ')
            : 'None',
          link('people', 'people involved'),
        ),
        row(
          'Circumstances that apply',
          ((data.circumstanceTags as string[]) ?? []).map((t) => TAG_LABELS[t] ?? t).join('; ') || 'None',
          link('circumstances', 'circumstances that apply'),
        ),
        row(
          'Toxicology',
          `Tested: ${tox.tested.join(', ') || 'none'}. Detected: ${tox.detected.join(', ') || 'none'}.`,
          link('circumstances', 'toxicology'),
        ),
        row(
          'Police classification',
          classificationText(data.policeClassification),
          link('circumstances', 'police classification'),
        ),
      ],
    },
  ];
}

export const STATUS_TAG_CLASSES: Record<CaseStatus, string> = {
  REPORTED: 'govuk-tag--blue',
  PRELIMINARY_ENQUIRIES: 'govuk-tag--light-blue',
  NO_DUTY: 'govuk-tag--grey',
  INVESTIGATION_OPEN: 'govuk-tag--purple',
  DISCONTINUED: 'govuk-tag--grey',
  INQUEST_OPENED: 'govuk-tag--turquoise',
  SUSPENDED: 'govuk-tag--yellow',
  NOT_RESUMED: 'govuk-tag--grey',
  TRANSFER_PENDING: 'govuk-tag--orange',
  CONCLUDED: 'govuk-tag--green',
  QUASHED: 'govuk-tag--red',
};

/** The summary list rows of a case page. */
export function caseSummaryRows(c: CaseDetail): Row[] {
  return [
    row('Reference', c.reference),
    row('Name', `${c.deceased.givenNames} ${c.deceased.familyName}`),
    row('Date of birth', c.deceased.dateOfBirth ? govukDate(c.deceased.dateOfBirth) : ''),
    row('Age', ageText(c.deceased, c.death.dateOfDeath ?? c.death.dateFound)),
    row('Date of death', c.death.dateOfDeath ? govukDate(c.death.dateOfDeath) : ''),
    row('Date found', foundText(c.death.dateFound, c.death.timeFound)),
    row('Where found', placeText(c.death.sceneFound as Place)),
    row('In state detention', detentionText(c.death.stateDetention)),
    row('Home address', addressText(c.deceased.address as Address)),
    row('Occupation', c.deceased.occupation),
    row('Nationality', c.deceased.nationality),
    row(
      'Reported',
      `${govukDateTime(c.reportedAt)} by ${[reporterInSentence(c.reportedBy.type), c.reportedBy.name, c.reportedBy.organisation].filter(Boolean).join(', ')}`,
    ),
    row('Coroner', c.assignedCoroner?.name ?? 'Not assigned'),
    row('Coroner’s officer', c.assignedOfficer?.name ?? 'Not assigned'),
    row(
      'Toxicology',
      `Tested: ${c.toxicology.tested.join(', ') || 'none'}. Detected: ${c.toxicology.detected.join(', ') || 'none'}.`,
    ),
    row(
      'Circumstances that apply',
      c.circumstanceTags.map((t) => TAG_LABELS[t] ?? t).join('; ') || 'None recorded',
    ),
    row('Police classification', classificationText(c.policeClassification)),
    row(
      'People involved',
      c.people.map((p) => `${p.name} (${PERSON_ROLE_LABELS[p.role] ?? p.role})`).join('; ') ||
        'None recorded',
    ),
    row('Reporting restriction', ORDER_LABELS[c.reportingRestriction] ?? c.reportingRestriction),
  ];
}

/** The parts of a case's details, as a timeline names them. */
const DETAIL_WORDS: Record<string, string> = {
  deceased: 'the person who died',
  death: 'the death',
  people: 'the people involved',
  circumstanceTags: 'the circumstances that apply',
  toxicology: 'toxicology',
  policeClassification: 'the police classification',
};

const TITLES: Record<string, string> = {
  REPORTED: 'Death reported',
  FRESH_INVESTIGATION_ORDERED: 'Fresh investigation ordered by the High Court',
  OPEN_PRELIMINARY_ENQUIRIES: 'Preliminary enquiries started',
  DECIDE_NO_DUTY: 'Decided no investigation is needed',
  OPEN_INVESTIGATION: 'Investigation opened',
  REVIEW_GROUNDS: 'Grounds for the investigation reviewed',
  RECORD_POST_MORTEM: 'Post-mortem examination recorded',
  DISCONTINUE: 'Investigation discontinued',
  OPEN_INQUEST: 'Inquest opened',
  SUSPEND: 'Investigation suspended',
  REVIEW_SUSPENSION: 'Suspension reviewed',
  RESUME: 'Investigation resumed',
  SEND_REGISTRAR_PARTICULARS: 'Particulars sent to the registrar',
  DECIDE_JURY: 'Jury decision',
  DECIDE_ARTICLE_2: 'Article 2 decision',
  ASSIGN: 'Assigned',
  UPDATE_DETAILS: 'Details updated',
  RECORD_CONCLUSION: 'Inquest concluded: Record of Inquest',
  QUASH: 'Inquest quashed by the High Court',
  TRANSFER: 'Transfer to another area',
  ACCEPT_TRANSFER: 'Transfer accepted',
  SET_REPORTING_RESTRICTION: 'Reporting restriction',
  SEND_S16_NOTICE: 'Notice to the Chief Coroner (section 16)',
  RECORD_NOTE: 'Note',
};

/** A court named in a sentence: “quashed by the High Court”. */
const theCourt = (court: string) => (/^the\s/i.test(court) ? court : `the ${court}`);

/** One line of what happened for each event, for the MoJ timeline. */
export function describeEvent(e: CaseEvent | CaseDetail['events'][number]): { title: string; text: string } {
  const p = e.payload as Record<string, unknown>;
  const parts: string[] = [];
  const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
  switch (e.type) {
    case 'DECIDE_NO_DUTY':
      parts.push(
        `How the death will be certified: ${NO_DUTY_ROUTE_LABELS[String(p.route)] ?? String(p.route)}.`,
      );
      break;
    case 'OPEN_INVESTIGATION':
    case 'REVIEW_GROUNDS':
      parts.push(
        `Grounds: ${((p.grounds as string[]) ?? []).map((g) => inSentence(GROUND_LABELS[g] ?? g)).join('; ')}.`,
      );
      break;
    case 'RECORD_POST_MORTEM':
      parts.push(
        `${POST_MORTEM_KIND_LABELS[String(p.kind)] ?? 'Examined'} on ${govukDate(String(p.examinedOn))} by ${p.pathologist}.${p.causeOfDeath ? ` Cause: ${p.causeOfDeath}.` : ''}`,
      );
      break;
    case 'OPEN_INQUEST':
      parts.push(
        `Opened ${govukDate(String(p.openedOn))}.${p.provisionalCause ? ` Provisional cause of death: ${p.provisionalCause}.` : ''}`,
      );
      break;
    case 'REVIEW_SUSPENSION':
      parts.push(`Next review ${govukDate(String(p.nextReviewOn))}.`);
      break;
    case 'RESUME':
      if (p.proceedingsOutcome) parts.push(`How the proceedings ended: ${p.proceedingsOutcome}.`);
      break;
    case 'SUSPEND':
      parts.push(
        `${SUSPENSION_LABELS[String(p.basis)] ?? p.basis}.${p.requestedBy ? ` Requested by ${p.requestedBy}.` : ''}`,
      );
      break;
    case 'SEND_REGISTRAR_PARTICULARS':
      parts.push(
        `Sent to ${p.registerOffice} on ${govukDate(String(p.sentOn))}. Cause of death given: ${p.causeOfDeath}.`,
      );
      break;
    case 'DECIDE_JURY':
      parts.push(`${p.jury ? 'With a jury' : 'Without a jury'}: ${JURY_LABELS[String(p.basis)] ?? p.basis}.`);
      break;
    case 'DECIDE_ARTICLE_2':
      parts.push(`Article 2: ${String(p.article2).toLowerCase().replace(/_/g, ' ')}.`);
      break;
    case 'RECORD_CONCLUSION':
      parts.push(conclusionWording(p as never));
      break;
    case 'QUASH':
      parts.push(
        `${p.court}, ${govukDate(String(p.orderedOn))}${p.citation ? `, ${p.citation}` : ''}. Grounds: ${p.grounds}`,
      );
      break;
    case 'FRESH_INVESTIGATION_ORDERED':
      parts.push(
        `This investigation replaces ${p.supersedesReference}, quashed by ${theCourt(String(p.court))} on ${govukDate(String(p.orderedOn))}.`,
      );
      break;
    case 'TRANSFER':
      parts.push(
        `To ${p.toAreaCode} under section ${String(p.basis).slice(1)}${p.agreedBy ? `, agreed by ${p.agreedBy}` : ''}.`,
      );
      break;
    case 'SET_REPORTING_RESTRICTION':
      parts.push(ORDER_LABELS[String(p.order)] ?? String(p.order));
      if (typeof p.note === 'string' && p.note) parts.push(p.note);
      break;
    case 'SEND_S16_NOTICE':
      parts.push(
        `${p.stage === 'COMPLETED' ? 'Completion notice' : 'More than 12 months'}: ${S16_LABELS[String(p.reasonCategory)] ?? p.reasonCategory}.`,
      );
      if (typeof p.note === 'string' && p.note) parts.push(p.note);
      break;
    case 'DISCONTINUE':
      parts.push(`Cause of death: ${p.causeOfDeath}.`);
      break;
    case 'UPDATE_DETAILS':
      parts.push(
        `Changed: ${Object.keys((p.details as object) ?? {})
          .map((k) => DETAIL_WORDS[k] ?? k)
          .join(', ')}.`,
      );
      break;
    case 'RECORD_NOTE':
      parts.push(String(p.note));
      break;
    case 'ASSIGN':
      if (p.coronerName) parts.push(`Coroner: ${p.coronerName}.`);
      if (p.officerName) parts.push(`Coroner’s officer: ${p.officerName}.`);
      break;
  }
  if (typeof p.reason === 'string' && p.reason) parts.push(p.reason);
  if (typeof p.summary === 'string') parts.push(p.summary);
  return {
    title: TITLES[e.type] ?? String(p.title ?? e.type.toLowerCase().replace(/_/g, ' ')),
    text: parts.join('\n'),
  };
}

/** MoJ timeline items, newest first. */
export function timelineItems(events: CaseDetail['events']) {
  return [...events].reverse().map((e) => {
    const d = describeEvent(e);
    return {
      label: { text: d.title },
      html: `<p class="govuk-body app-timeline-reason">${escapeHtml(d.text)}</p>`,
      datetime: { timestamp: e.at, type: 'datetime' },
      byline: { text: e.actor },
    };
  });
}

export function clockRows(deadlines: CaseDetail['deadlines']) {
  const order = { overdue: 0, open: 1, 'met-late': 2, met: 2 };
  return [...deadlines]
    .sort((a, b) => order[a.state] - order[b.state] || a.dueOn.localeCompare(b.dueOn))
    .map((d) => {
      // An investigation that ended within twelve months never needed the s.16 notice: it was not sent.
      const notNeeded = d.kind === 'S16_TWELVE_MONTHS' && d.metOn !== null && d.metOn < d.dueOn;
      const { text, tag } = notNeeded
        ? { text: 'Not needed: ended within 12 months', tag: 'govuk-tag--grey' }
        : clockTag(d.state, d.metOn);
      return {
        label: CLOCK_LABELS[d.kind as ClockKind] ?? d.kind,
        basis: d.basis,
        due: govukDate(d.dueOn),
        state: d.state,
        stateText: text,
        tag,
      };
    });
}

/**
 * Date errors as a page words them. The schemas speak to API callers ("Enter a real date in the format
 * YYYY-MM-DD", "… with its offset, like 2014-06-20T09:30:00+01:00"); someone typing day, month and year
 * into boxes gets the GOV.UK sentence instead ("Date of birth must be a real date").
 */
export function pageDateWording(
  fields: readonly { kind: string; path: string; label: string }[],
  errors: Record<string, string>,
): Record<string, string> {
  const out = { ...errors };
  for (const field of fields) {
    const message = out[field.path];
    if (!message || (field.kind !== 'date' && field.kind !== 'datetime')) continue;
    if (!/YYYY-MM-DD|with its offset/.test(message)) continue;
    const what = field.kind === 'date' ? 'date' : 'date and time';
    const label = field.label.replace(/\s*\(.*\)\s*$/, '');
    out[field.path] = /^Date\b/.test(label) ? `${label} must be a real ${what}` : `Enter a real ${what}`;
  }
  return out;
}

/**
 * A page's problems as its questions show them: one item of a list answered in one box (a substance of
 * "alcohol, GHB") on that box; the API's wording of a date replaced (`pageDateWording`); and a date or time
 * typed in part or wrongly told by the box at fault, as GOV.UK words it ("Date of birth must include a
 * month", "… must include a time"). A problem in a time box replaces the one of its date.
 */
export function pageProblems(
  fields: readonly Field[],
  errors: Record<string, string>,
  body: FormBody,
): Record<string, string> {
  const paths = new Set(fields.map((f) => f.path));
  const onQuestions: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    let question = path;
    while (!paths.has(question) && /\.\d+$/.test(question)) question = question.replace(/\.\d+$/, '');
    onQuestions[paths.has(question) ? question : path] ??= message;
  }
  const boxes = dateProblems(fields, body);
  const out = { ...pageDateWording(fields, onQuestions), ...boxes };
  for (const key of Object.keys(boxes)) if (key.endsWith('-time')) delete out[key.slice(0, -'-time'.length)];
  return out;
}
