import { permission } from '../../platform/auth/roles.ts';

/** Who may do what with cases. Staff see their own area's cases; the Chief Coroner's office sees all. */
export const casePermissions = {
  list: permission('case:list', ['coroner', 'officer', 'court-admin', 'chief-coroner', 'provider']),
};
