import { AppError } from '../../platform/http/errors.ts';
import type { Decision, FUNDING, PersonStatus } from './interested-persons.schema.ts';
import type { S47Category } from './interested-persons.tables.ts';

/** CJA 2009 s.47(2), in words. */
export const CATEGORY_LABELS: Record<S47Category, string> = {
  FAMILY:
    'Family: spouse, civil partner or partner; parent, child, brother or sister; grandparent or grandchild; niece or nephew; stepfather or stepmother; half-brother or half-sister',
  PERSONAL_REPRESENTATIVE: 'Personal representative of the deceased',
  MEDICAL_EXAMINER: 'Medical examiner who looked at the death',
  LIFE_INSURANCE_BENEFICIARY: 'Beneficiary of a life insurance policy',
  INSURER: 'Insurer who issued a life insurance policy',
  MAY_HAVE_CAUSED_DEATH: 'Someone whose act or omission may have caused or contributed to the death',
  TRADE_UNION: 'Trade union (death possibly caused by an injury at work or an industrial disease)',
  ENFORCING_AUTHORITY: 'Enforcing authority (for example the Health and Safety Executive)',
  CHIEF_CONSTABLE: 'Chief constable',
  PROVOST_MARSHAL: 'Provost marshal (service police)',
  IOPC: 'Independent Office for Police Conduct',
  GOVERNMENT_INQUIRY:
    'Person appointed by a government department to attend the inquest or help with the investigation',
  SUFFICIENT_INTEREST:
    'Anyone else the coroner thinks has a sufficient interest (for example an aunt, uncle or cousin of the deceased)',
};

export const FUNDING_LABELS: Record<(typeof FUNDING)[number], string> = {
  LEGAL_AID: 'Legal aid',
  EXCEPTIONAL_CASE_FUNDING: 'Exceptional case funding',
  PRIVATE: 'Privately paid',
  NONE: 'Not represented',
  UNKNOWN: 'Not known yet',
};

export const CHANNEL_LABELS = { email: 'Email', sms: 'Text message', letter: 'Letter' } as const;

export const STATUS_LABELS: Record<PersonStatus, string> = {
  PROPOSED: 'Awaiting the coroner’s decision',
  RECOGNISED: 'Interested person',
  DECLINED: 'Not an interested person',
  REMOVED: 'Removed',
};

export const STATUS_TAGS: Record<PersonStatus, string> = {
  PROPOSED: 'govuk-tag--yellow',
  RECOGNISED: 'govuk-tag--green',
  DECLINED: 'govuk-tag--grey',
  REMOVED: 'govuk-tag--grey',
};

/**
 * Whether someone on the register is an interested person now, so that they (and their lawyer) may see the
 * case in the portal, be invited and receive disclosure. Family are interested persons by statute
 * (s.47(2)(a)), so a family member counts while the coroner's decision is awaited; anyone else counts only
 * once the coroner recognises them.
 */
export function isActive(person: { status: PersonStatus; category: S47Category }): boolean {
  return person.status === 'RECOGNISED' || (person.status === 'PROPOSED' && person.category === 'FAMILY');
}

/**
 * The coroner decides who is an interested person (CJA 2009 s.47; coroner-service §1). A removal is final:
 * someone removed is added again as a new entry, so the record of the earlier decision stays as it was.
 */
export function checkDecision(current: PersonStatus, decision: Decision): void {
  if (current === 'REMOVED')
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'This person has been removed from the register. Add them again if the coroner now recognises them.',
    );
  if (current === decision)
    throw new AppError('ACTION_NOT_ALLOWED', `The coroner has already recorded: ${STATUS_LABELS[current]}.`);
}

/** How long an invitation link may be used. */
export const INVITATION_DAYS = 7;

export type InvitationState = 'valid' | 'used' | 'expired' | 'withdrawn';

/** An invitation link is used once, until it expires, unless it is withdrawn. */
export function invitationState(
  inv: { acceptedAt: Date | null; expiresAt: Date; withdrawnAt: Date | null },
  now: Date,
): InvitationState {
  if (inv.acceptedAt) return 'used';
  if (inv.withdrawnAt) return 'withdrawn';
  if (now.getTime() >= inv.expiresAt.getTime()) return 'expired';
  return 'valid';
}

/** What the person following a link is told when it cannot be used: plain, and the same whoever asks. */
export const INVITATION_REFUSALS: Record<Exclude<InvitationState, 'valid'> | 'unknown', string> = {
  used: 'This invitation link has already been used. Sign in with the email address and password you chose. If you have forgotten your password, contact the coroner’s office.',
  expired:
    'This invitation link has expired. Contact the coroner’s office and ask them to send you a new one.',
  withdrawn:
    'This invitation link is no longer valid. Contact the coroner’s office if you think this is a mistake.',
  unknown:
    'This invitation link is not valid. Check that you copied the whole link from the email, or contact the coroner’s office.',
};

export type InvitationTarget = { name: string; email: string };

/** Who an invitation goes to: the interested person themselves, or their legal representative; by email only. */
export function invitationTarget(
  person: {
    name: string;
    kind: 'person' | 'organisation';
    status: PersonStatus;
    category: S47Category;
    email: string | null;
    representative: { name: string; email?: string } | null;
  },
  capacity: 'self' | 'representative',
): InvitationTarget {
  if (!isActive(person))
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `${person.name} is not an interested person (${STATUS_LABELS[person.status].toLowerCase()}), so they cannot be invited.`,
    );
  if (capacity === 'representative') {
    if (!person.representative)
      throw new AppError('VALIDATION_FAILED', `Record ${person.name}’s legal representative first.`, {
        capacity: `Record ${person.name}’s legal representative first`,
      });
    if (!person.representative.email)
      throw new AppError('VALIDATION_FAILED', 'Add the legal representative’s email address first.', {
        capacity: 'Add the legal representative’s email address first',
      });
    return { name: person.representative.name, email: person.representative.email };
  }
  if (!person.email)
    throw new AppError('VALIDATION_FAILED', `Add an email address for ${person.name} first.`, {
      capacity: `Add an email address for ${person.name} first`,
    });
  return { name: person.name, email: person.email };
}
