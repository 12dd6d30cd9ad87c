import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export type CopyTo = { name: string; email?: string };

/** The published form of a report: its text as published (names removed where the Chief Coroner's office chose to). */
export type Publication = {
  removeNames: boolean;
  deceasedName: string | null;
  coronerName: string;
  coronerTitle: string;
  investigation: string;
  circumstances: string;
  concerns: string[];
  action: string;
  recipients: { id: string; organisation: string; person: string | null }[];
};

export const pfdSequences = pgTable(
  'pfd_sequences',
  { areaCode: text('area_code').notNull(), year: integer('year').notNull(), last: integer('last').notNull() },
  (t) => [primaryKey({ columns: [t.areaCode, t.year] })],
);

export const pfdReports = pgTable('pfd_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull(),
  caseId: uuid('case_id').notNull(),
  areaCode: text('area_code').notNull(),
  status: text('status').$type<'DRAFT' | 'SENT'>().notNull().default('DRAFT'),
  coronerId: uuid('coroner_id'),
  coronerName: text('coroner_name').notNull(),
  coronerTitle: text('coroner_title').notNull(),
  investigation: text('investigation').notNull(),
  circumstances: text('circumstances').notNull(),
  concerns: jsonb('concerns').$type<string[]>().notNull(),
  action: text('action').notNull(),
  themes: text('themes').array().notNull().default([]),
  copyInterestedPersonIds: uuid('copy_interested_person_ids').array().notNull().default([]),
  safeguardingBoard: jsonb('safeguarding_board').$type<CopyTo>(),
  otherCopies: jsonb('other_copies').$type<CopyTo[]>().notNull().default([]),
  deceasedUnder18: boolean('deceased_under_18').notNull().default(false),
  sentOn: date('sent_on'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publication: jsonb('publication').$type<Publication>(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pfdRecipients = pgTable('pfd_recipients', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull(),
  position: integer('position').notNull(),
  organisation: text('organisation').notNull(),
  person: text('person'),
  email: text('email'),
  originalDueOn: date('original_due_on'),
  dueOn: date('due_on'),
  respondedOn: date('responded_on'),
});

export const pfdExtensions = pgTable('pfd_extensions', {
  id: uuid('id').primaryKey().defaultRandom(),
  recipientId: uuid('recipient_id').notNull(),
  fromDueOn: date('from_due_on').notNull(),
  toDueOn: date('to_due_on').notNull(),
  reason: text('reason').notNull(),
  grantedBy: uuid('granted_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pfdResponses = pgTable('pfd_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull(),
  recipientId: uuid('recipient_id').notNull(),
  receivedOn: date('received_on').notNull(),
  summary: text('summary'),
  documentSha256: text('document_sha256'),
  documentName: text('document_name'),
  documentType: text('document_type'),
  documentSize: integer('document_size'),
  recordedBy: uuid('recorded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type PfdReportRow = typeof pfdReports.$inferSelect;
export type PfdRecipientRow = typeof pfdRecipients.$inferSelect;
export type PfdResponseRow = typeof pfdResponses.$inferSelect;
