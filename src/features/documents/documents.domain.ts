import type { Role } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { phrasePattern, phraseWords } from './documents.match.ts';
import type { DocumentContentType, RedactionReason } from './documents.types.ts';

// The pure rules of documents and disclosure: what a document is, how a version is approved, when it
// may be released and on what ground it is withheld. No I/O.

export const DOCUMENT_KINDS = [
  'POST_MORTEM_REPORT',
  'POLICE_REPORT',
  'CONDUCT_REPORT',
  'STATEMENT',
  'MEDICAL_RECORDS',
  'EXPERT_REPORT',
  'OTHER',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const KIND_LABELS: Record<DocumentKind, string> = {
  POST_MORTEM_REPORT: 'Post-mortem report',
  POLICE_REPORT: 'Police report',
  CONDUCT_REPORT: 'Conduct investigation report (for example from the IOPC)',
  STATEMENT: 'Witness statement',
  MEDICAL_RECORDS: 'Medical records',
  EXPERT_REPORT: 'Expert report',
  OTHER: 'Other document',
};

/** A version is approved by the owner of the material, then by the coroner (R-10: owner-redacted vs coroner-approved). */
export const VERSION_STATES = ['DRAFT', 'OWNER_APPROVED', 'CORONER_APPROVED'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const STATE_LABELS: Record<VersionState, string> = {
  DRAFT: 'Draft',
  OWNER_APPROVED: 'Approved by the owner',
  CORONER_APPROVED: 'Approved by the coroner',
};

export type ApprovalStage = 'OWNER' | 'CORONER';

/** Coroners (Inquests) Rules 2013 r.15: the grounds on which the coroner may refuse disclosure. */
export const R15_GROUNDS = [
  'PROHIBITED',
  'CONSENT_NOT_OBTAINABLE',
  'UNREASONABLE',
  'CRIMINAL_PROCEEDINGS',
  'IRRELEVANT',
] as const;
export type R15Ground = (typeof R15_GROUNDS)[number];

export const R15_LABELS: Record<R15Ground, string> = {
  PROHIBITED: 'r.15(a): disclosure is prohibited by law',
  CONSENT_NOT_OBTAINABLE:
    'r.15(b): the consent of the author or copyright owner cannot reasonably be obtained',
  UNREASONABLE: 'r.15(c): the request is unreasonable',
  CRIMINAL_PROCEEDINGS: 'r.15(d): the document relates to contemplated or commenced criminal proceedings',
  IRRELEVANT: 'r.15(e): the document is irrelevant to the investigation',
};

export const RELEVANCE = ['RELEVANT', 'NOT_RELEVANT'] as const;
export type Relevance = (typeof RELEVANCE)[number];

/** How a copy reached the interested person (r.14: electronically, or a copy by other means). */
export const DISCLOSURE_METHODS = ['ONLINE', 'EMAIL', 'POST', 'BY_HAND'] as const;
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number];

export const METHOD_LABELS: Record<DisclosureMethod, string> = {
  ONLINE: 'Online, in their view of the case',
  EMAIL: 'By email',
  POST: 'By post',
  BY_HAND: 'Handed over in person',
};

export const REASON_LABELS: Record<RedactionReason, string> = {
  SENSITIVE_OPERATIONAL: 'Sensitive operational information',
  THIRD_PARTY_PERSONAL_DATA: 'Personal information about someone else',
  LEGAL_PRIVILEGE: 'Legally privileged',
  NATIONAL_SECURITY: 'National security',
  IRRELEVANT: 'Not relevant to the investigation',
  OTHER: 'Other reason',
};

const refuse = (message: string): never => {
  throw new AppError('ACTION_NOT_ALLOWED', message);
};

/**
 * The approval a user gives a version now: the owner's (a user of the owner organisation, or the
 * coroner's office recording the owner's agreement with a note saying how it was given), then the
 * coroner's. The coroner's approval is the judicial decision that the version may be disclosed (CCG 44:
 * marshalling evidence is judicial), so it is the coroner's alone.
 */
export function approvalStep(
  state: VersionState,
  input: { stage?: ApprovalStage; note?: string },
  role: Role,
): { stage: ApprovalStage; state: VersionState } {
  const stage = input.stage ?? (state === 'DRAFT' ? 'OWNER' : 'CORONER');
  if (state === 'CORONER_APPROVED') refuse('This version is already approved by the coroner.');
  if (stage === 'OWNER') {
    if (state !== 'DRAFT') refuse('The owner has already approved this version.');
    if (role !== 'provider' && !input.note?.trim()) {
      throw validationError({
        note: 'Say how the owner agreed to this version, for example “by email from DS Marsh on 3 May”',
      });
    }
    return { stage, state: 'OWNER_APPROVED' };
  }
  if (role !== 'coroner') {
    throw new AppError(
      'FORBIDDEN',
      'Only a coroner can approve a version for disclosure: it is a judicial decision.',
    );
  }
  if (state === 'DRAFT')
    refuse('The owner of the document must approve this version before the coroner does.');
  return { stage, state: 'CORONER_APPROVED' };
}

export type DecisionInput = {
  relevance: Relevance;
  withhold?: boolean;
  ground?: R15Ground;
  reasons?: string;
};

/**
 * The coroner's relevance decision and, when a document is withheld, its r.15 ground. A document found
 * irrelevant is withheld under r.15(e); a relevant one may still be withheld under r.15(a)–(d).
 */
export function decide(input: DecisionInput): {
  relevance: Relevance;
  withheldGround: R15Ground | null;
  reasons: string | null;
} {
  const reasons = input.reasons?.trim() || null;
  if (input.relevance === 'NOT_RELEVANT') {
    if (!reasons) throw validationError({ reasons: 'Give the reasons the document is not relevant' });
    return { relevance: 'NOT_RELEVANT', withheldGround: 'IRRELEVANT', reasons };
  }
  if (!input.withhold) return { relevance: 'RELEVANT', withheldGround: null, reasons };
  if (!input.ground || input.ground === 'IRRELEVANT') {
    throw validationError({ ground: 'Choose the ground in rule 15 on which the document is withheld' });
  }
  if (!reasons) throw validationError({ reasons: 'Give the reasons the document is withheld' });
  return { relevance: 'RELEVANT', withheldGround: input.ground, reasons };
}

/** A version may be released to interested persons (r.13) only once the coroner has approved it and while the document is not withheld. */
export function checkReleasable(
  document: { withheldGround: R15Ground | null },
  version: { number: number; state: VersionState },
): void {
  if (document.withheldGround) {
    refuse(
      `The coroner decided not to disclose this document (${R15_LABELS[document.withheldGround]}). Change the decision before releasing it.`,
    );
  }
  if (version.state !== 'CORONER_APPROVED') {
    refuse(
      `Only a version the coroner has approved can be released. Version ${version.number} is: ${STATE_LABELS[version.state].toLowerCase()}.`,
    );
  }
}

/** The date a copy is recorded as disclosed: not in the future, not before the document was added. */
export function checkDisclosureDate(disclosedOn: string, today: string, addedOn: string): void {
  if (disclosedOn > today)
    throw validationError({ disclosedOn: 'The date of disclosure must be today or in the past' });
  if (disclosedOn < addedOn) {
    throw validationError({
      disclosedOn: 'The date of disclosure must be on or after the day the document was added',
    });
  }
}

/** Which redactions a kind of file takes: words in PDFs and text, areas in PDFs and pictures. */
export function checkRedactionFits(contentType: DocumentContentType, kind: 'text' | 'box'): void {
  if (kind === 'text' && (contentType === 'image/png' || contentType === 'image/jpeg')) {
    throw validationError({
      text: 'Words cannot be searched for in a picture. Mark the area of the picture instead',
    });
  }
  if (kind === 'box' && contentType === 'text/plain') {
    throw validationError({
      page: 'A plain text file has no pages to mark. Enter the words to redact instead',
    });
  }
}

/**
 * An area given as percentages of the page (how a person marks it on the page's picture) in the
 * document's own units (points or pixels), clipped to the page. Refuses an area with nothing inside the page.
 */
export function areaFromPercentages(
  percent: { left: number; top: number; width: number; height: number },
  page: [number, number],
): { x: number; y: number; width: number; height: number } {
  const [pw, ph] = page;
  const x0 = Math.max(0, Math.min(100, percent.left));
  const y0 = Math.max(0, Math.min(100, percent.top));
  const x1 = Math.max(0, Math.min(100, percent.left + percent.width));
  const y1 = Math.max(0, Math.min(100, percent.top + percent.height));
  const round = (n: number) => Math.round(n * 100) / 100;
  const area = {
    x: round((x0 / 100) * pw),
    y: round((y0 / 100) * ph),
    width: round(((x1 - x0) / 100) * pw),
    height: round(((y1 - y0) / 100) * ph),
  };
  if (area.width <= 0 || area.height <= 0) {
    throw validationError({ width: 'The area must have a width and a height inside the page' });
  }
  return area;
}

/**
 * An area in the document's units checked against its page (on an existing page, overlapping it), and cut to
 * the page: the part off the page hides nothing, and is not kept.
 */
export function checkArea(
  page: number,
  rect: { x: number; y: number; width: number; height: number },
  pageSizes: [number, number][],
): { x: number; y: number; width: number; height: number } {
  const size = pageSizes[page - 1];
  if (!size) {
    throw validationError({
      page: `Page ${page} does not exist: the document has ${pageSizes.length} ${pageSizes.length === 1 ? 'page' : 'pages'}`,
    });
  }
  const [pw, ph] = size;
  const inside =
    rect.width > 0 &&
    rect.height > 0 &&
    rect.x < pw &&
    rect.y < ph &&
    rect.x + rect.width > 0 &&
    rect.y + rect.height > 0;
  if (!inside) throw validationError({ rect: `The area is outside page ${page}. Mark the area again` });
  return {
    x: rect.x,
    y: rect.y,
    width: Math.min(rect.width, pw - rect.x),
    height: Math.min(rect.height, ph - rect.y),
  };
}

/** Who a disclosed copy is marked for: the person, or their representative acting for them. */
export interface CopyRecipient {
  recipientName: string;
  /** The interested person a representative received the copy for. */
  onBehalfOf?: string;
}

export function copyRecipient(
  user: { name: string },
  person: { name: string },
  capacity: 'self' | 'representative',
): CopyRecipient {
  return capacity === 'representative' && user.name !== person.name
    ? { recipientName: user.name, onBehalfOf: person.name }
    : { recipientName: person.name };
}

/** "Priya Nair for Joan Walsh", as the release log records it. */
export function recipientText({ recipientName, onBehalfOf }: CopyRecipient): string {
  return onBehalfOf ? `${recipientName} for ${onBehalfOf}` : recipientName;
}

/** The file name endings each kind of content is kept and sent under; the first is the one given. */
export const EXTENSIONS: Record<DocumentContentType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt'],
};

/**
 * A file's name ends as its content is, so that a download opens as what it is: a file recognised as plain
 * text but named "notes.html" (or "run.bat") is kept and sent as "notes.html.txt"; nothing of the name is lost.
 */
export function nameForContent(name: string, contentType: DocumentContentType): string {
  const endings = EXTENSIONS[contentType];
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension && endings.includes(extension) ? name : `${name}.${endings[0]}`;
}

/**
 * The file name of a redacted version: the original's without its extension, with each redacted
 * phrase replaced by "[redacted]", so the name does not give away what the version removed. A phrase
 * matches in any case, its words apart by any run of spaces, hyphens, underscores or dots (as file
 * names separate words); longer phrases are replaced first.
 */
export function redactedFileName(
  originalName: string,
  version: number,
  extension: string,
  redactedTexts: readonly string[],
): string {
  const stem = originalName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${withoutRedactedWords(stem, redactedTexts)} (redacted, version ${version}).${extension}`;
}

/**
 * A name or title with each redacted phrase replaced by "[redacted]", found as redaction finds it
 * (documents.match.ts: in any case, as whole words, its words apart by any run of spaces, hyphens,
 * underscores or dots); longer phrases first.
 */
export function withoutRedactedWords(text: string, redactedTexts: readonly string[]): string {
  return redactedTexts
    .map((t) => ({ length: phraseWords(t).join(' ').length, pattern: phrasePattern(t) }))
    .filter((p): p is { length: number; pattern: RegExp } => p.pattern !== undefined)
    .sort((a, b) => b.length - a.length)
    .reduce((out, { pattern }) => out.replace(pattern, '[redacted]'), text);
}
