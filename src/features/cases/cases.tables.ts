import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CaseState, CaseStatus } from './cases.domain.ts';
import type { Address, Place } from './cases.schema.ts';

export const caseSequences = pgTable(
  'case_sequences',
  { areaCode: text('area_code').notNull(), year: integer('year').notNull(), last: integer('last').notNull() },
  (t) => [primaryKey({ columns: [t.areaCode, t.year] })],
);

export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull(),
  areaCode: text('area_code').notNull(),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  givenNames: text('given_names').notNull(),
  familyName: text('family_name').notNull(),
  searchName: text('search_name').notNull(),
  sex: text('sex').$type<'male' | 'female' | 'unknown'>().notNull(),
  dateOfBirth: date('date_of_birth'),
  age: integer('age'),
  homeTown: text('home_town'),
  address: jsonb('address').$type<Address>(),
  occupation: text('occupation'),
  nationality: text('nationality'),
  dateOfDeath: date('date_of_death'),
  dateFound: date('date_found'),
  timeFound: text('time_found'),
  placeOfDeath: jsonb('place_of_death').$type<Place>(),
  sceneFound: jsonb('scene_found').$type<Place>(),
  sceneLat: doublePrecision('scene_lat'),
  sceneLon: doublePrecision('scene_lon'),
  sceneAccuracyM: doublePrecision('scene_accuracy_m'),
  scenePlaceType: text('scene_place_type'),
  stateDetention: text('state_detention'),
  circumstances: text('circumstances').notNull(),
  reportedBy: jsonb('reported_by').$type<{ type: string; name?: string; organisation?: string }>().notNull(),
  circumstanceTags: text('circumstance_tags').array().notNull(),
  toxicology: jsonb('toxicology').$type<{ tested: string[]; detected: string[] }>().notNull(),
  policeClassification: text('police_classification'),
  assignedCoronerId: uuid('assigned_coroner_id'),
  assignedOfficerId: uuid('assigned_officer_id'),
  supersedesCaseId: uuid('supersedes_case_id'),
  supersededByCaseId: uuid('superseded_by_case_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  eventCount: integer('event_count').notNull().default(0),
  status: text('status').$type<CaseStatus>().notNull(),
  state: jsonb('state').$type<CaseState>().notNull(),
  investigationOpenedAt: timestamp('investigation_opened_at', { withTimezone: true }),
  postMortem: boolean('post_mortem').notNull().default(false),
  inquestOpenedOn: date('inquest_opened_on'),
  concludedOn: date('concluded_on'),
  closedOn: date('closed_on'),
  shortForm: text('short_form'),
  hasNarrative: boolean('has_narrative').notNull().default(false),
  jury: boolean('jury'),
  article2: text('article2'),
  reportingRestriction: text('reporting_restriction').notNull().default('NONE'),
});

export const casePeople = pgTable('case_people', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull(),
  role: text('role').notNull(),
  name: text('name').notNull(),
  searchName: text('search_name').notNull(),
  address: jsonb('address').$type<Address>(),
  dateOfBirth: date('date_of_birth'),
  phone: text('phone'),
  professional: boolean('professional').notNull().default(false),
});

export const caseEvents = pgTable(
  'case_events',
  {
    caseId: uuid('case_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    actorRole: text('actor_role'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] })],
);

export const caseDeadlines = pgTable('case_deadlines', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  basis: text('basis').notNull(),
  source: text('source').notNull().default('case'),
  sourceId: text('source_id').notNull().default(''),
  startedOn: date('started_on').notNull(),
  dueOn: date('due_on').notNull(),
  metOn: date('met_on'),
});

export const reportDrafts = pgTable('report_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
