import type * as mupdf from 'mupdf';
import { DocumentError } from './documents.errors.ts';
import { phrasePattern } from './documents.match.ts';
import { textWidth } from './documents.pdf.ts';
import { blackOut, decodeImage, drawText, encodeImage, type PixelRect } from './documents.pixels.ts';
import { redactPdf } from './documents.redact-pdf.ts';
import {
  type DocumentContentType,
  type RedactedArea,
  type Redaction,
  type RedactionSchedule,
  type RedactionSummary,
  redactionLabel,
  redactionMarker,
  type SuppliedMark,
} from './documents.types.ts';

export interface RedactedVersion {
  bytes: Uint8Array;
  contentType: DocumentContentType;
  schedule: RedactionSchedule;
}

/**
 * Makes a redacted version of a document for disclosure (Coroners (Inquests) Rules 2013 r.14; the
 * r.15 grounds are the reasons). The original is untouched, so the same redactions on the same
 * original give the same result. PDFs: content truly removed, attached files removed, and verified
 * (documents.redact-pdf.ts).
 * Images: boxes in pixels, painted over and re-encoded; text redaction does not apply. Plain text:
 * each occurrence replaced by a marker such as "[REDACTED: sensitive operational]".
 */
export function redactDocument(
  bytes: Uint8Array,
  contentType: DocumentContentType,
  redactions: readonly Redaction[],
): RedactedVersion {
  let result: {
    bytes: Uint8Array;
    areas: RedactedArea[];
    attachments?: string[];
    marksApplied?: SuppliedMark[];
    pagesAsPictures?: number[];
  };
  switch (contentType) {
    case 'application/pdf':
      result = redactPdf(bytes, redactions);
      break;
    case 'image/png':
    case 'image/jpeg':
      result = redactImage(bytes, contentType, redactions);
      break;
    case 'text/plain':
      result = redactText(bytes, redactions);
      break;
  }
  return {
    bytes: result.bytes,
    contentType,
    schedule: {
      ...scheduleOf(redactions, result.areas),
      attachmentsRemoved: result.attachments ?? [],
      marksApplied: result.marksApplied ?? [],
      pagesAsPictures: result.pagesAsPictures ?? [],
    },
  };
}

function scheduleOf(
  redactions: readonly Redaction[],
  areas: RedactedArea[],
): Pick<RedactionSchedule, 'areas' | 'redactions'> {
  const summaries = redactions.map((r, index): RedactionSummary => {
    const mine = areas.filter((a) => a.redaction === index);
    return {
      redaction: index,
      kind: r.kind,
      reason: r.reason,
      text: r.kind === 'text' ? r.text : mine.map((a) => a.text).join(' '),
      hits: mine.length,
      pages: [...new Set(mine.map((a) => a.page).filter((p): p is number => p !== null))],
    };
  });
  return { areas, redactions: summaries };
}

function redactImage(
  bytes: Uint8Array,
  contentType: 'image/png' | 'image/jpeg',
  redactions: readonly Redaction[],
): { bytes: Uint8Array; areas: RedactedArea[] } {
  if (redactions.some((r) => r.kind === 'text')) {
    throw new DocumentError(
      'REDACTION_NOT_APPLICABLE',
      'Text cannot be found in a picture, so a text redaction cannot be applied to it. Draw a box over the area to redact instead.',
    );
  }
  const pixmap = decodeImage(bytes);
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const areas: RedactedArea[] = [];
  redactions.forEach((redaction, index) => {
    if (redaction.kind !== 'box') return;
    const { x, y, width: w, height: h } = redaction.rect;
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(width, Math.ceil(x + w));
    const y1 = Math.min(height, Math.ceil(y + h));
    if (redaction.page !== 1 || x1 <= x0 || y1 <= y0) {
      throw new DocumentError(
        'REDACTION_OUTSIDE_DOCUMENT',
        `The area to redact is outside the picture, which is ${width} × ${height} pixels. Mark the area again.`,
      );
    }
    blackOut(pixmap, { x0, y0, x1, y1 });
    labelArea(pixmap, redactionLabel(redaction.reason), { x0, y0, x1, y1 });
    areas.push({
      redaction: index,
      page: 1,
      rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      reason: redaction.reason,
      text: '',
    });
  });
  return { bytes: encodeImage(pixmap, contentType), areas };
}

function labelArea(pixmap: mupdf.Pixmap, label: string, r: PixelRect) {
  const width = r.x1 - r.x0;
  const height = r.y1 - r.y0;
  const size = Math.min(height * 0.6, (width - 4) / textWidth(label, 1), 48);
  if (size < 6) return;
  drawText(pixmap, label, {
    x: r.x0 + (width - textWidth(label, size)) / 2,
    baseline: r.y0 + height / 2 + size * 0.35,
    size,
    gray: 1,
  });
}

function redactText(
  bytes: Uint8Array,
  redactions: readonly Redaction[],
): { bytes: Uint8Array; areas: RedactedArea[] } {
  if (redactions.some((r) => r.kind === 'box')) {
    throw new DocumentError(
      'REDACTION_NOT_APPLICABLE',
      'A plain text file has no pages, so an area cannot be marked on it. Redact the words instead.',
    );
  }
  let text = new TextDecoder().decode(bytes);
  const areas: RedactedArea[] = [];
  redactions.forEach((redaction, index) => {
    const pattern = redaction.kind === 'text' ? phrasePattern(redaction.text) : undefined;
    if (!pattern) return;
    text = text.replace(pattern, (found) => {
      areas.push({ redaction: index, page: null, rect: null, reason: redaction.reason, text: found });
      return redactionMarker(redaction.reason);
    });
  });
  return { bytes: new TextEncoder().encode(text), areas };
}
