/**
 * How words to redact are found, the same everywhere: on a PDF's pages, in a plain text file, in the
 * strings a PDF keeps besides its pages (its information, bookmarks, tags), in the check of a new
 * version, and in file names and titles. No I/O.
 *
 * A phrase is found in any case, its words apart by any run of white space, hyphens, underscores or dots
 * (as file names and document information separate words: "Mary Smith" finds "MARY-SMITH" and
 * "Mary_Smith_statement.docx"), or letter-spaced, every letter apart by white space ("N I G H T J A R").
 * It is found only as whole words: the character just before it and the one just after it are not
 * letters or digits (in any script), so "Ross" is not found in "across" or "Rossiter".
 */

/** A letter or digit of any script, or a mark (an accent) that belongs to the letter before it. */
const WORD_CHARACTER = '[\\p{L}\\p{N}\\p{M}]';

/** What separates the words of a phrase: any run of white space, hyphens, underscores or dots. */
const WORD_GAP = '[\\s._-]+';
const WORD_GAPS = /[\s._-]+/u;

/** The words of a phrase, as they are separated in it. */
export function phraseWords(text: string): string[] {
  return text.split(WORD_GAPS).filter(Boolean);
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern that finds a phrase as whole words (see above); undefined for a phrase with no words.
 * `flags` as RegExp takes them: "giu" to replace every place, "iu" to ask whether there is one.
 */
export function phrasePattern(text: string, flags = 'giu'): RegExp | undefined {
  const words = phraseWords(text);
  if (words.length === 0) return undefined;
  const letters = [...words.join('')];
  const forms = [words.map(literal).join(WORD_GAP)];
  if (letters.length > 1) forms.push(letters.map(literal).join('\\s+'));
  return new RegExp(asWholeWords(forms.join('|')), flags);
}

/** A pattern's source made to match only where neither the character before nor the one after is a letter or digit. */
function asWholeWords(source: string): string {
  return `(?<!${WORD_CHARACTER})(?:${source})(?!${WORD_CHARACTER})`;
}

/** Whether a phrase is in a text, as whole words. */
export function containsPhrase(haystack: string, text: string): boolean {
  return phrasePattern(text, 'iu')?.test(haystack) ?? false;
}

/**
 * A hyphen (one character) that, ending a line, may break a word over two lines ("Night-" / "jar"): such
 * a line is read both as it is and joined to the next line without the hyphen, so that "nightjar" is
 * found too. The same hyphens as `joinHyphenatedLines` joins.
 */
export const LINE_END_HYPHEN = /^[-\u00ad\u2010\u2011]$/u;

/**
 * Text laid out in lines (one a line, as MuPDF writes a page's text) read with each word broken by a
 * hyphen at a line's end joined again: "Night-\njar" reads "Nightjar".
 */
export function joinHyphenatedLines(text: string): string {
  return text.replace(/[-\u00ad\u2010\u2011][^\S\n]*\n\s*(?=\S)/gu, '');
}
