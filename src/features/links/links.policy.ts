import { permission } from '../../platform/auth/roles.ts';

/**
 * Who may see possible links and the alerts queue, and decide alerts: the coroner's office of the areas
 * whose cases they touch (the Chief Coroner's office sees every area's, and does not decide).
 */
export const linksPermissions = {
  read: permission('links:read', ['coroner', 'officer', 'chief-coroner']),
  decide: permission('links:decide', ['coroner', 'officer']),
  /** The register of known sites (hospitals, hospices, care homes, prisons, stations) is kept by the coroner's office. */
  sites: permission('links:sites', ['coroner', 'officer', 'system-admin']),
};
