import type { Field, FormBody } from '../../platform/forms/forms.ts';
import { readForm } from '../../platform/forms/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { splitParagraphs } from './pfd.domain.ts';
import type { PfdReportView } from './pfd.schema.ts';
import { PFD_THEME_CODES, PFD_THEMES } from './pfd.themes.ts';

export type InterestedPersonOption = {
  id: string;
  name: string;
  relationship: string | null;
  organisation: string | null;
};

/** The report form: the coroner's text, the recipients (one block each), themes and copies. */
export function reportFields(
  recipientSlots: number,
  ips: InterestedPersonOption[],
  under18: boolean,
): Field[] {
  const recipients: Field[] = Array.from({ length: recipientSlots }, (_, i): Field[] => [
    {
      kind: 'heading',
      path: `recipients.${i}`,
      label: `Recipient ${i + 1}`,
      hint: i === 0 ? 'The person or organisation that has the power to act.' : 'Leave blank if not needed.',
    },
    { kind: 'text', path: `recipients.${i}.organisation`, label: 'Organisation' },
    {
      kind: 'text',
      path: `recipients.${i}.person`,
      label: 'Person or post (optional)',
      hint: 'For example, Chief Executive',
    },
    { kind: 'email', path: `recipients.${i}.email`, label: 'Email address (optional)', autocomplete: 'off' },
  ]).flat();
  return [
    {
      kind: 'textarea',
      path: 'concernsText',
      label: 'Matters of concern',
      hint: 'Write each matter of concern as its own paragraph, with a blank line between them. They are numbered in the report.',
      rows: 10,
    },
    {
      kind: 'textarea',
      path: 'action',
      label: 'Action that should be taken (optional)',
      hint: 'Anything you want to add to the standard wording of section 6.',
      rows: 4,
    },
    { kind: 'textarea', path: 'investigation', label: 'Investigation and inquest (section 3)', rows: 5 },
    { kind: 'textarea', path: 'circumstances', label: 'Circumstances of the death (section 4)', rows: 6 },
    ...recipients,
    {
      kind: 'checkboxes',
      path: 'themes',
      label: 'Themes',
      hint: 'Used to find later deaths with the same theme, and in the published data.',
      options: PFD_THEME_CODES.map((code) => ({ value: code, text: PFD_THEMES[code].label })),
    },
    { kind: 'heading', path: 'copies', label: 'Copies', hint: 'A copy always goes to the Chief Coroner.' },
    ...(ips.length
      ? [
          {
            kind: 'checkboxes' as const,
            path: 'copies.interestedPersonIds',
            label: 'Interested persons who should have a copy',
            options: ips.map((ip) => ({
              value: ip.id,
              text: ip.name,
              hint: [ip.relationship, ip.organisation].filter(Boolean).join(', ') || undefined,
            })),
          },
        ]
      : []),
    {
      kind: 'text',
      path: 'copies.safeguardingBoard.name',
      label: under18
        ? 'Local safeguarding partnership'
        : 'Local safeguarding partnership (only if the deceased was under 18)',
      hint: under18
        ? 'The deceased was under 18, so a copy must go to the local safeguarding partnership.'
        : undefined,
    },
    {
      kind: 'email',
      path: 'copies.safeguardingBoard.email',
      label: 'Safeguarding partnership email address (optional)',
    },
  ];
}

/** Reads the report form into the API's body shape (blank recipient blocks are left out). */
export function readReportForm(fields: Field[], body: FormBody): Record<string, unknown> {
  const data = readForm(fields, body) as Record<string, unknown> & {
    concernsText?: string;
    recipients?: Record<string, Record<string, string>>;
    copies?: { safeguardingBoard?: Record<string, string>; interestedPersonIds?: string[] };
  };
  const recipients = Object.values(data.recipients ?? {}).filter(isFilled);
  const copies = data.copies ?? {};
  if (copies.safeguardingBoard && !copies.safeguardingBoard.name && !copies.safeguardingBoard.email)
    delete copies.safeguardingBoard;
  const { concernsText, ...rest } = data;
  return { ...rest, concerns: splitParagraphs(concernsText ?? ''), recipients, copies };
}

const isFilled = (r: Record<string, string>) => Boolean(r.organisation || r.person || r.email);

/** The form's block number of each recipient `readReportForm` kept, in order (blank blocks are skipped). */
export function filledRecipientBlocks(fields: Field[], body: FormBody): number[] {
  const data = readForm(fields, body) as { recipients?: Record<string, Record<string, string>> };
  return Object.entries(data.recipients ?? {})
    .filter(([, r]) => isFilled(r))
    .map(([block]) => Number(block));
}

/**
 * Puts errors on fields the form has: list-level errors land on the first box of the list, and a recipient's
 * error on the block it was typed in (`blocks`, from `filledRecipientBlocks`).
 */
export function formFieldErrors(errors: FieldErrors, blocks: number[] = []): FieldErrors {
  const out: FieldErrors = {};
  for (const [raw, message] of Object.entries(errors)) {
    const path = raw.replace(/^recipients\.(\d+)\./, (all, n: string) =>
      blocks[Number(n)] === undefined ? all : `recipients.${blocks[Number(n)]}.`,
    );
    const key =
      path === 'recipients'
        ? 'recipients.0.organisation'
        : path.startsWith('concerns')
          ? 'concernsText'
          : path;
    out[key] ??= message;
  }
  return out;
}

/** The saved report as form values. */
export function reportFormData(
  r: Pick<
    PfdReportView,
    'concerns' | 'action' | 'investigation' | 'circumstances' | 'themes' | 'copies' | 'recipients'
  >,
) {
  return {
    concernsText: r.concerns.join('\n\n'),
    action: r.action,
    investigation: r.investigation,
    circumstances: r.circumstances,
    themes: r.themes.map((t) => t.code),
    recipients: r.recipients.map((x) => ({
      organisation: x.organisation,
      person: x.person ?? '',
      email: x.email ?? '',
    })),
    copies: {
      interestedPersonIds: r.copies.interestedPersons.map((p) => p.id),
      safeguardingBoard: r.copies.safeguardingBoard ?? { name: '', email: '' },
    },
  };
}
