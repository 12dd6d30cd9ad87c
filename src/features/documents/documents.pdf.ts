import * as mupdf from 'mupdf';
import { DocumentError, documentDamaged } from './documents.errors.ts';
import {
  type Direction,
  type FontKey,
  fontOf,
  lineWidth,
  type PlacedGlyph,
  setLine,
} from './documents.glyphs.ts';
import type { Rect } from './documents.types.ts';

// Shared MuPDF plumbing for redaction, watermark and bundle: opening, saving, and writing text and
// shapes into a page's own content stream (not an annotation, so deleting annotations removes nothing).

/** Full rewrite, unreferenced objects dropped and duplicates merged: no earlier revision survives. */
export const SAVE_OPTIONS = 'garbage=deduplicate,compress=yes';

/**
 * Opens a PDF (bytes, or a MuPDF stream over a file), refusing damaged and password-protected files
 * with their plain-English message.
 */
export function openPdf(source: Uint8Array | mupdf.Stream): mupdf.PDFDocument {
  let doc: mupdf.PDFDocument;
  try {
    doc = new mupdf.PDFDocument(source as Uint8Array);
  } catch {
    throw documentDamaged();
  }
  if (doc.needsPassword()) {
    doc.destroy();
    throw new DocumentError(
      'PDF_ENCRYPTED',
      'The file is a password-protected PDF. Ask the sender for an unprotected copy.',
    );
  }
  return doc;
}

/**
 * Opens a PDF with every layer (optional content group) shown: its /OCProperties are removed and the
 * file read again (MuPDF remembers a document's layer settings once it has used them), so hidden layers
 * are searched, redacted, checked and pictured like the rest, and a version saved from it hides nothing.
 */
export function openPdfShowingLayers(bytes: Uint8Array): mupdf.PDFDocument {
  const doc = openPdf(bytes);
  const root = doc.getTrailer().get('Root');
  if (root.get('OCProperties').isNull()) return doc;
  root.delete('OCProperties');
  const shown = doc.saveToBuffer('').asUint8Array().slice();
  doc.destroy();
  return openPdf(shown);
}

export function savePdf(doc: mupdf.PDFDocument): Uint8Array {
  return doc.saveToBuffer(SAVE_OPTIONS).asUint8Array().slice();
}

/** Width of `text` in points at `size`, as `PageCanvas.text` sets it. */
export function textWidth(text: string, size: number): number {
  return lineWidth(text) * size;
}

/**
 * The glyphs of a line as text-showing operators: each stretch in one font is a `TJ` array of glyph ids
 * (for the Identity-H fonts the stamper adds), with a shift wherever a glyph is placed other than where its
 * font's own width would put it (joined Arabic letters, Devanagari vowel signs), and a rise for a glyph set
 * above or below the line.
 */
function showGlyphs(glyphs: PlacedGlyph[], size: number, fonts: Set<FontKey>): string {
  const shown: string[] = [];
  let font: FontKey | undefined;
  let rise = 0;
  let items: string[] = [];
  const close = () => {
    if (items.length > 0) shown.push(`[${items.join(' ')}] TJ`);
    items = [];
  };
  for (const g of glyphs) {
    if (g.font !== font) {
      close();
      font = g.font;
      fonts.add(font);
      shown.push(`/${font} ${num(size)} Tf`);
    }
    if (g.dy !== rise) {
      close();
      rise = g.dy;
      shown.push(`${num(rise * size)} Ts`);
    }
    const own = fontOf(g.font).advanceGlyph(g.glyph);
    const hex = g.glyph.toString(16).padStart(4, '0');
    if (g.dx !== 0) items.push(num(-g.dx * 1000));
    // Glyphs set at their own widths, one after another, share one string (as plain text always is).
    const last = items.at(-1);
    if (g.dx === 0 && last?.startsWith('<')) items[items.length - 1] = `${last.slice(0, -1)}${hex}>`;
    else items.push(`<${hex}>`);
    const after = g.advance - own - g.dx;
    if (Math.abs(after) > 1e-6) items.push(num(-after * 1000));
  }
  close();
  if (rise !== 0) shown.push('0 Ts');
  return shown.join(' ');
}

/**
 * Writes text and filled rectangles in page coordinates (points from the top-left, y down), the
 * coordinates of search hits and of redaction boxes.
 */
export interface PageCanvas {
  fillRect(rect: Rect, gray: number): void;
  /** `direction` is the line's own reading order, if not that of its first letter. */
  text(
    text: string,
    x: number,
    baseline: number,
    size: number,
    gray: number,
    angle?: number,
    direction?: Direction,
  ): void;
  /** Further drawing is at this opacity (0–1). */
  opacity(alpha: number): void;
  ops: string[];
  /** Opacities used, in percent: each needs a graphics state in the page's resources. */
  opacities: Set<number>;
  /** The fonts the text needed, which the page's resources then name. */
  fonts: Set<FontKey>;
}

const num = (n: number) => (Math.round(n * 1000) / 1000).toString();

function newCanvas(): PageCanvas {
  const ops: string[] = [];
  const opacities = new Set<number>();
  const canvas: PageCanvas = {
    ops,
    opacities,
    fonts: new Set(),
    fillRect(rect, gray) {
      ops.push(`${num(gray)} g ${num(rect.x)} ${num(rect.y)} ${num(rect.width)} ${num(rect.height)} re f`);
    },
    text(text, x, baseline, size, gray, angle = 0, direction) {
      // Page space is y-down here, so flip glyphs back upright; `angle` turns anticlockwise as seen.
      const r = (-angle * Math.PI) / 180;
      const [c, s] = [Math.cos(r), Math.sin(r)];
      const tm = [c, s, s, -c, x, baseline].map(num).join(' ');
      ops.push(`BT ${num(gray)} g ${tm} Tm ${showGlyphs(setLine(text, direction), size, canvas.fonts)} ET`);
    },
    opacity(alpha) {
      const percent = Math.round(alpha * 100);
      opacities.add(percent);
      ops.push(`/OCa${percent} gs`);
    },
  };
  return canvas;
}

/** Per document: the font object and the opacity states drawing may use. */
export interface PdfStamper {
  /** Draws onto the page, appended after its existing content. */
  draw(page: mupdf.PDFPage, paint: (canvas: PageCanvas) => void): void;
}

export function createStamper(doc: mupdf.PDFDocument): PdfStamper {
  // Each font is added once some text needs it: most documents need only the sans serif.
  const added = new Map<FontKey, mupdf.PDFObject>();
  const opening = doc.addStream('q\n', {});
  const states = new Map<number, mupdf.PDFObject>();

  function ensureDict(parent: mupdf.PDFObject, key: string): mupdf.PDFObject {
    const existing = parent.get(key);
    if (existing.isDictionary()) return existing;
    const created = doc.newDictionary();
    parent.put(key, created);
    return created;
  }

  return {
    draw(page, paint) {
      const canvas = newCanvas();
      paint(canvas);
      if (canvas.ops.length === 0) return;
      const pageObj = page.getObject();
      let resources = pageObj.get('Resources');
      if (!resources.isDictionary()) {
        const inherited = pageObj.getInheritable('Resources');
        resources = doc.newDictionary();
        if (inherited.isDictionary())
          inherited.forEach((value, key) => {
            resources.put(key, value);
          });
        pageObj.put('Resources', resources);
      }
      const fonts = ensureDict(resources, 'Font');
      for (const key of canvas.fonts) {
        let font = added.get(key);
        if (!font) {
          font = doc.addFont(fontOf(key));
          added.set(key, font);
        }
        fonts.put(key, font);
      }
      const gs = ensureDict(resources, 'ExtGState');
      for (const percent of canvas.opacities) {
        let state = states.get(percent);
        if (!state) {
          state = doc.addObject({ Type: 'ExtGState', ca: percent / 100, CA: percent / 100 });
          states.set(percent, state);
        }
        gs.put(`OCa${percent}`, state);
      }
      const toUserSpace = mupdf.Matrix.invert(page.getTransform()).map(num).join(' ');
      const closing = doc.addStream(`\nQ\nq ${toUserSpace} cm\n${canvas.ops.join('\n')}\nQ\n`, {});
      const contents = doc.newArray();
      contents.push(opening);
      const old = pageObj.get('Contents');
      if (old.isArray()) {
        old.forEach((item) => {
          contents.push(item);
        });
      } else if (!old.isNull()) contents.push(old);
      contents.push(closing);
      pageObj.put('Contents', contents);
    },
  };
}

/** MuPDF's [x0, y0, x1, y1] as a Rect. */
export function toRect([x0, y0, x1, y1]: mupdf.Rect): Rect {
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function fromRect({ x, y, width, height }: Rect): mupdf.Rect {
  return [x, y, x + width, y + height];
}

/** Bounding box of a quad (a search hit on one line). */
export function quadBounds(q: mupdf.Quad): mupdf.Rect {
  const xs = [q[0], q[2], q[4], q[6]];
  const ys = [q[1], q[3], q[5], q[7]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A string in a content stream: where it is, its text, and the name just before it (`ActualText`), if any. */
export interface ContentString {
  start: number;
  end: number;
  text: string;
  key: string | null;
}

/**
 * The strings of a content stream (read as latin1), literal and hexadecimal, decoded as PDF text
 * strings. Comments and inline image data are skipped.
 */
export function contentStrings(content: string): ContentString[] {
  const found: ContentString[] = [];
  let i = 0;
  while (i < content.length) {
    const c = content[i];
    if (c === '(' || (c === '<' && content[i + 1] !== '<')) {
      const end = c === '(' ? literalEnd(content, i) : content.indexOf('>', i) + 1 || content.length;
      const body = content.slice(i + 1, end - 1);
      const bytes =
        c === '(' ? unescapeLiteral(body) : Buffer.from(body.replace(/\s/g, ''), 'hex').toString('latin1');
      const key = /\/([A-Za-z]+)\s*$/.exec(content.slice(Math.max(0, i - 40), i))?.[1] ?? null;
      found.push({ start: i, end, text: decodeTextString(bytes), key });
      i = end;
    } else if (c === '<') {
      i += 2;
    } else if (c === '%') {
      i = indexAfter(content, /[\r\n]/g, i);
    } else if (
      c === 'I' &&
      content[i + 1] === 'D' &&
      /\s/.test(content[i + 2] ?? '') &&
      /\s/.test(content[i - 1] ?? '')
    ) {
      i = indexAfter(content, /\sEI(?!\S)/g, i + 2);
    } else {
      i++;
    }
  }
  return found;
}

/** Index just after the next match of `pattern` (global) from `from`, or the end. */
function indexAfter(content: string, pattern: RegExp, from: number): number {
  pattern.lastIndex = from;
  const match = pattern.exec(content);
  return match ? match.index + match[0].length : content.length;
}

/** Index just after the `)` that closes the literal string opening at `start` (nested, escaped). */
function literalEnd(content: string, start: number): number {
  let depth = 0;
  for (let i = start; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return content.length;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function unescapeLiteral(body: string): string {
  return body.replace(/\\(\r\n|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
    if (e === '\r\n' || e === '\n' || e === '\r') return '';
    return ESCAPES[e] ?? e;
  });
}

/** A PDF text string's bytes (latin1) as text: UTF-16 or UTF-8 with a byte order mark, else one byte a character. */
export function decodeTextString(bytes: string): string {
  const raw = Buffer.from(bytes, 'latin1');
  if (bytes.startsWith('\xfe\xff'))
    return raw
      .subarray(2, 2 + ((raw.length - 2) & ~1))
      .swap16()
      .toString('utf16le');
  if (bytes.startsWith('\xef\xbb\xbf')) return raw.subarray(3).toString('utf8');
  return bytes;
}

/** Text as a PDF hexadecimal text string in UTF-16, for writing into a content stream. */
export function hexTextString(text: string): string {
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}
