import { bigint, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditEvents = pgTable('audit_events', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorLabel: text('actor_label').notNull(),
  actorRole: text('actor_role'),
  action: text('action').notNull(),
  caseId: uuid('case_id'),
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  requestId: text('request_id'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditHead = pgTable('audit_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
