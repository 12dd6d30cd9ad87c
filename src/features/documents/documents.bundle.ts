import * as mupdf from 'mupdf';
import { DocumentError, documentDamaged } from './documents.errors.ts';
import { DOCUMENT_LIMITS } from './documents.limits.ts';
import { createStamper, openPdf, savePdf, textWidth } from './documents.pdf.ts';
import type { DocumentContentType } from './documents.types.ts';
import { A4, typesetText, wrapLine } from './documents.typeset.ts';

export interface BundleDocument {
  title: string;
  bytes: Uint8Array;
  contentType: DocumentContentType;
}

export interface BundleHeading {
  /** E.g. "Hearing bundle: inquest hearing, 14 May 2026". */
  title: string;
  /** E.g. "Inquest touching the death of John Smith (case 2026-0042)". */
  caseHeading: string;
}

export interface BundleIndexEntry {
  title: string;
  /** First page of the document in the bundle (1-based, the index counted). */
  firstPage: number;
  pageCount: number;
}

const MARGIN = 64;
const ROW = 18;

/**
 * One PDF for a hearing (coroner-service §5 R-10: "bundles exportable per hearing"): an index page
 * listing each document with the page it starts on, then every document in the given order (PDFs
 * as they are, images one per page scaled to fit, text typeset), every page numbered "Page n of N".
 */
export function makeBundle(
  documents: readonly BundleDocument[],
  heading: BundleHeading,
): { bytes: Uint8Array; index: BundleIndexEntry[]; pageCount: number } {
  const sources = documents.map((d) => asPdf(d));
  const counts = sources.map((s) => s.countPages());
  let indexPages = 1;
  for (let left = documents.length - rowsPerIndexPage(1); left > 0; left -= rowsPerIndexPage(2)) indexPages++;
  let next = indexPages + 1;
  const index = documents.map((d, i) => {
    const entry = { title: d.title, firstPage: next, pageCount: counts[i] ?? 0 };
    next += entry.pageCount;
    return entry;
  });
  const total = next - 1;
  if (total > DOCUMENT_LIMITS.maxBundlePages)
    throw new DocumentError(
      'DOCUMENT_TOO_COMPLEX',
      `The bundle would have ${total.toLocaleString('en-GB')} pages, and a bundle can have up to ${DOCUMENT_LIMITS.maxBundlePages.toLocaleString('en-GB')}. Make it in parts.`,
    );

  const bundle = new mupdf.PDFDocument();
  const stamper = createStamper(bundle);
  for (const source of [indexOf(heading, index, indexPages), ...sources]) {
    const graft = bundle.newGraftMap();
    for (let p = 0; p < source.countPages(); p++) graft.graftPage(-1, source, p);
  }
  for (let p = 0; p < total; p++) {
    const page = bundle.loadPage(p);
    const [x0, y0, x1, y1] = page.getBounds();
    const label = `Page ${p + 1} of ${total}`;
    stamper.draw(page, (canvas) => {
      canvas.text(label, (x1 - x0 - textWidth(label, 9)) / 2, y1 - y0 - 22, 9, 0);
    });
  }
  bundle.setMetaData('info:Title', heading.title);
  return { bytes: savePdf(bundle), index, pageCount: total };
}

function asPdf(document: BundleDocument): mupdf.PDFDocument {
  switch (document.contentType) {
    case 'application/pdf':
      return openPdf(document.bytes);
    case 'image/png':
    case 'image/jpeg':
      return imagePage(document.bytes);
    case 'text/plain':
      return typesetText(new TextDecoder().decode(document.bytes));
  }
}

/** The image on one A4 page (landscape for a landscape image), as large as fits inside the margins. */
function imagePage(bytes: Uint8Array): mupdf.PDFDocument {
  let image: mupdf.Image;
  try {
    image = new mupdf.Image(bytes);
  } catch {
    throw documentDamaged();
  }
  const [w, h] = [image.getWidth(), image.getHeight()];
  const [pw, ph] = w > h ? [A4.height, A4.width] : [A4.width, A4.height];
  const scale = Math.min((pw - 2 * MARGIN) / w, (ph - 2 * MARGIN) / h);
  const [dw, dh] = [w * scale, h * scale];
  const doc = new mupdf.PDFDocument();
  const resources = doc.addObject({ XObject: { Im1: doc.addImage(image) } });
  const place = `q ${dw} 0 0 ${dh} ${(pw - dw) / 2} ${(ph - dh) / 2} cm /Im1 Do Q`;
  doc.insertPage(-1, doc.addPage([0, 0, pw, ph], 0, resources, place));
  return doc;
}

/** The first index page leaves room for the heading. */
function rowsPerIndexPage(page: number): number {
  const top = page === 1 ? 150 : MARGIN;
  return Math.floor((A4.height - top - 80) / ROW);
}

/**
 * The index pages, set apart from the bundle so that their fonts keep only the glyphs used (a name in
 * Chinese, Japanese or Korean needs a font that is megabytes whole); the documents' own fonts are kept
 * as they came.
 */
function indexOf(heading: BundleHeading, index: BundleIndexEntry[], indexPages: number): mupdf.PDFDocument {
  const bundle = new mupdf.PDFDocument();
  const stamper = createStamper(bundle);
  const width = A4.width - 2 * MARGIN;
  let row = 0;
  for (let p = 1; p <= indexPages; p++) {
    bundle.insertPage(-1, bundle.addPage([0, 0, A4.width, A4.height], 0, {}, ''));
    const page = bundle.loadPage(p - 1);
    const rows = index.slice(row, row + rowsPerIndexPage(p));
    const firstRow = row;
    row += rows.length;
    stamper.draw(page, (canvas) => {
      let y = MARGIN + 16;
      if (p === 1) {
        for (const line of wrapLine(heading.title, width, 16)) {
          canvas.text(line, MARGIN, y, 16, 0);
          y += 20;
        }
        for (const line of wrapLine(heading.caseHeading, width, 11)) {
          canvas.text(line, MARGIN, y, 11, 0.2);
          y += 15;
        }
        y = Math.max(y + 16, 150 - ROW);
        canvas.text('Index', MARGIN, y, 12, 0);
        canvas.text('Page', A4.width - MARGIN - textWidth('Page', 12), y, 12, 0);
      } else {
        y = MARGIN - ROW + 4;
      }
      rows.forEach((entry, i) => {
        y += ROW;
        const number = String(entry.firstPage);
        const title = fitTitle(`${firstRow + i + 1}. ${entry.title}`, width - 60, 11);
        canvas.text(title, MARGIN, y, 11, 0);
        canvas.text(number, A4.width - MARGIN - textWidth(number, 11), y, 11, 0);
      });
    });
  }
  bundle.subsetFonts();
  return bundle;
}

function fitTitle(title: string, width: number, size: number): string {
  if (textWidth(title, size) <= width) return title;
  const chars = [...title];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('')}…`;
}
