import { z } from 'zod';
import { SHORT_FORMS } from './cases.conclusions.ts';
import { detailsUpdate, isoDate } from './cases.schema.ts';

const reason = z.string({ error: 'Enter the reason' }).trim().min(1, 'Enter the reason').max(10_000);
const optionalReason = z.string().trim().max(10_000).optional();

/** CJA 2009 s.1(2): why the duty to investigate arises. */
export const INVESTIGATION_GROUNDS = ['VIOLENT_OR_UNNATURAL', 'CAUSE_UNKNOWN', 'STATE_DETENTION'] as const;
export type InvestigationGround = (typeof INVESTIGATION_GROUNDS)[number];

/** CJA 2009 Sch.1: the paragraphs under which an investigation is suspended. */
export const SUSPENSION_BASES = ['SCH1_PARA1', 'SCH1_PARA2', 'SCH1_PARA3', 'SCH1_PARA5'] as const;

/** CJA 2009 s.7: when an inquest is held with a jury. */
export const JURY_BASES = ['S7_2_A', 'S7_2_B', 'S7_2_C', 'S7_3', 'NOT_REQUIRED'] as const;

/** The Chief Coroner's five reason categories for investigations lasting more than 12 months (s.16). */
export const S16_REASONS = [
  'EXTERNAL_INVESTIGATION',
  'CROWN_COURT_PROCEEDINGS',
  'DEATH_ABROAD',
  'INQUEST_PREPARATION',
  'COMPLEX_CASE',
] as const;

export const REPORTING_ORDERS = ['CYPA_S39', 'CCA_S4_2', 'CCA_S11', 'NONE'] as const;

/** The particulars the registrar needs to register the death (Births and Deaths Registration Act 1953). */
const registrationParticulars = z.object({
  placeOfDeath: z.string().trim().max(300).optional(),
  maidenSurname: z.string().trim().max(200).optional(),
  placeOfBirth: z.string().trim().max(300).optional(),
  occupation: z.string().trim().max(200).optional(),
  usualAddress: z.string().trim().max(500).optional(),
});

/** Every action on a case with its payload (API.md `POST /cases/{id}/actions`). */
export const caseAction = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('OPEN_PRELIMINARY_ENQUIRIES'), reason: optionalReason }),
    z.object({
      type: z.literal('DECIDE_NO_DUTY'),
      route: z.enum(['MCCD', 'FORM_100A', 'MEDICAL_EXAMINER'], {
        error: 'Select how the death will be certified',
      }),
      reason,
    }),
    z.object({
      type: z.literal('OPEN_INVESTIGATION'),
      grounds: z
        .array(z.enum(INVESTIGATION_GROUNDS))
        .min(1, 'Select at least one reason the duty to investigate arises'),
      reason,
    }),
    z.object({
      type: z.literal('REVIEW_GROUNDS'),
      grounds: z
        .array(z.enum(INVESTIGATION_GROUNDS))
        .min(1, 'Select at least one reason the duty to investigate arises'),
      reason,
    }),
    z.object({
      type: z.literal('RECORD_POST_MORTEM'),
      examinedOn: isoDate('Enter the date of the examination'),
      kind: z.enum(['INVASIVE', 'CT', 'EXTERNAL'], { error: 'Select the kind of examination' }),
      pathologist: z.string().trim().min(1, 'Enter the pathologist’s name').max(200),
      causeOfDeath: z.string().trim().max(1000).optional(),
      reason: optionalReason,
    }),
    z.object({
      type: z.literal('DISCONTINUE'),
      causeOfDeath: z.string().trim().min(1, 'Enter the cause of death').max(1000),
      reason,
    }),
    z.object({
      type: z.literal('OPEN_INQUEST'),
      openedOn: isoDate('Enter the date the inquest was opened'),
      provisionalCause: z.string().trim().max(1000).optional(),
      reason: optionalReason,
    }),
    z
      .object({
        type: z.literal('SUSPEND'),
        basis: z.enum(SUSPENSION_BASES, { error: 'Select the paragraph of Schedule 1' }),
        // Paragraphs 1 and 3 suspend at someone's request (a prosecutor's; the Lord Chancellor's for an inquiry).
        // Under paragraph 2 a charge has been brought, and under paragraph 5 the coroner acts of their own motion.
        requestedBy: z.string().trim().max(200).optional(),
        reason,
      })
      .refine((a) => (a.basis !== 'SCH1_PARA1' && a.basis !== 'SCH1_PARA3') || Boolean(a.requestedBy), {
        message: 'Enter who asked for the suspension',
        path: ['requestedBy'],
      }),
    z.object({
      type: z.literal('REVIEW_SUSPENSION'),
      nextReviewOn: isoDate('Enter the date of the next review'),
      reason,
    }),
    z.object({
      type: z.literal('RESUME'),
      /** After a suspension under paragraph 2 or 3: how the criminal proceedings or the inquiry ended. */
      proceedingsOutcome: z.string().trim().max(2000).optional(),
      reason,
    }),
    // Sch.1 para 8(1) and 9: after the proceedings or the inquiry, the coroner may decide there is no
    // sufficient reason to resume. The investigation then ends; the decision can be revisited (RESUME).
    z.object({ type: z.literal('DECIDE_NOT_TO_RESUME'), reason }),
    // Reg. 8: on suspending, the coroner gives the registrar what is needed to register the death meanwhile.
    z.object({
      type: z.literal('SEND_REGISTRAR_PARTICULARS'),
      sentOn: isoDate('Enter the date the particulars were sent'),
      registerOffice: z
        .string({ error: 'Enter the register office the particulars were sent to' })
        .trim()
        .min(1, 'Enter the register office the particulars were sent to')
        .max(200, 'The register office must be 200 characters or fewer'),
      causeOfDeath: z
        .string({ error: 'Enter the cause of death given to the registrar' })
        .trim()
        .min(1, 'Enter the cause of death given to the registrar')
        .max(1000, 'The cause of death must be 1,000 characters or fewer'),
      registration: registrationParticulars.default({}),
      reason: optionalReason,
    }),
    z.object({
      type: z.literal('DECIDE_JURY'),
      jury: z.boolean({ error: 'Say whether the inquest will have a jury' }),
      basis: z.enum(JURY_BASES, { error: 'Select the basis in section 7' }),
      reason,
    }),
    z.object({
      type: z.literal('DECIDE_ARTICLE_2'),
      article2: z.enum(['ENGAGED', 'NOT_ENGAGED', 'UNDER_REVIEW'], {
        error: 'Say whether Article 2 is engaged',
      }),
      reason,
    }),
    z
      .object({
        type: z.literal('ASSIGN'),
        coronerId: z.uuid('Select a coroner').optional(),
        officerId: z.uuid('Select an officer').optional(),
        reason: optionalReason,
      })
      .refine((a) => a.coronerId || a.officerId, {
        message: 'Choose a coroner or an officer',
        path: ['coronerId'],
      }),
    z.object({ type: z.literal('UPDATE_DETAILS'), details: detailsUpdate, reason: optionalReason }),
    z
      .object({
        type: z.literal('RECORD_CONCLUSION'),
        concludedOn: isoDate('Enter the date of the conclusion'),
        medicalCause: z.object(
          {
            '1a': z
              .string({ error: 'Enter the medical cause of death (1a)' })
              .trim()
              .min(1, 'Enter the medical cause of death (1a)')
              .max(500),
            '1b': z.string().trim().max(500).optional(),
            '1c': z.string().trim().max(500).optional(),
            '2': z.string().trim().max(500).optional(),
          },
          { error: 'Enter the medical cause of death (1a)' },
        ),
        howWhenWhere: z
          .string({ error: 'Enter how, when and where the deceased came by their death' })
          .trim()
          .min(1, 'Enter how, when and where the deceased came by their death')
          .max(20_000),
        circumstances: z.string().trim().max(20_000).optional(),
        shortForm: z.enum(SHORT_FORMS).optional(),
        narrative: z.string().trim().max(20_000).optional(),
        neglect: z.boolean().default(false),
        byJury: z.boolean({ error: 'Say whether a jury reached the conclusion' }),
        registration: registrationParticulars.default({}),
      })
      .refine((c) => c.shortForm || c.narrative, {
        message: 'Choose a short-form conclusion, write a narrative conclusion, or both',
        path: ['shortForm'],
      })
      .refine((c) => !c.neglect || c.shortForm, {
        message: 'The neglect rider is added to a short-form conclusion',
        path: ['neglect'],
      }),
    z.object({
      type: z.literal('QUASH'),
      court: z.string().trim().min(1, 'Enter the court').max(200),
      orderedOn: isoDate('Enter the date of the order'),
      citation: z.string().trim().max(300).optional(),
      grounds: z.string().trim().min(1, 'Enter the grounds').max(10_000),
    }),
    z
      .object({
        type: z.literal('TRANSFER'),
        toAreaCode: z
          .string({ error: 'Select the receiving coroner area' })
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{2,4}$/, 'Select the receiving coroner area'),
        basis: z.enum(['S2', 'S3'], { error: 'Select section 2 (agreement) or section 3 (direction)' }),
        agreedBy: z.string().trim().max(200).optional(),
        reason,
      })
      .refine((t) => t.basis !== 'S2' || t.agreedBy, {
        message: 'Enter the receiving coroner who agreed (section 2)',
        path: ['agreedBy'],
      }),
    z.object({ type: z.literal('ACCEPT_TRANSFER'), reason: optionalReason }),
    z.object({
      type: z.literal('SET_REPORTING_RESTRICTION'),
      order: z.enum(REPORTING_ORDERS, { error: 'Select the order' }),
      note: z.string().trim().max(2000).optional(),
    }),
    z.object({
      type: z.literal('SEND_S16_NOTICE'),
      stage: z.enum(['OVER_12_MONTHS', 'COMPLETED'], { error: 'Select which notice it is' }),
      reasonCategory: z.enum(S16_REASONS, { error: 'Select the reason category' }),
      note: z.string().trim().max(2000).optional(),
    }),
    z.object({
      type: z.literal('RECORD_NOTE'),
      note: z.string().trim().min(1, 'Enter the note').max(10_000),
    }),
  ],
  { error: 'Choose an action the system knows' },
);
export type CaseAction = z.infer<typeof caseAction>;
export type CaseActionType = CaseAction['type'];
export type ActionOf<T extends CaseActionType> = Extract<CaseAction, { type: T }>;
