import type { Role } from '../../platform/auth/roles.ts';

/** Where each role starts after signing in. */
export function landingPage(_role: Role): string {
  return '/cases';
}
