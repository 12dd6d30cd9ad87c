import type { Field, FormBody, Option } from '../../platform/forms/forms.ts';
import { readForm } from '../../platform/forms/forms.ts';
import { DIRECTION_KINDS, DIRECTION_LABELS, HEARING_TYPE_LABELS, HEARING_TYPES } from './hearings.domain.ts';

const URGENCY: Field = {
  kind: 'textarea',
  path: 'urgencyReason',
  label: 'Reason this hearing is urgent (only for a weekend or bank holiday)',
  hint: 'Hearings are not held on weekends or bank holidays unless the coroner decides it is urgent. A hearing longer than its day runs on into the next days, and each day it sits counts.',
  rows: 3,
};

export function listFields(options: { courts: Option[]; rooms: Option[]; coroners: Option[] }): Field[] {
  return [
    {
      kind: 'radios',
      path: 'type',
      label: 'Type of hearing',
      options: HEARING_TYPES.map((t) => ({ value: t, text: HEARING_TYPE_LABELS[t] })),
    },
    { kind: 'select', path: 'courtId', label: 'Court', options: options.courts },
    {
      kind: 'select',
      path: 'roomId',
      label: 'Room',
      hint: 'Optional. A jury inquest needs a room with a jury box.',
      options: options.rooms,
    },
    {
      kind: 'select',
      path: 'coronerId',
      label: 'Coroner',
      hint: 'Leave as “Choose” for the coroner assigned to the case.',
      options: options.coroners,
    },
    { kind: 'datetime', path: 'startsAt', label: 'Date and time', hint: 'For example, 14 12 2026' },
    {
      kind: 'number',
      path: 'estimatedMinutes',
      label: 'Estimated length in minutes',
      hint: 'For example, 60',
    },
    {
      kind: 'text',
      path: 'caseReferences',
      label: 'Other cases heard together (optional)',
      hint: 'Their references, separated by commas, for example EL-2026-000123',
    },
    URGENCY,
    {
      kind: 'boolean',
      path: 'alreadyHeld',
      label: 'Has this hearing already taken place?',
      hint: 'Answer yes only to record a hearing held before it was entered here. No notices are sent for it.',
    },
  ];
}

export const postponeFields: Field[] = [
  {
    kind: 'textarea',
    path: 'reason',
    label: 'Reason for postponing',
    hint: 'This is sent to the family and the other interested persons in their notice, word for word.',
    rows: 3,
  },
  {
    kind: 'datetime',
    path: 'newStartsAt',
    label: 'New date and time',
    hint: 'Leave this blank if the new date is to be set. For example, 14 1 2027',
  },
  URGENCY,
];

export function relistFields(rooms: Option[]): Field[] {
  return [
    { kind: 'datetime', path: 'startsAt', label: 'New date and time', hint: 'For example, 14 1 2027' },
    {
      kind: 'select',
      path: 'roomId',
      label: 'Room',
      hint: 'Leave as “Choose” to keep the same room.',
      options: rooms,
    },
    URGENCY,
  ];
}

export const adjournFields: Field[] = [
  {
    kind: 'textarea',
    path: 'reason',
    label: 'Reason for adjourning',
    hint: 'This is sent to the family and the other interested persons in their notice, word for word.',
    rows: 3,
  },
  {
    kind: 'datetime',
    path: 'resumesAt',
    label: 'Date and time it resumes',
    hint: 'Leave this blank if the date is to be set. For example, 2 2 2027',
  },
  URGENCY,
];

export const vacateFields: Field[] = [
  {
    kind: 'textarea',
    path: 'reason',
    label: 'Reason the hearing will not take place',
    hint: 'This is sent to the family and the other interested persons in their notice, word for word.',
    rows: 3,
  },
];

/** Taking one case out of a hearing that hears several: which case, and why. */
export function removeCaseFields(heard: readonly { id: string; reference: string; name: string }[]): Field[] {
  return [
    {
      kind: 'radios',
      path: 'caseId',
      label: 'Which case is taken out of this hearing?',
      hint: 'The hearing goes ahead for the other cases.',
      options: heard.map((c) => ({ value: c.id, text: `${c.reference}: ${c.name}` })),
    },
    {
      kind: 'textarea',
      path: 'reason',
      label: 'Reason',
      hint: 'This is sent to the family and the other interested persons of that case in their notice, word for word.',
      rows: 3,
    },
  ];
}

export const DIRECTION_SLOTS = 4;

export const outcomeFields: Field[] = [
  { kind: 'date', path: 'heldOn', label: 'Date the hearing was held', hint: 'For example, 26 11 2026' },
  { kind: 'textarea', path: 'notes', label: 'Notes (optional)', rows: 3 },
  ...Array.from({ length: DIRECTION_SLOTS }, (_, i): Field[] => [
    {
      kind: 'heading',
      path: `directions.${i}`,
      label: `Direction ${i + 1}`,
      hint:
        i === 0
          ? 'Directions given, for example on scope, the jury, Article 2, witnesses or disclosure. Leave blank any you do not need.'
          : undefined,
    },
    {
      kind: 'select',
      path: `directions.${i}.kind`,
      label: 'About',
      options: DIRECTION_KINDS.map((k) => ({ value: k, text: DIRECTION_LABELS[k] })),
    },
    { kind: 'textarea', path: `directions.${i}.text`, label: 'Direction', rows: 2 },
    {
      kind: 'date',
      path: `directions.${i}.dueOn`,
      label: 'To be done by (optional)',
      hint: 'A date here becomes a deadline on the case.',
    },
  ]).flat(),
];

/** The outcome form: directions as a list, leaving out blank ones. */
export function readOutcomeForm(body: FormBody) {
  const data = readForm(outcomeFields, body) as { directions?: Record<string, Record<string, unknown>> };
  const directions = Object.entries(data.directions ?? {})
    .filter(([, d]) => d.kind || d.text || d.dueOn)
    .map(([i, d]) => ({ i: Number(i), d }));
  return {
    input: { ...data, directions: directions.map((x) => x.d) },
    /** Field paths in the list → field paths on the page. */
    slots: directions.map((x) => x.i),
  };
}

export const courtFields: Field[] = [
  { kind: 'text', path: 'name', label: 'Name of the court' },
  { kind: 'text', path: 'addressLine1', label: 'Address line 1' },
  { kind: 'text', path: 'addressLine2', label: 'Address line 2 (optional)' },
  { kind: 'text', path: 'town', label: 'Town or city', width: '20' },
  { kind: 'text', path: 'postcode', label: 'Postcode', width: '10' },
];

export const roomFields: Field[] = [
  { kind: 'text', path: 'name', label: 'Name of the room', hint: 'For example, Court 1', width: '20' },
  { kind: 'number', path: 'capacity', label: 'Seats for the public and the parties' },
  { kind: 'boolean', path: 'juryCapable', label: 'Does it have a jury box?' },
  { kind: 'boolean', path: 'videoLink', label: 'Does it have a video link?' },
];
