/** The document formats OpenCoroner accepts, recognised by content (see documents.sniff.ts). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];
export const isDocumentContentType = (type: unknown): type is DocumentContentType =>
  (DOCUMENT_CONTENT_TYPES as readonly unknown[]).includes(type);

/** Why a passage is withheld from an interested person (Coroners (Inquests) Rules 2013 r.14–15). */
export const REDACTION_REASONS = [
  'SENSITIVE_OPERATIONAL',
  'THIRD_PARTY_PERSONAL_DATA',
  'LEGAL_PRIVILEGE',
  'NATIONAL_SECURITY',
  'IRRELEVANT',
  'OTHER',
] as const;
export type RedactionReason = (typeof REDACTION_REASONS)[number];

const REASON_WORDS = {
  SENSITIVE_OPERATIONAL: 'sensitive operational',
  THIRD_PARTY_PERSONAL_DATA: 'third-party personal data',
  LEGAL_PRIVILEGE: 'legal privilege',
  NATIONAL_SECURITY: 'national security',
  IRRELEVANT: 'irrelevant',
  OTHER: 'other',
} satisfies Record<RedactionReason, string>;

/** The label printed on a redacted area, e.g. "Redacted: sensitive operational". */
export function redactionLabel(reason: RedactionReason): string {
  return `Redacted: ${REASON_WORDS[reason]}`;
}

/** The marker that replaces redacted plain text, e.g. "[REDACTED: sensitive operational]". */
export function redactionMarker(reason: RedactionReason): string {
  return `[REDACTED: ${REASON_WORDS[reason]}]`;
}

/**
 * An area on a page. PDFs: points (1/72 inch) from the top-left corner of the page as displayed.
 * Images: pixels from the top-left corner.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Redaction =
  /** Every occurrence, on every page, ignoring case. */
  | { kind: 'text'; text: string; reason: RedactionReason }
  /** One area of one page (1-based; images have one page). */
  | { kind: 'box'; page: number; rect: Rect; reason: RedactionReason };

/** One blacked-out area of the new version. */
export interface RedactedArea {
  /** Index of the redaction (in the request) that produced this area. */
  redaction: number;
  /** 1-based page; null for plain text, which has no pages. */
  page: number | null;
  rect: Rect | null;
  reason: RedactionReason;
  /** What was removed, for the coroner's own schedule only: never disclose it. */
  text: string;
}

/** Per requested redaction: how often it applied. A text redaction with 0 hits was not found. */
export interface RedactionSummary {
  redaction: number;
  kind: Redaction['kind'];
  reason: RedactionReason;
  text: string;
  /** Areas blacked out for it (an occurrence broken over two lines is two areas). */
  hits: number;
  pages: number[];
}

/** A redaction the supplier marked in the PDF (a Redact annotation), applied in every redacted version. */
export interface SuppliedMark {
  page: number;
  rect: Rect;
  /** What lay under it, for the schedule only: never disclose it. */
  text: string;
}

/** The redaction schedule the coroner keeps beside a redacted version (r.14). */
export interface RedactionSchedule {
  areas: RedactedArea[];
  redactions: RedactionSummary[];
  /** Names of the files attached to a PDF, removed from every redacted version of it. */
  attachmentsRemoved: string[];
  /** Redactions the supplier had marked in the PDF, applied in every redacted version of it. */
  marksApplied: SuppliedMark[];
  /** Pages replaced by a picture of the redacted page (their text can no longer be selected). */
  pagesAsPictures: number[];
}
