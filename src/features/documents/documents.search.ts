import * as mupdf from 'mupdf';
import { phrasePattern } from './documents.match.ts';
import { openPdfShowingLayers } from './documents.pdf.ts';
import { decodeImage } from './documents.pixels.ts';
import { countTextHits } from './documents.redact-pdf.ts';
import type { DocumentContentType } from './documents.types.ts';

/**
 * Where words occur in a document, found as redaction finds them (as whole words, ignoring case,
 * letter-spaced too: documents.match.ts; in PDFs in every layer, counting the areas redaction will black
 * out, without a cap), so a proposal can say how many places it will remove.
 */
export function findText(
  bytes: Uint8Array,
  contentType: DocumentContentType,
  text: string,
): { hits: number; pages: number[] } {
  const pattern = phrasePattern(text);
  if (!pattern) return { hits: 0, pages: [] };
  if (contentType === 'text/plain') {
    const hits = new TextDecoder().decode(bytes).match(pattern)?.length ?? 0;
    return { hits, pages: [] };
  }
  if (contentType !== 'application/pdf') return { hits: 0, pages: [] };
  return countTextHits(bytes, text);
}

/**
 * One page as a PNG picture no wider than `maxWidth` pixels, for marking an area on it, with every
 * layer shown, as redacted versions show them. Images are their own single page.
 */
export function renderPage(
  bytes: Uint8Array,
  contentType: DocumentContentType,
  page: number,
  maxWidth = 900,
): Uint8Array {
  if (contentType === 'image/png' || contentType === 'image/jpeg') {
    const pixmap = decodeImage(bytes);
    const scale = Math.min(1, maxWidth / pixmap.getWidth());
    if (scale === 1) return pixmap.asPNG().slice();
    const image = new mupdf.Image(pixmap);
    const [w, h] = [pixmap.getWidth() * scale, pixmap.getHeight() * scale];
    const out = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, Math.ceil(w), Math.ceil(h)], false);
    out.clear(255);
    const device = new mupdf.DrawDevice(mupdf.Matrix.identity, out);
    try {
      device.fillImage(image, [w, 0, 0, h, 0, 0], 1);
    } finally {
      device.close();
    }
    return out.asPNG().slice();
  }
  const doc = openPdfShowingLayers(bytes);
  try {
    const loaded = doc.loadPage(page - 1);
    const [x0, , x1] = loaded.getBounds();
    const scale = Math.min(2, maxWidth / (x1 - x0));
    return loaded
      .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true)
      .asPNG()
      .slice();
  } finally {
    doc.destroy();
  }
}
