import type * as mupdf from 'mupdf';
import type { CopyRecipient } from './documents.domain.ts';
import { isolated } from './documents.glyphs.ts';
import { createStamper, openPdf, savePdf, textWidth } from './documents.pdf.ts';
import { decodeImage, drawText, encodeImage } from './documents.pixels.ts';
import type { DocumentContentType } from './documents.types.ts';

export interface DisclosureStamp extends CopyRecipient {
  /** Calendar date of release, `YYYY-MM-DD`. */
  disclosedOn: string;
}

/**
 * "Disclosed to Jane Smith on 3 May 2026 — OpenCoroner", or "Disclosed to Priya Nair for Jane Smith on …".
 * Each name is set apart, so a name written right to left keeps its place and the words around it theirs.
 */
export function disclosureLine({ recipientName, onBehalfOf, disclosedOn }: DisclosureStamp): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(disclosedOn);
  if (!match) {
    throw new RangeError(`The disclosure date must be a calendar date (YYYY-MM-DD), not "${disclosedOn}".`);
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const formatted = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const name = (n: string) => isolated(n.replace(/\s+/g, ' ').trim());
  const to = onBehalfOf ? `${name(recipientName)} for ${name(onBehalfOf)}` : name(recipientName);
  return `Disclosed to ${to} on ${formatted} — OpenCoroner`;
}

/**
 * Marks a disclosed copy with its recipient and date (Coroners (Inquests) Rules 2013 r.13–14: the
 * release log names who received which version), so a copy that travels further can be traced.
 * PDFs: a footer line and a faint diagonal line on every page, written into the page content (not an
 * annotation). Images: the same drawn into the pixels, keeping the format (PNG stays PNG, JPEG stays
 * JPEG), because the recipient asked for the picture. Plain text: a header line.
 */
export function watermarkDocument(
  bytes: Uint8Array,
  contentType: DocumentContentType,
  stamp: DisclosureStamp,
): Uint8Array {
  const line = disclosureLine(stamp);
  switch (contentType) {
    case 'application/pdf':
      return watermarkPdf(bytes, line);
    case 'image/png':
    case 'image/jpeg':
      return watermarkImage(bytes, contentType, line);
    case 'text/plain':
      return new TextEncoder().encode(`${line}\n\n${new TextDecoder().decode(bytes)}`);
  }
}

function watermarkPdf(bytes: Uint8Array, line: string): Uint8Array {
  const doc = openPdf(bytes);
  const stamper = createStamper(doc);
  const pageCount = doc.countPages();
  for (let i = 0; i < pageCount; i++) {
    const page = doc.loadPage(i);
    const [x0, y0, x1, y1] = page.getBounds();
    const [width, height] = [x1 - x0, y1 - y0];
    stamper.draw(page, (canvas) => {
      const footer = Math.min(8, (width - 20) / textWidth(line, 1));
      canvas.opacity(0.8);
      canvas.text(line, (width - textWidth(line, footer)) / 2, height - 10, footer, 0.3);
      // Along the diagonal, centred, faint enough to read the page through it.
      const angle = (Math.atan2(height, width) * 180) / Math.PI;
      const diagonal = Math.hypot(width, height);
      const size = Math.min(36, (diagonal * 0.8) / textWidth(line, 1));
      const run = textWidth(line, size);
      const rad = (angle * Math.PI) / 180;
      const startX = width / 2 - (Math.cos(rad) * run) / 2 - (Math.sin(rad) * size) / 3;
      const startY = height / 2 + (Math.sin(rad) * run) / 2 - (Math.cos(rad) * size) / 3;
      canvas.opacity(0.15);
      canvas.text(line, startX, startY, size, 0.4, angle);
    });
  }
  return savePdf(doc);
}

function watermarkImage(
  bytes: Uint8Array,
  contentType: 'image/png' | 'image/jpeg',
  line: string,
): Uint8Array {
  const pixmap: mupdf.Pixmap = decodeImage(bytes);
  const [width, height] = [pixmap.getWidth(), pixmap.getHeight()];
  const angle = (Math.atan2(height, width) * 180) / Math.PI;
  const rad = (angle * Math.PI) / 180;
  const size = (Math.hypot(width, height) * 0.8) / textWidth(line, 1);
  const run = textWidth(line, size);
  drawText(pixmap, line, {
    x: width / 2 - (Math.cos(rad) * run) / 2,
    baseline: height / 2 + (Math.sin(rad) * run) / 2,
    size,
    gray: 0.5,
    angle,
    alpha: 0.3,
  });
  const footer = Math.max(6, Math.min(height / 40, (width * 0.9) / textWidth(line, 1)));
  drawText(pixmap, line, {
    x: (width - textWidth(line, footer)) / 2,
    baseline: height - footer * 0.6,
    size: footer,
    gray: 0.2,
    alpha: 0.7,
  });
  return encodeImage(pixmap, contentType);
}
