import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { LinkCase, LinkLevel, LinkReason } from './links.types.ts';

/** The detector's prepared view of a case, kept by the assessment job; the candidate prefilter reads it. */
export const linkCases = pgTable('link_cases', {
  caseId: uuid('case_id').primaryKey(),
  areaCode: text('area_code').notNull(),
  eventDay: integer('event_day').notNull(),
  unnatural: boolean('unnatural').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  accuracyM: doublePrecision('accuracy_m'),
  locationSource: text('location_source'),
  /** A postcode the postcode service could not be asked about (it was not answering): placed again nightly. */
  placePending: boolean('place_pending').notNull().default(false),
  cell: text('cell'),
  keys: text('keys').array().notNull(),
  nameWords: text('name_words').array().notNull(),
  textWords: text('text_words').array().notNull(),
  traits: text('traits').array().notNull(),
  data: jsonb('data').$type<LinkCase>().notNull(),
  assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
});

export type AlertKind = 'pair' | 'cluster' | 'site';
export type AlertStatus = 'OPEN' | 'CONFIRMED' | 'DISMISSED';

/** The source of the messages about an alert in the outbox (`notifications.source`; its id is the alert's). */
export const ALERT_NOTICE_SOURCE = 'link-alert';

export const linkAlerts = pgTable('link_alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<AlertKind>().notNull(),
  level: text('level').$type<LinkLevel>().notNull(),
  areaCodes: text('area_codes').array().notNull(),
  signalKey: text('signal_key').notNull(),
  caseIds: uuid('case_ids').array().notNull(),
  summary: text('summary').notNull(),
  score: doublePrecision('score'),
  reasons: jsonb('reasons').$type<LinkReason[]>().notNull(),
  status: text('status').$type<AlertStatus>().notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decidedBy: uuid('decided_by'),
  decisionReason: text('decision_reason'),
  groupId: uuid('group_id'),
});

export const possibleLinks = pgTable(
  'possible_links',
  {
    caseA: uuid('case_a').notNull(),
    caseB: uuid('case_b').notNull(),
    score: doublePrecision('score').notNull(),
    level: text('level').$type<LinkLevel>().notNull(),
    reasons: jsonb('reasons').$type<LinkReason[]>().notNull(),
    alertId: uuid('alert_id'),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseA, t.caseB] })],
);

export const knownSites = pgTable('known_sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind')
    .$type<'hospital' | 'hospice' | 'care-home' | 'prison' | 'railway-station' | 'other'>()
    .notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  radiusM: doublePrecision('radius_m').notNull(),
  areaCode: text('area_code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const linkBackground = pgTable('link_background', {
  id: integer('id').primaryKey(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  cases: integer('cases').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
});
