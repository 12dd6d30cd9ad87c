/**
 * What a PDF carries besides what its pages show, made safe in a redacted version: strings in its
 * objects and metadata, alternative texts, page thumbnails and attached files.
 */
import type * as mupdf from 'mupdf';
import { phrasePattern } from './documents.match.ts';
import { contentStrings, hexTextString } from './documents.pdf.ts';
import type { RedactionReason } from './documents.types.ts';
import { redactionMarker } from './documents.types.ts';
import { isBinaryStream, stringsOf } from './documents.verify.ts';

/**
 * Replaces redacted text (as whole words: documents.match.ts) in strings outside what pages show: document information, bookmarks,
 * structure tags (alternative text), link and field values, strings that are objects of their own,
 * and the /ActualText, /Alt and /E strings of marked content in content streams. XMP metadata that
 * mentions it is dropped. Objects are used through their references, never resolved (see stringsOf).
 */
export function scrubStrings(
  doc: mupdf.PDFDocument,
  texts: readonly { text: string; reason: RedactionReason }[],
): void {
  const patterns = texts.flatMap((t) => {
    const pattern = phrasePattern(t.text);
    return pattern ? [{ pattern, marker: redactionMarker(t.reason) }] : [];
  });
  if (patterns.length === 0) return;
  const scrub = (value: string) =>
    patterns.reduce((s, { pattern, marker }) => s.replace(pattern, marker), value);
  const found = texts.flatMap((t) => phrasePattern(t.text, 'iu') ?? []);
  const mentions = (value: string) => found.some((pattern) => pattern.test(value));

  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    if (ref.isString()) {
      if (mentions(ref.asString())) ref.writeObject(doc.newString(scrub(ref.asString())));
      continue;
    }
    if (stringsOf(ref).some(mentions)) scrubObject(doc, ref, scrub);
    if (ref.isStream() && !isBinaryStream(ref)) scrubMarkedContent(ref, scrub);
  }
  const trailer = doc.getTrailer();
  if (!trailer.get('Info').isIndirect()) scrubObject(doc, trailer.get('Info'), scrub);
  const root = trailer.get('Root');
  const metadata = root.get('Metadata');
  if (metadata.isStream() && mentions(Buffer.from(metadata.readStream().asUint8Array()).toString('utf8'))) {
    root.delete('Metadata');
  }
}

function scrubObject(doc: mupdf.PDFDocument, obj: mupdf.PDFObject, scrub: (s: string) => string): void {
  if (!(obj.isArray() || obj.isDictionary())) return;
  obj.forEach((value, key) => {
    // Other objects, strings included, are scrubbed in their own right.
    if (value.isIndirect()) return;
    if (value.isString()) {
      const replaced = scrub(value.asString());
      if (replaced !== value.asString()) obj.put(key, doc.newString(replaced));
    } else {
      scrubObject(doc, value, scrub);
    }
  });
}

/**
 * Removes every alternative text: the /ActualText, /Alt and /E strings of structure elements and of
 * marked-content properties, in dictionaries and written inline in content streams.
 */
export function dropAlternativeTexts(doc: mupdf.PDFDocument): void {
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    dropFrom(ref);
    if (ref.isStream() && !isBinaryStream(ref)) scrubMarkedContent(ref, () => '');
  }
}

function dropFrom(obj: mupdf.PDFObject): void {
  if (!(obj.isArray() || obj.isDictionary())) return;
  const keys: string[] = [];
  obj.forEach((value, key) => {
    if (value.isIndirect()) return;
    if (obj.isDictionary() && value.isString() && MARKED_CONTENT_TEXT.includes(String(key)))
      keys.push(String(key));
    else dropFrom(value);
  });
  for (const key of keys) obj.delete(key);
}

/** Marked-content properties whose strings are text read out in place of, or about, what is drawn. */
const MARKED_CONTENT_TEXT = ['ActualText', 'Alt', 'E'];
const MENTIONS_MARKED_CONTENT_TEXT = new RegExp(`/(${MARKED_CONTENT_TEXT.join('|')})\\b`);

/** Replaces redacted text in the /ActualText, /Alt and /E strings written inline in a content stream. */
function scrubMarkedContent(ref: mupdf.PDFObject, scrub: (s: string) => string): void {
  const content = Buffer.from(ref.readStream().asUint8Array()).toString('latin1');
  if (!MENTIONS_MARKED_CONTENT_TEXT.test(content)) return;
  let scrubbed = '';
  let last = 0;
  for (const string of contentStrings(content)) {
    if (!string.key || !MARKED_CONTENT_TEXT.includes(string.key)) continue;
    const replaced = scrub(string.text);
    if (replaced === string.text) continue;
    scrubbed += content.slice(last, string.start) + hexTextString(replaced);
    last = string.end;
  }
  if (last > 0) ref.writeStream(Buffer.from(scrubbed + content.slice(last), 'latin1'));
}

/** Removes every page's thumbnail (/Thumb), a picture of the page as it was before redaction. */
export function removeThumbnails(doc: mupdf.PDFDocument): void {
  const count = doc.countPages();
  for (let i = 0; i < count; i++) doc.findPage(i).delete('Thumb');
}

/**
 * Removes attached files, whose content cannot be redacted: the document's list of attachments, the
 * data of every file specification (/EF, /RF; file attachment annotations are already baked away),
 * associated files (/AF), portfolios (/Collection) and any embedded file stream left. Returns the
 * names of the files removed, for the schedule.
 */
export function removeAttachments(doc: mupdf.PDFDocument): string[] {
  const names = new Set(Object.keys(doc.getEmbeddedFiles()));
  const root = doc.getTrailer().get('Root');
  if (root.get('Names').isDictionary()) root.get('Names').delete('EmbeddedFiles');
  root.delete('Collection');
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    if (ref.isStream() && ref.get('Type').isName() && ref.get('Type').asName() === 'EmbeddedFile') {
      doc.deleteObject(num);
    } else {
      removeFileData(ref, names);
    }
  }
  return [...names].sort();
}

function removeFileData(obj: mupdf.PDFObject, names: Set<string>): void {
  if (!(obj.isArray() || obj.isDictionary())) return;
  if (obj.isDictionary()) {
    if (!(obj.get('EF').isNull() && obj.get('RF').isNull())) {
      const name = ['UF', 'F'].map((key) => obj.get(key)).find((value) => value.isString());
      names.add(name ? name.asString() : 'a file without a name');
      obj.delete('EF');
      obj.delete('RF');
    }
    if (!obj.get('AF').isNull()) obj.delete('AF');
  }
  obj.forEach((value) => {
    if (!value.isIndirect()) removeFileData(value, names);
  });
}
