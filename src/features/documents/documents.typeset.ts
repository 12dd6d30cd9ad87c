import * as mupdf from 'mupdf';
import { DocumentError } from './documents.errors.ts';
import { type Direction, directionOf } from './documents.glyphs.ts';
import { DOCUMENT_LIMITS } from './documents.limits.ts';
import { createStamper, textWidth } from './documents.pdf.ts';

/** A4 in points. */
export const A4 = { width: 595, height: 842 } as const;
const MARGIN = 64;
const BOTTOM = 64; // room for the bundle's page footer
const SIZE = 10.5;
const LEADING = 14;

/**
 * The fewest pages a text can take: every paragraph a line at least, a long one as many lines as its
 * characters would fill if each were narrower (0.15 em) than any character is.
 */
function fewestPages(text: string, width: number, perPage: number): number {
  const perLine = Math.floor(width / (SIZE * 0.15));
  let lines = 0;
  for (const paragraph of text.split(/\r\n?|\n|\f/))
    lines += Math.max(1, Math.ceil(paragraph.length / perLine));
  return Math.ceil(lines / perPage);
}

/** Breaks one paragraph into lines that fit `width` at `size`; a word too long is broken by characters. */
export function wrapLine(paragraph: string, width: number, size: number): string[] {
  const words = paragraph.split(/ +/);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, size) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    let rest = word;
    while (textWidth(rest, size) > width) {
      let cut = 1;
      const chars = [...rest];
      while (cut < chars.length && textWidth(chars.slice(0, cut + 1).join(''), size) <= width) cut++;
      lines.push(chars.slice(0, cut).join(''));
      rest = chars.slice(cut).join('');
    }
    current = rest;
  }
  lines.push(current);
  return lines;
}

/**
 * Sets plain text onto A4 pages (10.5 pt sans serif, wrapped at word boundaries, tabs as four spaces,
 * a form feed starting a new page) and returns them as a PDF document.
 */
export function typesetText(text: string): mupdf.PDFDocument {
  const width = A4.width - 2 * MARGIN;
  const perPage = Math.floor((A4.height - MARGIN - BOTTOM) / LEADING);
  // Measured before any word is: setting a very long text would hold up everyone else for minutes.
  const fewest = fewestPages(text, width, perPage);
  if (fewest > DOCUMENT_LIMITS.maxTypesetPages)
    throw new DocumentError(
      'DOCUMENT_TOO_COMPLEX',
      `The text is too long to set on pages: it would take at least ${fewest.toLocaleString('en-GB')} pages, and the limit is ${DOCUMENT_LIMITS.maxTypesetPages.toLocaleString('en-GB')}. Save it as a PDF, or split it into parts.`,
    );
  // A paragraph that starts in Arabic or Hebrew reads right to left: its lines are set so, from the right margin.
  const pages: { text: string; direction: Direction }[][] = [[]];
  for (const sheet of text.replace(/\r\n?/g, '\n').split('\f')) {
    if ((pages.at(-1) ?? []).length > 0) pages.push([]);
    for (const paragraph of sheet.replace(/\t/g, '    ').split('\n')) {
      const direction = directionOf(paragraph);
      for (const line of wrapLine(paragraph, width, SIZE)) {
        if ((pages.at(-1) ?? []).length >= perPage) pages.push([]);
        pages.at(-1)?.push({ text: line, direction });
      }
    }
  }
  const doc = new mupdf.PDFDocument();
  const stamper = createStamper(doc);
  for (const lines of pages) {
    doc.insertPage(-1, doc.addPage([0, 0, A4.width, A4.height], 0, {}, ''));
    const page = doc.loadPage(doc.countPages() - 1);
    stamper.draw(page, (canvas) => {
      lines.forEach(({ text, direction }, i) => {
        if (!text.trim()) return;
        const x = direction === 'rtl' ? A4.width - MARGIN - textWidth(text, SIZE) : MARGIN;
        canvas.text(text, x, MARGIN + SIZE + i * LEADING, SIZE, 0, 0, direction);
      });
    });
  }
  // Every glyph is ours, so the fonts keep only those used: the fallback font is megabytes whole.
  doc.subsetFonts();
  return doc;
}
