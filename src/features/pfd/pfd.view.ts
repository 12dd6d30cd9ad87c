import type { FieldErrors } from '../../platform/http/errors.ts';
import { type FormErrors, fieldId } from '../../platform/http/validation.ts';
import { govukDate } from '../../platform/views/dates.ts';
import {
  lacksSafeguardingCopy,
  RECIPIENT_STATE_LABELS,
  RECIPIENT_STATE_TAGS,
  type RecipientState,
} from './pfd.domain.ts';
import { formFieldErrors } from './pfd.forms.ts';
import type { ReportListItem } from './pfd.queries.ts';
import type { PfdReportView } from './pfd.schema.ts';
import { type ReportText, reportSections } from './pfd.text.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const stateTag = (state: RecipientState) =>
  `<strong class="govuk-tag ${RECIPIENT_STATE_TAGS[state]}">${RECIPIENT_STATE_LABELS[state]}</strong>`;

/** The report's text in the standard layout, from what the coroner wrote. */
export function reportText(r: PfdReportView): ReportText {
  return {
    reference: r.reference,
    deceasedName: r.deceased.name,
    coronerName: r.coroner.name,
    coronerTitle: r.coroner.title,
    investigation: r.investigation,
    circumstances: r.circumstances,
    concerns: r.concerns,
    action: r.action,
    recipients: r.recipients,
    copies: [
      ...r.copies.interestedPersons.map((p) => p.name),
      ...(r.copies.safeguardingBoard ? [r.copies.safeguardingBoard.name] : []),
      ...r.copies.others.map((o) => o.name),
    ],
    sentOn: r.sentOn,
    dueOn: r.recipients[0]?.originalDueOn ?? null,
  };
}

/** The recipients table of the report page, with what can be done for each. */
export function recipientRows(r: PfdReportView, can: { respond: boolean; extend: boolean }) {
  return r.recipients.map((x) => {
    const actions: string[] = [];
    if (r.status === 'SENT' && can.respond)
      actions.push(
        `<a class="govuk-link" href="/pfd-reports/${r.id}/recipients/${x.id}/response">Record a response<span class="govuk-visually-hidden"> from ${esc(x.organisation)}</span></a>`,
      );
    if (r.status === 'SENT' && can.extend && !x.respondedOn)
      actions.push(
        `<a class="govuk-link" href="/pfd-reports/${r.id}/recipients/${x.id}/extension">Extend the time<span class="govuk-visually-hidden"> for ${esc(x.organisation)}</span></a>`,
      );
    return [
      {
        html: `${esc(x.organisation)}${x.person ? `<br><span class="govuk-body-s">${esc(x.person)}</span>` : ''}`,
      },
      {
        text: x.dueOn
          ? `${govukDate(x.dueOn)}${x.originalDueOn && x.originalDueOn !== x.dueOn ? ' (extended)' : ''}`
          : 'When sent',
      },
      {
        html: `${stateTag(x.state)}${x.respondedOn ? `<br><span class="govuk-body-s">${govukDate(x.respondedOn)}</span>` : ''}`,
      },
      { html: actions.join('<br>') || '<span class="govuk-visually-hidden">No actions</span>' },
    ];
  });
}

export function responseRows(r: PfdReportView) {
  const names = new Map(r.recipients.map((x) => [x.id, x.organisation]));
  return r.responses.map((x) => [
    { text: names.get(x.recipientId) ?? '' },
    { text: govukDate(x.receivedOn) },
    { text: x.summary ?? '' },
    {
      html: x.document
        ? `<a class="govuk-link" href="/pfd-reports/${r.id}/responses/${x.id}/document">${esc(x.document.name)}</a>`
        : 'No document',
    },
  ]);
}

export function sectionsOf(r: PfdReportView) {
  return reportSections(reportText(r));
}

/** Rows of the reports list and the overdue register. */
export function listRows(items: ReportListItem[], overdueOnly: boolean) {
  return items.flatMap((r) =>
    r.recipients
      .filter((x) => !overdueOnly || x.state === 'OVERDUE')
      .map((x, i) => [
        {
          html:
            i === 0 || overdueOnly
              ? `<a class="govuk-link" href="/pfd-reports/${r.id}">${esc(r.reference)}</a><br><span class="govuk-body-s">${esc(r.deceasedName)} · ${esc(r.caseReference)}</span>`
              : '',
        },
        { text: r.areaCode },
        { text: r.sentOn ? govukDate(r.sentOn) : 'Draft' },
        { text: x.organisation },
        { text: x.dueOn ? govukDate(x.dueOn) : '' },
        {
          html: `${stateTag(x.state)}${x.daysOverdue ? `<br><span class="govuk-body-s">${x.daysOverdue} day${x.daysOverdue === 1 ? '' : 's'} overdue</span>` : ''}`,
        },
      ]),
  );
}

const andList = (items: string[]) => new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(items);

/** The confirmation after sending: who the report went to and who had a copy. */
export function sentBanner(r: Pick<PfdReportView, 'sentOn' | 'recipients' | 'copies'>): string | undefined {
  if (!r.sentOn) return undefined;
  const to = r.recipients.map((x) => (x.person ? `${x.person}, ${x.organisation}` : x.organisation));
  const copies = [
    'the Chief Coroner',
    ...r.copies.interestedPersons.map((p) => p.name),
    ...(r.copies.safeguardingBoard ? [r.copies.safeguardingBoard.name] : []),
    ...r.copies.others.map((o) => o.name),
  ];
  return `Report sent to ${to.join('; ')} on ${govukDate(r.sentOn)}. A copy went to ${andList(copies)}.`;
}

const SAFEGUARDING_FIELD = 'copies.safeguardingBoard.name';
const SAFEGUARDING_NEEDED =
  'The deceased was under 18, so a copy must go to the local safeguarding partnership. Add it to the report before you send it.';

/** What stops a draft being sent that the Send page cannot put right, with a link to where it can be. */
export function sendWarning(
  r: Pick<PfdReportView, 'id' | 'status' | 'deceased' | 'copies'>,
): { text: string; href: string; linkText: string } | undefined {
  if (r.status !== 'DRAFT') return undefined;
  if (!lacksSafeguardingCopy((r.deceased.ageAtDeath ?? 99) < 18, r.copies.safeguardingBoard))
    return undefined;
  return {
    text: SAFEGUARDING_NEEDED,
    href: `/pfd-reports/${r.id}/edit#${fieldId(SAFEGUARDING_FIELD)}`,
    linkText: 'Add the local safeguarding partnership',
  };
}

/**
 * The Send page's errors. Its one question is the date; a problem with the report itself (the safeguarding copy a
 * child's report needs, an interested person no longer one) is put right on the report's edit page, so its
 * summary link goes to that answer there.
 */
export function sendPageErrors(reportId: string, errors: FieldErrors): FormErrors | undefined {
  const entries = Object.entries(formFieldErrors(errors));
  if (entries.length === 0) return undefined;
  return {
    errorList: entries.map(([path, text]) =>
      path === 'sentOn'
        ? { text, href: `#${fieldId(path)}` }
        : {
            text:
              path === SAFEGUARDING_FIELD
                ? SAFEGUARDING_NEEDED
                : `${text.replace(/\.$/, '')}. Change the report before you send it.`,
            href: `/pfd-reports/${reportId}/edit#${fieldId(path)}`,
          },
    ),
    fields: Object.fromEntries(entries.map(([path, text]) => [path, { text }])),
  };
}
