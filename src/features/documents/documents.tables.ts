import { bigint, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  DisclosureMethod,
  DocumentKind,
  R15Ground,
  Relevance,
  VersionState,
} from './documents.domain.ts';
import type { VersionSchedule } from './documents.schedule.ts';
import type { DocumentContentType, Rect, RedactionReason } from './documents.types.ts';

export const documents = pgTable('documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull(),
  title: text('title').notNull(),
  kind: text('kind').$type<DocumentKind>().notNull().default('OTHER'),
  ownerOrganisation: text('owner_organisation').notNull(),
  relevance: text('relevance').$type<Relevance>(),
  withheldGround: text('withheld_ground').$type<R15Ground>(),
  decisionReasons: text('decision_reasons'),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** The quashed case's document this one was carried over from, for a fresh investigation. */
  carriedFrom: uuid('carried_from'),
});

export const documentVersions = pgTable('document_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull(),
  number: integer('number').notNull(),
  kind: text('kind').$type<'ORIGINAL' | 'REDACTED'>().notNull(),
  sha256: text('sha256').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  contentType: text('content_type').$type<DocumentContentType>().notNull(),
  fileName: text('file_name').notNull(),
  pageCount: integer('page_count'),
  pageSizes: jsonb('page_sizes').$type<[number, number][]>(),
  redactionIds: uuid('redaction_ids').array().notNull().default([]),
  schedule: jsonb('schedule').$type<VersionSchedule>(),
  state: text('state').$type<VersionState>().notNull().default('DRAFT'),
  ownerApprovedBy: uuid('owner_approved_by'),
  ownerApprovedAt: timestamp('owner_approved_at', { withTimezone: true }),
  ownerApprovalNote: text('owner_approval_note'),
  coronerApprovedBy: uuid('coroner_approved_by'),
  coronerApprovedAt: timestamp('coroner_approved_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const documentRedactions = pgTable('document_redactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull(),
  kind: text('kind').$type<'text' | 'box'>().notNull(),
  text: text('text'),
  page: integer('page'),
  rect: jsonb('rect').$type<Rect>(),
  reason: text('reason').$type<RedactionReason>().notNull(),
  note: text('note'),
  hits: integer('hits').notNull().default(0),
  status: text('status').$type<'PROPOSED' | 'ACCEPTED' | 'REJECTED'>().notNull().default('PROPOSED'),
  proposedBy: uuid('proposed_by').notNull(),
  proposedByLabel: text('proposed_by_label').notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewReason: text('review_reason'),
});

export const documentDisclosures = pgTable('document_disclosures', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull(),
  versionId: uuid('version_id').notNull(),
  caseId: uuid('case_id').notNull(),
  interestedPersonId: uuid('interested_person_id').notNull(),
  disclosedOn: date('disclosed_on').notNull(),
  method: text('method').$type<DisclosureMethod>().notNull(),
  releasedBy: uuid('released_by'),
  releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
  withdrawnBy: uuid('withdrawn_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawalReason: text('withdrawal_reason'),
});

export type DocumentRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;
export type RedactionRow = typeof documentRedactions.$inferSelect;
export type DisclosureRow = typeof documentDisclosures.$inferSelect;
