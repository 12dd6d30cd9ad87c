import { permission } from '../../platform/auth/roles.ts';

/** Who may do what with cases. Which cases each user sees is `caseScope` (cases.access.ts). */
export const casePermissions = {
  /** The audit trail (API.md "Audit"). */
  audit: permission('case:audit', ['coroner', 'chief-coroner', 'system-admin']),
  list: permission('case:list', [
    'coroner',
    'officer',
    'court-admin',
    'chief-coroner',
    'provider',
    'system-admin',
  ]),
  read: permission('case:read', [
    'coroner',
    'officer',
    'court-admin',
    'chief-coroner',
    'provider',
    'system-admin',
  ]),
  report: permission('case:report', ['coroner', 'officer', 'provider']),
  act: permission('case:act', ['coroner', 'officer', 'chief-coroner']),
  deadlines: permission('case:deadlines', ['coroner', 'officer', 'chief-coroner']),
  workload: permission('case:workload', ['coroner', 'officer', 'chief-coroner']),
};
