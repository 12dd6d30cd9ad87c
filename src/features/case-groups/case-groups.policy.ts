import { permission } from '../../platform/auth/roles.ts';

/** Who may see and change groups of inquests heard together. Which groups each user sees follows the area. */
export const caseGroupPermissions = {
  read: permission('case-group:read', ['coroner', 'officer', 'court-admin', 'chief-coroner', 'system-admin']),
  /** Grouping is preparation for hearings: coroners and their officers do it for their own area. */
  write: permission('case-group:write', ['coroner', 'officer']),
};
