import type { Field, Option } from '../../platform/forms/forms.ts';
import type { CaseActionType } from './cases.actions.schema.ts';
import {
  INVESTIGATION_GROUNDS,
  JURY_BASES,
  REPORTING_ORDERS,
  S16_REASONS,
  SUSPENSION_BASES,
} from './cases.actions.schema.ts';
import { SHORT_FORM_CONCLUSIONS } from './cases.conclusions.ts';
import {
  CIRCUMSTANCE_TAGS,
  PERSON_ROLES,
  PLACE_TYPES,
  POLICE_CLASSIFICATIONS,
  REPORTER_TYPES,
  STATE_DETENTION,
} from './cases.schema.ts';

const options = (values: readonly string[], labels: Record<string, string>): Option[] =>
  values.map((v) => ({ value: v, text: labels[v] ?? v }));

export const STATE_DETENTION_LABELS: Record<string, string> = {
  prison: 'Prison',
  'police-custody': 'Police custody',
  'immigration-removal-centre': 'Immigration removal centre',
  'mental-health-act': 'Detained under the Mental Health Act',
  other: 'Other state detention',
};

export const POLICE_CLASSIFICATION_LABELS: Record<string, string> = {
  'not-yet-classified': 'Not yet classified',
  'non-suspicious': 'Non-suspicious',
  'unexplained-not-suspicious': 'Unexplained, not suspicious',
  'unexplained-suspicious': 'Unexplained, suspicious',
  homicide: 'Homicide',
};

export const SEX_LABELS: Record<string, string> = { male: 'Male', female: 'Female', unknown: 'Not known' };

export const REPORTER_LABELS: Record<string, string> = {
  police: 'Police',
  doctor: 'A doctor',
  'medical-examiner': 'A medical examiner',
  registrar: 'A registrar',
  hospital: 'A hospital',
  other: 'Someone else',
};

export const PLACE_TYPE_LABELS: Record<string, string> = {
  home: 'Home',
  'public-outdoor': 'Outdoors in a public place',
  hospital: 'Hospital',
  'care-home': 'Care home',
  hospice: 'Hospice',
  prison: 'Prison',
  'police-custody': 'Police custody',
  'place-of-worship-grounds': 'Grounds of a place of worship (for example a churchyard)',
  road: 'Road',
  workplace: 'Workplace',
  other: 'Somewhere else',
};

export const PERSON_ROLE_LABELS: Record<string, string> = {
  finder: 'Found the deceased',
  caller: 'Called 999',
  'last-seen-with': 'Last seen with the deceased',
  'household-member': 'Lived with the deceased',
  witness: 'Witness',
  'person-of-interest': 'Person of interest to the police',
  'next-of-kin': 'Next of kin',
  'police-officer': 'Police officer (attending in their work)',
  paramedic: 'Paramedic (attending in their work)',
  'forensic-medical-examiner': 'Forensic medical examiner',
  'other-professional': 'Other professional (attending in their work)',
};

export const TAG_LABELS: Record<string, string> = {
  'found-outdoors': 'Found outdoors',
  'body-moved': 'Body appears to have been moved or positioned',
  'phone-missing': 'Phone missing',
  'note-present': 'A note was found',
  'note-unverified': 'The note has not been verified',
  'paraphernalia-present': 'Drug paraphernalia present',
  'missing-person-report': 'A missing person report was open',
  'property-missing': 'Property missing',
  'signs-of-injury': 'Signs of injury',
  'alcohol-suspected': 'Alcohol suspected',
  'drugs-suspected': 'Drugs suspected',
  fire: 'Fire',
  water: 'Found in water',
  'fall-from-height': 'Fall from height',
};

const place = (prefix: string, what: string): Field[] => [
  {
    kind: 'text',
    path: `${prefix}.description`,
    label: `${what}: description`,
    hint: 'For example, “St Margaret’s churchyard, by the north wall”',
  },
  {
    kind: 'text',
    path: `${prefix}.postcode`,
    label: `${what}: postcode (if known)`,
    width: '10',
    autocomplete: 'postal-code',
  },
  {
    kind: 'decimal',
    path: `${prefix}.lat`,
    label: `${what}: latitude (if known)`,
    hint: 'For example, 51.5390',
  },
  {
    kind: 'decimal',
    path: `${prefix}.lon`,
    label: `${what}: longitude (if known)`,
    hint: 'For example, 0.0812',
  },
  {
    kind: 'map',
    path: `${prefix}.accuracyM`,
    label: `${what}: or pick the place on a map`,
    lat: `${prefix}.lat`,
    lon: `${prefix}.lon`,
  },
  {
    kind: 'select',
    path: `${prefix}.placeType`,
    label: `${what}: type of place`,
    options: options(PLACE_TYPES, PLACE_TYPE_LABELS),
  },
];

const address = (prefix: string, what: string): Field[] => [
  { kind: 'text', path: `${prefix}.line1`, label: `${what}: address line 1`, autocomplete: 'address-line1' },
  {
    kind: 'text',
    path: `${prefix}.line2`,
    label: `${what}: address line 2 (optional)`,
    autocomplete: 'address-line2',
  },
  {
    kind: 'text',
    path: `${prefix}.town`,
    label: `${what}: town or city`,
    width: '20',
    autocomplete: 'address-level2',
  },
  {
    kind: 'text',
    path: `${prefix}.postcode`,
    label: `${what}: postcode`,
    width: '10',
    autocomplete: 'postal-code',
  },
];

/** The questions of the "report a death" journey, one list per page. */
export const REPORT_STEPS = {
  deceased: {
    title: 'About the person who has died',
    fields: [
      { kind: 'text', path: 'deceased.givenNames', label: 'Given names', autocomplete: 'off' },
      { kind: 'text', path: 'deceased.familyName', label: 'Family name', autocomplete: 'off' },
      {
        kind: 'radios',
        path: 'deceased.sex',
        label: 'Sex',
        inline: true,
        options: options(['male', 'female', 'unknown'], SEX_LABELS),
      },
      { kind: 'date', path: 'deceased.dateOfBirth', label: 'Date of birth (if known)' },
      { kind: 'number', path: 'deceased.age', label: 'Age (if the date of birth is not known)' },
      ...address('deceased.address', 'Home'),
      { kind: 'text', path: 'deceased.occupation', label: 'Occupation (optional)' },
      { kind: 'text', path: 'deceased.nationality', label: 'Nationality (optional)' },
    ],
  },
  death: {
    title: 'About the death',
    fields: [
      { kind: 'date', path: 'death.dateOfDeath', label: 'Date of death (if known)' },
      {
        kind: 'date',
        path: 'death.dateFound',
        label: 'Date found (if different or the date of death is not known)',
      },
      {
        kind: 'time',
        path: 'death.timeFound',
        label: 'Time found (optional)',
        hint: '24-hour clock, for example 07:45',
      },
      ...place('death.sceneFound', 'Where the deceased was found'),
      ...place('death.placeOfDeath', 'Place of death, if different'),
      {
        kind: 'select',
        path: 'death.stateDetention',
        label: 'Was the person in state detention? (leave blank if not)',
        options: options(STATE_DETENTION, STATE_DETENTION_LABELS),
      },
      {
        kind: 'textarea',
        path: 'death.circumstances',
        label: 'What is known about the circumstances',
        rows: 8,
      },
    ],
  },
  reporter: {
    title: 'Who reported the death',
    fields: [
      {
        kind: 'radios',
        path: 'reportedBy.type',
        label: 'Reported by',
        options: options(REPORTER_TYPES, REPORTER_LABELS),
      },
      { kind: 'text', path: 'reportedBy.name', label: 'Name of the person reporting (optional)' },
      { kind: 'text', path: 'reportedBy.organisation', label: 'Their organisation (optional)' },
      {
        kind: 'datetime',
        path: 'reportedAt',
        label: 'When it was reported',
        hint: 'Leave this blank if it is being reported now.',
      },
    ],
  },
  person: {
    title: 'People involved',
    fields: [
      {
        kind: 'select',
        path: 'person.role',
        label: 'Their part',
        options: options(PERSON_ROLES, PERSON_ROLE_LABELS),
      },
      { kind: 'text', path: 'person.name', label: 'Full name' },
      { kind: 'date', path: 'person.dateOfBirth', label: 'Date of birth (if known)' },
      { kind: 'text', path: 'person.phone', label: 'Phone (optional)', width: '20' },
      ...address('person.address', 'Their'),
    ],
  },
  circumstances: {
    title: 'Circumstances and toxicology',
    fields: [
      {
        kind: 'checkboxes',
        path: 'circumstanceTags',
        label: 'What applies',
        options: options(CIRCUMSTANCE_TAGS, TAG_LABELS),
      },
      {
        kind: 'text',
        path: 'toxicology.tested',
        label: 'Substances tested for (separate with commas)',
        hint: 'For example, GHB, alcohol, opiates',
      },
      { kind: 'text', path: 'toxicology.detected', label: 'Substances detected (separate with commas)' },
      {
        kind: 'select',
        path: 'policeClassification',
        label: 'Police classification',
        options: options(POLICE_CLASSIFICATIONS, POLICE_CLASSIFICATION_LABELS),
      },
    ],
  },
} satisfies Record<string, { title: string; fields: Field[] }>;

export const GROUND_LABELS: Record<string, string> = {
  VIOLENT_OR_UNNATURAL: 'A violent or unnatural death is suspected',
  CAUSE_UNKNOWN: 'The cause of death is unknown',
  STATE_DETENTION: 'The person died in custody or otherwise in state detention',
};

/** How a death the coroner need not investigate is certified. */
export const NO_DUTY_ROUTE_LABELS: Record<string, string> = {
  MCCD: 'Medical certificate from the attending doctor',
  FORM_100A: 'Form 100A to the registrar',
  MEDICAL_EXAMINER: 'Back to the medical examiner',
};

export const POST_MORTEM_KIND_LABELS: Record<string, string> = {
  INVASIVE: 'Invasive',
  CT: 'CT scan (non-invasive)',
  EXTERNAL: 'External only',
};

export const SUSPENSION_LABELS: Record<string, string> = {
  SCH1_PARA1: 'Paragraph 1: a prosecuting authority has asked (a charge may follow)',
  SCH1_PARA2: 'Paragraph 2: someone has been charged',
  SCH1_PARA3: 'Paragraph 3: a public inquiry is examining the death',
  SCH1_PARA5: 'Paragraph 5: the coroner’s general power',
};

export const JURY_LABELS: Record<string, string> = {
  S7_2_A: 'Section 7(2)(a): death in state detention, and violent or unnatural or of unknown cause',
  S7_2_B:
    'Section 7(2)(b): death from the act or omission of a police officer or a member of a service police force',
  S7_2_C: 'Section 7(2)(c): death from a notifiable accident, poisoning or disease',
  S7_3: 'Section 7(3): sufficient reason for a jury',
  NOT_REQUIRED: 'No jury is required',
};

export const S16_LABELS: Record<string, string> = {
  EXTERNAL_INVESTIGATION: 'Investigation or prosecution by another body',
  CROWN_COURT_PROCEEDINGS: 'Crown Court proceedings',
  DEATH_ABROAD: 'Death abroad',
  INQUEST_PREPARATION: 'Preparing for the inquest',
  COMPLEX_CASE: 'A complex case',
};

export const ORDER_LABELS: Record<string, string> = {
  CYPA_S39: 'Children and Young Persons Act 1933 s.39 (a child)',
  CCA_S4_2: 'Contempt of Court Act 1981 s.4(2) (postponed reporting)',
  CCA_S11: 'Contempt of Court Act 1981 s.11 (name withheld)',
  NONE: 'No restriction',
};

const reason: Field = {
  kind: 'textarea',
  path: 'reason',
  label: 'Reasons',
  hint: 'These are recorded on the case’s history',
};
const optionalReason: Field = { kind: 'textarea', path: 'reason', label: 'Notes (optional)', rows: 3 };

/** What the registrar needs to register the death, asked on the Record of Inquest and on suspending. */
const REGISTRATION_FIELDS: Field[] = [
  { kind: 'text', path: 'registration.placeOfDeath', label: 'Place of death (if known)' },
  { kind: 'text', path: 'registration.maidenSurname', label: 'Maiden surname (if applicable)' },
  { kind: 'text', path: 'registration.placeOfBirth', label: 'Place of birth (if known)' },
  { kind: 'text', path: 'registration.occupation', label: 'Occupation (if known)' },
  { kind: 'text', path: 'registration.usualAddress', label: 'Usual address (if known)' },
];

/** The questions for each action; the form posts the same JSON the API takes. */
export function actionFields(
  type: CaseActionType,
  ctx: {
    areas: Option[];
    coroners: Option[];
    officers: Option[];
    article2Engaged?: boolean;
    /** The Schedule 1 paragraph the investigation is suspended under, if it is. */
    suspensionBasis?: string | null;
    /** How the criminal proceedings or inquiry ended, recorded on resuming. */
    proceedingsOutcome?: string | null;
  },
): Field[] {
  switch (type) {
    case 'OPEN_PRELIMINARY_ENQUIRIES':
      return [optionalReason];
    case 'DECIDE_NO_DUTY':
      return [
        {
          kind: 'radios',
          path: 'route',
          label: 'How the death will be certified',
          options: options(['MCCD', 'FORM_100A', 'MEDICAL_EXAMINER'], NO_DUTY_ROUTE_LABELS),
        },
        reason,
      ];
    case 'OPEN_INVESTIGATION':
    case 'REVIEW_GROUNDS':
      return [
        {
          kind: 'checkboxes',
          path: 'grounds',
          label: 'Why the duty to investigate arises (section 1(2))',
          options: options(INVESTIGATION_GROUNDS, GROUND_LABELS),
        },
        reason,
      ];
    case 'RECORD_POST_MORTEM':
      return [
        { kind: 'date', path: 'examinedOn', label: 'Date of the examination' },
        {
          kind: 'radios',
          path: 'kind',
          label: 'Kind of examination',
          options: options(['INVASIVE', 'CT', 'EXTERNAL'], POST_MORTEM_KIND_LABELS),
        },
        { kind: 'text', path: 'pathologist', label: 'Pathologist' },
        { kind: 'text', path: 'causeOfDeath', label: 'Cause of death given (if any)' },
        optionalReason,
      ];
    case 'DISCONTINUE':
      return [{ kind: 'text', path: 'causeOfDeath', label: 'Cause of death' }, reason];
    case 'OPEN_INQUEST':
      return [
        { kind: 'date', path: 'openedOn', label: 'Date the inquest was opened' },
        { kind: 'text', path: 'provisionalCause', label: 'Provisional cause of death (optional)' },
        optionalReason,
      ];
    case 'SUSPEND':
      return [
        {
          kind: 'radios',
          path: 'basis',
          label: 'Schedule 1 paragraph',
          options: options(SUSPENSION_BASES, SUSPENSION_LABELS),
        },
        {
          kind: 'text',
          path: 'requestedBy',
          label: 'Who asked for the suspension',
          hint: 'For example, the Crown Prosecution Service under paragraph 1, or the Lord Chancellor under paragraph 3. Leave it blank under paragraph 2 (someone has been charged) or 5 (the coroner’s own power).',
        },
        reason,
      ];
    case 'REVIEW_SUSPENSION':
      return [{ kind: 'date', path: 'nextReviewOn', label: 'Date of the next review' }, reason];
    case 'RESUME':
      return [
        ...(ctx.suspensionBasis === 'SCH1_PARA2' || ctx.suspensionBasis === 'SCH1_PARA3'
          ? [
              {
                kind: 'textarea',
                path: 'proceedingsOutcome',
                label:
                  ctx.suspensionBasis === 'SCH1_PARA2'
                    ? 'How the criminal proceedings ended'
                    : 'How the public inquiry ended',
                hint: 'For example, the verdict and the offence. The conclusion must not be inconsistent with it (Schedule 1 paragraph 8(5)).',
              } as const,
            ]
          : []),
        reason,
      ];
    case 'SEND_REGISTRAR_PARTICULARS':
      return [
        { kind: 'date', path: 'sentOn', label: 'Date the particulars were sent' },
        {
          kind: 'text',
          path: 'registerOffice',
          label: 'Register office',
          hint: 'For example, Waltham Forest Register Office',
        },
        {
          kind: 'text',
          path: 'causeOfDeath',
          label: 'Cause of death given to the registrar',
          hint: 'As far as it is known while the investigation is suspended',
        },
        ...REGISTRATION_FIELDS,
        optionalReason,
      ];
    case 'DECIDE_NOT_TO_RESUME':
      return [
        {
          kind: 'textarea',
          path: 'reason',
          label: 'Reasons',
          hint: 'Why there is no sufficient reason to resume, for example that the criminal trial answered how the deceased came by their death. The decision can be looked at again.',
        },
      ];
    case 'DECIDE_JURY':
      return [
        { kind: 'boolean', path: 'jury', label: 'Will the inquest be held with a jury?' },
        {
          kind: 'radios',
          path: 'basis',
          label: 'Basis (section 7)',
          options: options(JURY_BASES, JURY_LABELS),
        },
        reason,
      ];
    case 'DECIDE_ARTICLE_2':
      return [
        {
          kind: 'radios',
          path: 'article2',
          label: 'Is Article 2 engaged?',
          options: [
            { value: 'ENGAGED', text: 'Engaged' },
            { value: 'NOT_ENGAGED', text: 'Not engaged' },
            { value: 'UNDER_REVIEW', text: 'Under review' },
          ],
        },
        reason,
      ];
    case 'ASSIGN':
      return [
        { kind: 'select', path: 'coronerId', label: 'Coroner', options: ctx.coroners },
        { kind: 'select', path: 'officerId', label: 'Coroner’s officer', options: ctx.officers },
        optionalReason,
      ];
    case 'RECORD_CONCLUSION':
      return [
        { kind: 'date', path: 'concludedOn', label: 'Date of the conclusion' },
        {
          kind: 'heading',
          path: '_medical',
          label: 'Medical cause of death',
          hint: 'As the Record of Inquest states it (box 2)',
        },
        { kind: 'text', path: 'medicalCause.1a', label: '1a Disease or condition directly leading to death' },
        {
          kind: 'text',
          path: 'medicalCause.1b',
          label: '1b Other disease or condition leading to 1a (optional)',
        },
        {
          kind: 'text',
          path: 'medicalCause.1c',
          label: '1c Other disease or condition leading to 1b (optional)',
        },
        {
          kind: 'text',
          path: 'medicalCause.2',
          label: '2 Other significant conditions contributing to the death (optional)',
        },
        {
          kind: 'textarea',
          path: 'howWhenWhere',
          label: 'How, when and where the deceased came by their death (box 3)',
          // Sch.1 para 8(5): after a suspension for criminal proceedings, no finding inconsistent with their outcome.
          ...(ctx.proceedingsOutcome
            ? {
                hint: `Recorded when the investigation resumed: ${ctx.proceedingsOutcome}. The determination must not be inconsistent with the outcome of those proceedings.`,
              }
            : {}),
        },
        // Box 3 asks "in what circumstances" only in an Article 2 inquest (s.5(2)).
        ...(ctx.article2Engaged
          ? [
              {
                kind: 'textarea',
                path: 'circumstances',
                label: 'In what circumstances the deceased came by their death',
              } as const,
            ]
          : []),
        {
          kind: 'radios',
          path: 'shortForm',
          label: 'Short-form conclusion (box 4)',
          options: Object.entries(SHORT_FORM_CONCLUSIONS).map(([value, c]) => ({ value, text: c.wording })),
        },
        {
          kind: 'checkboxes',
          path: 'neglectRider',
          label: 'Rider',
          options: [{ value: 'yes', text: 'Contributed to by neglect' }],
        },
        {
          kind: 'textarea',
          path: 'narrative',
          label: 'Narrative conclusion (instead of or as well as a short form)',
        },
        { kind: 'boolean', path: 'byJury', label: 'Was the conclusion reached by a jury?' },
        { kind: 'heading', path: '_registration', label: 'Particulars for registration (box 5)' },
        ...REGISTRATION_FIELDS,
      ];
    case 'QUASH':
      return [
        { kind: 'text', path: 'court', label: 'Court', hint: 'For example, High Court (Divisional Court)' },
        { kind: 'date', path: 'orderedOn', label: 'Date of the order' },
        {
          kind: 'text',
          path: 'citation',
          label: 'Citation (optional)',
          hint: 'For example, [2021] EWHC 1234 (Admin)',
        },
        { kind: 'textarea', path: 'grounds', label: 'Grounds' },
      ];
    case 'TRANSFER':
      return [
        { kind: 'select', path: 'toAreaCode', label: 'Receiving coroner area', options: ctx.areas },
        {
          kind: 'radios',
          path: 'basis',
          label: 'Under which section the case is transferred',
          options: [
            { value: 'S2', text: 'Section 2: agreed with the receiving coroner' },
            { value: 'S3', text: 'Section 3: directed by the Chief Coroner' },
          ],
        },
        { kind: 'text', path: 'agreedBy', label: 'Receiving coroner who agreed (section 2)' },
        reason,
      ];
    case 'ACCEPT_TRANSFER':
      return [optionalReason];
    case 'SET_REPORTING_RESTRICTION':
      return [
        { kind: 'radios', path: 'order', label: 'Order', options: options(REPORTING_ORDERS, ORDER_LABELS) },
        { kind: 'textarea', path: 'note', label: 'Note (optional)', rows: 3 },
      ];
    case 'SEND_S16_NOTICE':
      return [
        {
          kind: 'radios',
          path: 'stage',
          label: 'Notice',
          options: [
            { value: 'OVER_12_MONTHS', text: 'The investigation has lasted more than 12 months' },
            { value: 'COMPLETED', text: 'The long investigation has ended' },
          ],
        },
        {
          kind: 'radios',
          path: 'reasonCategory',
          label: 'Reason category',
          options: options(S16_REASONS, S16_LABELS),
        },
        { kind: 'textarea', path: 'note', label: 'Note (optional)', rows: 3 },
      ];
    case 'RECORD_NOTE':
      return [{ kind: 'textarea', path: 'note', label: 'Note' }];
    case 'UPDATE_DETAILS':
      return [];
  }
}
