import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { insertRows } from './copy.ts';
import { acceptsCopy, type Database, openDatabase } from './database.ts';

const name = `copy_check_${process.pid}_${Date.now()}`;
const table = pgTable(name, {
  id: uuid('id').primaryKey().defaultRandom(),
  label: text('label').notNull(),
  note: text('note'),
  tags: text('tags').array().notNull(),
  detail: jsonb('detail'),
  count: integer('count'),
  share: doublePrecision('share'),
  flag: boolean('flag').notNull(),
  day: date('day'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  source: text('source').notNull().default('case'),
});

// Awkward text: every character COPY's text format escapes, quotes and braces for arrays, and JSON with them.
const awkward = 'tab\there, line\nbreak, return\r, back\\slash, "quoted", {braced}, \\N, café';
const rows = [
  {
    label: awkward,
    note: null,
    tags: ['plain', 'with "quote"', 'with \\ backslash', 'a,b', '{x}', 'NULL', ''],
    detail: { text: awkward, list: [1, 2.5, null], nested: { yes: true } },
    count: 7,
    share: 0.125,
    flag: true,
    day: '2024-02-29',
    at: new Date('2026-11-25T10:00:00.123Z'),
  },
  {
    label: 'second',
    note: 'present',
    tags: [],
    detail: null,
    count: null,
    share: null,
    flag: false,
    day: null,
    at: new Date('2014-06-01T23:30:00Z'),
  },
];

describe('insertRows', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ ...inject('database'), poolSize: 1 });
    await database.db.execute(
      sql.raw(`create table ${name} (id uuid primary key default gen_random_uuid(), label text not null,
        note text, tags text[] not null, detail jsonb, count integer, share double precision,
        flag boolean not null, day date, at timestamptz not null, source text not null default 'case')`),
    );
  });
  afterAll(async () => {
    await database.db.execute(sql.raw(`drop table if exists ${name}`));
    await database.close();
  });

  it('writes every value back as it was given, defaults where a column is left out', async () => {
    const usedCopy = await database.db.transaction(async (tx) => {
      await insertRows(tx, table, rows, ['id', 'source']);
      const client = (tx as unknown as { session: { client: Parameters<typeof acceptsCopy>[0] } }).session
        .client;
      return acceptsCopy(client);
    });
    // COPY on a PostgreSQL server; one JSON document on the embedded database.
    expect(usedCopy).toBe(database.kind === 'postgres');
    const back = await database.db.select().from(table).orderBy(table.label);
    expect(back.map(({ id: _id, ...rest }) => rest)).toEqual(
      [...rows].sort((a, b) => (a.label < b.label ? -1 : 1)).map((r) => ({ ...r, source: 'case' })),
    );
  });

  it('writes rows spread over many chunks, and a value larger than a chunk, whole', async () => {
    // About 3 MB of rows with two- and three-byte characters, and one label of over a megabyte.
    const long = (i: number) => `row ${i} — Zoë’s\tnote `.repeat(60);
    const many = Array.from({ length: 2500 }, (_, i) => ({
      ...rows[1],
      label: i === 1234 ? 'é'.repeat(600_000) : `bulk ${String(i).padStart(4, '0')}`,
      note: long(i),
      tags: [long(i).slice(0, 40)],
    }));
    await database.db.transaction((tx) => insertRows(tx, table, many, ['id', 'source']));
    const back = await database.db.execute<{ label: string; note: string; tags: string[] }>(
      sql.raw(`select label, note, tags from ${name} where label like 'bulk %' or label like 'éé%'`),
    );
    expect(back.rows).toHaveLength(2500);
    const byLabel = new Map(back.rows.map((r) => [r.label, r]));
    for (const i of [0, 1, 999, 1235, 2499]) {
      const label = `bulk ${String(i).padStart(4, '0')}`;
      expect(byLabel.get(label)).toEqual({ label, note: long(i), tags: [long(i).slice(0, 40)] });
    }
    expect(byLabel.get('é'.repeat(600_000))?.note).toBe(long(1234));
    await database.db.execute(sql.raw(`delete from ${name} where label like 'bulk %' or label like 'éé%'`));
  });

  it('writes nothing when a row breaks a constraint, and says why', async () => {
    await expect(
      database.db.transaction((tx) =>
        insertRows(
          tx,
          table,
          [
            { ...rows[1], label: 'third' },
            { ...rows[1], label: null },
          ],
          ['id', 'source'],
        ),
      ),
    ).rejects.toThrow(/label/);
    const labels = (await database.db.select({ label: table.label }).from(table)).map((r) => r.label);
    expect(labels).not.toContain('third');
  });

  it('needs a transaction', async () => {
    await expect(insertRows(database.db, table, rows)).rejects.toThrow(/open transaction/);
  });
});
