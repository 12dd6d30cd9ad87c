import { date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AppointmentBasis, JudgeLedStatus } from './judge-led.domain.ts';

export const judgeLedRequests = pgTable('judge_led_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaCode: text('area_code').notNull(),
  groupId: uuid('group_id'),
  status: text('status').$type<JudgeLedStatus>().notNull(),
  reasons: text('reasons').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionReasons: text('decision_reasons'),
  judgeUserId: uuid('judge_user_id'),
  judgeName: text('judge_name'),
  judgeTitle: text('judge_title'),
  appointmentBasis: text('appointment_basis').$type<AppointmentBasis>(),
  appointedOn: date('appointed_on'),
  appointedBy: uuid('appointed_by'),
  appointedByOrganisation: text('appointed_by_organisation'),
  appointedAt: timestamp('appointed_at', { withTimezone: true }),
});

export const judgeLedRequestCases = pgTable(
  'judge_led_request_cases',
  { requestId: uuid('request_id').notNull(), caseId: uuid('case_id').notNull() },
  (t) => [primaryKey({ columns: [t.requestId, t.caseId] })],
);
