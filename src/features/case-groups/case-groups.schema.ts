import { z } from 'zod';

const caseIds = (min: number, message: string) =>
  z
    .array(z.uuid({ error: 'Each case must be given by its id' }), { error: message })
    .min(min, message)
    .max(200, 'A group can hold up to 200 cases');

/** `POST /case-groups` (API.md): inquests to be heard together, with the reason. */
export const caseGroupInput = z.object({
  name: z
    .string({ error: 'Enter a name for the group' })
    .trim()
    .min(1, 'Enter a name for the group')
    .max(200, 'The name must be 200 characters or fewer'),
  reason: z
    .string({ error: 'Enter why these inquests should be heard together' })
    .trim()
    .min(1, 'Enter why these inquests should be heard together')
    .max(5000, 'The reason must be 5,000 characters or fewer'),
  caseIds: caseIds(2, 'Choose at least two cases to hear together'),
});
export type CaseGroupInput = z.infer<typeof caseGroupInput>;

export const addCasesInput = z.object({ caseIds: caseIds(1, 'Choose at least one case to add') });

/** The same questions on the page, where cases are given by their references. */
export const caseGroupForm = caseGroupInput.omit({ caseIds: true }).extend({
  references: z
    .string({ error: 'Enter the references of the cases to hear together' })
    .trim()
    .min(1, 'Enter the references of the cases to hear together'),
});

export const caseGroupMember = z.object({
  id: z.uuid(),
  reference: z.string(),
  name: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  coroner: z.string().nullable(),
  addedAt: z.string(),
});

export const caseGroupView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    reason: z.string(),
    areaCode: z.string(),
    createdAt: z.string(),
    endedAt: z
      .string()
      .nullable()
      .describe(
        'When the group ended: a case was taken out of its last two, and both are heard on their own',
      ),
    createdBy: z.string().nullable(),
    cases: z.array(caseGroupMember),
  })
  .meta({ id: 'CaseGroup' });
export type CaseGroupView = z.infer<typeof caseGroupView>;
