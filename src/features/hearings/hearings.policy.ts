import { permission } from '../../platform/auth/roles.ts';

/** Who may do what with hearings. Which hearings each user sees follows the area (`hearingScope`). */
export const hearingPermissions = {
  read: permission('hearing:read', ['coroner', 'officer', 'court-admin', 'chief-coroner']),
  /** Listing and changing hearings is the court's administration, and the coroner's. */
  list: permission('hearing:list', ['court-admin', 'coroner']),
  /** Courts and their rooms are kept by the court administrators of the area. */
  courts: permission('hearing:courts', ['court-admin']),
  /** The week's diary of a court. */
  diary: permission('hearing:diary', ['court-admin', 'coroner', 'officer']),
  /** What was sent to the family and interested persons about a case. */
  notifications: permission('hearing:notifications', ['coroner', 'officer', 'court-admin', 'chief-coroner']),
  /** A case's hearing calendar: staff who see the case, and the case's interested persons. */
  caseCalendar: permission('hearing:case-calendar', [
    'coroner',
    'officer',
    'court-admin',
    'chief-coroner',
    'interested-person',
  ]),
};
