import type { Role } from '../../platform/auth/roles.ts';

/** Where each role starts after signing in: the page its work begins from. */
const LANDING: Record<Role, string> = {
  coroner: '/cases',
  officer: '/cases',
  'court-admin': '/court-diary',
  'chief-coroner': '/oversight',
  'local-authority': '/local-authority',
  provider: '/documents',
  'interested-person': '/portal',
  'system-admin': '/cases',
};

export function landingPage(role: Role): string {
  return LANDING[role];
}
