import * as mupdf from 'mupdf';
import { typesetText } from '../documents/documents.typeset.ts';
import { type ReportText, reportInWords } from './pfd.text.ts';

/** The report as a PDF in the standard layout (sections 1 to 8, then date and signature). */
export function pfdReportPdf(r: ReportText): Uint8Array {
  const doc = typesetText(reportInWords(r));
  doc.setMetaData(
    mupdf.PDFDocument.META_INFO_TITLE,
    `Regulation 28 report to prevent future deaths ${r.reference}`,
  );
  return doc.saveToBuffer('garbage=compact,compress=yes').asUint8Array();
}
