import { permission } from '../../platform/auth/roles.ts';

/**
 * Who may do what with Prevention of Future Deaths reports. Which reports each user sees follows the case
 * (`caseScope`): staff see their own area's, the Chief Coroner's office every area's.
 */
export const pfdPermissions = {
  read: permission('pfd:read', ['coroner', 'officer', 'chief-coroner']),
  /** Writing, changing and sending a report, and extending the time to respond, are the coroner's decisions. */
  write: permission('pfd:write', ['coroner']),
  /** Recording a response that has arrived is administrative work. */
  respond: permission('pfd:respond', ['coroner', 'officer']),
  /** Publishing is the Chief Coroner's (IReg r.28(5)), with or without the names. */
  publish: permission('pfd:publish', ['chief-coroner']),
};
