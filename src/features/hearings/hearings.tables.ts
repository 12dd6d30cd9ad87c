import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { HearingOutcome, HearingStatus, HearingType } from './hearings.domain.ts';

export const courtRooms = pgTable('court_rooms', {
  id: uuid('id').primaryKey().defaultRandom(),
  courtId: uuid('court_id').notNull(),
  name: text('name').notNull(),
  capacity: integer('capacity').notNull(),
  juryCapable: boolean('jury_capable').notNull().default(false),
  videoLink: boolean('video_link').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const hearings = pgTable('hearings', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaCode: text('area_code').notNull(),
  courtId: uuid('court_id').notNull(),
  roomId: uuid('room_id'),
  coronerId: uuid('coroner_id'),
  type: text('type').$type<HearingType>().notNull(),
  status: text('status').$type<HearingStatus>().notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  estimatedMinutes: integer('estimated_minutes').notNull(),
  urgencyReason: text('urgency_reason'),
  reason: text('reason'),
  outcome: jsonb('outcome').$type<HearingOutcome>(),
  adjournedFrom: uuid('adjourned_from'),
  version: integer('version').notNull().default(1),
  listedBy: uuid('listed_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const hearingCases = pgTable(
  'hearing_cases',
  {
    hearingId: uuid('hearing_id').notNull(),
    caseId: uuid('case_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hearingId, t.caseId] })],
);

export const hearingChanges = pgTable('hearing_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  hearingId: uuid('hearing_id').notNull(),
  kind: text('kind').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorLabel: text('actor_label').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
});

export const calendarFeeds = pgTable('calendar_feeds', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  caseId: uuid('case_id'),
  courtId: uuid('court_id'),
  tokenHash: text('token_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export type HearingRow = typeof hearings.$inferSelect;
export type RoomRow = typeof courtRooms.$inferSelect;
