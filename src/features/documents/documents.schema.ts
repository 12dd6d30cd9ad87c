import { z } from 'zod';
import { isoDate } from '../cases/cases.schema.ts';
import {
  DISCLOSURE_METHODS,
  DOCUMENT_KINDS,
  R15_GROUNDS,
  RELEVANCE,
  VERSION_STATES,
} from './documents.domain.ts';
import { DOCUMENT_CONTENT_TYPES, REDACTION_REASONS } from './documents.types.ts';

// One zod schema per input: the API validates with them and the pages read their forms into them.

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max);

/** The fields sent with an uploaded file (multipart). */
export const uploadFields = z.object({
  title: text(200, 'Enter the title of the document'),
  ownerOrganisation: text(200, 'Enter the organisation that owns the document'),
  kind: z.enum(DOCUMENT_KINDS, { error: 'Choose what kind of document it is' }).default('OTHER'),
});
export type UploadFields = z.infer<typeof uploadFields>;

export const rect = z.object({
  x: z.number({ error: 'Enter where the area starts from the left' }).min(0),
  y: z.number({ error: 'Enter where the area starts from the top' }).min(0),
  width: z.number({ error: 'Enter the width of the area' }).positive('The area must have a width'),
  height: z.number({ error: 'Enter the height of the area' }).positive('The area must have a height'),
});

/**
 * Words to redact, as the API and the page's form both take them (empty: none). One or two letters stand
 * alone all through a document (initials, "at", "of"), and cannot be redacted as words.
 */
export const wordsToRedact = z
  .string({ error: 'Enter the words to redact' })
  .trim()
  .max(500, 'The words to redact must be 500 characters or fewer')
  .refine((t) => t === '' || t.length >= 3, {
    message: 'Enter at least 3 characters to redact. To remove something shorter, mark its area instead',
  });

export const redactionReason = z.enum(REDACTION_REASONS, { error: 'Choose why it should be redacted' });
export const redactionNote = z.string().trim().max(2000, 'The note must be 2,000 characters or fewer');

/** A proposed redaction: words (every occurrence on every page) or an area of one page, with its reason. */
export const proposal = z
  .object({
    text: wordsToRedact.optional(),
    page: z.number().int('Enter a whole page number').min(1, 'Pages are numbered from 1').optional(),
    rect: rect.optional(),
    reason: redactionReason,
    note: redactionNote.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const hasText = Boolean(p.text);
    const hasBox = p.page !== undefined || p.rect !== undefined;
    if (hasText && hasBox) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'Redact either words or an area, not both' });
    } else if (!hasText && !hasBox) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'Enter the words to redact, or mark an area of a page',
      });
    } else if (hasBox && p.page === undefined) {
      ctx.addIssue({ code: 'custom', path: ['page'], message: 'Enter the page the area is on' });
    } else if (hasBox && p.rect === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rect'], message: 'Mark the area to redact' });
    }
  });
export type Proposal = z.infer<typeof proposal>;

export const review = z
  .object({
    decision: z.enum(['ACCEPTED', 'REJECTED'], { error: 'Choose whether to accept the redaction' }),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.decision === 'REJECTED' && !r.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Give the reason the redaction is not accepted',
      });
    }
  });

export const redactedVersion = z
  .object({
    redactionIds: z
      .array(z.uuid('Choose redactions from this document').toLowerCase(), {
        error: 'Choose the redactions to apply',
      })
      .min(1, 'Choose the redactions to apply')
      .max(500),
  })
  .strict();

export const approval = z
  .object({
    stage: z.enum(['OWNER', 'CORONER']).optional(),
    note: z.string().trim().max(1000, 'The note must be 1,000 characters or fewer').optional(),
  })
  .strict();

export const decision = z
  .object({
    relevance: z.enum(RELEVANCE, { error: 'Choose whether the document is relevant' }),
    withhold: z.boolean().optional(),
    ground: z.enum(R15_GROUNDS, { error: 'Choose the ground in rule 15' }).optional(),
    reasons: z.string().trim().max(4000, 'The reasons must be 4,000 characters or fewer').optional(),
  })
  .strict();

export const release = z
  .object({
    versionId: z.uuid('Choose the version to release').toLowerCase(),
    interestedPersonIds: z
      .array(z.uuid('Choose interested persons of this case').toLowerCase(), {
        error: 'Choose who to release it to',
      })
      .min(1, 'Choose who to release it to')
      .max(200),
    disclosedOn: isoDate().optional(),
    method: z.enum(DISCLOSURE_METHODS, { error: 'Choose how the copy is disclosed' }).default('ONLINE'),
  })
  .strict();
export type Release = z.infer<typeof release>;

export const withdrawal = z
  .object({ reason: text(2000, 'Give the reason the release is withdrawn') })
  .strict();

export const bundle = z
  .object({
    title: text(200, 'Enter a title for the bundle'),
    versionIds: z
      .array(z.uuid('Choose versions of this case’s documents').toLowerCase(), {
        error: 'Choose the documents for the bundle',
      })
      .min(1, 'Choose the documents for the bundle')
      .max(200),
  })
  .strict();

// Responses

export const versionResponse = z
  .object({
    id: z.uuid(),
    number: z.number(),
    kind: z.enum(['ORIGINAL', 'REDACTED']),
    state: z.enum(VERSION_STATES),
    contentType: z.enum(DOCUMENT_CONTENT_TYPES),
    fileName: z.string(),
    size: z.number(),
    sha256: z.string(),
    pageCount: z.number().nullable(),
    redactionIds: z.array(z.uuid()),
    ownerApprovedAt: z.string().nullable(),
    coronerApprovedAt: z.string().nullable(),
    createdAt: z.string(),
    schedule: z
      .array(
        z.object({
          redactionId: z.string(),
          kind: z.enum(['text', 'box']),
          what: z.string(),
          pages: z.array(z.number()),
          hits: z.number(),
          reason: z.enum(REDACTION_REASONS),
          note: z.string().nullable(),
          proposedBy: z.string(),
          proposedAt: z.string(),
        }),
      )
      .nullable()
      .optional(),
    attachmentsRemoved: z
      .array(z.string())
      .nullable()
      .optional()
      .describe('Names of the files attached to the original and removed from this version'),
    marksApplied: z
      .array(z.object({ page: z.number(), rect, text: z.string() }))
      .nullable()
      .optional()
      .describe('Redactions the supplier had marked in the original, applied in this version'),
    pagesAsPictures: z
      .array(z.number())
      .nullable()
      .optional()
      .describe('Pages replaced by a picture of the redacted page: their text can no longer be selected'),
  })
  .meta({ id: 'DocumentVersion' });

export const redactionResponse = z
  .object({
    id: z.uuid(),
    kind: z.enum(['text', 'box']),
    text: z.string().nullable(),
    page: z.number().nullable(),
    rect: rect.nullable(),
    reason: z.enum(REDACTION_REASONS),
    note: z.string().nullable(),
    hits: z.number(),
    status: z.enum(['PROPOSED', 'ACCEPTED', 'REJECTED']),
    proposedBy: z.string(),
    proposedAt: z.string(),
    reviewReason: z.string().nullable(),
  })
  .meta({ id: 'Redaction' });

export const documentResponse = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    title: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    ownerOrganisation: z.string(),
    relevance: z.enum(RELEVANCE).nullable(),
    withheldGround: z.enum(R15_GROUNDS).nullable(),
    decisionReasons: z.string().nullable(),
    createdAt: z.string(),
    carriedFrom: z
      .uuid()
      .nullable()
      .describe(
        'For a fresh investigation after a quash: the quashed case’s document this one was carried over from',
      ),
    versions: z.array(versionResponse),
    redactions: z.array(redactionResponse).optional(),
  })
  .meta({ id: 'Document' });

export const releasedVersionResponse = z
  .object({
    documentId: z.uuid(),
    title: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    version: z.number(),
    redacted: z.boolean(),
    contentType: z.enum(DOCUMENT_CONTENT_TYPES),
    disclosedOn: z.string(),
    releasedTo: z.string(),
    href: z.string(),
  })
  .meta({ id: 'ReleasedDocumentVersion' });

export const disclosureResponse = z
  .object({
    id: z.uuid(),
    documentId: z.uuid(),
    title: z.string(),
    versionId: z.uuid(),
    version: z.number(),
    redacted: z.boolean(),
    interestedPersonId: z.uuid(),
    interestedPerson: z.string(),
    disclosedOn: z.string(),
    method: z.enum(DISCLOSURE_METHODS),
    releasedBy: z.string().nullable(),
    releasedAt: z.string(),
    withdrawnAt: z.string().nullable(),
    withdrawnBy: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
    downloads: z.number(),
    lastDownloadedAt: z.string().nullable(),
  })
  .meta({ id: 'Disclosure' });
