import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAddresses,
  comparePeople,
  describeAgreement,
  isProfessionalRole,
  personBlockingKeys,
  prepareDeceased,
  preparePerson,
} from './links.person-match.ts';
import type { LinkPerson } from './links.types.ts';

const person = (overrides: Partial<LinkPerson>): LinkPerson => ({
  id: 'p',
  role: 'finder',
  name: 'Barbara Denholm',
  ...overrides,
});
const home = { line1: '14 Abbey Road', town: 'Barking', postcode: 'IG11 7BT' };

describe('comparePeople', () => {
  it('still matches a misspelt finder who gave the same address', () => {
    const a = preparePerson(person({ name: 'Barbara Denholm', address: home }));
    const b = preparePerson(person({ name: 'Barbra Denholme', address: { ...home, line1: '14 Abbey Rd' } }));
    const result = comparePeople(a, b);
    expect(result.isMatch).toBe(true);
    expect(result.fields.map((f) => [f.field, f.level])).toEqual([
      ['family-name', 'close'],
      ['given-name', 'close'],
      ['address', 'exact'],
    ]);
    expect(describeAgreement(result)).toBe('similar family name, similar given name, same address');
  });

  it('matches a misspelt name with the same phone number', () => {
    const a = preparePerson(person({ name: 'Jon Smyth', phone: '07700 900123' }));
    const b = preparePerson(person({ name: 'John Smith', phone: '+44 7700 900123' }));
    expect(comparePeople(a, b).isMatch).toBe(true);
  });

  it('does not treat a common full name alone as the same person', () => {
    const a = preparePerson(person({ name: 'John Smith' }));
    const b = preparePerson(person({ name: 'John Smith' }));
    const familyNames = new Map([['smith', 0.011]]);
    const givenNames = new Map([['john', 0.02]]);
    const result = comparePeople(a, b, { familyNames, givenNames });
    expect(result.isMatch).toBe(false);
    expect(result.probability).toBeLessThan(0.5);
  });

  it('treats a rare full name as the same person', () => {
    const a = preparePerson(person({ name: 'Orsolya Kerekes' }));
    const b = preparePerson(person({ name: 'Orsolya Kerekes' }));
    const familyNames = new Map([['kerekes', 0.00001]]);
    const givenNames = new Map([['orsolya', 0.0001]]);
    expect(comparePeople(a, b, { familyNames, givenNames }).isMatch).toBe(true);
  });

  it('does not match the same name with a different date of birth and address', () => {
    const a = preparePerson(person({ dateOfBirth: '1961-04-02', address: home }));
    const b = preparePerson(
      person({
        dateOfBirth: '1990-11-23',
        address: { line1: '3 Ripple Road', town: 'Dagenham', postcode: 'RM9 6XX' },
      }),
    );
    expect(comparePeople(a, b).isMatch).toBe(false);
  });

  it('matches a person named in one case with the deceased of another', () => {
    const finder = preparePerson(person({ name: 'Tomasz Wrobel', dateOfBirth: '1988-03-14' }));
    const deceased = prepareDeceased('c2', {
      givenNames: 'Tomasz',
      familyName: 'Wróbel',
      dateOfBirth: '1988-03-14',
    });
    expect(comparePeople(finder, deceased).isMatch).toBe(true);
  });

  it('matches a person named in one case with the deceased of another, in any script', () => {
    for (const [given, family, misspelt] of [
      ['محمد', 'الحسيني', 'محمد الحسينى'],
      ['Олег', 'Коваленко', 'Олег Коваленка'],
    ]) {
      const finder = preparePerson(person({ name: misspelt!, dateOfBirth: '1988-03-14' }));
      const deceased = prepareDeceased('c2', {
        givenNames: given!,
        familyName: family!,
        dateOfBirth: '1988-03-14',
      });
      expect(comparePeople(finder, deceased).isMatch, misspelt).toBe(true);
      expect(personBlockingKeys(finder)).toEqual(personBlockingKeys(deceased));
      // Someone else of another name, born the same day, is not the same person.
      const other = preparePerson(person({ name: 'Ahmed Khan', dateOfBirth: '1988-03-14' }));
      expect(comparePeople(other, deceased).isMatch).toBe(false);
    }
  });

  it('is symmetric in its pair', () => {
    const arbitraryPerson = fc.record({
      name: fc.constantFrom('John Smith', 'Jon Smyth', 'Barbara Denholm', 'Barbra Denholme', 'Ann Lee'),
      dateOfBirth: fc.option(fc.constantFrom('1980-01-02', '1980-02-01', '1979-01-02'), { nil: undefined }),
      phone: fc.option(fc.constantFrom('07700900123', '07700900124'), { nil: undefined }),
    });
    fc.assert(
      fc.property(arbitraryPerson, arbitraryPerson, (x, y) => {
        const a = preparePerson(person(x));
        const b = preparePerson(person(y));
        expect(comparePeople(a, b).weight).toBeCloseTo(comparePeople(b, a).weight, 9);
      }),
    );
  });
});

describe('compareAddresses', () => {
  it('matches one home and keeps neighbours apart', () => {
    expect(
      compareAddresses(home, { line1: '14 ABBEY RD', town: 'Barking', postcode: 'ig117bt' }).isMatch,
    ).toBe(true);
    expect(compareAddresses(home, { ...home, line1: '16 Abbey Road' }).isMatch).toBe(false);
    expect(compareAddresses(home, { line1: '14 Abbey Road', town: 'Barking' }).isMatch).toBe(true);
  });
});

describe('roles and blocking', () => {
  it('excludes professionals from person rules', () => {
    expect(isProfessionalRole('police-officer')).toBe(true);
    expect(isProfessionalRole('paramedic')).toBe(true);
    expect(isProfessionalRole('finder')).toBe(false);
    expect(isProfessionalRole('deceased')).toBe(false);
  });

  it('blocks spelling variants together', () => {
    const a = personBlockingKeys(preparePerson(person({ name: 'John Smith' })));
    const b = personBlockingKeys(preparePerson(person({ name: 'Jon Smyth' })));
    expect(a.some((k) => b.includes(k))).toBe(true);
  });
});
