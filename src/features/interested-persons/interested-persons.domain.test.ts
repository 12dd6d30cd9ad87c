import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import {
  checkDecision,
  INVITATION_REFUSALS,
  invitationState,
  invitationTarget,
} from './interested-persons.domain.ts';
import { PERSON_STATUSES } from './interested-persons.schema.ts';

const at = (s: string) => new Date(s);

describe('invitation links', () => {
  const sent = { acceptedAt: null, withdrawnAt: null, expiresAt: at('2026-12-02T10:00:00Z') };

  it('work once, until they expire, unless withdrawn', () => {
    expect(invitationState(sent, at('2026-12-02T09:59:59Z'))).toBe('valid');
    expect(invitationState(sent, at('2026-12-02T10:00:00Z'))).toBe('expired');
    expect(
      invitationState({ ...sent, acceptedAt: at('2026-11-26T10:00:00Z') }, at('2026-11-27T10:00:00Z')),
    ).toBe('used');
    expect(
      invitationState({ ...sent, withdrawnAt: at('2026-11-26T10:00:00Z') }, at('2026-11-27T10:00:00Z')),
    ).toBe('withdrawn');
  });

  it('a used link stays used whatever the time', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2020-01-01'), max: at('2040-01-01'), noInvalidDate: true }), (now) => {
        expect(invitationState({ ...sent, acceptedAt: at('2026-11-26T10:00:00Z') }, now)).toBe('used');
      }),
    );
  });

  it('are refused in plain words', () => {
    for (const message of Object.values(INVITATION_REFUSALS)) {
      expect(message).toMatch(/^This invitation link/);
      expect(message).not.toMatch(/token|hash|error/i);
    }
  });
});

describe('who an invitation goes to', () => {
  const person = {
    name: 'Joan Walsh',
    kind: 'person' as const,
    status: 'RECOGNISED' as const,
    category: 'FAMILY' as const,
    email: 'joan@family.example',
    representative: { name: 'Priya Natarajan', firm: 'Natarajan Law', email: 'priya@law.example' },
  };

  it('is the person or their lawyer, by email', () => {
    expect(invitationTarget(person, 'self')).toEqual({ name: 'Joan Walsh', email: 'joan@family.example' });
    expect(invitationTarget(person, 'representative')).toEqual({
      name: 'Priya Natarajan',
      email: 'priya@law.example',
    });
  });

  it('needs an email address and a person not declined or removed', () => {
    expect(() => invitationTarget({ ...person, email: null }, 'self')).toThrow('Add an email address');
    expect(() => invitationTarget({ ...person, representative: null }, 'representative')).toThrow(
      'legal representative first',
    );
    for (const status of ['DECLINED', 'REMOVED'] as const)
      expect(() => invitationTarget({ ...person, status }, 'self')).toThrow(AppError);
    expect(invitationTarget({ ...person, status: 'PROPOSED' }, 'self').email).toBe('joan@family.example');
  });

  it('waits for the coroner’s recognition of anyone who is not family (s.47(2)(a) against (m))', () => {
    const insurer = { ...person, category: 'SUFFICIENT_INTEREST' as const };
    expect(() => invitationTarget({ ...insurer, status: 'PROPOSED' }, 'self')).toThrow(
      'awaiting the coroner’s decision',
    );
    expect(invitationTarget(insurer, 'self').email).toBe('joan@family.example');
  });
});

describe('the coroner’s decision on status', () => {
  it('cannot repeat the current status, and a removal is final', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PERSON_STATUSES),
        fc.constantFrom('RECOGNISED', 'DECLINED', 'REMOVED' as const),
        (current, decision) => {
          const allowed = current !== 'REMOVED' && current !== decision;
          if (allowed) expect(() => checkDecision(current, decision)).not.toThrow();
          else expect(() => checkDecision(current, decision)).toThrow(AppError);
        },
      ),
    );
  });
});
