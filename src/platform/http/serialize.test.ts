import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './serialize.ts';

const compile = (schema: z.ZodType, check = false) =>
  responseSerializerCompiler({ check })({ schema, method: 'GET', url: '/x', httpStatus: '200' });

const item = z.object({
  id: z.uuid(),
  name: z.string(),
  age: z.number().int().nullable(),
  diedOn: z.string().nullable(),
  tags: z.array(z.string()),
  status: z.enum(['open', 'closed']),
  decision: z.enum(['RELEVANT', 'NOT_RELEVANT']).nullable(),
  note: z.string().optional(),
});
const list = z.object({ items: z.array(item), total: z.number() });

describe('API responses are written from their schema', () => {
  const row = {
    id: '0b7d3c1e-8a3f-4a52-9a4e-2d5f6c7b8a90',
    name: 'Ann "Nan" O\'Neil\n',
    age: null,
    diedOn: '2026-11-01',
    tags: ['drugs', 'é'],
    status: 'open',
    decision: null,
    passwordHash: 'never sent',
  };

  it('sends what the schema names, exactly as zod would, and nothing else', () => {
    const written = JSON.parse(
      compile(list)({ items: [row, { ...row, age: 30, diedOn: null, decision: 'RELEVANT' }], total: 2 }),
    );
    const sent = { id: row.id, name: row.name, tags: ['drugs', 'é'], status: 'open' };
    expect(written).toEqual({
      items: [
        { ...sent, age: null, diedOn: '2026-11-01', decision: null },
        { ...sent, age: 30, diedOn: null, decision: 'RELEVANT' },
      ],
      total: 2,
    });
    expect(JSON.stringify(written)).not.toContain('never sent');
  });

  it('writes each item of a union by the first branch it fits, as zod does', () => {
    const staffView = z.object({ id: z.string(), title: z.string(), owner: z.string() });
    const familyView = z.object({ id: z.string(), releasedOn: z.string() });
    const write = compile(z.array(z.union([staffView, familyView])), true);
    const written = JSON.parse(
      write([
        { id: 'a', title: 'Police report', owner: 'Met', internal: 'x' },
        { id: 'b', releasedOn: '2026-11-02', internal: 'y' },
      ]),
    );
    expect(written).toEqual([
      { id: 'a', title: 'Police report', owner: 'Met' },
      { id: 'b', releasedOn: '2026-11-02' },
    ]);
  });

  it('checks each response against zod when asked, refusing one that breaks the schema', () => {
    const write = compile(list, true);
    expect(JSON.parse(write({ items: [row], total: 1 })).items[0].name).toBe(row.name);
    expect(() => write({ items: [{ ...row, status: 'lost' }], total: 1 })).toThrow();
  });

  it('keeps the zod encoder for what JSON Schema cannot express', () => {
    const dated = z.object({ at: z.date() });
    expect(JSON.parse(compile(dated)({ at: new Date('2026-11-25T10:00:00Z'), extra: 1 }))).toEqual({
      at: '2026-11-25T10:00:00.000Z',
    });
  });
});
