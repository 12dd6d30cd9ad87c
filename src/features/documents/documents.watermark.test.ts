import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { disclosureLine, watermarkDocument } from './documents.watermark.ts';
import { makePng, makeTextPdf } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

const stamp = { recipientName: 'Siân Ŵyn Roberts', disclosedOn: '2026-05-03' };
const line = 'Disclosed to Siân Ŵyn Roberts on 3 May 2026 — OpenCoroner';

function pageTexts(bytes: Uint8Array): string[] {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  return Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).toStructuredText('').asText());
}

describe('watermarking a disclosed copy', () => {
  it('words the stamp with the recipient and the date', () => {
    expect(disclosureLine(stamp)).toBe(line);
    expect(() => disclosureLine({ ...stamp, disclosedOn: '03/05/2026' })).toThrow(RangeError);
  });

  it('stamps every page of a PDF and keeps its content readable', () => {
    const original = makeTextPdf([['Post-mortem report, page one'], ['Findings, page two'], ['Conclusion']]);
    const stamped = watermarkDocument(original, 'application/pdf', stamp);
    const pages = pageTexts(stamped);
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page.replace(/\s+/g, ' ')).toContain(line);
    expect(pages[1]).toContain('Findings, page two');
    const independent = pdftotext(stamped);
    if (independent !== undefined) {
      expect(independent.split(line).length - 1).toBeGreaterThanOrEqual(3);
      expect(independent).toContain('Post-mortem report, page one');
    }
  });

  it('writes the stamp into the page content, so deleting annotations does not remove it', () => {
    const stamped = watermarkDocument(makeTextPdf([['Statement']]), 'application/pdf', stamp);
    const doc = new mupdf.PDFDocument(stamped);
    const page = doc.loadPage(0);
    expect(page.getAnnotations()).toHaveLength(0);
    page.getObject().delete('Annots');
    const after = doc.saveToBuffer('garbage=yes').asUint8Array();
    expect(pageTexts(after)[0]?.replace(/\s+/g, ' ')).toContain(line);
  });

  it('stamps the pixels of an image and keeps its format and size', () => {
    const original = makePng(400, 300, [250, 250, 250]);
    const stamped = watermarkDocument(original, 'image/png', stamp);
    const image = new mupdf.Image(stamped);
    expect([image.getWidth(), image.getHeight()]).toEqual([400, 300]);
    const pixels = image.toPixmap().getPixels();
    let darker = 0;
    for (let i = 0; i < pixels.length; i += 3) if ((pixels[i] ?? 255) < 230) darker++;
    expect(darker).toBeGreaterThan(500);
    expect(darker).toBeLessThan(400 * 300 * 0.5);
  });

  it('puts a header line on plain text', () => {
    const stamped = watermarkDocument(new TextEncoder().encode('Notes of call.\n'), 'text/plain', stamp);
    expect(new TextDecoder().decode(stamped)).toBe(`${line}\n\nNotes of call.\n`);
  });
});
