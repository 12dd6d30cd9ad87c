import * as mupdf from 'mupdf';
import { govukDate } from '../../platform/views/dates.ts';
import { typesetText } from '../documents/documents.typeset.ts';
import { conclusionWording } from './cases.conclusions.ts';
import { SEX_LABELS } from './cases.forms.ts';
import { type Address, addressText } from './cases.pages.view.ts';
import type { CaseDetail } from './cases.view.ts';

type Section = {
  title: string;
  rows: { key: { text: string }; value: { text: string } }[];
  /** Lines left blank for signatures on the printed record. */
  signatures?: string[];
};

/** The most jurors an inquest has (Coroners and Justice Act 2009 s.8(1): seven to eleven). */
const MOST_JURORS = 11;

/** The boxes of the Record of Inquest (Coroners (Inquests) Rules 2013, Form 2), from a concluded case. */
export function recordOfInquestSections(c: CaseDetail): Section[] {
  const r = c.inquest?.conclusion;
  if (!r) return [];
  const reg = (r.registration ?? {}) as Record<string, string | undefined>;
  const row = (key: string, value: string | null | undefined) => ({
    key: { text: key },
    value: { text: value || '—' },
  });
  return [
    {
      title: '1. Name of the deceased',
      rows: [row('Name', `${c.deceased.givenNames} ${c.deceased.familyName}`)],
    },
    {
      title: '2. Medical cause of death',
      rows: [
        row('1a', r.medicalCause['1a']),
        row('1b', r.medicalCause['1b']),
        row('1c', r.medicalCause['1c']),
        row('2', r.medicalCause['2']),
      ],
    },
    {
      title:
        c.article2 === 'ENGAGED'
          ? '3. How, when, where and in what circumstances the deceased came by their death'
          : '3. How, when and where the deceased came by their death',
      rows: [
        row('How, when and where', r.howWhenWhere),
        ...(r.circumstances ? [row('In what circumstances', r.circumstances)] : []),
      ],
    },
    {
      title: '4. Conclusion of the coroner or jury as to the death',
      rows: [
        row('Conclusion', conclusionWording(r)),
        row('Reached by', r.byJury ? 'The jury' : 'The coroner'),
      ],
    },
    {
      title: '5. Particulars required to register the death',
      rows: [
        row(
          'Date of death',
          c.death.dateOfDeath
            ? govukDate(c.death.dateOfDeath)
            : c.death.dateFound
              ? `Found ${govukDate(c.death.dateFound)}`
              : '',
        ),
        row('Place of death', reg.placeOfDeath || c.death.placeOfDeath?.description),
        row('Name and surname', `${c.deceased.givenNames} ${c.deceased.familyName}`),
        row('Sex', SEX_LABELS[c.deceased.sex] ?? c.deceased.sex),
        row('Maiden surname', reg.maidenSurname),
        row('Date of birth', c.deceased.dateOfBirth ? govukDate(c.deceased.dateOfBirth) : ''),
        row('Place of birth', reg.placeOfBirth),
        row('Occupation', reg.occupation || c.deceased.occupation),
        // The coroner's entry, or else what the case already holds.
        row('Usual address', reg.usualAddress || addressText(c.deceased.address as Address)),
      ],
    },
    {
      title: 'Signed',
      rows: [
        row('Date', govukDate(r.concludedOn)),
        // The coroner who recorded it; for an imported record, which names none, the case's coroner.
        row('Coroner', r.recordedBy ?? c.assignedCoroner?.name ?? ''),
        ...(r.byJury ? [row('Jurors', 'Each juror who agrees with the conclusion signs the record')] : []),
      ],
      // Signed by the coroner and, with a jury, by the jurors who agree with it (Chief Coroner's Guidance No. 17).
      signatures: [
        'Signature of the coroner',
        ...(r.byJury ? Array.from({ length: MOST_JURORS }, (_, i) => `Juror ${i + 1}`) : []),
      ],
    },
  ];
}

/** The Record of Inquest as a PDF, laid out box by box. */
export function recordOfInquestPdf(c: CaseDetail): Uint8Array {
  const lines = [`RECORD OF INQUEST`, `${c.reference}`, ''];
  if (c.status === 'QUASHED')
    lines.push(
      'THIS INQUEST WAS QUASHED BY THE HIGH COURT. This record is kept unchanged as the court found it.',
      '',
    );
  for (const section of recordOfInquestSections(c)) {
    lines.push(section.title.toUpperCase());
    for (const r of section.rows) lines.push(`${r.key.text}: ${r.value.text}`);
    for (const label of section.signatures ?? []) lines.push('', `${label}: ______________________________`);
    lines.push('');
  }
  const doc = typesetText(lines.join('\n'));
  doc.setMetaData(mupdf.PDFDocument.META_INFO_TITLE, `Record of Inquest ${c.reference}`);
  return doc.saveToBuffer('garbage=compact,compress=yes').asUint8Array();
}
