import { z } from 'zod';
import type { Field, Option } from '../../platform/forms/forms.ts';
import {
  DISCLOSURE_METHODS,
  DOCUMENT_KINDS,
  KIND_LABELS,
  METHOD_LABELS,
  R15_GROUNDS,
  R15_LABELS,
  REASON_LABELS,
} from './documents.domain.ts';
import { redactionNote, redactionReason, wordsToRedact } from './documents.schema.ts';
import { REDACTION_REASONS } from './documents.types.ts';

// The pages' forms, as field lists whose paths are the API's JSON paths (platform/forms).

const reasonField: Field = {
  kind: 'radios',
  path: 'reason',
  label: 'Why should it be redacted?',
  options: REDACTION_REASONS.map((r) => ({ value: r, text: REASON_LABELS[r] })),
};

const noteField: Field = {
  kind: 'textarea',
  path: 'note',
  label: 'Note for the coroner (optional)',
  hint: 'For example, what the words refer to. The family will not see this note.',
  rows: 3,
};

export const uploadFormFields: Field[] = [
  { kind: 'text', path: 'title', label: 'Title', hint: 'For example, Post-mortem report by Dr Patel' },
  {
    kind: 'text',
    path: 'ownerOrganisation',
    label: 'Organisation that owns the document',
    hint: 'Users of this organisation can see the document and propose redactions. For example, Metropolitan Police Service',
  },
  {
    kind: 'select',
    path: 'kind',
    label: 'Kind of document',
    options: DOCUMENT_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] })),
  },
];

export const wordsFormFields: Field[] = [
  {
    kind: 'text',
    path: 'text',
    label: 'Words to redact',
    hint: 'Every place they appear, on every page, will be removed. Capital letters do not matter.',
  },
  reasonField,
  noteField,
];

export const areaFormFields: Field[] = [
  { kind: 'decimal', path: 'left', label: 'From the left edge (% of the page width)', width: '4' },
  { kind: 'decimal', path: 'top', label: 'From the top edge (% of the page height)', width: '4' },
  { kind: 'decimal', path: 'width', label: 'Width (% of the page width)', width: '4' },
  { kind: 'decimal', path: 'height', label: 'Height (% of the page height)', width: '4' },
  reasonField,
  noteField,
];

/**
 * Words proposed from the page form: the API's rules (documents.schema.ts), every question answered at
 * once, so all problems show together.
 */
export const wordsForm = z.object({
  text: wordsToRedact.refine((t) => t !== '', 'Enter the words to redact'),
  reason: redactionReason,
  note: redactionNote.optional(),
});

const percent = (message: string) => z.number({ error: message }).min(0, message).max(100, message);

/** An area marked on a page's picture, in percentages of the page. */
export const areaForm = z.object({
  left: percent('Enter the distance from the left edge as a number from 0 to 100'),
  top: percent('Enter the distance from the top edge as a number from 0 to 100'),
  width: percent('Enter the width as a number from 0 to 100').refine(
    (n) => n > 0,
    'The area must have a width',
  ),
  height: percent('Enter the height as a number from 0 to 100').refine(
    (n) => n > 0,
    'The area must have a height',
  ),
  reason: redactionReason,
  note: redactionNote.optional(),
});

export const reviewFormFields: Field[] = [
  {
    kind: 'radios',
    path: 'decision',
    label: 'Do you accept this redaction?',
    options: [
      { value: 'ACCEPTED', text: 'Yes, accept it' },
      { value: 'REJECTED', text: 'No, do not accept it' },
    ],
  },
  { kind: 'textarea', path: 'reason', label: 'Reasons (needed if you do not accept it)', rows: 3 },
];

export const decisionFormFields: Field[] = [
  {
    kind: 'radios',
    path: 'relevance',
    label: 'Is the document relevant to the investigation?',
    options: [
      { value: 'RELEVANT', text: 'Yes, it is relevant' },
      {
        value: 'NOT_RELEVANT',
        text: 'No, it is not relevant',
        hint: 'It will be withheld under rule 15(e).',
      },
    ],
  },
  {
    kind: 'boolean',
    path: 'withhold',
    label: 'Should a relevant document be withheld from interested persons?',
    yes: 'Yes, withhold it',
    no: 'No, it can be disclosed',
  },
  {
    kind: 'radios',
    path: 'ground',
    label: 'If you withhold a relevant document, on which ground in rule 15?',
    options: R15_GROUNDS.filter((g) => g !== 'IRRELEVANT').map((g) => ({ value: g, text: R15_LABELS[g] })),
  },
  {
    kind: 'textarea',
    path: 'reasons',
    label: 'Reasons',
    hint: 'Needed if the document is withheld.',
    rows: 4,
  },
];

export function releaseFormFields(versions: Option[], persons: Option[]): Field[] {
  return [
    { kind: 'radios', path: 'versionId', label: 'Which version?', options: versions },
    {
      kind: 'checkboxes',
      path: 'interestedPersonIds',
      label: 'Who is it released to?',
      hint: 'Each person who follows the case online will also see it in their account.',
      options: persons,
    },
    {
      kind: 'radios',
      path: 'method',
      label: 'How is the copy disclosed?',
      hint: 'Online only works for people who have an online account, or an invitation to set one up.',
      options: DISCLOSURE_METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m] })),
    },
    { kind: 'date', path: 'disclosedOn', label: 'Date of disclosure', hint: 'For example, 27 3 2026' },
  ];
}

export const withdrawFormFields: Field[] = [
  { kind: 'textarea', path: 'reason', label: 'Why is the release withdrawn?', rows: 3 },
];

export const ownerAgreementField: Field = {
  kind: 'textarea',
  path: 'note',
  label: 'How did the owner agree to this version?',
  hint: 'For example, by email from DS Marsh on 3 May 2026',
  rows: 2,
};
