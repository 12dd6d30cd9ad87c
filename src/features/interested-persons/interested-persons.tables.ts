import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** CJA 2009 s.47(2): who may be an interested person. */
export const S47_CATEGORIES = [
  'FAMILY',
  'PERSONAL_REPRESENTATIVE',
  'MEDICAL_EXAMINER',
  'LIFE_INSURANCE_BENEFICIARY',
  'INSURER',
  'MAY_HAVE_CAUSED_DEATH',
  'TRADE_UNION',
  'ENFORCING_AUTHORITY',
  'CHIEF_CONSTABLE',
  'PROVOST_MARSHAL',
  'IOPC',
  'GOVERNMENT_INQUIRY',
  'SUFFICIENT_INTEREST',
] as const;
export type S47Category = (typeof S47_CATEGORIES)[number];

export const interestedPersons = pgTable('interested_persons', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').$type<'person' | 'organisation'>().notNull().default('person'),
  name: text('name').notNull(),
  category: text('category').$type<S47Category>().notNull(),
  relationship: text('relationship'),
  organisation: text('organisation'),
  email: text('email'),
  phone: text('phone'),
  postalAddress: text('postal_address'),
  preferredChannel: text('preferred_channel').$type<'email' | 'sms' | 'letter'>(),
  isFamilyContact: boolean('is_family_contact').notNull().default(false),
  representative: jsonb('representative').$type<{
    name: string;
    firm: string;
    email?: string;
    phone?: string;
  }>(),
  funding: text('funding')
    .$type<'LEGAL_AID' | 'EXCEPTIONAL_CASE_FUNDING' | 'PRIVATE' | 'NONE' | 'UNKNOWN'>()
    .notNull()
    .default('UNKNOWN'),
  status: text('status')
    .$type<'PROPOSED' | 'RECOGNISED' | 'DECLINED' | 'REMOVED'>()
    .notNull()
    .default('PROPOSED'),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionReasons: text('decision_reasons'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const interestedPersonUsers = pgTable(
  'interested_person_users',
  {
    interestedPersonId: uuid('interested_person_id').notNull(),
    userId: uuid('user_id').notNull(),
    capacity: text('capacity').$type<'self' | 'representative'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.interestedPersonId, t.userId] })],
);

export const interestedPersonInvitations = pgTable('interested_person_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  interestedPersonId: uuid('interested_person_id').notNull(),
  capacity: text('capacity').$type<'self' | 'representative'>().notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  acceptedBy: uuid('accepted_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
});

export const interestedPersonMessages = pgTable('interested_person_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull(),
  interestedPersonId: uuid('interested_person_id').notNull(),
  sentByOffice: boolean('sent_by_office').notNull(),
  authorId: uuid('author_id'),
  authorName: text('author_name').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
