import { z } from 'zod';
import { isoDate } from '../cases/cases.schema.ts';
import { APPOINTMENT_BASES, DECISIONS, JUDGE_LED_STATUSES } from './judge-led.domain.ts';

const reasons = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(10_000, 'The reasons must be 10,000 characters or fewer');

/** The most cases a request names one by one; a larger inquiry is asked for as a group. */
export const MOST_CASES = 200;

/** `POST /judge-led-requests` (API.md): for the cases given, or for every case of a group. */
export const judgeLedRequestInput = z
  .object({
    caseIds: z
      .array(z.uuid({ error: 'Each case must be given by its id' }))
      .min(1, 'Choose at least one case')
      .max(MOST_CASES, `Choose ${MOST_CASES} cases or fewer`)
      .optional(),
    groupId: z.uuid({ error: 'The group must be given by its id' }).optional(),
    reasons: reasons('why a judge should lead the inquest'),
  })
  .refine((v) => Boolean(v.caseIds?.length) !== Boolean(v.groupId), {
    path: ['caseIds'],
    message: 'Give either the cases or a group, not both',
  });
export type JudgeLedRequestInput = z.infer<typeof judgeLedRequestInput>;

/** `POST /judge-led-requests/{id}/decision` (the Chief Coroner's office only). */
export const decisionInput = z.object({
  decision: z.enum(DECISIONS, { error: 'Choose whether to approve or decline the request' }),
  reasons: reasons('the reasons for the decision'),
});

/** `POST /judge-led-requests/{id}/appointment` (the local authority). */
export const appointmentInput = z.object({
  judgeName: z.string({ error: 'Enter the judge’s name' }).trim().min(1, 'Enter the judge’s name').max(200),
  judgeTitle: z
    .string({ error: 'Enter the judge’s title' })
    .trim()
    .min(1, 'Enter the judge’s title, for example His Honour Judge')
    .max(200),
  judgeEmail: z
    .email({ error: 'Enter the judge’s email address in the correct format, like name@judiciary.example' })
    .max(320),
  appointedOn: isoDate('Enter the date of appointment'),
  basis: z
    .enum(APPOINTMENT_BASES, { error: 'Choose how the judge is appointed' })
    .optional()
    .describe(
      'Left out: the appointment the caller makes, ASSISTANT_CORONER for a local authority, SCHEDULE_10 for the Chief Coroner’s office',
    ),
});
export type AppointmentInput = z.infer<typeof appointmentInput>;

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const judgeLedRequestView = z
  .object({
    id: z.uuid(),
    status: z.enum(JUDGE_LED_STATUSES),
    statusLabel: z.string(),
    areaCode: z.string(),
    group: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    reasons: z.string(),
    cases: z.array(
      z.object({ id: z.uuid(), reference: z.string(), name: z.string(), coroner: z.string().nullable() }),
    ),
    requestedBy: person,
    requestedAt: z.string(),
    decision: z
      .object({ decision: z.enum(DECISIONS), reasons: z.string(), by: person, at: z.string() })
      .nullable(),
    appointment: z
      .object({
        judge: person,
        judgeName: z.string(),
        judgeTitle: z.string(),
        basis: z.enum(APPOINTMENT_BASES),
        appointedOn: z.string(),
        appointedBy: person,
        organisation: z.string().nullable(),
        at: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'JudgeLedRequest' });
export type JudgeLedRequestView = z.infer<typeof judgeLedRequestView>;

export const judgeAccountView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  created: z.boolean(),
  /** Shown once, to be given to the judge; only its hash is kept. Null when the judge already had an account. */
  temporaryPassword: z.string().nullable(),
});

/** API.md "Lists": `?page=1&pageSize=50` → `{items, total}`. */
export const listQuery = z.object({
  status: z.enum(JUDGE_LED_STATUSES).optional(),
  page: z.coerce.number().int().min(1, 'The page must be 1 or more').default(1),
  pageSize: z.coerce.number().int().min(1).max(500, 'The page size must be 500 or fewer').default(50),
});
