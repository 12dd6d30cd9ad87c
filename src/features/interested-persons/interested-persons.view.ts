import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  FUNDING_LABELS,
  invitationState,
  STATUS_LABELS,
  STATUS_TAGS,
} from './interested-persons.domain.ts';
import type { AccessRow, InvitationRow, MessageRow, PersonRow } from './interested-persons.queries.ts';

/**
 * A name set apart from the words around it (`<bdi>`), so that a name written right to left (Hebrew, Arabic)
 * keeps its place in an English sentence instead of changing places with the date or words beside it.
 */
export const isolatedName = (name: string) => `<bdi>${escapeHtml(name)}</bdi>`;

/** The register entry as the API returns it. */
export function personJson(p: PersonRow, access: AccessRow[], invitations: InvitationRow[], now: Date) {
  return {
    id: p.id,
    caseId: p.caseId,
    kind: p.kind,
    name: p.name,
    category: p.category,
    categoryLabel: CATEGORY_LABELS[p.category],
    relationship: p.relationship,
    organisation: p.organisation,
    contact: {
      email: p.email,
      phone: p.phone,
      postalAddress: p.postalAddress,
      preferredChannel: p.preferredChannel,
    },
    isFamilyContact: p.isFamilyContact,
    representative: p.representative,
    funding: p.funding,
    status: p.status,
    statusLabel: STATUS_LABELS[p.status],
    decision: p.decidedAt
      ? { decidedBy: p.decidedBy, decidedAt: p.decidedAt.toISOString(), reasons: p.decisionReasons }
      : null,
    access: access
      .filter((a) => a.personId === p.id)
      .map((a) => ({
        userId: a.userId,
        name: a.name,
        email: a.email,
        capacity: a.capacity,
        since: a.since.toISOString(),
      })),
    invitations: invitations
      .filter((i) => i.interestedPersonId === p.id)
      .map((i) => ({
        id: i.id,
        capacity: i.capacity,
        name: i.name,
        email: i.email,
        state: invitationState(i, now),
        sentAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
      })),
  };
}

export function messageJson(m: MessageRow) {
  return {
    id: m.id,
    interestedPersonId: m.interestedPersonId,
    from: m.sentByOffice ? ('coroners-office' as const) : ('interested-person' as const),
    authorName: m.authorName,
    body: m.body,
    sentAt: m.createdAt.toISOString(),
  };
}

/** How someone follows the case online, in the register: their accounts, else where their invitations stand. */
function onlineAccess(accounts: number, invitations: InvitationRow[], now: Date): string {
  if (accounts) return `${accounts} account${accounts > 1 ? 's' : ''}`;
  if (invitations.some((i) => invitationState(i, now) === 'valid')) return 'Invited, not used yet';
  if (invitations.some((i) => invitationState(i, now) === 'used')) return 'No longer has access';
  if (invitations.length) return 'Invitation expired or withdrawn';
  return 'Not invited yet';
}

/** One row of the register table on the staff page. */
export function registerRows(
  persons: PersonRow[],
  access: AccessRow[],
  invitations: InvitationRow[],
  now: Date,
  caseId: string,
  messages: Map<string, { total: number; lastFromThem: Date | null }> = new Map(),
) {
  return persons.map((p) => {
    const users = access.filter((a) => a.personId === p.id);
    const m = messages.get(p.id);
    return [
      {
        html: `<a class="govuk-link" href="/cases/${caseId}/interested-persons/${p.id}">${escapeHtml(p.name)}</a>${
          p.isFamilyContact ? '<br><span class="govuk-body-s">Family contact</span>' : ''
        }`,
      },
      { text: p.relationship ?? CATEGORY_LABELS[p.category].split(':')[0] },
      p.representative
        ? { html: `${isolatedName(p.representative.name)}, ${isolatedName(p.representative.firm)}` }
        : { text: 'None recorded' },
      { text: FUNDING_LABELS[p.funding] },
      {
        html: `<strong class="govuk-tag ${STATUS_TAGS[p.status]}">${escapeHtml(STATUS_LABELS[p.status])}</strong>`,
      },
      {
        text: onlineAccess(
          users.length,
          invitations.filter((i) => i.interestedPersonId === p.id),
          now,
        ),
      },
      {
        text: m
          ? `${m.total}${m.lastFromThem ? `, last from them ${govukDate(m.lastFromThem)}` : ''}`
          : 'None',
      },
    ];
  });
}

const present = (x: string | null | undefined): x is string => Boolean(x);

type Row = { key: { text: string }; value: { text?: string; html?: string } };
const row = (key: string, text: string | null | undefined): Row => ({
  key: { text: key },
  value: { text: text || 'Not recorded' },
});

/** The register entry as a GOV.UK summary list. */
export function personSummaryRows(p: PersonRow, decidedByName?: string): Row[] {
  const rows: Row[] = [
    row(p.kind === 'organisation' ? 'Organisation' : 'Name', p.name),
    row('Why they are an interested person', CATEGORY_LABELS[p.category]),
    row('Relationship to the deceased', p.relationship),
  ];
  if (p.organisation) rows.push(row('Organisation', p.organisation));
  rows.push(
    row('Family contact', p.isFamilyContact ? 'Yes: the office keeps this person informed' : 'No'),
    row('Email', p.email),
    row('Telephone', p.phone),
    row('Postal address', p.postalAddress),
    row('Prefers to be contacted by', p.preferredChannel ? CHANNEL_LABELS[p.preferredChannel] : null),
    p.representative
      ? {
          key: { text: 'Legal representative' },
          value: {
            html: [
              ...[p.representative.name, p.representative.firm].filter(present).map(isolatedName),
              ...[p.representative.email, p.representative.phone].filter(present).map(escapeHtml),
            ].join(', '),
          },
        }
      : row('Legal representative', 'None recorded'),
    row('Funding', FUNDING_LABELS[p.funding]),
    {
      key: { text: 'Coroner’s decision' },
      value: {
        html: `<strong class="govuk-tag ${STATUS_TAGS[p.status]}">${escapeHtml(STATUS_LABELS[p.status])}</strong>${
          p.decidedAt
            ? `<p class="govuk-body govuk-!-margin-top-2">${decidedByName ? isolatedName(decidedByName) : 'The coroner'}, ${escapeHtml(`${govukDate(p.decidedAt)}: ${p.decisionReasons ?? ''}`)}</p>`
            : ''
        }`,
      },
    },
  );
  return rows;
}

export const INVITATION_STATE_LABELS = {
  valid: 'Not used yet',
  used: 'Used',
  expired: 'Expired',
  withdrawn: 'No longer valid',
} as const;

export function invitationRows(invitations: InvitationRow[], now: Date) {
  return invitations.map((i) => [
    { text: i.capacity === 'self' ? 'Interested person' : 'Legal representative' },
    { html: `${isolatedName(i.name)} (${escapeHtml(i.email)})` },
    { text: govukDateTime(i.createdAt) },
    { text: INVITATION_STATE_LABELS[invitationState(i, now)] },
  ]);
}

/**
 * A thread of messages for display, oldest first: who wrote each (the template sets their name apart from the
 * date beside it), and whom it is about where the reader acts for several people.
 */
export function threadItems(messages: MessageRow[], about?: Map<string, string>) {
  return messages.map((m) => ({
    name: m.authorName,
    about: about?.get(m.interestedPersonId),
    office: m.sentByOffice,
    at: govukDateTime(m.createdAt),
    paragraphs: m.body.split(/\n\s*\n|\r?\n/).filter((x) => x.trim()),
  }));
}
