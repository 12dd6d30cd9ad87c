import * as mupdf from 'mupdf';
import { documentDamaged } from './documents.errors.ts';
import { fontOf, glyphOrigins, setLine } from './documents.glyphs.ts';

// Drawing into image pixels, for redacting and watermarking PNG and JPEG files.

/** Decodes an image into RGB pixels (with alpha if it has transparency). */
export function decodeImage(bytes: Uint8Array): mupdf.Pixmap {
  try {
    const pixmap = new mupdf.Image(bytes).toPixmap();
    const colorspace = pixmap.getColorSpace();
    if (colorspace?.isRGB()) return pixmap;
    return pixmap.convertToColorSpace(mupdf.ColorSpace.DeviceRGB, true);
  } catch {
    throw documentDamaged();
  }
}

/** Re-encodes in the original format; every pixel is written afresh and metadata (EXIF, GPS) is dropped. */
export function encodeImage(pixmap: mupdf.Pixmap, contentType: 'image/png' | 'image/jpeg'): Uint8Array {
  return (contentType === 'image/png' ? pixmap.asPNG() : pixmap.asJPEG(92)).slice();
}

export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Sets every pixel inside the rectangle to opaque black, byte by byte. A MuPDF pixmap's number of
 * components counts its alpha channel too (RGBA is 4), and its colours are premultiplied by alpha, so
 * opaque black is every colour 0 and alpha 255.
 */
export function blackOut(pixmap: mupdf.Pixmap, { x0, y0, x1, y1 }: PixelRect): void {
  const n = pixmap.getNumberOfComponents();
  const alpha = pixmap.getAlpha() !== 0;
  const stride = pixmap.getStride();
  const pixels = pixmap.getPixels();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const at = y * stride + x * n;
      pixels.fill(0, at, at + n);
      if (alpha) pixels[at + n - 1] = 255;
    }
  }
}

/** Draws text onto the pixels, `angle` degrees anticlockwise, at `alpha` opacity. */
export function drawText(
  pixmap: mupdf.Pixmap,
  text: string,
  at: { x: number; baseline: number; size: number; gray: number; angle?: number; alpha?: number },
): void {
  const r = (-(at.angle ?? 0) * Math.PI) / 180;
  const [c, s] = [Math.cos(r), Math.sin(r)];
  const shape = new mupdf.Text();
  // Glyph by glyph, as the line is set (joined Arabic letters, right-to-left words in their order).
  const glyphs = setLine(text);
  glyphOrigins(glyphs).forEach(({ x, y }, i) => {
    const g = glyphs[i]!;
    const [ox, oy] = [at.x + at.size * (c * x + s * y), at.baseline + at.size * (s * x - c * y)];
    shape.showGlyph(
      fontOf(g.font),
      [at.size * c, at.size * s, at.size * s, -at.size * c, ox, oy],
      g.glyph,
      0,
    );
  });
  const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
  try {
    device.fillText(
      shape,
      mupdf.Matrix.identity,
      mupdf.ColorSpace.DeviceRGB,
      [at.gray, at.gray, at.gray],
      at.alpha ?? 1,
    );
  } finally {
    device.close();
  }
}
