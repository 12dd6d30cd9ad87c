import { permission } from '../../platform/auth/roles.ts';

/**
 * Who may do what with documents. Which documents each user sees is `documentScope` (documents.access.ts):
 * staff see their area's cases, evidence providers only documents their organisation owns, interested
 * persons only versions released to them.
 *
 * Officers prepare and record (IReg r.7: administrative functions may be delegated): they add documents,
 * propose redactions, make redacted versions, record the owner's agreement, release versions the coroner
 * has approved and withdraw releases. The judicial decisions are the coroner's alone: reviewing proposed
 * redactions, approving a version for disclosure, relevance, and the r.15 ground for withholding.
 */
export const documentPermissions = {
  list: permission('document:list', ['coroner', 'officer', 'chief-coroner', 'provider', 'interested-person']),
  read: permission('document:read', ['coroner', 'officer', 'chief-coroner', 'provider']),
  content: permission('document:content', [
    'coroner',
    'officer',
    'chief-coroner',
    'provider',
    'interested-person',
  ]),
  upload: permission('document:upload', ['coroner', 'officer']),
  propose: permission('document:propose-redaction', ['coroner', 'officer', 'provider']),
  makeVersion: permission('document:make-redacted-version', ['coroner', 'officer', 'provider']),
  approve: permission('document:approve-version', ['coroner', 'officer', 'provider']),
  review: permission('document:review-redaction', ['coroner']),
  decide: permission('document:decide', ['coroner']),
  release: permission('document:release', ['coroner', 'officer']),
  disclosureLog: permission('document:disclosure-log', ['coroner', 'officer', 'chief-coroner']),
  bundle: permission('document:bundle', ['coroner', 'officer']),
  portal: permission('document:portal', ['interested-person']),
};
