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

/**
 * Breaks one paragraph into lines that fit `width` at `size`; a word too long is broken by characters.
 * Each word is measured once (a line's width is its words' and spaces' widths: no script joins letters
 * across a space), so a long paragraph costs in proportion to its length, shaped or not.
 */
export function wrapLine(paragraph: string, width: number, size: number): string[] {
  const widths = new Map<string, number>();
  const measure = (text: string) => {
    let w = widths.get(text);
    if (w === undefined) {
      w = textWidth(text, size);
      widths.set(text, w);
    }
    return w;
  };
  const space = measure(' ');
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const word of paragraph.split(/ +/)) {
    const wordWidth = measure(word);
    const together = current ? currentWidth + space + wordWidth : wordWidth;
    if (together <= width) {
      current = current ? `${current} ${word}` : word;
      currentWidth = together;
      continue;
    }
    if (current) lines.push(current);
    const pieces = wordWidth <= width ? [word] : breakWord(word, width, measure);
    lines.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
    currentWidth = measure(current);
  }
  lines.push(current);
  return lines;
}

/**
 * A word too wide for a line, in pieces that each fit (at least one character each). Cut where the
 * characters' own widths fill the line, then moved back while the piece as drawn (letters joined) is wider.
 */
function breakWord(word: string, width: number, measure: (text: string) => number): string[] {
  const chars = [...word];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let filled = 0;
    while (end < chars.length && filled + measure(chars[end]!) <= width) filled += measure(chars[end++]!);
    while (end > start + 1 && measure(chars.slice(start, end).join('')) > width) end--;
    end = Math.max(end, start + 1);
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
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
