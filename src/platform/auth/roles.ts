/** The roles of API.md "Roles". */
export const ROLES = [
  'system-admin',
  'chief-coroner',
  'coroner',
  'officer',
  'court-admin',
  'local-authority',
  'provider',
  'interested-person',
] as const;
export type Role = (typeof ROLES)[number];

export const CORONER_OFFICES = ['senior', 'area', 'assistant', 'judge'] as const;
export type CoronerOffice = (typeof CORONER_OFFICES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'system-admin': 'System administrator',
  'chief-coroner': "Chief Coroner's office",
  coroner: 'Coroner',
  officer: "Coroner's officer",
  'court-admin': 'Court administrator',
  'local-authority': 'Local authority',
  provider: 'Evidence provider',
  'interested-person': 'Interested person',
};

/**
 * What a route needs: `public` (no sign-in), `signed-in` (any role), or a named permission held by
 * some roles. Every route declares one; a route without one is refused at start-up (deny by default).
 */
export type Permission =
  | { kind: 'public'; name: 'public' }
  | { kind: 'signed-in'; name: 'signed-in' }
  | { kind: 'roles'; name: string; roles: readonly Role[] };

export const PUBLIC: Permission = { kind: 'public', name: 'public' };
export const SIGNED_IN: Permission = { kind: 'signed-in', name: 'signed-in' };

/** Declares a named permission held by the given roles. */
export function permission(name: string, roles: readonly Role[]): Permission {
  return { kind: 'roles', name, roles };
}

export function allows(p: Permission, role: Role | undefined): boolean {
  if (p.kind === 'public') return true;
  if (!role) return false;
  return p.kind === 'signed-in' || p.roles.includes(role);
}
