import { permission } from '../../platform/auth/roles.ts';

/**
 * Who may do what with the register of interested persons. Which cases each user sees is `caseScope`.
 * Officers keep the register, send invitations and answer messages (IReg r.7: administrative functions);
 * deciding who is an interested person is the coroner's alone (CJA 2009 s.47).
 */
export const interestedPersonPermissions = {
  read: permission('interested-person:read', ['coroner', 'officer', 'chief-coroner']),
  write: permission('interested-person:write', ['coroner', 'officer']),
  decide: permission('interested-person:decide', ['coroner']),
  invite: permission('interested-person:invite', ['coroner', 'officer']),
  message: permission('interested-person:message', ['coroner', 'officer']),
  /** The family's (or their lawyer's) own view of the cases they belong to. */
  portal: permission('interested-person:portal', ['interested-person']),
};
