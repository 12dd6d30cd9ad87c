import { z } from 'zod';
import { isCommonPassword } from '../../platform/auth/passwords.ts';
import { phoneNumber } from '../cases/cases.schema.ts';
import { S47_CATEGORIES } from './interested-persons.tables.ts';

export const FUNDING = ['LEGAL_AID', 'EXCEPTIONAL_CASE_FUNDING', 'PRIVATE', 'NONE', 'UNKNOWN'] as const;
export const CHANNELS = ['email', 'sms', 'letter'] as const;
export const PERSON_STATUSES = ['PROPOSED', 'RECOGNISED', 'DECLINED', 'REMOVED'] as const;
export const DECISIONS = ['RECOGNISED', 'DECLINED', 'REMOVED'] as const;
export type Decision = (typeof DECISIONS)[number];
export type PersonStatus = (typeof PERSON_STATUSES)[number];

const email = z.email('Enter an email address in the correct format, like name@example.com').max(320);

/** A legal representative (Coroners (Inquests) Rules 2013 r.19: an interested person may act by a lawyer). */
export const representative = z
  .object({
    name: z
      .string({ error: 'Enter the lawyer’s name' })
      .trim()
      .min(1, 'Enter the lawyer’s name')
      .max(200, 'The lawyer’s name must be 200 characters or fewer'),
    firm: z
      .string({ error: 'Enter the name of the lawyer’s firm' })
      .trim()
      .min(1, 'Enter the name of the lawyer’s firm')
      .max(200, 'The firm’s name must be 200 characters or fewer'),
    email: email.optional(),
    phone: phoneNumber.optional(),
  })
  .strict();

/** API.md `POST /cases/{id}/interested-persons`: an entry in the register of interested persons. */
export const interestedPersonInput = z
  .object({
    kind: z.enum(['person', 'organisation']).default('person'),
    name: z
      .string({ error: 'Enter the name of the person or organisation' })
      .trim()
      .min(1, 'Enter the name of the person or organisation')
      .max(200, 'The name must be 200 characters or fewer'),
    category: z.enum(S47_CATEGORIES, { error: 'Select why they are an interested person (section 47)' }),
    relationship: z.string().trim().max(200).optional(),
    organisation: z.string().trim().max(200).optional(),
    contact: z
      .object({
        email: email.optional(),
        phone: phoneNumber.optional(),
        postalAddress: z.string().trim().max(1000).optional(),
        preferredChannel: z.enum(CHANNELS, { error: 'Select how they prefer to be contacted' }).optional(),
      })
      .strict()
      .default({}),
    isFamilyContact: z.boolean().default(false),
    representative: representative.optional(),
    funding: z.enum(FUNDING, { error: 'Select how their legal representation is funded' }).default('UNKNOWN'),
  })
  .strict()
  .superRefine(
    (v, ctx) => {
      if (v.representative && v.funding === 'NONE')
        ctx.addIssue({
          code: 'custom',
          path: ['funding'],
          message:
            'A legal representative is recorded: select how they are funded, or remove the representative',
        });
      const c = v.contact;
      if (!c || typeof c !== 'object' || !CHANNELS.includes(c.preferredChannel as never)) return;
      const need = { email: c.email, sms: c.phone, letter: c.postalAddress };
      if (c.preferredChannel && !need[c.preferredChannel])
        ctx.addIssue({
          code: 'custom',
          // The message belongs to the answer that is missing (the address, the number), where it is typed.
          path: ['contact', { email: 'email', sms: 'phone', letter: 'postalAddress' }[c.preferredChannel]],
          message:
            c.preferredChannel === 'email'
              ? 'Enter an email address to contact them by email'
              : c.preferredChannel === 'sms'
                ? 'Enter a telephone number to contact them by text message'
                : 'Enter a postal address to contact them by letter',
        });
    },
    // Checked with the other answers, so that every problem on the form is shown at once.
    { when: ({ value }) => typeof value === 'object' && value !== null },
  );
export type InterestedPersonInput = z.output<typeof interestedPersonInput>;

/** The coroner's decision on interested-person status (CJA 2009 s.47), with reasons. */
export const decisionInput = z
  .object({
    status: z.enum(DECISIONS, { error: 'Select your decision' }),
    reasons: z
      .string({ error: 'Enter the reasons for your decision' })
      .trim()
      .min(1, 'Enter the reasons for your decision')
      .max(10_000, 'Your reasons must be 10,000 characters or fewer'),
  })
  .strict();

export const invitationInput = z
  .object({
    capacity: z.enum(['self', 'representative'], { error: 'Select who to invite' }),
  })
  .strict();

export const messageInput = z
  .object({
    body: z
      .string({ error: 'Enter your message' })
      .trim()
      .min(1, 'Enter your message')
      .max(5000, 'Your message must be 5,000 characters or fewer'),
  })
  .strict();

export const PASSWORD_MIN = 12;

/** Setting a password when accepting an invitation. */
export const acceptInput = z
  .object({
    password: z
      .string()
      .max(200, 'Your password must be 200 characters or fewer')
      // Spaces between words are welcome; spaces alone, or padding at either end, do not count.
      .refine(
        (v) => v.trim().length >= PASSWORD_MIN,
        `Enter a password of at least ${PASSWORD_MIN} characters, not counting spaces at the start or end`,
      )
      .refine(
        (v) => v.trim().length < PASSWORD_MIN || !isCommonPassword(v),
        'This password is one of the most common, so it is easy to guess. Choose another: three or four unrelated words together work well',
      ),
    confirmPassword: z.string().max(200).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.confirmPassword !== undefined && v.confirmPassword !== v.password)
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' });
  });
