import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id'),
  recipientName: text('recipient_name').notNull(),
  email: text('email'),
  phone: text('phone'),
  postalAddress: text('postal_address'),
  channel: text('channel').$type<'email' | 'sms' | 'letter'>().notNull(),
  template: text('template').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  source: text('source'),
  sourceId: text('source_id'),
  status: text('status').$type<NotificationStatus>().notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  providerId: text('provider_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});

/** queued: waiting to be sent; sent: the provider accepted it; failed: gave up after many tries (still shown);
 * kept: no sending service is configured (or it is a letter), so the office sends it by hand. */
export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'kept';
