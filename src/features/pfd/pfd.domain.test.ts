import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAtDeath,
  checkCopies,
  checkExtension,
  checkResponse,
  checkSentOn,
  partsOfPostalAddress,
  recipientState,
  reminderDates,
  removeAddresses,
  removeNames,
  responseDueOn,
  splitParagraphs,
} from './pfd.domain.ts';
import {
  type CaseFacts,
  keywordRegexForSql,
  matchThemes,
  PFD_THEME_CODES,
  themeReasons,
} from './pfd.themes.ts';

describe('the 56-day response clock (IReg r.29)', () => {
  it('falls due 56 days after sending, across month and year ends', () => {
    expect(responseDueOn('2026-11-25')).toBe('2027-01-20');
    expect(responseDueOn('2024-01-05')).toBe('2024-03-01');
    expect(responseDueOn('2026-03-01')).toBe('2026-04-26');
  });

  it('is awaiting, then due soon in the last 14 days, due on the day itself, overdue from the day after', () => {
    const r = { dueOn: '2027-01-20', respondedOn: null };
    expect(recipientState(r, '2027-01-05')).toBe('AWAITING');
    expect(recipientState(r, '2027-01-06')).toBe('DUE_SOON');
    expect(recipientState(r, '2027-01-20')).toBe('DUE_SOON');
    expect(recipientState(r, '2027-01-21')).toBe('OVERDUE');
    expect(recipientState({ ...r, respondedOn: '2027-02-01' }, '2027-03-01')).toBe('RESPONDED');
    expect(recipientState({ dueOn: null, respondedOn: null }, '2027-03-01')).toBe('DRAFT');
  });

  it('reminds 14 days before, on and 14 days after the due date', () => {
    expect(reminderDates('2027-01-20')).toEqual([
      { stage: 'BEFORE', on: '2027-01-06' },
      { stage: 'DUE', on: '2027-01-20' },
      { stage: 'AFTER', on: '2027-02-03' },
    ]);
  });

  it('is never overdue before its due date, whatever the dates (property)', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (sent, today) => {
        const due = responseDueOn(sent);
        const state = recipientState({ dueOn: due, respondedOn: null }, today);
        expect(state === 'OVERDUE').toBe(today > due);
      }),
    );
  });
});

describe('the rules of sending and answering', () => {
  it('refuses a sent date in the future or before the investigation', () => {
    expect(() => checkSentOn('2026-11-26', '2026-11-25', null)).toThrow(/future/);
    expect(() => checkSentOn('2026-01-01', '2026-11-25', '2026-02-01')).toThrow(
      /before the investigation began/,
    );
    expect(() => checkSentOn('2026-11-25', '2026-11-25', '2026-02-01')).not.toThrow();
  });

  it('refuses a response before the report is sent, before its date, or in the future', () => {
    expect(() =>
      checkResponse({ status: 'DRAFT', sentOn: null }, { respondedOn: null }, '2026-11-25', '2026-11-25'),
    ).toThrow('You cannot record a response before the report has been sent. Send the report first.');
    expect(() =>
      checkResponse(
        { status: 'SENT', sentOn: '2026-11-25' },
        { respondedOn: null },
        '2026-11-24',
        '2026-11-30',
      ),
    ).toThrow(/before the report was sent on 25 November 2026/);
    expect(() =>
      checkResponse(
        { status: 'SENT', sentOn: '2026-11-25' },
        { respondedOn: null },
        '2026-12-01',
        '2026-11-30',
      ),
    ).toThrow(/future/);
  });

  it('extends only an unanswered, sent recipient, to a later date within a year', () => {
    const sent = { status: 'SENT' };
    expect(() =>
      checkExtension({ status: 'DRAFT' }, { dueOn: null, respondedOn: null }, '2027-02-01'),
    ).toThrow(/once the report is sent/);
    expect(() =>
      checkExtension(sent, { dueOn: '2027-01-20', respondedOn: '2027-01-01' }, '2027-02-01'),
    ).toThrow(/already responded/);
    expect(() => checkExtension(sent, { dueOn: '2027-01-20', respondedOn: null }, '2027-01-20')).toThrow(
      /after the current due date/,
    );
    expect(() =>
      checkExtension(sent, { dueOn: '2027-01-20', respondedOn: null }, '2027-01-21'),
    ).not.toThrow();
    // A mistyped year is caught: at most a year past the current due date.
    expect(() =>
      checkExtension(sent, { dueOn: '2027-01-20', respondedOn: null }, '2028-01-20'),
    ).not.toThrow();
    expect(() => checkExtension(sent, { dueOn: '2027-01-20', respondedOn: null }, '2028-01-21')).toThrow(
      'The new date must be no later than 20 January 2028, a year after the current due date (dueOn).',
    );
    expect(() => checkExtension(sent, { dueOn: '2027-01-20', respondedOn: null }, '2999-01-01')).toThrow(
      /no later than/,
    );
  });

  it('requires the safeguarding partnership copy for a child (IReg r.28(4))', () => {
    expect(() => checkCopies(true, null)).toThrow(/under 18/);
    expect(() =>
      checkCopies(true, { name: 'Waltham Forest Safeguarding Children Partnership' }),
    ).not.toThrow();
    expect(() => checkCopies(false, null)).not.toThrow();
  });

  it('works out the age at death from the dates, or the recorded age', () => {
    expect(
      ageAtDeath({ dateOfBirth: '2010-05-01', dateOfDeath: '2026-04-30', dateFound: null, age: null }),
    ).toBe(15);
    expect(
      ageAtDeath({ dateOfBirth: '2010-05-01', dateOfDeath: '2026-05-01', dateFound: null, age: null }),
    ).toBe(16);
    expect(ageAtDeath({ dateOfBirth: null, dateOfDeath: null, dateFound: null, age: 40 })).toBe(40);
  });

  it('splits the concerns box into paragraphs', () => {
    expect(splitParagraphs('One.\r\n\r\nTwo\nstill two.\n \n\nThree.')).toEqual([
      'One.',
      'Two\nstill two.',
      'Three.',
    ]);
    expect(splitParagraphs('  ')).toEqual([]);
  });
});

describe('removing names from the published text', () => {
  it('removes the full name, each part of it, and other names, whole words only', () => {
    const names = ['Anthony James Walgate', 'Dr Amara Okoye'];
    expect(
      removeNames('Anthony James Walgate died. Mr Walgate (known as Anthony) saw Dr Amara Okoye.', names),
    ).toBe('[name removed] died. Mr [name removed] (known as [name removed]) saw [name removed].');
    expect(removeNames('WALGATE and walgate', names)).toBe('[name removed] and [name removed]');
    expect(removeNames('Walgates Road and Anthonyson', names)).toBe('Walgates Road and Anthonyson');
    expect(removeNames('Dr Smith', ['Al Ng'])).toBe('Dr Smith');
  });

  it('removes each part of a double-barrelled name, whichever apostrophe or accents were typed', () => {
    expect(
      removeNames('Mrs O’Neill spoke; Ms O‘Neill-Hughes agreed; Hughes and Siobhan left.', [
        "Siobhan O'Neill-Hughes",
      ]),
    ).toBe('Mrs [name removed] spoke; Ms [name removed] agreed; [name removed] and [name removed] left.');
    expect(removeNames('Jean-Paul Dupont; Paul; Jean left.', ['Jean-Paul Dupont'])).toBe(
      '[name removed]; [name removed]; [name removed] left.',
    );
    expect(removeNames('Zoe and ZOË and Zoë met Chloé.', ['Zoë Adams', 'Chloe Ward'])).toBe(
      '[name removed] and [name removed] and [name removed] met [name removed].',
    );
    expect(removeNames('Café society', ['Zoë Adams'])).toBe('Café society');
  });

  it('never leaves a listed name in the text (property)', () => {
    const word = fc.stringMatching(/^[A-Z][a-z]{2,8}$/);
    fc.assert(
      fc.property(
        word,
        word,
        fc.array(fc.constantFrom('saw', 'and', 'the', 'ward', '.'), { maxLength: 6 }),
        (given, family, filler) => {
          const text = [...filler, given, family, ...filler, family].join(' ');
          const out = removeNames(text, [`${given} ${family}`]);
          expect(out).not.toMatch(new RegExp(`\\b(${given}|${family})\\b`));
        },
      ),
    );
  });
});

describe('removing home addresses from the published text', () => {
  const home = { line1: '14 Ripple Road', postcode: 'IG11 7PX' };

  it('removes the first line and the postcode, however they were typed', () => {
    expect(removeAddresses('He was found at 14 Ripple Road, Barking IG11 7PX.', [home])).toBe(
      'He was found at [address removed], Barking [address removed].',
    );
    expect(removeAddresses('At 14, ripple  road (ig117px) and 14 Ripple Road,IG11 7PX.', [home])).toBe(
      'At [address removed] ([address removed]) and [address removed].',
    );
    expect(removeAddresses('Ripple Road was closed; 114 Ripple Road; IG11 7PXA.', [home])).toBe(
      'Ripple Road was closed; 114 Ripple Road; IG11 7PXA.',
    );
  });

  it('leaves a first line too short or without letters to tell from other text', () => {
    expect(removeAddresses('Flat 3 of 14 was empty.', [{ line1: '14' }, { line1: 'Flat' }])).toBe(
      'Flat 3 of 14 was empty.',
    );
    expect(removeAddresses('St Mary’s Close', [{ line1: "St Mary's Close" }])).toBe('[address removed]');
  });

  it('reads the first line and postcode of an address typed as free text', () => {
    expect(partsOfPostalAddress('12 High Street\nBarking\nig11 8aa')).toEqual({
      line1: '12 High Street',
      postcode: 'ig11 8aa',
    });
    expect(partsOfPostalAddress('  \n3 Church Lane, Dagenham')).toEqual({
      line1: '3 Church Lane',
      postcode: undefined,
    });
  });
});

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  circumstances: '',
  inquestText: '',
  circumstanceTags: [],
  placeType: null,
  stateDetention: null,
  shortForm: null,
  age: 40,
  ...over,
});

describe('themes and later deaths with the same theme', () => {
  it('matches keywords as whole words in the circumstances or the Record of Inquest', () => {
    expect(themeReasons('drugs-and-alcohol', facts({ circumstances: 'Suspected OVERDOSE at home' }))).toEqual(
      ['The circumstances mention “overdose”'],
    );
    expect(themeReasons('road-safety', facts({ circumstances: 'Found on the roadside verge' }))).toEqual([]);
    expect(themeReasons('road-safety', facts({ inquestText: 'struck at the junction by a driver' }))).toEqual(
      ['The Record of Inquest mentions “driver”', 'The Record of Inquest mentions “junction”'],
    );
    expect(
      themeReasons('mental-health-services', facts({ circumstances: 'seen by the crisis\n team' })),
    ).toEqual(['The circumstances mention “crisis team”']);
  });

  it('matches tags, places, detention, conclusions and age', () => {
    expect(themeReasons('prisons', facts({ stateDetention: 'prison', placeType: 'prison' }))).toEqual([
      'Place of death: prison',
      'Died in state detention (prison)',
    ]);
    expect(
      themeReasons('suicide-prevention', facts({ shortForm: 'suicide', circumstanceTags: ['note-present'] })),
    ).toEqual(['Circumstance: note present', 'Conclusion: suicide']);
    expect(themeReasons('child-safety', facts({ age: 9 }))).toEqual(['The deceased was under 18']);
    expect(themeReasons('other', facts({ circumstances: 'anything at all' }))).toEqual([]);
  });

  it('keeps only the themes that match', () => {
    expect(
      matchThemes(['road-safety', 'care-homes'], facts({ placeType: 'care-home' })).map((m) => m.theme),
    ).toEqual(['care-homes']);
  });

  it('gives the database a regular expression covering every keyword of the chosen themes', () => {
    expect(keywordRegexForSql(['other'])).toBeNull();
    const re = keywordRegexForSql(['emergency-services'])!;
    expect(re).toContain('ambulance');
    expect(re).toContain('fire\\s+service');
    for (const code of PFD_THEME_CODES) expect(() => keywordRegexForSql([code])).not.toThrow();
  });
});
