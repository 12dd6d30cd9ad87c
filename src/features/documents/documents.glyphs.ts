/**
 * Setting a line of text as glyphs: which font draws each character, and where each glyph goes.
 *
 * Latin, Greek and Cyrillic come from MuPDF's built-in sans serif (and the letters it lacks, such as
 * Vietnamese ones, from Noto Sans), Chinese, Japanese and Korean from its Droid Sans Fallback. Arabic, Hebrew and Devanagari come from Noto Sans (SIL Open Font License, from the
 * `@expo-google-fonts` packages) and are shaped by HarfBuzz (`harfbuzzjs`): Arabic letters take their joined forms, Devanagari its
 * conjuncts and vowel signs in place, and right-to-left words are set right to left within a line that is
 * otherwise left to right (the Unicode bidirectional algorithm, `bidi-js`). A name is printed as its family
 * writes it rather than dropped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import * as hb from 'harfbuzzjs';
import * as mupdf from 'mupdf';

/** The name each font has in a page's resources. */
export type FontKey = 'OCSans' | 'OCNotoSans' | 'OCFallback' | 'OCArabic' | 'OCHebrew' | 'OCDevanagari';

type Face = {
  key: FontKey;
  font: mupdf.Font;
  /** For scripts whose letters change shape or order with their neighbours (HarfBuzz). */
  shaper?: { font: hb.Font; unitsPerEm: number };
};

const require = createRequire(import.meta.url);

function noto(key: FontKey, family: string): Face {
  const file = `NotoSans${family}_400Regular.ttf`;
  const bytes = readFileSync(
    require.resolve(`@expo-google-fonts/noto-sans-${family.toLowerCase()}/400Regular/${file}`),
  );
  const face = new hb.Face(new hb.Blob(bytes));
  return {
    key,
    font: new mupdf.Font(`Noto Sans ${family}`, bytes),
    shaper: { font: new hb.Font(face), unitsPerEm: face.upem },
  };
}

/** MuPDF's built-in sans serif (Latin including Welsh, Greek and Cyrillic). */
const sans = new mupdf.Font('Helvetica');

const SANS: Face = { key: 'OCSans', font: sans };
/**
 * Noto Sans, for the Latin, Greek and Cyrillic letters the built-in sans serif lacks (Vietnamese "ễ", say).
 * A character no font has is drawn as its box (.notdef), so a letter missing from a name shows as missing.
 */
const NOTO_SANS: Face = {
  key: 'OCNotoSans',
  font: new mupdf.Font(
    'Noto Sans',
    readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')),
  ),
};
/** Tried in this order for a character the sans serif lacks; CJK last, as it is the largest. */
const OTHERS: Face[] = [
  noto('OCArabic', 'Arabic'),
  noto('OCHebrew', 'Hebrew'),
  noto('OCDevanagari', 'Devanagari'),
  NOTO_SANS,
  { key: 'OCFallback', font: new mupdf.Font('zh-Hans') },
];
const FACES = new Map<FontKey, Face>([SANS, ...OTHERS].map((f) => [f.key, f]));

/** The font program behind a resource name, for adding it to a document. */
export function fontOf(key: FontKey): mupdf.Font {
  return FACES.get(key)!.font;
}

/** One glyph placed on a line: its offset from the pen and the pen's advance, in ems. */
export type PlacedGlyph = { font: FontKey; glyph: number; advance: number; dx: number; dy: number };

function faceOf(code: number): Face {
  if (sans.encodeCharacter(code) !== 0) return SANS;
  return OTHERS.find((f) => f.font.encodeCharacter(code) !== 0) ?? NOTO_SANS;
}

/**
 * Characters of right-to-left or shaped scripts, and the marks that set the direction of a stretch of text:
 * a line without any is set character by character.
 */
const NEEDS_SHAPING =
  /[\u0590-\u08ff\u0900-\u097f\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufeff\u200c-\u200f\u202a-\u202e\u2066-\u2069]/;
/** Marks that set direction (left-to-right and right-to-left marks, embeddings, isolates): never drawn. */
const DIRECTION_MARK = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function plain(text: string): PlacedGlyph[] {
  const glyphs: PlacedGlyph[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const face = faceOf(code);
    const glyph = face.font.encodeCharacter(code);
    glyphs.push({ font: face.key, glyph, advance: face.font.advanceGlyph(glyph), dx: 0, dy: 0 });
  }
  return glyphs;
}

/** The package's one export is the function that makes the algorithm. */
const bidi = (require('bidi-js') as () => Bidi)();
const STAYS = /[\p{Zs}\p{M}\u200c\u200d]/u;

/** A stretch of a line in one font at one embedding level, in logical order. */
type Run = { face: Face; level: number; text: string };

function runsOf(text: string, direction?: Direction): Run[] {
  const { levels } = bidi.getEmbeddingLevels(text, direction);
  const runs: Run[] = [];
  let at = 0;
  let previous: Face | undefined;
  for (const char of text) {
    if (DIRECTION_MARK.test(char)) {
      at += char.length;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    // A space, mark or joiner stays with the shaped script before it, so a name is shaped whole.
    let face = faceOf(code);
    if (
      previous?.shaper &&
      face !== previous &&
      STAYS.test(char) &&
      previous.font.encodeCharacter(code) !== 0
    )
      face = previous;
    const level = levels[at] ?? 0;
    const last = runs.at(-1);
    if (last && last.face === face && last.level === level) last.text += char;
    else runs.push({ face, level, text: char });
    previous = face;
    at += char.length;
  }
  return runs;
}

function setRun(run: Run): PlacedGlyph[] {
  const rtl = run.level % 2 === 1;
  if (!run.face.shaper) {
    const glyphs = plain(
      rtl ? [...run.text].map((c) => bidi.getMirroredCharacter(c) ?? c).join('') : run.text,
    );
    return rtl ? glyphs.reverse() : glyphs;
  }
  // Letters join within a word, never across a space: each word is shaped once and kept, so a long text
  // costs in proportion to its different words. A right-to-left run's words are drawn last first.
  const words = run.text.split(/( +)/).filter((w) => w !== '');
  if (rtl) words.reverse();
  return words.flatMap((word) => shapeWord(run.face, word, rtl));
}

const buffer = new hb.Buffer();
const SHAPED_KEPT = 20_000;
const shaped = new Map<string, PlacedGlyph[]>();

/** One word (or stretch of spaces) in drawing order: right to left for a right-to-left run. */
function shapeWord(face: Face, word: string, rtl: boolean): PlacedGlyph[] {
  const key = `${face.key}${rtl ? '<' : '>'}${word}`;
  const kept = shaped.get(key);
  if (kept) return kept;
  const shaper = face.shaper!;
  buffer.clearContents();
  buffer.addText(word);
  buffer.guessSegmentProperties();
  buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
  hb.shape(shaper.font, buffer);
  const positions = buffer.getGlyphPositions();
  const em = shaper.unitsPerEm;
  // HarfBuzz calls a glyph's id its `codepoint`.
  const glyphs = buffer.getGlyphInfos().map((g, i) => {
    const p = positions[i]!;
    return {
      font: face.key,
      glyph: g.codepoint,
      advance: p.xAdvance / em,
      dx: p.xOffset / em,
      dy: p.yOffset / em,
    };
  });
  if (shaped.size >= SHAPED_KEPT) shaped.clear();
  shaped.set(key, glyphs);
  return glyphs;
}

export type Direction = 'ltr' | 'rtl';

/**
 * The glyphs of one line, left to right as they are drawn. The line reads in `direction`, or else as its
 * first letter does (a line that starts in Arabic or Hebrew reads right to left), and the words of the other
 * direction are ordered within it as the Unicode bidirectional algorithm orders them.
 */
export function setLine(text: string, direction?: Direction): PlacedGlyph[] {
  if (!NEEDS_SHAPING.test(text)) return plain(text);
  const runs = runsOf(text, direction);
  if (runs.length === 0) return [];
  // Rule L2: from the highest level down to the lowest odd one, each stretch of runs at that level or
  // higher is reversed. Each run's own glyphs are already in drawing order.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i]!.level < level) continue;
      let end = i;
      while (end + 1 < runs.length && runs[end + 1]!.level >= level) end++;
      runs.splice(i, end - i + 1, ...runs.slice(i, end + 1).reverse());
      i = end;
    }
  }
  return runs.flatMap(setRun);
}

/** How a paragraph reads: right to left if its first letter is Arabic or Hebrew. */
export function directionOf(paragraph: string): Direction {
  if (!NEEDS_SHAPING.test(paragraph)) return 'ltr';
  return bidi.getEmbeddingLevels(paragraph).paragraphs[0]?.level === 1 ? 'rtl' : 'ltr';
}

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]/;

/**
 * A name to be put in a sentence: one with right-to-left letters is set apart (between a first-strong
 * isolate and its end), so that it does not carry the words or numbers after it into its own order.
 */
export function isolated(name: string): string {
  return RIGHT_TO_LEFT.test(name) ? `\u2068${name}\u2069` : name;
}

/** Where each glyph is drawn, in ems along the line from its start (y up), for drawing glyph by glyph. */
export function glyphOrigins(glyphs: PlacedGlyph[]): { x: number; y: number }[] {
  let pen = 0;
  return glyphs.map((g) => {
    const origin = { x: pen + g.dx, y: g.dy };
    pen += g.advance;
    return origin;
  });
}

/** Width of a line in ems. */
export function lineWidth(text: string): number {
  let width = 0;
  for (const g of setLine(text)) width += g.advance;
  return width;
}
