import type * as mupdf from 'mupdf';
import { DocumentError } from './documents.errors.ts';
import { openPdf } from './documents.pdf.ts';

/** Lower case with every run of white space as one space: how redacted text is compared. */
export function normaliseForMatch(text: string): string {
  return text.toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
}

function removeAll(haystack: string, needles: readonly string[]): string {
  let result = haystack;
  for (const needle of needles) result = result.split(needle).join(' ');
  return result;
}

export interface Survivor {
  /** Where the text was found: `page 3`, `file bytes` or `object 12`. */
  where: string;
  /** Index of the text in the list checked. */
  text: number;
}

/**
 * Looks for redacted text anywhere in a new version: the text MuPDF extracts from every page (lines
 * joined, hyphenated line breaks joined), the saved bytes as they are, and every string and
 * decompressed non-image stream in the file (metadata, bookmarks, tags, attachments). Labels the
 * redaction itself printed are ignored. Returns what survived; empty means verified.
 */
export function findSurvivingText(
  bytes: Uint8Array,
  texts: readonly string[],
  labels: readonly string[],
): Survivor[] {
  const needles = texts.map(normaliseForMatch);
  const ignored = labels.map(normaliseForMatch);
  const survivors: Survivor[] = [];
  const check = (haystack: string, where: string) => {
    const cleaned = removeAll(normaliseForMatch(haystack), ignored);
    needles.forEach((needle, text) => {
      if (needle && cleaned.includes(needle)) survivors.push({ where, text });
    });
  };

  const doc = openPdf(bytes);
  const pageCount = doc.countPages();
  for (let i = 0; i < pageCount; i++) {
    const page = doc.loadPage(i);
    check(page.toStructuredText('').asText(), `page ${i + 1}`);
    check(page.toStructuredText('dehyphenate').asText(), `page ${i + 1}`);
  }
  check(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), 'file bytes');
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    check(stringsOf(ref.resolve()).join('\n'), `object ${num}`);
    if (ref.isStream() && !isBinaryStream(ref)) {
      check(Buffer.from(ref.readStream().asUint8Array()).toString('latin1'), `object ${num}`);
    }
  }
  return survivors;
}

/** Every text string held directly in an object (not following references). */
export function stringsOf(obj: mupdf.PDFObject, found: string[] = []): string[] {
  if (obj.isIndirect()) return found;
  if (obj.isString()) found.push(obj.asString());
  else if (obj.isArray() || obj.isDictionary()) {
    obj.forEach((value) => {
      stringsOf(value, found);
    });
  }
  return found;
}

/** Images and font programs: binary data in which text cannot hide as text. */
function isBinaryStream(ref: mupdf.PDFObject): boolean {
  const subtype = ref.get('Subtype');
  if (subtype.isName() && ['Image', 'Type1C', 'CIDFontType0C', 'OpenType'].includes(subtype.asName()))
    return true;
  return !ref.get('Length1').isNull() || !ref.get('Length2').isNull();
}

/** Refuses the new version if any redacted text survives in it (API: "checked by re-extracting its text"). */
export function assertRedacted(bytes: Uint8Array, texts: readonly string[], labels: readonly string[]): void {
  const survivors = findSurvivingText(bytes, texts, labels);
  if (survivors.length > 0) {
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      `The redacted version was not made: text marked for redaction could still be found in it (${[...new Set(survivors.map((s) => s.where))].slice(0, 3).join(', ')}). Nothing has been disclosed. Report this to your system administrator.`,
    );
  }
}
