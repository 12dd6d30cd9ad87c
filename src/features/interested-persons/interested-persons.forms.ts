import type { Field } from '../../platform/forms/forms.ts';
import { CATEGORY_LABELS, CHANNEL_LABELS, FUNDING_LABELS } from './interested-persons.domain.ts';
import type { PersonRow } from './interested-persons.queries.ts';
import { CHANNELS, FUNDING } from './interested-persons.schema.ts';
import { S47_CATEGORIES } from './interested-persons.tables.ts';

/** The register entry as questions; each `path` is where the API takes the answer. */
export const personFields: Field[] = [
  {
    kind: 'radios',
    path: 'kind',
    label: 'Is this a person or an organisation?',
    inline: true,
    options: [
      { value: 'person', text: 'A person' },
      { value: 'organisation', text: 'An organisation' },
    ],
  },
  { kind: 'text', path: 'name', label: 'Name', autocomplete: 'off' },
  {
    kind: 'select',
    path: 'category',
    label: 'Why are they an interested person?',
    hint: 'Coroners and Justice Act 2009 section 47(2)',
    options: S47_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] })),
  },
  {
    kind: 'text',
    path: 'relationship',
    label: 'Relationship to the person who died (optional)',
    hint: 'For example, mother, son, partner, employer',
  },
  { kind: 'text', path: 'organisation', label: 'Organisation they belong to (optional)' },
  {
    kind: 'boolean',
    path: 'isFamilyContact',
    label: 'Should the office keep this person informed as a family contact?',
    hint: 'Families can be divided: you can mark more than one person as a family contact.',
  },
  { kind: 'heading', path: 'contactHeading', label: 'Contact details' },
  { kind: 'email', path: 'contact.email', label: 'Email address (optional)', autocomplete: 'off' },
  { kind: 'text', path: 'contact.phone', label: 'Telephone number (optional)', width: '20' },
  { kind: 'textarea', path: 'contact.postalAddress', label: 'Postal address (optional)', rows: 3 },
  {
    kind: 'radios',
    path: 'contact.preferredChannel',
    label: 'How do they prefer to be contacted? (optional)',
    options: CHANNELS.map((c) => ({ value: c, text: CHANNEL_LABELS[c] })),
  },
  {
    kind: 'heading',
    path: 'representativeHeading',
    label: 'Legal representative',
    hint: 'Leave these blank if they do not have a lawyer.',
  },
  { kind: 'text', path: 'representative.name', label: 'Lawyer’s name' },
  { kind: 'text', path: 'representative.firm', label: 'Firm' },
  {
    kind: 'email',
    path: 'representative.email',
    label: 'Lawyer’s email address (optional)',
    autocomplete: 'off',
  },
  { kind: 'text', path: 'representative.phone', label: 'Lawyer’s telephone number (optional)', width: '20' },
  {
    kind: 'radios',
    path: 'funding',
    label: 'How is their legal representation funded?',
    options: FUNDING.map((f) => ({ value: f, text: FUNDING_LABELS[f] })),
  },
];

export const decisionFields: Field[] = [
  {
    kind: 'radios',
    path: 'status',
    label: 'Your decision',
    options: [
      { value: 'RECOGNISED', text: 'They are an interested person' },
      { value: 'DECLINED', text: 'They are not an interested person' },
      {
        value: 'REMOVED',
        text: 'Remove them from the register',
        hint: 'They and their lawyer will no longer be able to see the case.',
      },
    ],
  },
  { kind: 'textarea', path: 'reasons', label: 'Your reasons', rows: 5 },
];

export const messageFields: Field[] = [{ kind: 'textarea', path: 'body', label: 'Your message', rows: 5 }];

/** The saved entry in the shape of the form, to change it. */
export function personFormData(p: PersonRow): Record<string, unknown> {
  return {
    kind: p.kind,
    name: p.name,
    category: p.category,
    relationship: p.relationship ?? '',
    organisation: p.organisation ?? '',
    isFamilyContact: p.isFamilyContact,
    contact: {
      email: p.email ?? '',
      phone: p.phone ?? '',
      postalAddress: p.postalAddress ?? '',
      preferredChannel: p.preferredChannel ?? '',
    },
    representative: p.representative ?? {},
    funding: p.funding,
  };
}
