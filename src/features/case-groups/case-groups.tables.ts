import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const caseGroups = pgTable('case_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  reason: text('reason').notNull(),
  areaCode: text('area_code'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When a case was taken out of the group's last two, and both were then heard on their own. */
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

/** A case belongs to at most one group. */
export const caseGroupMembers = pgTable(
  'case_group_members',
  {
    groupId: uuid('group_id').notNull(),
    caseId: uuid('case_id').notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.caseId] })],
);
