import { describe, expect, it } from 'vitest';
import { dateProblems, type Field, type FormBody, formValues, readForm } from './forms.ts';

const when: Field = { kind: 'datetime', path: 'startsAt', label: 'Date and time' };
const born: Field = { kind: 'date', path: 'dateOfBirth', label: 'Date of birth (if known)' };

const at = (day: string, month: string, year: string, time = '') => ({
  'startsAt-day': day,
  'startsAt-month': month,
  'startsAt-year': year,
  'startsAt-time': time,
});
const on = (day: string, month: string, year: string) => ({
  'dateOfBirth-day': day,
  'dateOfBirth-month': month,
  'dateOfBirth-year': year,
});

describe('date and time fields', () => {
  it('reads a real London date and time, across the clock changes', () => {
    expect(readForm([when], at('14', '12', '2026', '10:00'))).toEqual({
      startsAt: '2026-12-14T10:00:00.000Z',
    });
    expect(readForm([when], at('1', '7', '2026', '9:30'))).toEqual({ startsAt: '2026-07-01T08:30:00.000Z' });
    // 01:30 on 29 March 2026 never happens in London: the clocks show 02:30 BST.
    expect(readForm([when], at('29', '3', '2026', '01:30'))).toEqual({
      startsAt: '2026-03-29T01:30:00.000Z',
    });
    expect(readForm([born], on('3', '4', '1960'))).toEqual({ dateOfBirth: '1960-04-03' });
    expect(readForm([when], at('', '', '', '10:00'))).toEqual({});
  });

  it.each([
    [at('31', '2', '2027', '10:00'), 'Date and time must be a real date'],
    [at('0', '0', '2026', '10:00'), 'Date and time must be a real date'],
    [at('1', '1', '0001', '10:00'), 'Date and time must be a real date, in the years 1900 to 9999'],
    [at('20', '11', '99', '09:00'), 'Date and time must be a real date, for example 14 12 2026'],
    [at('20', '11', '0099', '09:00'), 'Date and time must be a real date, in the years 1900 to 9999'],
    [at('1', '1', '2027', '25:99'), 'Date and time must have a real time, from 00:00 to 23:59'],
    [at('1', '1', '2027', '10:60'), 'Date and time must have a real time, from 00:00 to 23:59'],
    [at('1', '1', '2027', 'noon'), 'Date and time must have a real time, from 00:00 to 23:59'],
    [at('1', 'x', '2027', '10:00'), 'Date and time must be a real date, for example 14 12 2026'],
    [at('1', '', '2027', '10:00'), 'Date and time must include a month'],
    [at('1', '7', '2026'), 'Date and time must include a time, for example 14:30'],
    [at('1', '7', '2026', '  '), 'Date and time must include a time, for example 14:30'],
  ])('refuses an impossible date and time rather than rolling it over (%j)', (body, message) => {
    expect(readForm([when], body)).toEqual({ startsAt: 'invalid' });
    // A problem with the time is put on the time box, so the error summary leads there.
    const key = /must (include a time|have a real time)/.test(message) ? 'startsAt-time' : 'startsAt';
    expect(dateProblems([when], body)).toEqual({ [key]: message });
  });

  it('refuses an impossible date, naming the field without its note in brackets', () => {
    expect(readForm([born], on('30', '2', '1960'))).toEqual({ dateOfBirth: 'invalid' });
    expect(dateProblems([born], on('30', '2', '1960'))).toEqual({
      dateOfBirth: 'Date of birth must be a real date',
    });
    expect(dateProblems([born], on('1', '1', '0999'))).toEqual({
      dateOfBirth: 'Date of birth must be a real date, in the years 1000 to 9999',
    });
    expect(dateProblems([born, when], { ...on('3', '4', '1960'), ...at('', '', '') })).toEqual({});
  });
});

describe('answers that are not text', () => {
  it('reads a number, an object or a list of non-text as no answer instead of failing', () => {
    const fields: Field[] = [
      { kind: 'text', path: 'name', label: 'Name' },
      { kind: 'number', path: 'age', label: 'Age' },
      { kind: 'boolean', path: 'ok', label: 'OK' },
      when,
    ];
    const body = { name: 5, age: { a: 1 }, ok: [true], 'startsAt-day': 3 } as unknown as FormBody;
    expect(readForm(fields, body)).toEqual({});
    expect(formValues(fields, { body })).toMatchObject({ name: '', age: '', ok: '' });
  });
});

describe('a place picked on a map', () => {
  const fields: Field[] = [
    { kind: 'decimal', path: 'scene.lat', label: 'Latitude' },
    { kind: 'decimal', path: 'scene.lon', label: 'Longitude' },
    { kind: 'map', path: 'scene.accuracyM', label: 'Pick it on a map', lat: 'scene.lat', lon: 'scene.lon' },
  ];

  it('keeps how precisely the place was picked beside its coordinates', () => {
    const body = { 'scene.lat': '51.53620', 'scene.lon': '0.08130', 'scene.accuracyM': '15' };
    expect(readForm(fields, body)).toEqual({ scene: { lat: 51.5362, lon: 0.0813, accuracyM: 15 } });
    expect(formValues(fields, { data: { scene: { lat: 51.5362, lon: 0.0813, accuracyM: 15 } } })).toEqual({
      'scene.lat': 51.5362,
      'scene.lon': 0.0813,
      'scene.accuracyM': 15,
    });
  });

  it('leaves the precision out when the coordinates were typed, and passes anything else on for the schema to refuse', () => {
    expect(readForm(fields, { 'scene.lat': '51.5', 'scene.lon': '0.1' })).toEqual({
      scene: { lat: 51.5, lon: 0.1 },
    });
    expect(readForm(fields, { 'scene.accuracyM': 'close' })).toEqual({ scene: { accuracyM: 'close' } });
  });
});
