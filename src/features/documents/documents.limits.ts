/**
 * Limits on what a document may expand to once opened. Real coroner material (post-mortem reports,
 * police disclosure bundles, scanned statements, phone photographs) sits far below each of them; a
 * file beyond one is refused as DOCUMENT_TOO_COMPLEX before it can exhaust memory or time.
 */
export const DOCUMENT_LIMITS = {
  /** Decoded pixels of an image, or of one image inside a PDF (a 600 dpi A3 scan is ~70 MP). */
  maxImagePixels: 100_000_000,
  /** Pages in one PDF (the largest police disclosure bundles run to a few thousand). */
  maxPdfPages: 10_000,
  /** Side of a PDF page, in points: 14,400 pt (200 inches) is the largest size the PDF format allows. */
  maxPageSide: 14_400,
  /** Decompressed size of one non-image stream (page content, font, form) in a PDF. */
  maxStreamBytes: 256 * 1024 * 1024,
  /** Decompressed size of all non-image streams of a PDF together. */
  maxTotalStreamBytes: 1024 * 1024 * 1024,
  /** Pages plain text may be set on (a 2,000-page call log is some 100,000 lines), and pages in one bundle. */
  maxTypesetPages: 2_000,
  maxBundlePages: 10_000,
  /** Places one proposed text redaction may remove: each is kept in the version's schedule. */
  maxRedactionHits: 1_000,
} as const;
