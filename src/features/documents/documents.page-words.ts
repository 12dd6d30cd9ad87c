import type * as mupdf from 'mupdf';
import { joinHyphenatedLines, LINE_END_HYPHEN, phrasePattern } from './documents.match.ts';

// Where words to redact are on a PDF page: found in the page's text as MuPDF reads it (and as the check
// of a new version reads it, documents.verify.ts), each place given as the quads of the characters drawn
// there, one a line, for MuPDF to remove what is under them.

/** A character of a page as MuPDF reads it, with where it is drawn. */
interface PageCharacter {
  c: string;
  quad: mupdf.Quad;
  line: number;
  /** Its place in reading order. */
  order: number;
}

/**
 * A page's text as words are matched in it: each position of `text` is the character drawn there (none
 * for the space put between two lines); a hyphen taken out where a word broken over two lines is joined
 * again is kept by the position of the first letter after it, so that a word found across it covers it.
 */
interface Reading {
  text: string;
  at: (PageCharacter | undefined)[];
  hyphens: Map<number, PageCharacter>;
}

/**
 * The page read as the check reads it (documents.verify.ts): its lines joined by a space, and, where a
 * line ends with a hyphen, also with the word broken there joined again (`joinHyphenatedLines`).
 */
function readingsOf(text: mupdf.StructuredText): Reading[] {
  const lines: PageCharacter[][] = [];
  let order = 0;
  text.walk({
    beginLine() {
      lines.push([]);
    },
    onChar(c, _origin, _font, _size, quad) {
      lines.at(-1)?.push({ c, quad, line: lines.length - 1, order: order++ });
    },
  });
  const blank = (ch: PageCharacter) => /^\s*$/u.test(ch.c);
  const lastLine = lines.findLastIndex((line) => line.some((ch) => !blank(ch)));
  const hyphenAt = lines.map((line, i) => {
    const last = line.findLastIndex((ch) => !blank(ch));
    return i < lastLine && last >= 0 && LINE_END_HYPHEN.test(line[last]!.c) ? last : -1;
  });
  const read = (join: boolean): Reading => {
    const reading: Reading = { text: '', at: [], hyphens: new Map() };
    let hyphen: PageCharacter | undefined;
    const put = (c: string, ch: PageCharacter | undefined) => {
      for (let unit = 0; unit < c.length; unit++) reading.at.push(ch);
      reading.text += c;
    };
    lines.forEach((line, i) => {
      if (i > 0 && !hyphen) put(' ', undefined);
      const cut = join ? hyphenAt[i]! : -1;
      line.forEach((ch, k) => {
        if (cut >= 0 && k >= cut) return;
        if (hyphen) {
          if (blank(ch)) return;
          reading.hyphens.set(reading.text.length, hyphen);
          hyphen = undefined;
        }
        put(ch.c, ch);
      });
      if (cut >= 0) hyphen = line[cut];
    });
    return reading;
  };
  return hyphenAt.some((at) => at >= 0) ? [read(false), read(true)] : [read(false)];
}

/**
 * Every place on a page where each text is, as whole words (documents.match.ts), each a quad of one
 * line. The page's text is first looked through as a whole, and read character by character, with
 * where each is drawn, only when one of the texts is there.
 */
export function findOnPage(text: mupdf.StructuredText, needles: readonly string[]): mupdf.Quad[][] {
  const plain = text.asText();
  const joined = joinHyphenatedLines(plain);
  const found = needles.map((needle) => {
    const pattern = phrasePattern(needle, 'iu');
    return pattern !== undefined && (pattern.test(plain) || pattern.test(joined));
  });
  if (!found.some(Boolean)) return needles.map(() => []);
  const readings = readingsOf(text);
  return needles.map((needle, n) => {
    const pattern = found[n] && phrasePattern(needle, 'giu');
    if (!pattern) return [];
    const places = new Map<string, PageCharacter[]>();
    for (const reading of readings) {
      for (const match of reading.text.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        const chars = new Set<PageCharacter>();
        for (let at = start; at < end; at++) {
          const ch = reading.at[at];
          if (ch) chars.add(ch);
        }
        for (const [at, hyphen] of reading.hyphens) if (at > start && at < end) chars.add(hyphen);
        const place = [...chars].sort((a, b) => a.order - b.order);
        places.set(place.map((ch) => ch.order).join(','), place);
      }
    }
    return [...places.values()].flatMap(quadsOf);
  });
}

/** The characters of one place, as one quad on each line they are on (spaces at either end left out). */
function quadsOf(place: PageCharacter[]): mupdf.Quad[] {
  const quads: mupdf.Quad[] = [];
  const byLine = new Map<number, PageCharacter[]>();
  for (const ch of place) byLine.set(ch.line, [...(byLine.get(ch.line) ?? []), ch]);
  for (const chars of byLine.values()) {
    const drawn = chars.filter((ch) => !/^\s*$/u.test(ch.c));
    const first = drawn[0];
    const last = drawn.at(-1);
    if (!first || !last) continue;
    const [ulx, uly, , , llx, lly] = first.quad;
    const [, , urx, ury, , , lrx, lry] = last.quad;
    quads.push([ulx, uly, urx, ury, llx, lly, lrx, lry]);
  }
  return quads;
}
