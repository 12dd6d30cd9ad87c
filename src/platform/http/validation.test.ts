import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from './validation.ts';

describe('field errors in plain words', () => {
  const schema = z.object({
    reason: z.string().trim().min(1),
    familyName: z.string({ error: 'Enter the deceased’s family name' }),
    age: z.number().int().min(0),
  });
  const errorsOf = (input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected the input to be refused');
    return fieldErrorsOf(parsed.error.issues);
  };

  it('asks for a missing or empty field by its name, and keeps a message the schema words itself', () => {
    expect(errorsOf({ age: 3 })).toEqual({
      reason: 'Enter the reason',
      familyName: 'Enter the deceased’s family name',
    });
    expect(errorsOf({ reason: ' ', familyName: 'Walgate', age: 3 })).toEqual({ reason: 'Enter the reason' });
  });

  it('names the field and what is wrong with a value of the wrong kind', () => {
    expect(errorsOf({ reason: 'x', familyName: 'Walgate', age: 'three' })).toEqual({
      age: 'Age must be a number',
    });
    expect(errorsOf({ reason: 'x', familyName: 'Walgate', age: -1 })).toEqual({
      age: 'Age must be at least 0',
    });
    expect(errorsOf({ reason: 'x', familyName: 'Walgate', age: 3.5 })).toEqual({
      age: 'Age must be a whole number',
    });
    expect(
      fieldErrorsOf(z.object({ tags: z.array(z.string()) }).safeParse({ tags: 'x' }).error!.issues),
    ).toEqual({
      tags: 'Tags must be a list',
    });
  });

  it('says how long or how large a value may be, and what the body must be', () => {
    const limits = z.object({
      q: z.string().max(200),
      pageSize: z.number().max(100),
      people: z.array(z.string()).max(50),
      reportedBy: z.object({ type: z.string() }),
    });
    const issues = limits.safeParse({ q: 'x'.repeat(201), pageSize: 1000, people: Array(51).fill('a') })
      .error!.issues;
    expect(fieldErrorsOf(issues)).toEqual({
      q: 'Search text must be 200 characters or fewer',
      pageSize: 'Page size must be at most 100',
      people: 'People must have 50 items or fewer',
      reportedBy: 'Reported by is required',
    });
    expect(fieldErrorsOf(limits.safeParse(null).error!.issues)).toEqual({
      _: 'Send the request body as a JSON object',
    });
  });

  it('says text is too long, not missing, when the schema words only the missing answer', () => {
    const names = z.object({
      givenNames: z.string({ error: 'Enter the deceased’s given names' }).trim().min(1).max(200),
      reason: z.string({ error: 'Enter the reason' }).max(10, 'Keep the reason short'),
    });
    const issues = names.safeParse({ givenNames: 'x'.repeat(201), reason: 'x'.repeat(11) }).error!.issues;
    expect(fieldErrorsOf(issues)).toEqual({
      givenNames: 'Given names must be 200 characters or fewer',
      reason: 'Keep the reason short',
    });
    expect(fieldErrorsOf(names.safeParse({ reason: 'x' }).error!.issues)).toEqual({
      givenNames: 'Enter the deceased’s given names',
    });
  });
});
