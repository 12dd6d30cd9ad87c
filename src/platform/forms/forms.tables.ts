import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const formSubmissions = pgTable('form_submissions', {
  key: text('key').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
