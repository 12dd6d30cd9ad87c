import { z } from 'zod';
import { isoDate } from '../cases/cases.schema.ts';
import { PFD_THEME_CODES } from './pfd.themes.ts';

const email = z.email({ error: 'Enter an email address in the correct format, like name@example.org' });
const optionalText = (max: number) => z.string().trim().max(max).optional();

export const recipientInput = z.object({
  organisation: z
    .string({ error: 'Enter the organisation the report is sent to' })
    .trim()
    .min(1, 'Enter the organisation the report is sent to')
    .max(300),
  person: optionalText(300),
  email: email.optional(),
});

const copyTo = z.object({
  name: z
    .string({ error: 'Enter who the copy goes to' })
    .trim()
    .min(1, 'Enter who the copy goes to')
    .max(300),
  email: email.optional(),
});

/** The most recipients one report may have, in the API and on the report form. */
export const MAX_RECIPIENTS = 30;

/** `POST /cases/{id}/pfd-reports` (API.md): a draft, or a report sent at once when `sentOn` is given. */
export const pfdReportInput = z.object({
  concerns: z
    .array(z.string().trim().min(1, 'Enter the matter of concern').max(10_000), {
      error: 'Enter at least one matter of concern',
    })
    .min(1, 'Enter at least one matter of concern')
    .max(50),
  recipients: z
    .array(recipientInput, { error: 'Add at least one recipient: a person or organisation that can act' })
    .min(1, 'Add at least one recipient: a person or organisation that can act')
    .max(MAX_RECIPIENTS, `A report can have up to ${MAX_RECIPIENTS} recipients`),
  action: z.string().trim().max(20_000).default(''),
  investigation: optionalText(20_000),
  circumstances: optionalText(20_000),
  themes: z.array(z.enum(PFD_THEME_CODES)).max(PFD_THEME_CODES.length).default([]),
  copies: z
    .object({
      interestedPersonIds: z.array(z.uuid().toLowerCase()).max(100).default([]),
      safeguardingBoard: copyTo.optional(),
      others: z.array(copyTo).max(30).default([]),
    })
    .default({ interestedPersonIds: [], others: [] }),
  sentOn: isoDate('Enter the date the report was sent').optional(),
});
export type PfdReportInput = z.infer<typeof pfdReportInput>;

export const sendInput = z.object({
  sentOn: isoDate('Enter the date the report was sent'),
});

export const responseInput = z.object({
  recipientId: z.uuid({ error: 'Choose the recipient who responded' }).toLowerCase(),
  receivedOn: isoDate('Enter the date the response was received'),
  summary: optionalText(20_000),
  document: z
    .object({
      fileName: z.string().trim().min(1, 'Enter the file name').max(255),
      contentBase64: z.base64({ error: 'Send the document as base64' }).min(4, 'The document is empty'),
    })
    .optional(),
});

export const extensionInput = z.object({
  recipientId: z.uuid({ error: 'Choose the recipient' }).toLowerCase(),
  dueOn: isoDate('Enter the new due date'),
  reason: z
    .string({ error: 'Enter the reason for the extension' })
    .trim()
    .min(1, 'Enter the reason for the extension')
    .max(5_000),
});

export const publishInput = z.object({
  removeNames: z.boolean().default(false),
  otherNames: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
});

const recipientView = z.object({
  id: z.uuid(),
  organisation: z.string(),
  person: z.string().nullable(),
  email: z.string().nullable(),
  dueOn: z.string().nullable(),
  originalDueOn: z.string().nullable(),
  respondedOn: z.string().nullable(),
  state: z.enum(['DRAFT', 'AWAITING', 'DUE_SOON', 'OVERDUE', 'RESPONDED']),
});

export const pfdReportView = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    caseId: z.uuid(),
    caseReference: z.string(),
    areaCode: z.string(),
    status: z.enum(['DRAFT', 'SENT']),
    coroner: z.object({ name: z.string(), title: z.string() }),
    deceased: z.object({ name: z.string(), ageAtDeath: z.number().nullable() }),
    investigation: z.string(),
    circumstances: z.string(),
    concerns: z.array(z.string()),
    action: z.string(),
    themes: z.array(z.object({ code: z.string(), label: z.string() })),
    copies: z.object({
      chiefCoroner: z.boolean(),
      interestedPersons: z.array(z.object({ id: z.uuid(), name: z.string() })),
      safeguardingBoard: z.object({ name: z.string(), email: z.string().optional() }).nullable(),
      others: z.array(z.object({ name: z.string(), email: z.string().optional() })),
    }),
    sentOn: z.string().nullable(),
    published: z
      .object({
        at: z.string(),
        removeNames: z.boolean(),
        withheld: z.boolean().meta({
          description:
            'Published with names, on a case now under a reporting restriction: the public no longer sees it until it is published again with names removed',
        }),
      })
      .nullable(),
    recipients: z.array(recipientView),
    responses: z.array(
      z.object({
        id: z.uuid(),
        recipientId: z.uuid(),
        receivedOn: z.string(),
        summary: z.string().nullable(),
        document: z.object({ name: z.string(), contentType: z.string(), size: z.number() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'PfdReport' });
export type PfdReportView = z.infer<typeof pfdReportView>;

export const publicPfdReport = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    sentOn: z.string(),
    publishedOn: z.string(),
    deceasedName: z
      .string()
      .nullable()
      .meta({ description: 'null where the coroner directed names be removed' }),
    coroner: z.object({ name: z.string(), title: z.string() }),
    themes: z.array(z.object({ code: z.string(), label: z.string() })),
    investigation: z.string(),
    circumstances: z.string(),
    concerns: z.array(z.string()),
    action: z.string(),
    recipients: z.array(
      z.object({
        organisation: z.string(),
        person: z.string().nullable(),
        dueOn: z.string(),
        respondedOn: z.string().nullable(),
        state: z.enum(['AWAITING', 'DUE_SOON', 'OVERDUE', 'RESPONDED']),
      }),
    ),
  })
  .meta({ id: 'PublicPfdReport' });
export type PublicPfdReport = z.infer<typeof publicPfdReport>;
