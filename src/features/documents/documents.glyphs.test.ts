import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { directionOf, lineWidth, setLine } from './documents.glyphs.ts';
import { textWidth } from './documents.pdf.ts';
import { A4, typesetText, wrapLine } from './documents.typeset.ts';

const require = createRequire(import.meta.url);
/** A font's own glyph for a character standing alone (its character map, no shaping). */
const glyphsOf = (family: string) => {
  const font = new mupdf.Font(
    family,
    readFileSync(
      require.resolve(
        `@expo-google-fonts/noto-sans-${family.toLowerCase()}/400Regular/NotoSans${family}_400Regular.ttf`,
      ),
    ),
  );
  return (char: string) => font.encodeCharacter(char.codePointAt(0)!);
};
const hebrew = glyphsOf('Hebrew');
const arabic = glyphsOf('Arabic');
const sansGlyph = (char: string) => new mupdf.Font('Helvetica').encodeCharacter(char.codePointAt(0)!);
const ids = (text: string, direction?: 'ltr' | 'rtl') => setLine(text, direction).map((g) => g.glyph);

describe('setting a line of text', () => {
  it('draws a Hebrew name right to left, in the Hebrew font', () => {
    const glyphs = setLine('דוד כהן');
    expect(glyphs.every((g) => g.font === 'OCHebrew' && g.glyph !== 0)).toBe(true);
    // Drawn from the left: the last letter first.
    expect(glyphs.map((g) => g.glyph)).toEqual([...'ןהכ דוד'].map(hebrew));
  });

  it('keeps an English line in order around a name written right to left', () => {
    const glyphs = setLine('Name: דוד, aged 40');
    const drawn = glyphs.map((g) => g.glyph);
    expect(drawn.slice(0, 6)).toEqual([...'Name: '].map(sansGlyph));
    expect(drawn.slice(6, 9)).toEqual([...'דוד'].reverse().map(hebrew));
    expect(drawn.slice(9)).toEqual([...', aged 40'].map(sansGlyph));
  });

  it('joins Arabic letters as the word is written, right to left', () => {
    const glyphs = setLine('محمد');
    expect(glyphs.every((g) => g.font === 'OCArabic' && g.glyph !== 0)).toBe(true);
    const isolated = [...'محمد'].map(arabic);
    // The middle letters take their joined forms, not the forms they have standing alone.
    expect(glyphs.map((g) => g.glyph)).not.toContain(isolated[1]);
    expect(glyphs.map((g) => g.glyph)).not.toContain(isolated[2]);
    // Two words: the second is drawn first (leftmost), then the space, then the first.
    expect(ids('محمد علي')).toEqual([...ids('علي'), arabic(' '), ...ids('محمد')]);
  });

  it('forms Devanagari conjuncts and places vowel signs on their letters', () => {
    const glyphs = setLine('कृष्ण');
    expect(glyphs.every((g) => g.font === 'OCDevanagari' && g.glyph !== 0)).toBe(true);
    // ष्ण is one conjunct: fewer glyphs than characters.
    expect(glyphs.length).toBeLessThan([...'कृष्ण'].length);
    // The vowel sign ृ sits under क: it takes no room of its own.
    expect(glyphs.some((g) => g.advance === 0)).toBe(true);
  });

  it('reads a paragraph by its first letter, and sets its lines that way', () => {
    expect(directionOf('محمد بن عبد الله, born 1990')).toBe('rtl');
    expect(directionOf('Statement of דוד כהן')).toBe('ltr');
    expect(directionOf('2024: דוד')).toBe('rtl');
    // Read right to left, the number ends the line on the left; read left to right, it starts it.
    const name = [...'ןהכ'].map(hebrew);
    expect(ids('2024 כהן', 'rtl')).toEqual([...name, sansGlyph(' '), ...[...'2024'].map(sansGlyph)]);
    expect(ids('2024 כהן', 'ltr')).toEqual([...[...'2024'].map(sansGlyph), sansGlyph(' '), ...name]);
  });

  it('measures a shaped line as it is drawn', () => {
    const glyphs = setLine('श्री कृष्ण');
    expect(lineWidth('श्री कृष्ण')).toBeCloseTo(
      glyphs.reduce((sum, g) => sum + g.advance, 0),
      6,
    );
    expect(lineWidth('श्री कृष्ण')).toBeGreaterThan(1);
  });

  it('sets a paragraph written in Hebrew from the right margin', () => {
    const doc = typesetText('Statement\nשלום עליכם');
    const page = doc.loadPage(0);
    const lines: { text: string; x0: number; x1: number }[] = [];
    page.toStructuredText('preserve-whitespace').walk({
      beginLine(bbox) {
        lines.push({ text: '', x0: bbox[0], x1: bbox[2] });
      },
      onChar(c) {
        lines.at(-1)!.text += c;
      },
    });
    expect(lines[0]!.x0).toBeCloseTo(64, 0);
    expect(lines[1]!.x1).toBeCloseTo(A4.width - 64, 0);
    expect(lines[1]!.text).toContain('שלום');
  });

  it('breaks a paragraph into lines that fit, losing nothing, a word too long for a line by its letters', () => {
    const width = 200;
    for (const paragraph of [
      `${'م'.repeat(300)} محمد علي ${'ب'.repeat(90)}`,
      `Statement of ${'x'.repeat(150)} given on 3 May`,
      `श्री कृष्ण ${'क्ष'.repeat(60)} शर्मा`,
    ]) {
      const lines = wrapLine(paragraph, width, 10.5);
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(textWidth(line, 10.5)).toBeLessThanOrEqual(width);
      expect(lines.join('').replace(/ /g, '')).toBe(paragraph.replace(/ /g, ''));
    }
  });
});
