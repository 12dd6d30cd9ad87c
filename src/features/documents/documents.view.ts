import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import {
  KIND_LABELS,
  METHOD_LABELS,
  R15_LABELS,
  REASON_LABELS,
  STATE_LABELS,
  type VersionState,
} from './documents.domain.ts';
import type { DisclosureView, DocumentSummary, ReadEvent, SharedVersion } from './documents.queries.ts';
import { pagesPhrase, type ScheduleItem, type VersionSchedule } from './documents.schedule.ts';
import type { DocumentRow, RedactionRow, VersionRow } from './documents.tables.ts';

// Pure shaping of documents for the GOV.UK templates: table rows, tags, summary lists.

type Cell = { text?: string; html?: string; format?: 'numeric' };

const link = (href: string, text: string, hidden?: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden ? `<span class="govuk-visually-hidden"> ${escapeHtml(hidden)}</span>` : ''}</a>`;

const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;

const STATE_COLOURS: Record<VersionState, string> = {
  DRAFT: 'grey',
  OWNER_APPROVED: 'blue',
  CORONER_APPROVED: 'green',
};

export const stateTag = (state: VersionState) => tag(STATE_LABELS[state], STATE_COLOURS[state]);

export function versionName(v: Pick<VersionRow, 'number' | 'kind'>): string {
  return v.kind === 'ORIGINAL' ? `Version ${v.number}: original` : `Version ${v.number}: redacted`;
}

/** "2.4 MB", "830 KB". */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const TYPE_NAMES: Record<VersionRow['contentType'], string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'Text',
};

export function fileDescription(v: Pick<VersionRow, 'contentType' | 'size' | 'pageCount'>): string {
  const pages =
    v.contentType === 'application/pdf' && v.pageCount
      ? `, ${v.pageCount} ${v.pageCount === 1 ? 'page' : 'pages'}`
      : '';
  return `${TYPE_NAMES[v.contentType]}, ${fileSize(v.size)}${pages}`;
}

/** The disclosure status of a document in one phrase. */
export function disclosureStatus(
  d: Pick<DocumentRow, 'withheldGround'> & { activeReleases: number },
): string {
  if (d.withheldGround) return `Withheld (${R15_LABELS[d.withheldGround].split(':')[0]})`;
  if (d.activeReleases > 0) return `Released (${d.activeReleases})`;
  return 'Not released';
}

export function caseDocumentRows(rows: DocumentSummary[]): Cell[][] {
  return rows.map((d) => [
    { html: link(`/documents/${d.id}`, d.title) },
    { text: d.ownerOrganisation },
    { html: stateTag(d.latestState) },
    { text: disclosureStatus(d) },
    { text: d.pendingProposals ? String(d.pendingProposals) : 'None', format: 'numeric' },
  ]);
}

export function versionRows(versions: VersionRow[], documentId: string): Cell[][] {
  return versions.map((v) => [
    { html: link(`/documents/${documentId}/versions/${v.number}`, versionName(v)) },
    { html: stateTag(v.state) },
    { text: govukDate(v.createdAt) },
    { text: fileDescription(v) },
    { html: link(`/documents/${documentId}/versions/${v.number}/file`, 'Download', versionName(v)) },
  ]);
}

/** What a proposal removes: the words, or the area and its page. */
export function redactionWhat(r: Pick<RedactionRow, 'kind' | 'text' | 'page'>): string {
  return r.kind === 'text' ? `“${r.text}”` : `An area of page ${r.page}`;
}

const REVIEW_TAGS = {
  PROPOSED: tag('To review', 'yellow'),
  ACCEPTED: tag('Accepted', 'green'),
  REJECTED: tag('Not accepted', 'red'),
};

export function redactionRows(
  rows: RedactionRow[],
  options: { documentId: string; canReview: boolean },
): Cell[][] {
  return rows.map((r) => [
    { text: redactionWhat(r) },
    { text: REASON_LABELS[r.reason] + (r.note ? `. ${r.note}` : '') },
    { text: `${r.proposedByLabel}, ${govukDate(r.proposedAt)}` },
    {
      text: r.kind === 'text' ? `${r.hits} ${r.hits === 1 ? 'place' : 'places'}` : '1 area',
      format: 'numeric',
    },
    {
      html:
        REVIEW_TAGS[r.status] +
        (r.reviewReason ? `<br><span class="govuk-body-s">${escapeHtml(r.reviewReason)}</span>` : '') +
        (options.canReview
          ? `<br>${link(`/documents/${options.documentId}/redactions/${r.id}/review`, 'Review', redactionWhat(r))}`
          : ''),
    },
  ]);
}

/** The redaction schedule of a version (what, where, why, by whom): for staff and the owner only. */
export function scheduleRows(items: ScheduleItem[]): Cell[][] {
  return items.map((i) => [
    {
      text:
        i.kind === 'text' ? `“${i.what}”` : i.what ? `Area containing “${i.what}”` : 'An area of the picture',
    },
    {
      text:
        i.kind === 'text'
          ? `${i.hits} ${i.hits === 1 ? 'place' : 'places'}${i.pages.length ? ` on ${pagesPhrase(i.pages)}` : ''}`
          : pagesPhrase(i.pages) || 'The picture',
    },
    { text: REASON_LABELS[i.reason] + (i.note ? `. ${i.note}` : '') },
    { text: `${i.proposedBy}, ${govukDate(i.proposedAt)}` },
  ]);
}

/** A summary row naming the attached files a redacted version left out, if it left any out. */
export function attachmentsRemovedRows(schedule: Pick<VersionSchedule, 'attachmentsRemoved'> | null) {
  const names = schedule?.attachmentsRemoved ?? [];
  if (names.length === 0) return [];
  return [
    {
      key: { text: 'Attached files' },
      value: {
        text: `Removed from this version, as their content cannot be redacted: ${names.join(', ')}`,
      },
    },
  ];
}

/** A summary row saying which redactions the supplier had marked in the PDF were applied, if any were. */
export function marksAppliedRows(schedule: Pick<VersionSchedule, 'marksApplied'> | null) {
  const marks = schedule?.marksApplied ?? [];
  if (marks.length === 0) return [];
  const what = marks.map((m) => `page ${m.page}${m.text ? ` (“${m.text}”)` : ''}`);
  return [
    {
      key: { text: 'Redactions marked by the supplier' },
      value: {
        text: `Applied in this version, the text under them removed: ${marks.length} ${marks.length === 1 ? 'area' : 'areas'}, ${what.join('; ')}`,
      },
    },
  ];
}

/** A summary row naming the pages made into pictures of themselves, if any were. */
export function pagesAsPicturesRows(schedule: Pick<VersionSchedule, 'pagesAsPictures'> | null) {
  const pages = schedule?.pagesAsPictures ?? [];
  if (pages.length === 0) return [];
  const phrase = pagesPhrase(pages);
  const text =
    pages.length === 1
      ? `P${phrase.slice(1)} is now a picture of the redacted page, because a picture on it could not be redacted any other way. Its words can be read but not selected or searched.`
      : `P${phrase.slice(1)} are now pictures of the redacted pages, because pictures on them could not be redacted any other way. Their words can be read but not selected or searched.`;
  return [{ key: { text: 'Pages made into pictures' }, value: { text } }];
}

export function releaseRows(
  rows: DisclosureView[],
  options: { documentId?: string; canWithdraw: boolean },
): Cell[][] {
  return rows.map((d) => [
    ...(options.documentId ? [] : [{ html: link(`/documents/${d.documentId}`, d.title) }]),
    { text: d.personName },
    { text: versionName({ number: d.versionNumber, kind: d.versionKind }) },
    { text: `${govukDate(d.disclosedOn)}, ${METHOD_LABELS[d.method].toLowerCase()}` },
    { text: d.releasedByName ?? '' },
    {
      html: d.withdrawnAt
        ? `${tag('Withdrawn', 'grey')}<br><span class="govuk-body-s">${escapeHtml(`${govukDate(d.withdrawnAt)}: ${d.withdrawalReason ?? ''}`)}</span>`
        : tag('Released', 'green') +
          (options.canWithdraw
            ? `<br>${link(`/documents/${d.documentId}/disclosures/${d.id}/copy`, 'Marked copy', `for ${d.personName}`)}` +
              `<br>${link(`/documents/${d.documentId}/disclosures/${d.id}/withdraw`, 'Withdraw', `from ${d.personName}`)}`
            : ''),
    },
  ]);
}

const VIA_LABELS: Record<string, string> = {
  download: 'Downloaded',
  api: 'Through the API',
  portal: 'Downloaded from their view of the case',
  'page-image': 'Viewed a page',
  bundle: 'In a hearing bundle',
  copy: 'Marked copy to send',
};

export function readRows(rows: ReadEvent[]): Cell[][] {
  return rows.map((r) => [
    { text: govukDateTime(r.at) },
    { text: r.actor },
    { text: r.version ? `Version ${r.version}` : '' },
    {
      text:
        (r.via ? (VIA_LABELS[r.via] ?? r.via) : '') +
        (r.page ? ` (page ${r.page})` : '') +
        (r.recipient ? `, marked for ${r.recipient}` : ''),
    },
  ]);
}

export function summaryRows(
  document: DocumentRow,
  options: { caseText: string; caseHref?: string; addedBy?: string; carriedFrom?: string; staff: boolean },
) {
  const rows = [
    { key: { text: 'Kind of document' }, value: { text: KIND_LABELS[document.kind] } },
    { key: { text: 'Owner' }, value: { text: document.ownerOrganisation } },
    {
      key: { text: 'Case' },
      value: options.caseHref
        ? { html: link(options.caseHref, options.caseText) }
        : { text: options.caseText },
    },
    {
      key: { text: 'Added' },
      value: { text: `${govukDate(document.createdAt)}${options.addedBy ? ` by ${options.addedBy}` : ''}` },
    },
  ];
  if (document.carriedFrom && options.carriedFrom)
    rows.push({
      key: { text: 'Carried over from' },
      value: {
        html: `${link(`/documents/${document.carriedFrom}`, options.carriedFrom)}, the quashed investigation`,
      },
    });
  if (options.staff) {
    rows.push({
      key: { text: 'Coroner’s decision' },
      value: {
        text: document.relevance
          ? `${document.relevance === 'RELEVANT' ? 'Relevant' : 'Not relevant'}${document.withheldGround ? `; withheld under ${R15_LABELS[document.withheldGround]}` : ''}${document.decisionReasons ? `. ${document.decisionReasons}` : ''}`
          : 'Not decided yet',
      },
    });
  }
  return rows;
}

/** What the family's view lists: the title, which copy, and when it was shared (never what was removed). */
export function sharedRows(rows: SharedVersion[], href: (s: SharedVersion) => string): Cell[][] {
  return rows.map((s) => [
    { text: s.title },
    { text: s.versionKind === 'REDACTED' ? 'Copy with some parts removed' : 'Full copy' },
    { text: govukDate(s.disclosedOn) },
    {
      html: `${link(href(s), 'Download', s.title)}<br><span class="govuk-body-s">${escapeHtml(fileDescription({ contentType: s.contentType, size: s.size, pageCount: null }))}</span>`,
    },
  ]);
}
