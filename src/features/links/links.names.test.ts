import { describe, expect, it } from 'vitest';
import {
  compareAddressLines,
  jaroWinkler,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  soundex,
  splitFullName,
} from './links.names.ts';

describe('normaliseName', () => {
  it('drops accents, punctuation and titles', () => {
    expect(normaliseName('Dr. José  O’Neil Jr')).toBe('jose oneil');
    expect(splitFullName('Mrs Mary-Ann Smith')).toEqual({ given: ['mary', 'ann'], family: 'smith' });
  });

  it('keeps the letters of every script', () => {
    expect(normaliseName('محمد عليّ')).toBe('محمد علي');
    expect(splitFullName('Иван ПЕТРОВ')).toEqual({ given: ['иван'], family: 'петров' });
    expect(normaliseName('ΝΙΚΟΛΑΟΣ')).toBe('νικολαοσ');
    expect(normaliseName('王小明')).toBe('王小明');
  });
});

describe('jaroWinkler', () => {
  it('reproduces the published values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('soundex', () => {
  it('codes spelling variants alike', () => {
    expect(soundex('Smith')).toBe('S530');
    expect(soundex('Smyth')).toBe('S530');
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
  });
});

describe('postcodes and phones', () => {
  it('canonicalises', () => {
    expect(normalisePostcode('ig117ab')).toBe('IG11 7AB');
    expect(normalisePostcode('IG11')).toBeUndefined();
    expect(normalisePhone('+44 (0)7700 900123')).toBe('07700900123');
    expect(normalisePhone('0044 7700 900123')).toBe('07700900123');
    expect(normalisePhone('999')).toBeUndefined();
  });
});

describe('compareAddressLines', () => {
  it('matches the same home written differently', () => {
    expect(compareAddressLines('62 Cooke St', '62 Cooke Street')).toBe('exact');
    expect(compareAddressLines('Flat 3, 62 Cooke Street', '62, Cooke Street, Flat 3')).toBe('exact');
    expect(compareAddressLines('Flat 3, 62 Cooke Street', '62 Cooke Street')).toBe('different');
  });
  it('keeps different flats of one block apart', () => {
    expect(compareAddressLines('Flat 12 Tanner House', 'Flat 40 Tanner House')).toBe('different');
  });
});
