import * as mupdf from 'mupdf';
import { typesetText } from '../documents/documents.typeset.ts';
import { type ReportText, reportSections } from './pfd.text.ts';

/** The report as a PDF in the standard layout (sections 1 to 8, then date and signature). */
export function pfdReportPdf(r: ReportText): Uint8Array {
  const lines = ['REGULATION 28: REPORT TO PREVENT FUTURE DEATHS', r.reference, ''];
  lines.push(`In the matter of the death of ${r.deceasedName}`, '');
  for (const section of reportSections(r)) {
    lines.push(section.title);
    for (const p of section.paragraphs) lines.push(p, '');
  }
  const doc = typesetText(lines.join('\n'));
  doc.setMetaData(
    mupdf.PDFDocument.META_INFO_TITLE,
    `Regulation 28 report to prevent future deaths ${r.reference}`,
  );
  return doc.saveToBuffer('garbage=compact,compress=yes').asUint8Array();
}
