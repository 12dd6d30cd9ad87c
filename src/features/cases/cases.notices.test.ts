import { describe, expect, it } from 'vitest';
import { transferNoticeText } from './cases.notices.ts';

describe('the letter telling a family that the investigation has moved', () => {
  const facts = {
    deceased: 'Daniel Whitfield',
    reference: 'EL-2026-000042',
    fromArea: 'East London',
    toArea: 'Inner North London',
  };

  it('says who looks after it now, why, that nothing is lost and who to ask', () => {
    const { subject, body } = transferNoticeText('Grace Adeyemi', { ...facts, basis: 'S2' });
    expect(subject).toBe(
      'The investigation into the death of Daniel Whitfield has moved to Inner North London',
    );
    expect(body.split('\n\n')).toEqual([
      'Dear Grace Adeyemi,',
      'We are writing to tell you that the investigation into the death of Daniel Whitfield is now being looked after by the coroner’s office for Inner North London, instead of the coroner’s office for East London.',
      'The coroner for East London and the coroner for Inner North London agreed that the coroner for Inner North London should carry on the investigation.',
      'Everything gathered so far has been passed on, and nothing you have already told us or sent us is lost. You do not need to do anything.',
      'The reference stays the same: EL-2026-000042. If you have any questions, contact the coroner’s office for Inner North London and quote it.',
      'The coroner’s office for Inner North London',
    ]);
  });

  it('names the Chief Coroner when the move was directed under section 3', () => {
    const { body } = transferNoticeText('Grace Adeyemi', { ...facts, basis: 'S3' });
    expect(body).toContain(
      'The Chief Coroner directed that the coroner for Inner North London should carry on the investigation.',
    );
    expect(body).not.toContain('agreed');
  });
});
