import { describe, expect, it } from 'vitest';
import { sendPageErrors, sendWarning } from './pfd.view.ts';

describe('the Send page’s problems', () => {
  it('links a problem with the report itself to its answer on the edit page, and the date to its own box', () => {
    const errors = sendPageErrors('r1', {
      sentOn: 'The date the report was sent cannot be in the future',
      'copies.interestedPersonIds':
        'Choose interested persons of this case: a copy does not go to someone the coroner declined or removed',
    });
    expect(errors?.errorList).toEqual([
      { text: 'The date the report was sent cannot be in the future', href: '#sentOn' },
      {
        text: 'Choose interested persons of this case: a copy does not go to someone the coroner declined or removed. Change the report before you send it.',
        href: '/pfd-reports/r1/edit#copies-interestedPersonIds',
      },
    ]);
    expect(sendPageErrors('r1', {})).toBeUndefined();
  });

  it('warns of a child’s report with no safeguarding copy, only while it is a draft', () => {
    const r = {
      id: 'r1',
      status: 'DRAFT',
      deceased: { name: 'A Child', ageAtDeath: 15 },
      copies: { interestedPersons: [], safeguardingBoard: null, others: [] },
    } as unknown as Parameters<typeof sendWarning>[0];
    expect(sendWarning(r)?.href).toBe('/pfd-reports/r1/edit#copies-safeguardingBoard-name');
    expect(sendWarning({ ...r, status: 'SENT' })).toBeUndefined();
    expect(sendWarning({ ...r, deceased: { name: 'An Adult', ageAtDeath: 40 } })).toBeUndefined();
    expect(
      sendWarning({ ...r, copies: { ...r.copies, safeguardingBoard: { name: 'Partnership' } } }),
    ).toBeUndefined();
  });
});
