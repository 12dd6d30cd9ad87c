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
});
