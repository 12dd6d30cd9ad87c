import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { makeBundle } from './documents.bundle.ts';
import { makeJpeg, makePng, makeTextPdf } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

function pageTexts(bytes: Uint8Array): string[] {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  return Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).toStructuredText('').asText());
}

const heading = {
  title: 'Hearing bundle: inquest hearing, 14 May 2026',
  caseHeading: 'Inquest touching the death of John Smith (case 2026-0042)',
};

describe('a hearing bundle', () => {
  const statement = [
    'Witness statement of Siân Ŵyn.',
    '',
    'I saw the car leave the road.',
    ''.padEnd(50, 'x'),
  ].join('\n');
  const longText = Array.from({ length: 120 }, (_, i) => `Line ${i + 1} of the officer's notes.`).join('\n');
  const bundle = makeBundle(
    [
      {
        title: 'Post-mortem report',
        bytes: makeTextPdf([['PM page 1'], ['PM page 2']]),
        contentType: 'application/pdf',
      },
      { title: 'Scene photograph', bytes: makeJpeg(800, 600), contentType: 'image/jpeg' },
      { title: 'Witness statement', bytes: new TextEncoder().encode(statement), contentType: 'text/plain' },
      { title: "Officer's notes", bytes: new TextEncoder().encode(longText), contentType: 'text/plain' },
      { title: 'Plan of the junction', bytes: makePng(300, 500), contentType: 'image/png' },
    ],
    heading,
  );
  const pages = pageTexts(bundle.bytes);

  it('starts with an index giving the first page of each document', () => {
    expect(bundle.index).toEqual([
      { title: 'Post-mortem report', firstPage: 2, pageCount: 2 },
      { title: 'Scene photograph', firstPage: 4, pageCount: 1 },
      { title: 'Witness statement', firstPage: 5, pageCount: 1 },
      { title: "Officer's notes", firstPage: 6, pageCount: 3 },
      { title: 'Plan of the junction', firstPage: 9, pageCount: 1 },
    ]);
    const index = pages[0] ?? '';
    expect(index).toContain(heading.title);
    expect(index).toContain(heading.caseHeading);
    expect(index).toMatch(/1\. Post-mortem report\s+2/);
    expect(index).toMatch(/5\. Plan of the junction\s+9/);
  });

  it('numbers every page "Page n of N"', () => {
    expect(pages).toHaveLength(9);
    expect(bundle.pageCount).toBe(9);
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of 9`);
    });
    const independent = pdftotext(bundle.bytes);
    if (independent !== undefined) expect(independent).toContain('Page 9 of 9');
  });

  it('keeps each document in order: PDF pages, images one per page, text typeset', () => {
    expect(pages[1]).toContain('PM page 1');
    expect(pages[2]).toContain('PM page 2');
    expect(pages[4]).toContain('Witness statement of Siân Ŵyn.');
    expect(pages[5]).toContain('Line 1 of the officer');
    expect(pages[7]).toContain('Line 120 of the officer');
    const doc = new mupdf.PDFDocument(bundle.bytes);
    const landscape = doc.loadPage(3).getBounds();
    expect(landscape[2] - landscape[0]).toBeGreaterThan(landscape[3] - landscape[1]);
  });

  it('prints titles and text in Chinese, Japanese or Korean characters, keeping only the glyphs used', () => {
    const named = makeBundle(
      [
        {
          title: '王小明的证人陈述',
          bytes: new TextEncoder().encode('证人陈述：我看见汽车驶离道路。김민준 さくら'),
          contentType: 'text/plain',
        },
      ],
      { ...heading, caseHeading: 'Inquest touching the death of 王小明 (case 2026-0043)' },
    );
    const texts = pageTexts(named.bytes);
    expect(texts[0]).toContain('Inquest touching the death of 王小明');
    expect(texts[0]).toMatch(/1\. 王小明的证人陈述\s+2/);
    expect(texts[1]).toContain('证人陈述：我看见汽车驶离道路。김민준 さくら');
    expect(named.bytes.length).toBeLessThan(200_000);
  });

  it('runs the index over several pages when there are many documents', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      title: `Document ${i + 1}`,
      bytes: new TextEncoder().encode(`Contents of document ${i + 1}`),
      contentType: 'text/plain' as const,
    }));
    const big = makeBundle(many, heading);
    const firstDocumentPage = big.index[0]?.firstPage ?? 0;
    expect(firstDocumentPage).toBeGreaterThan(2);
    expect(big.index.at(-1)?.firstPage).toBe(firstDocumentPage + 79);
    const texts = pageTexts(big.bytes);
    expect(texts[firstDocumentPage - 1]).toContain('Contents of document 1');
    expect(texts.slice(0, firstDocumentPage - 1).join('\n')).toContain('80. Document 80');
  });

  it('refuses a text too long to set on pages, and a bundle of more pages than the limit', () => {
    const log = {
      title: 'Call log',
      bytes: new TextEncoder().encode('a\n'.repeat(120_000)),
      contentType: 'text/plain' as const,
    };
    expect(() => makeBundle([log], heading)).toThrow(
      expect.objectContaining({
        code: 'DOCUMENT_TOO_COMPLEX',
        message: expect.stringMatching(
          /^The text is too long to set on pages: it would take at least [\d,]+ pages/,
        ),
      }),
    );
    const volume = {
      title: 'Disclosure volume',
      bytes: makeTextPdf(Array.from({ length: 2_001 }, () => ['x'])),
      contentType: 'application/pdf' as const,
    };
    expect(() =>
      makeBundle(
        Array.from({ length: 5 }, () => volume),
        heading,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'DOCUMENT_TOO_COMPLEX',
        message: 'The bundle would have 10,006 pages, and a bundle can have up to 10,000. Make it in parts.',
      }),
    );
  }, 60_000);
});
