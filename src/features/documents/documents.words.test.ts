import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { redactDocument } from './documents.redact.ts';
import { findText } from './documents.search.ts';
import type { Redaction } from './documents.types.ts';
import { assertRedacted, findSurvivingText } from './documents.verify.ts';
import { glyphIds, makeContentPdf, makeTextPdf } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

/** All text of a PDF as MuPDF extracts it. */
function mupdfText(bytes: Uint8Array): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages.join('\n');
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The document information as Poppler's pdfinfo (independent of MuPDF) shows it; undefined where it is not installed. */
function pdfinfo(bytes: Uint8Array): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'pdfinfo-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), bytes);
    const run = spawnSync('pdfinfo', [join(dir, 'a.pdf')]);
    return run.error ? undefined : run.stdout.toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF with the given document information (Title, Subject, Keywords…). */
function withInfo(pdf: Uint8Array, info: Record<string, string>): Uint8Array {
  const doc = new mupdf.PDFDocument(pdf);
  for (const [key, value] of Object.entries(info)) doc.setMetaData(`info:${key}`, value);
  return doc.saveToBuffer('').asUint8Array().slice();
}
const ross: Redaction = { kind: 'text', text: 'Ross', reason: 'THIRD_PARTY_PERSONAL_DATA' };
const sentence = 'Mr Ross walked across the road at the crossing. The gross weight was noted.';

describe('redacting words removes them as whole words only', () => {
  it('leaves the same letters inside other words of a PDF, and counts only the whole words', () => {
    const original = makeTextPdf([[sentence, 'Ross, Rossiter and ROSS signed.']]);
    expect(findText(original, 'application/pdf', 'Ross')).toEqual({ hits: 3, pages: [1] });
    const result = redactDocument(original, 'application/pdf', [ross]);
    expect(result.schedule.redactions[0]?.hits).toBe(3);
    for (const text of [mupdfText(result.bytes), pdftotext(result.bytes)]) {
      if (text === undefined) continue;
      const words = flat(text);
      expect(words).toContain('walked across the road at the crossing. The gross weight was noted.');
      expect(words).toContain('Rossiter');
      expect(words).not.toMatch(/\bross\b/i);
    }
    // The check of the new version agrees: "ross" inside "across" is not a survivor, "Mr Ross" would be.
    expect(findSurvivingText(result.bytes, ['Ross'], [])).toEqual([]);
    expect(findSurvivingText(original, ['Ross'], []).length).toBeGreaterThan(0);
    expect(findSurvivingText(makeTextPdf([['across the crossing']]), ['Ross'], [])).toEqual([]);
  });

  it('still finds words broken over two lines by a hyphen, and letter-spaced, but not inside others', () => {
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Statement of Mr Ross-) Tj 0 -14 Td (iter, and of Ms Night-) Tj ET\n' +
        'BT /F1 11 Tf 72 742 Td (jar. The nightjars flew.) Tj ET\n' +
        `BT /F2 14 Tf 4 Tc 72 700 Td ${glyphIds('NIGHTJAR')} Tj ET`,
    );
    const nightjar: Redaction = { kind: 'text', text: 'nightjar', reason: 'OTHER' };
    // "Night-" / "jar" and the letter-spaced line: two places, three areas; "nightjars" is another word.
    expect(findText(original, 'application/pdf', 'nightjar')).toEqual({ hits: 3, pages: [1] });
    const result = redactDocument(original, 'application/pdf', [nightjar]);
    expect(result.schedule.redactions[0]?.hits).toBe(3);
    const text = flat(mupdfText(result.bytes));
    expect(text).toContain('The nightjars flew.');
    expect(text).not.toMatch(/night-|n i g h t j a r/i);
    // A hyphen at a line's end may end a word ("Ross-" / "iter" read apart) or break one ("Rossiter"):
    // the word is taken out in the first reading, so the check finds it in neither.
    const broken = redactDocument(original, 'application/pdf', [ross]);
    expect(broken.schedule.redactions[0]?.hits).toBe(1);
    expect(flat(mupdfText(broken.bytes))).not.toMatch(/ross/i);
  });

  it('replaces only whole words in plain text, and counts them as the proposal does', () => {
    const original = new TextEncoder().encode(`${sentence}\nROSS signed. Rossiter did not.\n`);
    expect(findText(original, 'text/plain', 'ross')).toEqual({ hits: 2, pages: [] });
    const result = redactDocument(original, 'text/plain', [ross]);
    expect(new TextDecoder().decode(result.bytes)).toBe(
      'Mr [REDACTED: third-party personal data] walked across the road at the crossing. The gross weight was noted.\n' +
        '[REDACTED: third-party personal data] signed. Rossiter did not.\n',
    );
    expect(result.schedule.redactions[0]?.hits).toBe(2);
  });

  it('replaces only whole words in the document information', () => {
    const doc = new mupdf.PDFDocument(makeTextPdf([[sentence]]));
    doc.setMetaData('info:Title', 'Ross: crossing statement');
    const result = redactDocument(doc.saveToBuffer('').asUint8Array().slice(), 'application/pdf', [ross]);
    expect(new mupdf.PDFDocument(result.bytes).getMetaData('info:Title')).toBe(
      '[REDACTED: third-party personal data]: crossing statement',
    );
  });
});

describe('redacting a name wherever the file writes its words apart by _ - or .', () => {
  const maryInfo = {
    Title: 'Mary_Smith_statement.docx',
    Subject: 'Statement of MARY-SMITH',
    Keywords: 'witness; mary.smith',
    Author: 'DC Alice Brown',
  };
  const mary: Redaction = { kind: 'text', text: 'Mary Smith', reason: 'THIRD_PARTY_PERSONAL_DATA' };
  const MARKER = '[REDACTED: third-party personal data]';

  it('replaces it in the document information, so no reader shows it', () => {
    const original = withInfo(makeTextPdf([['Statement of Mary Smith, taken on 3 May.']]), maryInfo);
    const result = redactDocument(original, 'application/pdf', [mary]);
    const out = new mupdf.PDFDocument(result.bytes);
    expect(out.getMetaData('info:Title')).toBe(`${MARKER}_statement.docx`);
    expect(out.getMetaData('info:Subject')).toBe(`Statement of ${MARKER}`);
    expect(out.getMetaData('info:Keywords')).toBe(`witness; ${MARKER}`);
    expect(out.getMetaData('info:Author')).toBe('DC Alice Brown');
    const info = pdfinfo(result.bytes);
    if (info !== undefined) {
      expect(info).toContain('DC Alice Brown');
      expect(info).not.toMatch(/mary[\s._-]*smith/i);
    }
  });

  it('notices it in the check of a new version, which refuses a file that keeps it', () => {
    const kept = withInfo(makeTextPdf([['Statement taken on 3 May.']]), maryInfo);
    expect(findSurvivingText(kept, ['Mary Smith'], []).map((s) => s.where)).toContainEqual(
      expect.stringMatching(/^object \d+$/),
    );
    expect(() => assertRedacted(kept, ['Mary Smith'], [])).toThrow(
      expect.objectContaining({ code: 'REDACTION_NOT_VERIFIED' }),
    );
    // Its words run together are another word.
    const joined = withInfo(makeTextPdf([['Statement taken on 3 May.']]), { Title: 'MarySmith statement' });
    expect(findSurvivingText(joined, ['Mary Smith'], [])).toEqual([]);
  });

  it('removes it from the pages and plain text in the same way, as the proposal counts it', () => {
    const pdf = makeTextPdf([
      ['Mary-Smith signed it; so did Mary Smith', 'and MARY_SMITH. Marys Smithson did not.'],
    ]);
    expect(findText(pdf, 'application/pdf', 'Mary Smith')).toEqual({ hits: 3, pages: [1] });
    const result = redactDocument(pdf, 'application/pdf', [mary]);
    expect(flat(mupdfText(result.bytes))).not.toMatch(/\bmary\b/i);
    expect(mupdfText(result.bytes)).toContain('Marys Smithson did not.');
    const text = new TextEncoder().encode('Mary-Smith, Mary.Smith and Mary  Smith. Marys Smithson.');
    expect(findText(text, 'text/plain', 'mary smith').hits).toBe(3);
    expect(new TextDecoder().decode(redactDocument(text, 'text/plain', [mary]).bytes)).toBe(
      `${MARKER}, ${MARKER} and ${MARKER}. Marys Smithson.`,
    );
  });
});
