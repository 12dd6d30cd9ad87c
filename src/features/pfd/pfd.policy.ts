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
  /** The Chief Coroner may publish a report (IReg r.28(5)); the coroner directs whether names are removed. */
  publish: permission('pfd:publish', ['coroner', 'chief-coroner']),
};
