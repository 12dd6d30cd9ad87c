import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { searchName } from './cases.report.ts';
import { casePeople, cases } from './cases.tables.ts';

const MIGRATION = new URL('./migrations/0163_search_names_in_every_script.sql', import.meta.url);

/** Names as families write them, in many scripts, with the marks, capitals and punctuation they may carry. */
const NAMES = [
  'Siân Ŵyn Roberts',
  "Seán O'Brien-Smith",
  'Łukasz Żółć',
  'Bjørn Ærø',
  'Straße',
  'محمد علي',
  'أحمد بن عبد الله',
  'فاطِمَة الزَّهْراء',
  'דוד כהן',
  'שָׁלוֹם',
  'Иван ПЕТРОВ',
  'ΝΙΚΟΛΑΟΣ Παπαδόπουλος',
  'श्री कृष्ण शर्मा',
  '王小明',
  '김민준',
  'さくら がくせい',
  'Nguyễn Thị Minh Khai',
  'Anna-Maria  (née Kowalska), 2nd',
  'İsmail Ağaoğlu',
];

describe('names in every script', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keeps the letters of every script, in lower case, without accents, optional marks or punctuation', () => {
    expect(searchName('محمد', 'علي')).toBe('محمد علي');
    expect(searchName('أحمد')).toBe('احمد');
    expect(searchName('Иван ПЕТРОВ')).toBe('иван петров');
    expect(searchName('ΝΙΚΟΛΑΟΣ')).toBe('νικολαοσ');
    expect(searchName('王小明')).toBe('王小明');
    expect(searchName("Siân O'Brien-Smith")).toBe('sian o brien smith');
    expect(searchName('Anna-Maria  (née Kowalska), 2nd')).toBe('anna maria nee kowalska 2nd');
  });

  it('lists in migration 0163 the combining marks this runtime knows (Unicode general category M)', () => {
    const migration = readFileSync(MIGRATION, 'utf8');
    const listed = /-- marks: begin\n([\s\S]*?)-- marks: end/
      .exec(migration)![1]!
      .split('\n')
      .map((line) => /'(.*)'/.exec(line)?.[1] ?? '')
      .join('');
    const ranges: string[] = [];
    const hex = (c: number) =>
      c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    let start = -1;
    for (let c = 0; c <= 0x110000; c++) {
      const mark = c < 0x110000 && (c < 0xd800 || c > 0xdfff) && /\p{M}/u.test(String.fromCodePoint(c));
      if (mark && start < 0) start = c;
      if (!mark && start >= 0) {
        ranges.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
        start = -1;
      }
    }
    expect(listed).toBe(ranges.join(''));
  });

  it('gives the same search name in the database (search_name, migration 0163) as in the application', async () => {
    for (const name of NAMES) {
      const { rows } = await t.db.execute<{ s: string }>(sql`select search_name(${name}) as s`);
      expect(rows[0]!.s, name).toBe(searchName(name));
    }
  });

  it('finds a case by a name written in Arabic, Cyrillic, Greek or Chinese, misspelt too, and notices a duplicate', async () => {
    const officer = await t.client(await t.user('officer'));
    const given = uniqueName('Test');
    const found = async (q: string) =>
      (await officer.get(`/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=100`))
        .json()
        .items.map((i: { id: string }) => i.id);
    for (const [familyName, searches] of [
      ['محمد علي', ['محمد', 'علي', 'محمود علي']],
      ['Петров', ['Петров', 'петров', 'Петрв']],
      ['Παπαδόπουλος', ['Παπαδοπουλος', 'ΠΑΠΑΔΟΠΟΥΛΟΣ']],
      ['王小明', ['王小明']],
    ] as const) {
      const report = deathReport({ deceased: { givenNames: given, familyName } });
      const created = await officer.post('/api/v1/deaths', report);
      expect(created.statusCode, created.body).toBe(201);
      const { id } = created.json() as { id: string };
      for (const q of searches) expect(await found(`${given} ${q}`), q).toContain(id);
      expect(await found(`${given} Smith`)).not.toContain(id);
      // The same death reported again is flagged as a likely duplicate.
      const again = await officer.post('/api/v1/deaths', report);
      expect(again.statusCode, familyName).toBe(409);
      expect(again.json().duplicates).toEqual([expect.objectContaining({ id })]);
    }
  });

  it('mends the search names recorded before (the migration run again over a name kept without its letters)', async () => {
    const officer = await t.client(await t.user('officer'));
    const given = uniqueName('Test');
    const created = await officer.post(
      '/api/v1/deaths',
      deathReport({
        deceased: { givenNames: given, familyName: 'Иванова' },
        people: [{ role: 'next-of-kin', name: 'Ольга Иванова' }],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: string };
    // As the search name was made before: only the Latin letters.
    await t.db
      .update(cases)
      .set({ searchName: searchName(given) })
      .where(eq(cases.id, id));
    await t.db.update(casePeople).set({ searchName: '' }).where(eq(casePeople.caseId, id));
    const search = async () =>
      (await officer.get(`/api/v1/cases?q=${encodeURIComponent(`${given} Иванова`)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await search()).not.toContain(id);
    await t.db.execute(sql.raw(readFileSync(MIGRATION, 'utf8')));
    expect(await search()).toContain(id);
    const people = await t.db.select().from(casePeople).where(eq(casePeople.caseId, id));
    expect(people.map((p) => p.searchName)).toEqual(['ольга иванова']);
  });
});
