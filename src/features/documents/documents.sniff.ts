import { createInflate } from 'node:zlib';
import * as mupdf from 'mupdf';
import { DocumentError, documentDamaged } from './documents.errors.ts';
import { DOCUMENT_LIMITS } from './documents.limits.ts';
import { openPdf } from './documents.pdf.ts';
import type { DocumentContentType } from './documents.types.ts';

export interface InspectedDocument {
  contentType: DocumentContentType;
  /** PDFs: page count. Images: 1. Plain text: undefined (pages come only when typeset). */
  pageCount?: number;
  /** Images: pixel dimensions. */
  width?: number;
  height?: number;
  /** Width and height of each page as displayed: points for PDFs, pixels for images. */
  pageSizes?: [number, number][];
}

export interface DeclaredDocument {
  /** The Content-Type the sender's browser or system declared, if any. */
  contentType?: string;
  fileName?: string;
}

const NAMES: Record<DocumentContentType, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'text/plain': 'plain text',
};

const EXTENSIONS: Record<string, DocumentContentType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  txt: 'text/plain',
  text: 'text/plain',
};

const MIME_ALIASES: Record<string, DocumentContentType> = {
  'application/pdf': 'application/pdf',
  'application/x-pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'text/plain': 'text/plain',
};

const PDF_MAGIC = Buffer.from('%PDF-');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PDF, PNG or JPEG by the signature at the start of the file. */
function recogniseByMagic(head: Uint8Array): DocumentContentType | undefined {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  // The PDF format tolerates a little leading junk before the header, as readers do.
  if (buf.subarray(0, 1024).includes(PDF_MAGIC)) return 'application/pdf';
  if (buf.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * What a file's bytes are as text: UTF-8 (BOM allowed) without NUL or control characters other than tab,
 * line and page breaks; not UTF-8, but text in a single-byte encoding such as Windows-1252 (every byte a
 * printable character or one of those breaks, some above 127: "café" saved by an older editor); or not text.
 */
export type TextReading = 'utf-8' | 'single-byte' | 'not-text';

function readText(buf: Buffer): TextReading {
  if (buf.length === 0) return 'not-text';
  const checker = textChecker();
  checker.push(buf);
  return checker.end();
}

/**
 * Reads text chunk by chunk, so a large file is never held as one string: `push` each chunk (false as soon
 * as the bytes cannot be text at all, so reading may stop), then `end` says what they are.
 */
export function textChecker(): { push(chunk: Uint8Array): boolean; end(): TextReading } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let singleByte = true;
  const readable = (text: string) => {
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if ((code < 0x20 && !TEXT_CONTROLS.has(code)) || code === 0x7f) return false;
    }
    return true;
  };
  const decode = (chunk?: Uint8Array) => {
    if (!utf8) return;
    try {
      utf8 = readable(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    } catch {
      utf8 = false;
    }
  };
  return {
    push(chunk) {
      decode(chunk);
      if (singleByte) {
        for (const byte of chunk) {
          if ((byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f) {
            singleByte = false;
            break;
          }
        }
      }
      return utf8 || singleByte;
    },
    end() {
      decode();
      return utf8 ? 'utf-8' : singleByte ? 'single-byte' : 'not-text';
    },
  };
}

/** Tab, line feed, vertical tab, form feed (page break) and carriage return. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** C0 and C1 controls, and the bidirectional overrides that can disguise an extension. */
function isInvisibleControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** What the sender said the file is: its declared type, else its extension; undefined if neither says. */
function declaredType(declared: DeclaredDocument): DocumentContentType | undefined {
  const mime = declared.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mime && MIME_ALIASES[mime]) return MIME_ALIASES[mime];
  const extension = declared.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return extension ? EXTENSIONS[extension] : undefined;
}

/**
 * What inspection reads of a file: its size, its first and last bytes, its text, its whole bytes (images
 * only) and a MuPDF document (PDFs only). Kept abstract so an upload staged on disk is inspected without
 * reading it all into memory (documents.stage.ts), and bytes in memory the same way.
 */
export interface InspectionSource {
  size: number;
  head(length: number): Promise<Uint8Array>;
  tail(length: number): Promise<Uint8Array>;
  /** What the whole content is as text (see `TextReading`). */
  readText(): Promise<TextReading>;
  bytes(): Promise<Uint8Array>;
  openPdf(): mupdf.PDFDocument;
}

/** Bytes already in memory, as an inspection source. */
export function bytesSource(bytes: Uint8Array): InspectionSource {
  return {
    size: bytes.length,
    head: async (length) => bytes.subarray(0, length),
    tail: async (length) => bytes.subarray(Math.max(0, bytes.length - length)),
    readText: async () => readText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    bytes: async () => bytes,
    openPdf: () => openPdf(bytes),
  };
}

/**
 * Recognises a document by its content and checks that it is safe to keep, redact and disclose
 * (coroner-service §5: disclosure under Coroners (Inquests) Rules 2013 r.13–14 needs a readable
 * original). Refuses, with a DocumentError, files that are not what they claim, protected, damaged
 * or built to expand beyond DOCUMENT_LIMITS.
 */
export async function inspectDocument(
  bytes: Uint8Array,
  declared: DeclaredDocument = {},
): Promise<InspectedDocument> {
  return inspectSource(bytesSource(bytes), declared);
}

/** As `inspectDocument`, reading only what it needs from the source. */
export async function inspectSource(
  source: InspectionSource,
  declared: DeclaredDocument = {},
): Promise<InspectedDocument> {
  if (source.size === 0) {
    throw new DocumentError('UNSUPPORTED_FILE_TYPE', 'The file is empty. Check you chose the right file.');
  }
  const head = await source.head(1024);
  const magic = recogniseByMagic(head);
  const reading = magic ? undefined : await source.readText();
  const actual = magic ?? (reading === 'utf-8' ? 'text/plain' : undefined);
  const claimed = declaredType(declared);
  if (!actual) {
    // Text saved in an older encoding is refused, not guessed at: the same bytes are different letters
    // in Windows-1252, Latin-2 or Cyrillic, and a name read wrongly could not be found to redact.
    if (reading === 'single-byte' && (claimed === 'text/plain' || claimed === undefined)) {
      throw new DocumentError(
        'TEXT_NOT_READABLE',
        'The text file is not saved as UTF-8 (Unicode), so its accented letters and symbols, such as é or £, could be read wrongly. Open it in a text editor (for example Notepad) and save it again choosing UTF-8 as the encoding, then try again.',
      );
    }
    if (claimed === 'text/plain') {
      throw new DocumentError(
        'TEXT_NOT_READABLE',
        'The file is meant to be plain text but contains data that is not readable text. It may be another kind of file, such as a ZIP archive or a Word document. Save it as a PDF and try again.',
      );
    }
    throw new DocumentError(
      'UNSUPPORTED_FILE_TYPE',
      'The file is not a PDF, a PNG or JPEG image, or plain text. Save it as a PDF and try again.',
    );
  }
  if (claimed && claimed !== actual) {
    throw new DocumentError(
      'FILE_TYPE_MISMATCH',
      `The file is named or labelled as ${NAMES[claimed]} but it is ${NAMES[actual]}. Check you chose the right file, or ask the sender to send it again.`,
    );
  }
  switch (actual) {
    case 'application/pdf':
      return inspectPdf(source);
    case 'image/png':
    case 'image/jpeg':
      return inspectImage(await source.bytes(), actual);
    case 'text/plain':
      return { contentType: 'text/plain' };
  }
}

function tooComplex(detail: string): DocumentError {
  return new DocumentError(
    'DOCUMENT_TOO_COMPLEX',
    `The file cannot be accepted: ${detail}. Ask the sender for a smaller or simpler copy, for example a PDF saved again or split into parts.`,
  );
}

function checkPixels(width: number, height: number): void {
  if (width <= 0 || height <= 0) throw documentDamaged();
  if (width * height > DOCUMENT_LIMITS.maxImagePixels) {
    const megapixels = Math.round((width * height) / 1_000_000).toLocaleString('en-GB');
    throw tooComplex(
      `it holds an image of ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} pixels (${megapixels} megapixels; the limit is ${DOCUMENT_LIMITS.maxImagePixels / 1_000_000})`,
    );
  }
}

/** Pixel dimensions from the header, read before any decoding so a bomb is never expanded. */
export function imageDimensions(
  bytes: Uint8Array,
  type: 'image/png' | 'image/jpeg',
): { width: number; height: number } | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/png') {
    if (buf.length < 24 || buf.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return undefined;
    const marker = buf[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = buf.readUInt16BE(i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && i + 9 <= buf.length)
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    if (marker === 0xda || marker === 0xd9) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function inspectImage(bytes: Uint8Array, type: 'image/png' | 'image/jpeg'): InspectedDocument {
  const dimensions = imageDimensions(bytes, type);
  if (!dimensions) throw documentDamaged();
  checkPixels(dimensions.width, dimensions.height);
  try {
    const image = new mupdf.Image(bytes);
    if (image.getWidth() !== dimensions.width || image.getHeight() !== dimensions.height)
      throw documentDamaged();
  } catch {
    throw documentDamaged();
  }
  return {
    contentType: type,
    pageCount: 1,
    ...dimensions,
    pageSizes: [[dimensions.width, dimensions.height]],
  };
}

async function inspectPdf(source: InspectionSource): Promise<InspectedDocument> {
  // A PDF ends with %%EOF; without it the file was cut short in transfer (MuPDF would "repair" it
  // silently and lose the pages past the cut).
  if (!Buffer.from(await source.tail(1024)).includes('%%EOF')) throw documentDamaged();
  const doc = source.openPdf();
  try {
    let pageCount: number;
    try {
      pageCount = doc.countPages();
    } catch {
      throw documentDamaged();
    }
    if (pageCount < 1) throw documentDamaged();
    if (pageCount > DOCUMENT_LIMITS.maxPdfPages) {
      throw tooComplex(
        `it has ${pageCount.toLocaleString('en-GB')} pages (the limit is ${DOCUMENT_LIMITS.maxPdfPages.toLocaleString('en-GB')})`,
      );
    }
    const pageSizes: [number, number][] = [];
    for (let i = 0; i < pageCount; i++) {
      let bounds: mupdf.Rect;
      try {
        bounds = doc.loadPage(i).getBounds();
      } catch {
        throw documentDamaged();
      }
      const [width, height] = [bounds[2] - bounds[0], bounds[3] - bounds[1]];
      const side = Math.max(width, height);
      if (side > DOCUMENT_LIMITS.maxPageSide)
        throw tooComplex(`page ${i + 1} is ${Math.round(side / 72)} inches across`);
      pageSizes.push([round2(width), round2(height)]);
    }
    await checkStreams(doc);
    return { contentType: 'application/pdf', pageCount, pageSizes };
  } finally {
    doc.destroy();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Refuses images with absurd dimensions and streams that inflate beyond the limits. */
async function checkStreams(doc: mupdf.PDFDocument): Promise<void> {
  let total = 0;
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    // Stream-ness belongs to the indirect reference, not to the dictionary it resolves to.
    const obj = doc.newIndirect(num);
    if (!obj.isStream()) continue;
    if (obj.get('Subtype').isName() && obj.get('Subtype').asName() === 'Image') {
      checkPixels(obj.get('Width').asNumber(), obj.get('Height').asNumber());
      continue;
    }
    const filter = obj.get('Filter');
    const first = filter.isArray() ? filter.get(0) : filter;
    if (!first.isName() || first.asName() !== 'FlateDecode') continue;
    const size = await inflatedSize(obj.readRawStream().asUint8Array(), DOCUMENT_LIMITS.maxStreamBytes);
    if (size > DOCUMENT_LIMITS.maxStreamBytes) {
      throw tooComplex('part of it expands to more than 256 MB when opened');
    }
    total += size;
    if (total > DOCUMENT_LIMITS.maxTotalStreamBytes) {
      throw tooComplex('it expands to more than 1 GB when opened');
    }
  }
}

/** Decompressed size of a Flate stream, counted without keeping the output; stops past `limit`. */
function inflatedSize(raw: Uint8Array, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflate.destroy();
        resolve(size);
      }
    });
    // Damaged streams are common and MuPDF reads what it can: count what inflated, do not refuse.
    inflate.on('error', () => resolve(size));
    inflate.on('end', () => resolve(size));
    inflate.end(Buffer.from(raw));
  });
}

/**
 * A safe display name for an uploaded file: no folders, no control characters, at most 200
 * characters. Refuses a name that tries to climb out of a folder (`..`) or has nothing left.
 * The name is only ever shown to people: storage uses the content's hash.
 */
export function sanitiseFileName(name: string): string {
  const parts = name.split(/[/\\]+/);
  if (parts.some((part) => part.trim() === '..')) {
    throw new DocumentError(
      'FILE_NAME_NOT_ALLOWED',
      'The file name is not allowed because it contains a folder path. Rename the file and try again.',
    );
  }
  const base = [...(parts.at(-1) ?? '').normalize('NFC')]
    .filter((char) => !isInvisibleControl(char))
    .join('')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (base === '') {
    throw new DocumentError(
      'FILE_NAME_NOT_ALLOWED',
      'The file has no usable name. Rename the file and try again.',
    );
  }
  return truncateKeepingExtension(base, 200);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return chars.slice(0, max - [...extension].length).join('') + extension;
}
