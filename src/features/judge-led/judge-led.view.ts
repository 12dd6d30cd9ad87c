import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { APPOINTMENT_BASIS_LABELS, type JudgeLedStatus, judgeDisplayName } from './judge-led.domain.ts';
import type { JudgeLedRequestView } from './judge-led.schema.ts';

export const STATUS_TAGS: Record<JudgeLedStatus, string> = {
  REQUESTED: 'govuk-tag--yellow',
  APPROVED: 'govuk-tag--blue',
  DECLINED: 'govuk-tag--grey',
  JUDGE_APPOINTED: 'govuk-tag--green',
};

const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });

/** The summary list of a request's page. */
export function requestRows(r: JudgeLedRequestView) {
  const rows = [
    row('Requested by', `${r.requestedBy?.name ?? 'Unknown'}, ${govukDateTime(r.requestedAt)}`),
    row('Why a judge should lead the inquest', r.reasons),
  ];
  if (r.group) rows.push(row('Group of inquests', r.group.name));
  if (r.decision)
    rows.push(
      row(
        r.decision.decision === 'APPROVED' ? 'Approved by' : 'Declined by',
        `${r.decision.by?.name ?? 'The Chief Coroner’s office'}, ${govukDateTime(r.decision.at)}`,
      ),
      row('Reasons for the decision', r.decision.reasons),
    );
  if (r.appointment)
    rows.push(
      row('Judge', r.appointment.judge?.name ?? r.appointment.judgeName),
      row(
        'Appointed',
        `${govukDate(r.appointment.appointedOn)} by ${r.appointment.organisation ?? r.appointment.appointedBy?.name ?? 'the local authority'}`,
      ),
      row('Basis', APPOINTMENT_BASIS_LABELS[r.appointment.basis]),
    );
  return rows;
}

/** The request's steps as MoJ timeline items, newest first. */
export function requestTimeline(r: JudgeLedRequestView) {
  const items = [
    {
      title: 'Judge-led inquest requested',
      at: r.requestedAt,
      by: r.requestedBy?.name ?? '',
      text: r.reasons,
    },
  ];
  if (r.decision)
    items.push({
      title:
        r.decision.decision === 'APPROVED'
          ? 'Approved by the Chief Coroner’s office'
          : 'Declined by the Chief Coroner’s office',
      at: r.decision.at,
      by: r.decision.by?.name ?? '',
      text: r.decision.reasons,
    });
  if (r.appointment)
    items.push({
      title: 'Judge appointed',
      at: r.appointment.at,
      by: [r.appointment.appointedBy?.name, r.appointment.organisation].filter(Boolean).join(', '),
      text: `${r.appointment.judge?.name ?? r.appointment.judgeName}, appointed ${govukDate(r.appointment.appointedOn)}. ${APPOINTMENT_BASIS_LABELS[r.appointment.basis]}.`,
    });
  return items.reverse().map((i) => ({
    label: { text: i.title },
    html: `<p class="govuk-body app-timeline-reason">${escapeHtml(i.text)}</p>`,
    datetime: { timestamp: i.at, type: 'datetime' },
    byline: { text: i.by },
  }));
}

type ListItem = {
  id: string;
  status: JudgeLedStatus;
  statusLabel: string;
  areaCode: string;
  requestedAt: string;
  references: string[];
  groupName: string | null;
  judgeName: string | null;
  judgeTitle: string | null;
};

/** Table rows of the list of requests. */
export function listRows(items: ListItem[]) {
  return items.map((i) => [
    {
      html: `<a class="govuk-link" href="/judge-led-requests/${i.id}">${escapeHtml(i.groupName ?? i.references.join(', '))}</a>${
        i.groupName ? `<br><span class="govuk-body-s">${escapeHtml(i.references.join(', '))}</span>` : ''
      }`,
    },
    { text: i.areaCode },
    { text: govukDate(i.requestedAt) },
    { html: `<strong class="govuk-tag ${STATUS_TAGS[i.status]}">${escapeHtml(i.statusLabel)}</strong>` },
    { text: i.judgeName ? judgeDisplayName(i.judgeTitle ?? '', i.judgeName) : '—' },
  ]);
}
