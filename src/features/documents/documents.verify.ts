import type * as mupdf from 'mupdf';
import { DocumentError } from './documents.errors.ts';
import { phrasePattern } from './documents.match.ts';
import { contentStrings, openPdf, openPdfShowingLayers } from './documents.pdf.ts';

/** Lower case with every run of white space as one space: how redacted text is compared. */
export function normaliseForMatch(text: string): string {
  return text.toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
}

/**
 * MuPDF text extraction options for finding redacted text: every character, even outside the page or
 * clipped away, as drawn (not the /ActualText said of it, which is a string, scrubbed and checked as one).
 */
export const FIND_OPTIONS = 'clip=no,ignore-actualtext';

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
 * Looks for redacted text anywhere in a new version, as redaction finds it (whole words, as written or
 * letter-spaced: documents.match.ts): the text MuPDF extracts from every page with every layer shown
 * (lines joined, hyphenated line breaks joined), the saved bytes as they are, every string in the file
 * (metadata, bookmarks, tags), and every decompressed non-image stream, both as it is and as the strings
 * it shows (TJ pieces joined, hexadecimal and /ActualText strings decoded). Labels the redaction itself
 * printed are ignored. Returns what survived; empty means verified.
 */
export function findSurvivingText(
  bytes: Uint8Array,
  texts: readonly string[],
  labels: readonly string[],
): Survivor[] {
  const patterns = texts.map((text) => phrasePattern(text, 'iu'));
  const ignored = labels.map(normaliseForMatch);
  const survivors: Survivor[] = [];
  const check = (haystack: string, where: string) => {
    const cleaned = removeAll(normaliseForMatch(haystack), ignored);
    patterns.forEach((pattern, text) => {
      if (pattern?.test(cleaned)) survivors.push({ where, text });
    });
  };

  const doc = openPdfShowingLayers(bytes);
  const pageCount = doc.countPages();
  for (let i = 0; i < pageCount; i++) {
    const page = doc.loadPage(i);
    check(page.toStructuredText(FIND_OPTIONS).asText(), `page ${i + 1}`);
    check(page.toStructuredText(`${FIND_OPTIONS},dehyphenate`).asText(), `page ${i + 1}`);
  }
  check(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), 'file bytes');
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    check(stringsOf(ref).join('\n'), `object ${num}`);
    if (ref.isStream() && !isBinaryStream(ref)) {
      const content = Buffer.from(ref.readStream().asUint8Array()).toString('latin1');
      check(content, `object ${num}`);
      check(shownText(content), `object ${num}`);
    }
  }
  return survivors;
}

/**
 * The strings of a content stream as a simple font shows them: pieces of a TJ array closer than a
 * space (0.15 em, as MuPDF judges it) joined, so "[(Ni)10(ght)-5(jar)] TJ" reads "Nightjar".
 */
export function shownText(content: string): string {
  let text = '';
  let last = -1;
  for (const string of contentStrings(content)) {
    if (last >= 0) {
      const kerning = /^\s*(-?\d*\.?\d+)?\s*$/.exec(content.slice(last, string.start));
      text += !kerning ? '\n' : Number(kerning[1] ?? 0) < -150 ? ' ' : '';
    }
    text += string.text;
    last = string.end;
  }
  return text;
}

/**
 * Every text string held in an object itself, not in the objects it refers to. Pass an indirect
 * object as its reference: resolving a stream and then saving with garbage=compact loses the stream's
 * data (MuPDF.js 1.28), so nothing here resolves.
 */
export function stringsOf(obj: mupdf.PDFObject, found: string[] = []): string[] {
  if (obj.isString()) found.push(obj.asString());
  else if (obj.isArray() || obj.isDictionary()) {
    obj.forEach((value) => {
      if (!value.isIndirect()) stringsOf(value, found);
    });
  }
  return found;
}

/** Images and font programs: binary data in which text cannot hide as text. */
export function isBinaryStream(ref: mupdf.PDFObject): boolean {
  const subtype = ref.get('Subtype');
  if (subtype.isName() && ['Image', 'Type1C', 'CIDFontType0C', 'OpenType'].includes(subtype.asName()))
    return true;
  return !ref.get('Length1').isNull() || !ref.get('Length2').isNull();
}

/** Whether an object (or a dictionary held in it) is an attached file or carries one. */
function holdsFile(obj: mupdf.PDFObject): boolean {
  if (obj.isStream() && obj.get('Type').isName() && obj.get('Type').asName() === 'EmbeddedFile') return true;
  if (obj.isDictionary() && !(obj.get('EF').isNull() && obj.get('RF').isNull())) return true;
  let found = false;
  if (obj.isArray() || obj.isDictionary()) {
    obj.forEach((value) => {
      if (!found && !value.isIndirect()) found = holdsFile(value);
    });
  }
  return found;
}

/**
 * Where a PDF still carries attached files (embedded file streams, file specifications with their
 * data, the document's list of attachments). Nothing in an attachment can be redacted, so a redacted
 * version must have none.
 */
export function findAttachments(bytes: Uint8Array): string[] {
  const doc = openPdf(bytes);
  const found: string[] = [];
  const names = doc.getTrailer().get('Root').get('Names');
  if (names.isDictionary() && !names.get('EmbeddedFiles').isNull()) found.push('the list of attachments');
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    if (holdsFile(doc.newIndirect(num))) found.push(`object ${num}`);
  }
  return found;
}

/**
 * Where a PDF still holds a non-empty alternative text (/ActualText, /Alt or /E): as a string of a
 * dictionary, or written inline in a content stream.
 */
export function findAlternativeTexts(bytes: Uint8Array): string[] {
  const keys = ['ActualText', 'Alt', 'E'];
  const doc = openPdf(bytes);
  const found: string[] = [];
  const inDictionary = (obj: mupdf.PDFObject): boolean => {
    let hit = false;
    if (obj.isArray() || obj.isDictionary()) {
      obj.forEach((value, key) => {
        if (hit || value.isIndirect()) return;
        if (obj.isDictionary() && value.isString() && keys.includes(String(key)) && value.asString() !== '')
          hit = true;
        else hit = inDictionary(value);
      });
    }
    return hit;
  };
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    if (inDictionary(ref)) found.push(`object ${num}`);
    else if (ref.isStream() && !isBinaryStream(ref)) {
      const content = Buffer.from(ref.readStream().asUint8Array()).toString('latin1');
      if (contentStrings(content).some((s) => s.key && keys.includes(s.key) && s.text !== ''))
        found.push(`object ${num}`);
    }
  }
  return found;
}

/** The pages (numbered from 1) that carry a thumbnail (/Thumb): a picture of the page that redaction does not touch. */
export function findThumbnails(bytes: Uint8Array): number[] {
  const doc = openPdf(bytes);
  const pages: number[] = [];
  const count = doc.countPages();
  for (let i = 0; i < count; i++) if (!doc.findPage(i).get('Thumb').isNull()) pages.push(i + 1);
  return pages;
}

/** The pages (numbered from 1) that carry a Redact annotation: a box drawn over content it has not removed. */
export function findUnappliedRedactions(bytes: Uint8Array): number[] {
  const doc = openPdf(bytes);
  const pages: number[] = [];
  const count = doc.countPages();
  for (let i = 0; i < count; i++) {
    const annots = doc.findPage(i).get('Annots');
    let found = false;
    if (annots.isArray()) {
      annots.forEach((annot) => {
        const subtype = annot.get('Subtype');
        if (subtype.isName() && subtype.asName() === 'Redact') found = true;
      });
    }
    if (found) pages.push(i + 1);
  }
  return pages;
}

/**
 * Refuses the new version if any redacted text survives in it (API: "checked by re-extracting its
 * text"), it has attachments, a page keeps its thumbnail, or a redaction mark is left unapplied.
 */
export function assertRedacted(bytes: Uint8Array, texts: readonly string[], labels: readonly string[]): void {
  const unapplied = findUnappliedRedactions(bytes);
  if (unapplied.length > 0) {
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      `The redacted version was not made: a redaction mark was left on the page without removing what is under it (page ${unapplied.slice(0, 3).join(', ')}). Nothing has been disclosed. Report this to your system administrator.`,
    );
  }
  const thumbnails = findThumbnails(bytes);
  if (thumbnails.length > 0) {
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      `The redacted version was not made: a page still has a thumbnail picture of the page before redaction (page ${thumbnails.slice(0, 3).join(', ')}). Nothing has been disclosed. Report this to your system administrator.`,
    );
  }
  const attachments = findAttachments(bytes);
  if (attachments.length > 0) {
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      `The redacted version was not made: it still has attached files (${attachments.slice(0, 3).join(', ')}). Nothing has been disclosed. Report this to your system administrator.`,
    );
  }
  const survivors = findSurvivingText(bytes, texts, labels);
  if (survivors.length > 0) {
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      `The redacted version was not made: text marked for redaction could still be found in it (${[...new Set(survivors.map((s) => s.where))].slice(0, 3).join(', ')}). Nothing has been disclosed. Report this to your system administrator.`,
    );
  }
}
