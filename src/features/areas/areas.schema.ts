import { z } from 'zod';

export const areaCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,4}$/, 'Enter a coroner area code of 2 to 4 letters, like EL');

export const courtSummary = z.object({ id: z.uuid(), name: z.string(), address: z.string() });

export const areaResponse = z
  .object({
    code: z.string(),
    name: z.string(),
    localAuthorities: z.array(z.string()),
    courts: z.array(courtSummary),
  })
  .meta({ id: 'Area' });

export type AreaView = z.infer<typeof areaResponse>;

export type NewArea = {
  code: string;
  name: string;
  localAuthorities: { name: string; isLead?: boolean }[];
  courts: { name: string; addressLine1: string; addressLine2?: string; town: string; postcode?: string }[];
};
