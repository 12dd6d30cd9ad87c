import { permission } from '../../platform/auth/roles.ts';
import { STEP_ROLES } from './judge-led.domain.ts';

/** Who may see and take each step of a judge-led request. Which requests each user sees: `requestScope`. */
export const judgeLedPermissions = {
  read: permission('judge-led:read', [
    'coroner',
    'officer',
    'chief-coroner',
    'local-authority',
    'system-admin',
  ]),
  request: permission('judge-led:request', STEP_ROLES.REQUEST),
  decide: permission('judge-led:decide', STEP_ROLES.DECIDE),
  appoint: permission('judge-led:appoint', STEP_ROLES.APPOINT_JUDGE),
};
