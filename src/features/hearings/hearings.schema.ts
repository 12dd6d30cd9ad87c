import { z } from 'zod';
import { instant, isoDate, postcode } from '../cases/cases.schema.ts';
import { DIRECTION_KINDS, HEARING_STATUSES, HEARING_TYPES } from './hearings.domain.ts';

/** The last day a hearing list may start or end on: a list reaches days beyond it, and the database stops at year 9999. */
export const LAST_LIST_DATE = '2999-12-31';
export const LIST_DATE_TOO_LATE = 'Enter a date before the year 3000';

/** A first or last day of a hearing list: a real date (from 1850), before the year 3000. */
export const listDate = (message: string) =>
  isoDate(message).refine((v) => v <= LAST_LIST_DATE, LIST_DATE_TOO_LATE);

const sentence = (max: number, message: string, name = 'The text') =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalText = (max: number, name: string) =>
  z
    .string()
    .trim()
    .max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional();

export const listHearingInput = z.object({
  type: z.enum(HEARING_TYPES, { error: 'Select the type of hearing' }),
  courtId: z.uuid({ error: 'Select the court' }),
  roomId: z.uuid({ error: 'Select a room of the court' }).optional(),
  coronerId: z.uuid({ error: 'Select the coroner' }).optional(),
  startsAt: instant('Enter the date and time of the hearing as a real date and time'),
  estimatedMinutes: z
    .number({ error: 'Enter the estimated length in minutes, as a number' })
    .int('Enter the estimated length in whole minutes')
    .min(5, 'The estimated length must be at least 5 minutes')
    .max(14400, 'The estimated length must be at most 14,400 minutes (10 days)')
    .default(60),
  /** Other cases heard together with this one. */
  caseIds: z
    .array(z.uuid({ error: 'Each case heard together must be a case id' }))
    .max(50)
    .optional(),
  /** Coroners (Inquests) Rules 2013 r.7: needed for a weekend or bank holiday. */
  urgencyReason: optionalText(2000, 'The reason this hearing is urgent'),
  /** Records a hearing that has already taken place (no notice is sent). */
  alreadyHeld: z.boolean().optional(),
});
export type ListHearingInput = z.infer<typeof listHearingInput>;

export const postponeInput = z.object({
  reason: sentence(2000, 'Enter the reason for postponing the hearing', 'The reason'),
  /** The new date and time, or null (or left out) when the date is to be set. */
  newStartsAt: instant('Enter the new date and time as a real date and time').nullable().optional(),
  urgencyReason: optionalText(2000, 'The reason this hearing is urgent'),
});

export const relistInput = z.object({
  startsAt: instant('Enter the new date and time as a real date and time'),
  roomId: z.uuid({ error: 'Select a room of the court' }).optional(),
  coronerId: z.uuid({ error: 'Select the coroner' }).optional(),
  estimatedMinutes: z.number().int().min(5).max(14400).optional(),
  urgencyReason: optionalText(2000, 'The reason this hearing is urgent'),
});

export const adjournInput = z.object({
  reason: sentence(2000, 'Enter the reason for adjourning the hearing', 'The reason'),
  /** When it resumes; left out when the date is to be set. */
  resumesAt: instant('Enter the date and time it resumes as a real date and time').nullable().optional(),
  urgencyReason: optionalText(2000, 'The reason this hearing is urgent'),
});

export const vacateInput = z.object({
  reason: sentence(2000, 'Enter the reason the hearing will not take place', 'The reason'),
});

export const removeCaseInput = z.object({
  caseId: z.uuid({ error: 'Select the case to take out of the hearing' }),
  reason: sentence(2000, 'Enter the reason the case is taken out of the hearing', 'The reason'),
});

export const directionInput = z.object({
  kind: z.enum(DIRECTION_KINDS, { error: 'Select what the direction is about' }),
  text: sentence(2000, 'Enter the direction', 'The direction'),
  dueOn: isoDate('Enter the date the direction must be met by as a real date').optional(),
});

export const outcomeInput = z.object({
  heldOn: isoDate('Enter the date the hearing was held'),
  notes: optionalText(5000, 'The notes'),
  directions: z.array(directionInput).max(30).default([]),
});

export const courtInput = z.object({
  name: sentence(200, "Enter the court's name"),
  addressLine1: sentence(200, 'Enter the first line of the address'),
  addressLine2: optionalText(200, 'The second line of the address'),
  town: sentence(100, 'Enter the town or city'),
  postcode: postcode.optional(),
});

export const roomInput = z.object({
  name: sentence(100, "Enter the room's name"),
  capacity: z
    .number({ error: 'Enter how many people the room seats, as a number' })
    .int('Enter a whole number of seats')
    .min(1, 'The room must seat at least 1 person')
    .max(2000, 'Enter at most 2,000 seats'),
  juryCapable: z.boolean({ error: 'Say whether the room has a jury box' }),
  videoLink: z.boolean({ error: 'Say whether the room has a video link' }),
});

const roomView = z.object({
  id: z.uuid(),
  name: z.string(),
  capacity: z.number(),
  juryCapable: z.boolean(),
  videoLink: z.boolean(),
});

export const courtView = z.object({
  id: z.uuid(),
  areaCode: z.string(),
  name: z.string(),
  address: z.string(),
  rooms: z.array(roomView),
});

export const hearingView = z.object({
  id: z.uuid(),
  type: z.enum(HEARING_TYPES),
  typeLabel: z.string(),
  status: z.enum(HEARING_STATUSES),
  startsAt: z.string(),
  endsAt: z.string(),
  estimatedMinutes: z.number(),
  areaCode: z.string(),
  court: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
  room: roomView.nullable(),
  coroner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  cases: z.array(z.object({ id: z.uuid(), reference: z.string(), name: z.string() })),
  urgencyReason: z.string().nullable(),
  reason: z.string().nullable(),
  outcome: z
    .object({
      heldOn: z.string(),
      notes: z.string().optional(),
      directions: z.array(z.object({ kind: z.string(), text: z.string(), dueOn: z.string().optional() })),
    })
    .nullable(),
  adjournedFrom: z.string().nullable(),
  version: z.number(),
  changes: z.array(
    z.object({
      kind: z.string(),
      at: z.string(),
      actor: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type HearingView = z.infer<typeof hearingView>;

export const publicHearing = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  type: z.enum(HEARING_TYPES),
  typeLabel: z.string(),
  status: z.enum(HEARING_STATUSES),
  statusText: z.string(),
  court: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
  room: z.string().nullable(),
  deceased: z.array(
    z.object({
      name: z.string(),
      age: z.number().nullable(),
      dateOfDeath: z.string().nullable(),
      restricted: z.boolean(),
    }),
  ),
});
export type PublicHearing = z.infer<typeof publicHearing>;

export const publicListQuery = z.object({
  courtId: z.uuid({ error: 'Choose a court from the list' }).optional(),
  area: z
    .string()
    .regex(/^[A-Z]{2,4}$/, 'Enter an area code of 2 to 4 capital letters')
    .optional(),
  from: listDate('Enter the first date as a real date, for example 2026-12-01').optional(),
  to: listDate('Enter the last date as a real date, for example 2026-12-31').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});

export const notificationView = z.object({
  id: z.uuid(),
  to: z.string(),
  channel: z.enum(['email', 'sms', 'letter']),
  template: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'kept']),
  attempts: z.number(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  source: z.string().nullable(),
});
