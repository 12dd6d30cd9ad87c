import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './passwords.ts';

describe('isCommonPassword', () => {
  it.each([
    'password1234',
    'Passw0rd2026!',
    'PASSWORD!!!!!!',
    'iloveyou12345',
    'qwertyuiop12',
    'trustno10000',
    'aaaaaaaaaaaa',
    '121212121212',
    '123456789012',
    '07700 900123',
    'abcdefghijkl',
    'coroner2026!!',
  ])('refuses %s', (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it.each([
    'four words to remember',
    'correct horse battery staple',
    'Kestrel-Yew-Barking-71',
    'passwordless gate',
  ])('accepts %s', (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});
