import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { recordOfInquestPdf, recordOfInquestSections } from './cases.record.ts';
import type { CaseDetail } from './cases.view.ts';

function concluded(byJury: boolean): CaseDetail {
  return {
    reference: 'EL-2026-000001',
    status: 'CONCLUDED',
    article2: 'NOT_ENGAGED',
    deceased: { givenNames: 'Anthony', familyName: 'Walgate', sex: 'male', dateOfBirth: '2000-01-01' },
    death: { dateOfDeath: '2014-06-19' },
    inquest: {
      conclusion: {
        concludedOn: '2026-11-20',
        medicalCause: { '1a': 'GHB toxicity' },
        howWhenWhere: 'Found outside a flat in Barking.',
        shortForm: 'unlawful-killing',
        byJury,
        recordedBy: 'Nadia Persaud',
      },
    },
  } as unknown as CaseDetail;
}

const signed = (c: CaseDetail) => recordOfInquestSections(c).find((s) => s.title === 'Signed')!;

describe('the Record of Inquest (Form 2)', () => {
  it('is signed by the coroner, and with a jury by each juror who agrees with the conclusion', () => {
    expect(signed(concluded(false)).signatures).toEqual(['Signature of the coroner']);
    const jury = signed(concluded(true));
    expect(jury.signatures).toEqual([
      'Signature of the coroner',
      ...Array.from({ length: 11 }, (_, i) => `Juror ${i + 1}`),
    ]);
    expect(jury.rows.map((r) => r.key.text)).toContain('Jurors');
  });

  it('prints the lines to sign in the PDF', () => {
    const pdf = mupdf.Document.openDocument(recordOfInquestPdf(concluded(true)), 'application/pdf');
    let text = '';
    for (let i = 0; i < pdf.countPages(); i++)
      text += pdf.loadPage(i).toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('Signature of the coroner: ____');
    expect(text).toContain('Juror 11: ____');
  });

  it('prints a name written in Chinese, Japanese or Korean characters, not dropping them', () => {
    const c = concluded(false);
    c.deceased.givenNames = 'Wang 小明';
    c.deceased.familyName = '王 / 김민준 / さくら Müller Ωμέγα';
    const bytes = recordOfInquestPdf(c);
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf');
    const text = pdf.loadPage(0).toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('Name: Wang 小明 王 / 김민준 / さくら Müller Ωμέγα');
    // Only the glyphs used are kept: the whole fallback font would add megabytes.
    expect(bytes.length).toBeLessThan(200_000);
  });

  it('prints every letter of a Polish, Turkish or Vietnamese name, and a character no font has as a box', () => {
    const c = concluded(false);
    c.deceased.givenNames = 'Łukasz Şükrü';
    c.deceased.familyName = 'Nguyễn Thị Ánh';
    const bytes = recordOfInquestPdf(c);
    const page = mupdf.Document.openDocument(bytes, 'application/pdf').loadPage(0);
    expect(page.toStructuredText('preserve-whitespace').asText()).toContain(
      'Name: Łukasz Şükrü Nguyễn Thị Ánh',
    );
    expect(bytes.length).toBeLessThan(200_000);
    // A character none of the fonts has takes the place of a letter as a box, rather than vanishing.
    c.deceased.familyName = 'Nguy\uE000n';
    const boxed = mupdf.Document.openDocument(recordOfInquestPdf(c), 'application/pdf').loadPage(0);
    const inked = (page: mupdf.PDFPage | mupdf.Page) => {
      const pixels = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceGray, false).getPixels();
      return pixels.filter((v) => v < 128).length;
    };
    c.deceased.familyName = 'Nguy n';
    const blank = mupdf.Document.openDocument(recordOfInquestPdf(c), 'application/pdf').loadPage(0);
    expect(inked(boxed)).toBeGreaterThan(inked(blank) + 20);
  });

  it('prints a name written in Hebrew, Arabic or Devanagari in its own letters, in the order it is read', () => {
    const c = concluded(false);
    c.deceased.givenNames = 'דוד';
    c.deceased.familyName = 'כהן محمد कृष्ण';
    const bytes = recordOfInquestPdf(c);
    const page = mupdf.Document.openDocument(bytes, 'application/pdf').loadPage(0);
    const text = page.toStructuredText('preserve-whitespace').asText();
    // Copied out of the PDF, the Hebrew and Arabic read in their own order (a joined letter or a conjunct may
    // not copy back as the letters it joins, so the Devanagari is checked by its glyphs below).
    expect(text).toMatch(/Name:\s+דוד כהן محمد/);
    // Every letter is drawn with a glyph of its own: none is left as the blank a font has for what it lacks.
    const fonts = new Set<string>();
    let missing = 0;
    page.toStructuredText('preserve-whitespace').walk({
      onChar(_c, _origin, font) {
        fonts.add(font.getName());
      },
    });
    page.run(
      new mupdf.Device({
        fillText(t) {
          t.walk({
            showGlyph(_f, _m, glyph) {
              if (glyph === 0) missing++;
            },
          });
        },
      }),
      mupdf.Matrix.identity,
    );
    expect(missing).toBe(0);
    expect([...fonts].some((f) => f.includes('Hebrew'))).toBe(true);
    expect([...fonts].some((f) => f.includes('Devanagari'))).toBe(true);
    expect([...fonts].some((f) => f.includes('Arabic'))).toBe(true);
  });
});
