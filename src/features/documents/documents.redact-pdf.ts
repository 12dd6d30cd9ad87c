import * as mupdf from 'mupdf';
import { DocumentError } from './documents.errors.ts';
import { findOnPage } from './documents.page-words.ts';
import {
  createStamper,
  fromRect,
  openPdfShowingLayers,
  type PageCanvas,
  quadBounds,
  savePdf,
  textWidth,
  toRect,
} from './documents.pdf.ts';
import {
  dropAlternativeTexts,
  removeAttachments,
  removeThumbnails,
  scrubStrings,
} from './documents.redact-hidden.ts';
import type { Rect, RedactedArea, Redaction, SuppliedMark } from './documents.types.ts';
import { redactionLabel, redactionMarker } from './documents.types.ts';
import { assertRedacted, FIND_OPTIONS, findAlternativeTexts, normaliseForMatch } from './documents.verify.ts';

type Indexed<T> = T & { index: number };
type TextRedaction = Indexed<Extract<Redaction, { kind: 'text' }>>;
type BoxRedaction = Indexed<Extract<Redaction, { kind: 'box' }>>;

/**
 * Redacts a PDF for disclosure (Coroners (Inquests) Rules 2013 r.14: disclosure "redacted (all or
 * part)"). Every layer is shown and every attached file removed. Every search hit and box gets a
 * MuPDF Redact annotation; applying them removes the text, the image pixels and the line art under
 * them from the page content. Each area is then painted black with its reason in white, in the page
 * content itself, and the file is saved in full with garbage collection so no earlier revision or
 * orphaned object remains. Page thumbnails (/Thumb: small pictures of the unredacted pages) are
 * removed. Finally the saved bytes are searched again and the version refused if any redacted text,
 * any attachment or any thumbnail survives.
 *
 * Text is matched as whole words (documents.match.ts), ignoring case, across line breaks (a line break
 * matches a space), across hyphenated line breaks ("Night-" / "jar" matches "nightjar") and
 * letter-spaced ("N I G H T J A R"), in every layer, hidden or not (documents.page-words.ts). Not found:
 * text inside images (scans without a text layer; box them instead), text split by a hyphen that is not
 * at a line end, or spelt differently in the document.
 */
export function redactPdf(
  bytes: Uint8Array,
  redactions: readonly Redaction[],
): {
  bytes: Uint8Array;
  areas: RedactedArea[];
  attachments: string[];
  marksApplied: SuppliedMark[];
  pagesAsPictures: number[];
} {
  const { doc, marksApplied } = openForRedaction(bytes);
  const attachments = removeAttachments(doc);
  removeThumbnails(doc);
  const pageCount = doc.countPages();
  const indexed = redactions.map((r, index) => ({ ...r, index }));
  const texts = indexed.filter(
    (r): r is TextRedaction => r.kind === 'text' && normaliseForMatch(r.text) !== '',
  );
  const boxes = indexed.filter((r): r is BoxRedaction => r.kind === 'box');
  for (const box of boxes) checkBox(doc, pageCount, box);

  const stamper = createStamper(doc);
  const areas: RedactedArea[] = [];
  const pagesAsPictures: number[] = [];
  for (let i = 0; i < pageCount; i++) {
    const page = doc.loadPage(i);
    const pageAreas = [
      ...boxAreas(
        page,
        boxes.filter((b) => b.page === i + 1),
      ),
      ...removeTextHits(page, texts, i + 1),
    ];
    if (pageAreas.length === 0) continue;
    stamper.draw(page, (canvas) => {
      for (const area of pageAreas) paintRedactedArea(canvas, area);
    });
    if (
      pageAreas.some((a) => boxes.some((b) => b.index === a.redaction)) &&
      paintsImagesThroughPatterns(page)
    ) {
      replaceByPicture(doc, doc.loadPage(i));
      pagesAsPictures.push(i + 1);
    }
    areas.push(...pageAreas);
  }
  // What an area covered may also be written where pages do not show it (bookmarks, information,
  // alternative text): it is scrubbed as redacted words are. Alternative texts (/ActualText, /Alt, /E) may
  // say what an area covered in other words, and cannot be told apart, so a version with areas keeps none.
  const covered: TextRedaction[] = [
    ...areas
      .filter((a) => boxes.some((b) => b.index === a.redaction) && normaliseForMatch(a.text) !== '')
      .map((a): TextRedaction => ({ kind: 'text', text: a.text, reason: a.reason, index: a.redaction })),
    ...marksApplied
      .filter((m) => normaliseForMatch(m.text) !== '')
      .map((m): TextRedaction => ({ kind: 'text', text: m.text, reason: 'OTHER', index: -1 })),
  ];
  scrubStrings(doc, [...texts, ...covered]);
  const marked = boxes.length > 0 || marksApplied.length > 0;
  if (marked) dropAlternativeTexts(doc);
  const saved = savePdf(doc);
  if (marked && findAlternativeTexts(saved).length)
    throw new DocumentError(
      'REDACTION_NOT_VERIFIED',
      'The redacted version was not made: alternative text that could describe a marked area was still in it. Nothing has been disclosed. Report this to your system administrator.',
    );
  // What the redaction itself printed (labels, and markers in scrubbed strings) is not a survivor.
  const labels = [
    ...new Set(redactions.flatMap((r) => [redactionMarker(r.reason), ...labelCandidates(r.reason)])),
  ].sort((a, b) => b.length - a.length);
  assertRedacted(
    saved,
    texts.map((t) => t.text),
    labels,
  );
  return { bytes: saved, areas, attachments, marksApplied, pagesAsPictures };
}

/**
 * The document as redaction works on it: every layer shown, the supplier's own redactions (Redact
 * annotations, which only draw a box until applied) applied, and the other annotations and form fields
 * made ordinary page content, so they are found and redacted like the rest.
 */
function openForRedaction(bytes: Uint8Array): { doc: mupdf.PDFDocument; marksApplied: SuppliedMark[] } {
  const doc = openPdfShowingLayers(bytes);
  const marksApplied = applySuppliedRedactions(doc);
  doc.bake();
  return { doc, marksApplied };
}

/**
 * Applies the redactions a PDF came with, as MuPDF applies ours: text, image pixels and every path
 * touching each area removed. They are its Redact annotations (a black box is drawn, with the
 * supplier's overlay text if any) and its opaque dark-filled rectangles (Square annotations), which
 * whoever drew them over text meant as redactions: the box stays, and what it hid is removed with it,
 * so the version looks the same.
 */
function applySuppliedRedactions(doc: mupdf.PDFDocument): SuppliedMark[] {
  const marks: SuppliedMark[] = [];
  const count = doc.countPages();
  for (let i = 0; i < count; i++) {
    const page = doc.loadPage(i);
    const annots = page.getAnnotations();
    const redacts = annots.filter((a) => a.getType() === 'Redact');
    const boxes = annots.filter((a) => a.getType() === 'Square' && isOpaqueDarkFill(a));
    if (redacts.length + boxes.length === 0) continue;
    const text = page.toStructuredText('');
    for (const annot of [...redacts, ...boxes]) {
      const rect = toRect(annot.getRect());
      marks.push({ page: i + 1, rect, text: textInRect(text, rect) });
    }
    for (const box of boxes) page.createAnnotation('Redact').setRect(box.getRect());
    page.applyRedactions(
      true,
      mupdf.PDFPage.REDACT_IMAGE_PIXELS,
      mupdf.PDFPage.REDACT_LINE_ART_REMOVE_IF_TOUCHED,
    );
  }
  return marks;
}

/** Whether an annotation is filled, fully opaque, in a colour so dark (black, near black) that it hides what is under it. */
function isOpaqueDarkFill(annot: mupdf.PDFAnnotation): boolean {
  if (!annot.hasInteriorColor() || annot.getOpacity() < 1) return false;
  const colour = annot.getInteriorColor();
  const lightness =
    colour.length === 1
      ? colour[0]
      : colour.length === 3
        ? 0.3 * colour[0] + 0.59 * colour[1] + 0.11 * colour[2]
        : colour.length === 4
          ? (1 - colour[3]) * (1 - Math.max(colour[0], colour[1], colour[2]))
          : 1;
  return lightness <= 0.25;
}

/**
 * How many areas redacting the text would black out, and on which pages: found exactly as redaction
 * finds it (every whole-word place, however many).
 */
export function countTextHits(bytes: Uint8Array, text: string): { hits: number; pages: number[] } {
  const { doc } = openForRedaction(bytes);
  try {
    let hits = 0;
    const pages: number[] = [];
    const count = doc.countPages();
    for (let i = 0; i < count; i++) {
      const [quads = []] = findOnPage(doc.loadPage(i).toStructuredText(FIND_OPTIONS), [text]);
      if (quads.length > 0) pages.push(i + 1);
      hits += quads.length;
    }
    return { hits, pages };
  } finally {
    doc.destroy();
  }
}

function checkBox(doc: mupdf.PDFDocument, pageCount: number, box: BoxRedaction): void {
  if (!Number.isInteger(box.page) || box.page < 1 || box.page > pageCount) {
    throw new DocumentError(
      'REDACTION_OUTSIDE_DOCUMENT',
      `Page ${box.page} does not exist: the document has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'}.`,
    );
  }
  const [x0, y0, x1, y1] = doc.loadPage(box.page - 1).getBounds();
  const { x, y, width, height } = box.rect;
  const inside = width > 0 && height > 0 && x < x1 - x0 && y < y1 - y0 && x + width > 0 && y + height > 0;
  if (!inside) {
    throw new DocumentError(
      'REDACTION_OUTSIDE_DOCUMENT',
      `The area to redact on page ${box.page} is outside the page. Mark the area again.`,
    );
  }
}

/**
 * Whether a page paints pictures through a tiling pattern (directly or in a form it draws): MuPDF
 * removes no pixels from those, so a picture inside a marked area would survive in the pattern.
 */
function paintsImagesThroughPatterns(page: mupdf.PDFPage): boolean {
  const holdsImage = (resources: mupdf.PDFObject, depth: number): boolean => {
    if (!resources.isDictionary() || depth > 8) return false;
    let found = false;
    resources.get('XObject').forEach((xobject) => {
      const subtype = xobject.get('Subtype');
      if (subtype.isName() && subtype.asName() === 'Image') found = true;
      else if (!found) found = holdsImage(xobject.get('Resources'), depth + 1);
    });
    resources.get('Pattern').forEach((pattern) => {
      if (!found) found = holdsImage(pattern.get('Resources'), depth + 1);
    });
    return found;
  };
  const throughPattern = (resources: mupdf.PDFObject, depth: number): boolean => {
    if (!resources.isDictionary() || depth > 8) return false;
    let found = false;
    resources.get('Pattern').forEach((pattern) => {
      if (!found && pattern.get('PatternType').asNumber() === 1)
        found = holdsImage(pattern.get('Resources'), depth + 1);
    });
    resources.get('XObject').forEach((xobject) => {
      if (!found) found = throughPattern(xobject.get('Resources'), depth + 1);
    });
    return found;
  };
  return throughPattern(page.getObject().getInheritable('Resources'), 0);
}

/** Resolution of a page replaced by its picture: enough to read 8-point text. */
const PICTURE_DPI = 150;

/**
 * Replaces a redacted page by a picture of it, as shown: nothing drawn on it survives except as
 * pixels, at the price of its text, which can no longer be selected or searched.
 */
function replaceByPicture(doc: mupdf.PDFDocument, page: mupdf.PDFPage): void {
  const [x0, y0, x1, y1] = page.getBounds();
  const scale = PICTURE_DPI / 72;
  const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
  const [width, height] = [x1 - x0, y1 - y0];
  const pageObj = page.getObject();
  for (const key of ['CropBox', 'TrimBox', 'BleedBox', 'ArtBox', 'Rotate', 'Annots', 'Group'])
    pageObj.delete(key);
  pageObj.put('MediaBox', [0, 0, width, height]);
  pageObj.put('Resources', doc.addObject({ XObject: { Page: doc.addImage(new mupdf.Image(pixmap)) } }));
  pageObj.put('Contents', doc.addStream(`q ${num(width)} 0 0 ${num(height)} 0 0 cm /Page Do Q`, {}));
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** Box redactions on one page, marked for removal; the text under each is kept for the schedule. */
function boxAreas(page: mupdf.PDFPage, boxes: BoxRedaction[]): RedactedArea[] {
  if (boxes.length === 0) return [];
  const [px0, py0, px1, py1] = page.getBounds();
  const text = page.toStructuredText('');
  const areas = boxes.map((box) => {
    const [x0, y0, x1, y1] = fromRect(box.rect);
    const clipped = toRect([
      Math.max(x0, 0),
      Math.max(y0, 0),
      Math.min(x1, px1 - px0),
      Math.min(y1, py1 - py0),
    ]);
    const annot = page.createAnnotation('Redact');
    annot.setRect(fromRect(clipped));
    return {
      redaction: box.index,
      page: box.page,
      rect: clipped,
      reason: box.reason,
      text: textInRect(text, clipped),
    };
  });
  // Every path that touches the area goes, whole: one drawn inside it (a signature, a sketch) is what
  // was marked, and one crossing it (a border, a table's ruling) may go with it, visibly.
  page.applyRedactions(
    false,
    mupdf.PDFPage.REDACT_IMAGE_PIXELS,
    mupdf.PDFPage.REDACT_LINE_ART_REMOVE_IF_TOUCHED,
  );
  return areas;
}

/** Finds and removes every occurrence of each text on a page, as whole words. */
function removeTextHits(page: mupdf.PDFPage, texts: TextRedaction[], pageNumber: number): RedactedArea[] {
  if (texts.length === 0) return [];
  const areas: RedactedArea[] = [];
  const found = findOnPage(
    page.toStructuredText(FIND_OPTIONS),
    texts.map((t) => t.text),
  );
  texts.forEach((redaction, i) => {
    for (const quad of found[i] ?? []) {
      const annot = page.createAnnotation('Redact');
      annot.setQuadPoints([quad]);
      annot.setRect(quadBounds(quad));
      areas.push({
        redaction: redaction.index,
        page: pageNumber,
        rect: toRect(quadBounds(quad)),
        reason: redaction.reason,
        text: redaction.text,
      });
    }
  });
  if (areas.length === 0) return [];
  // Line art is removed only where a word's box covers it (an underline), so a table's ruling that
  // a word touches stays.
  page.applyRedactions(
    false,
    mupdf.PDFPage.REDACT_IMAGE_PIXELS,
    mupdf.PDFPage.REDACT_LINE_ART_REMOVE_IF_COVERED,
  );
  return areas;
}

/** The characters whose centre lies inside `rect`, lines separated by a space. */
function textInRect(text: mupdf.StructuredText, rect: Rect): string {
  let result = '';
  text.walk({
    onChar(c, _origin, _font, _size, quad) {
      const cx = (quad[0] + quad[2] + quad[4] + quad[6]) / 4;
      const cy = (quad[1] + quad[3] + quad[5] + quad[7]) / 4;
      if (cx >= rect.x && cx <= rect.x + rect.width && cy >= rect.y && cy <= rect.y + rect.height)
        result += c;
    },
    endLine() {
      if (result && !result.endsWith(' ')) result += ' ';
    },
  });
  return result.trim();
}

/** Labels from longest to shortest: "Redacted: legal privilege", "legal privilege", "Redacted". */
function labelCandidates(reason: RedactedArea['reason']): string[] {
  const label = redactionLabel(reason);
  return [label, label.replace('Redacted: ', ''), 'Redacted'];
}

/**
 * A black area with its reason in white, as large as fits (up to 9 pt, down to 4 pt); a narrow area
 * (one short word) falls back to the reason alone, then to "Redacted", then to plain black.
 */
export function paintRedactedArea(
  canvas: PageCanvas,
  area: { rect: Rect | null; reason: RedactedArea['reason'] },
) {
  if (!area.rect) return;
  const { x, y, width, height } = area.rect;
  canvas.fillRect(area.rect, 0);
  for (const candidate of labelCandidates(area.reason)) {
    const size = Math.min(9, height * 0.7, (width - 2) / textWidth(candidate, 1));
    if (size < 4) continue;
    const left = x + (width - textWidth(candidate, size)) / 2;
    canvas.text(candidate, left, y + height / 2 + size * 0.35, size, 1);
    return;
  }
}
