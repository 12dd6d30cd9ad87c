import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { textWidth } from './documents.pdf.ts';
import { drawText } from './documents.pixels.ts';
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

  it('sets a name written right to left apart, so the date after it stays in its place', () => {
    const hebrew = { recipientName: 'דוד כהן 2', disclosedOn: '2026-05-03' };
    expect(disclosureLine(hebrew)).toBe('Disclosed to \u2068דוד כהן 2\u2069 on 3 May 2026 — OpenCoroner');
    const stamped = watermarkDocument(makeTextPdf([['Statement']]), 'application/pdf', hebrew);
    const text = pageTexts(stamped)[0]!.replace(/\s+/g, ' ');
    expect(text).toContain('דוד כהן');
    expect(text).toContain('on 3 May 2026 — OpenCoroner');
  });

  it('sets a representative’s name and their client’s apart, each in its place', () => {
    const line = (recipientName: string, onBehalfOf: string) =>
      disclosureLine({ recipientName, onBehalfOf, disclosedOn: '2026-05-03' });
    expect(line('Priya Nair', 'Joan Walsh')).toBe(
      'Disclosed to Priya Nair for Joan Walsh on 3 May 2026 — OpenCoroner',
    );
    expect(line('שרה כהן', 'Anna Baker')).toBe(
      'Disclosed to \u2068שרה כהן\u2069 for Anna Baker on 3 May 2026 — OpenCoroner',
    );
    expect(line('שרה כהן', 'فاطمة الزهراء')).toBe(
      'Disclosed to \u2068שרה כהן\u2069 for \u2068فاطمة الزهراء\u2069 on 3 May 2026 — OpenCoroner',
    );
    // As set on the page: the representative first, then "for", then the client.
    const stamped = watermarkDocument(makeTextPdf([['Statement']]), 'application/pdf', {
      recipientName: 'שרה כהן',
      onBehalfOf: 'Anna Baker',
      disclosedOn: '2026-05-03',
    });
    // (Spaces aside: the text read back from the page places them around a right-to-left run by its own rules.)
    expect(pageTexts(stamped)[0]!.replace(/\s+/g, '')).toContain('DisclosedtoשרהכהןforAnnaBakeron3May2026');
  });

  it('draws a name written in Arabic or Hebrew into an image, not blanks', () => {
    for (const name of ['محمد علي', 'דוד כהן']) {
      const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 400, 100], false);
      pixmap.clear(255);
      drawText(pixmap, name, { x: 10, baseline: 70, size: 40, gray: 0 });
      const pixels = pixmap.getPixels();
      let [left, right, inked] = [400, 0, 0];
      for (let i = 0; i < pixels.length; i += 3) {
        if ((pixels[i] ?? 255) >= 128) continue;
        inked++;
        const x = (i / 3) % 400;
        [left, right] = [Math.min(left, x), Math.max(right, x)];
      }
      expect(inked).toBeGreaterThan(300);
      // The ink spans the line as it is measured: each letter drawn where the line was set.
      expect(right - left).toBeGreaterThan(textWidth(name, 40) * 0.8);
      expect(right - left).toBeLessThan(textWidth(name, 40) * 1.1);
    }
  });
});
