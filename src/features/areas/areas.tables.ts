import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const localAuthorities = pgTable('local_authorities', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaCode: text('area_code').notNull(),
  name: text('name').notNull(),
  isLead: boolean('is_lead').notNull().default(false),
});

export const courts = pgTable('courts', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaCode: text('area_code').notNull(),
  name: text('name').notNull(),
  addressLine1: text('address_line1').notNull(),
  addressLine2: text('address_line2'),
  town: text('town').notNull(),
  postcode: text('postcode'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
