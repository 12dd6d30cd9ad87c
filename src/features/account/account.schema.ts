import { z } from 'zod';

/**
 * The address an account signs in with. An account is given only an address this accepts (`opencoroner
 * users add`), or it could never sign in.
 */
export const emailAddress = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(320)
  .email('Enter an email address in the correct format, like name@example.com');

export const signInForm = z.object({
  email: emailAddress,
  password: z.string().min(1, 'Enter your password').max(200),
  returnTo: z.string().optional(),
});

const SAME_SITE = 'http://opencoroner.invalid';

const unsafeInPath = (c: string) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

/**
 * Only same-site paths are followed after sign-in (no open redirects). Browsers drop tabs and newlines
 * from a URL and read a backslash as a slash, so a path holding any of those, or control characters, is
 * refused, as is anything a browser would resolve to another site.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || [...value].some(unsafeInPath)) return undefined;
  try {
    const url = new URL(value, SAME_SITE);
    return url.origin === SAME_SITE ? value : undefined;
  } catch {
    return undefined;
  }
}
