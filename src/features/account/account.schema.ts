import { z } from 'zod';

export const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(320)
    .email('Enter an email address in the correct format, like name@example.com'),
  password: z.string().min(1, 'Enter your password').max(200),
  returnTo: z.string().optional(),
});

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeReturnTo(value: string | undefined): string | undefined {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value;
}
