import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { type Database, openDatabase } from '../../platform/db/database.ts';
import { createGeocoder } from '../links/links.geocode.ts';
import { refreshLinkCase } from '../links/links.store.ts';
import { linkCases } from '../links/links.tables.ts';
import type { LinkCase } from '../links/links.types.ts';
import { caseAction } from './cases.actions.schema.ts';
import { reportDeath, takeAction } from './cases.commands.ts';
import { areaVolume, type GeneratedDeath, generateDeaths } from './cases.generate.ts';
import { progressPrinter } from './cases.import.progress.ts';
import { ImportProblem, type ImportProgress, importDeathsFile, parseLine, planCase } from './cases.import.ts';
import { takeReferences } from './cases.import.write.ts';
import { reportDeath as reportDeathSchema } from './cases.schema.ts';
import { caseDeadlines, caseEvents, casePeople, cases } from './cases.tables.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const AREAS = ['EL', 'IN', 'SL'].map(areaVolume);
const ctx = {
  now: NOW,
  actor: SYSTEM_ACTOR,
  areaCodes: new Set(['EL', 'IN', 'SL']),
  newId: () => crypto.randomUUID(),
};

/** The first generated death whose case matches `test` (the generator is deterministic, so always the same one). */
function firstDeath(test: (d: GeneratedDeath) => boolean, seed = 11): GeneratedDeath {
  for (const d of generateDeaths({ seed, cases: 200_000, years: 5, areas: AREAS, until: '2026-11-25' }))
    if (test(d)) return d;
  throw new Error('no such death');
}
const has = (d: GeneratedDeath, type: string) => d.lifecycle.actions.some((a) => a.action.type === type);
const problemOf = (text: string) => {
  try {
    planCase(parseLine(text), ctx);
  } catch (error) {
    if (error instanceof ImportProblem) return error.message;
    throw error;
  }
  return undefined;
};

describe('a line of a deaths file', () => {
  const good = firstDeath((d) => d.lifecycle.outcome === 'CONCLUDED');

  it('is planned as a case with its log, projection and clocks', () => {
    const [planned] = planCase(parseLine(JSON.stringify(good)), ctx);
    expect(planned!.row.status).toBe('CONCLUDED');
    expect(planned!.events.map((e) => e.type)).toEqual([
      'REPORTED',
      ...good.lifecycle.actions.map((a) => a.action.type),
    ]);
    expect(planned!.deadlines.map((d) => d.kind)).toContain('R8_SIX_MONTHS');
  });

  it('is refused, with a reason naming the field, when it is bad', () => {
    expect(problemOf('{"areaCode": "EL", ')).toMatch(/^not a JSON object/);
    expect(problemOf(JSON.stringify({ ...good, areaCode: 'ZZ' }))).toBe(
      'areaCode: there is no coroner area with the code ZZ',
    );
    expect(problemOf(JSON.stringify({ ...good, deceased: { ...good.deceased, familyName: '' } }))).toBe(
      'deceased.familyName: Enter the deceased’s family name',
    );
    expect(
      problemOf(JSON.stringify({ ...good, death: { ...good.death, dateOfDeath: '2030-01-01' } })),
    ).toMatch(/^death\.dateOfDeath: Date of death must be today or in the past/);
    const skipped = { ...good, lifecycle: { actions: good.lifecycle.actions.slice(1) } };
    expect(problemOf(JSON.stringify(skipped))).toMatch(/^lifecycle\.actions\.0 \(\w+\): You cannot/);
    const wrong = { ...good, lifecycle: { ...good.lifecycle, outcome: 'SUSPENDED' } };
    expect(problemOf(JSON.stringify(wrong))).toBe(
      'lifecycle.outcome: the actions leave the case inquest concluded, not suspended',
    );
  });

  it('goes to the area of an import into one area when it names none, and is refused when it names another', () => {
    const { areaCode: _named, ...unnamed } = good;
    expect(parseLine(JSON.stringify(unnamed), 'IN').areaCode).toBe('IN');
    expect(parseLine(JSON.stringify({ ...unnamed, areaCode: null }), 'IN').areaCode).toBe('IN');
    expect(parseLine(JSON.stringify({ ...good, areaCode: 'in' }), 'IN').areaCode).toBe('IN');
    expect(() => parseLine(JSON.stringify({ ...good, areaCode: 'SL' }), 'IN')).toThrow(
      new ImportProblem('areaCode: names area SL, but this import is into IN'),
    );
    expect(() => parseLine(JSON.stringify(unnamed))).toThrow(ImportProblem);
  });
});

describe('importing deaths', () => {
  let database: Database;
  let dir: string;
  const coroner = (areaCode: string): Principal => ({
    userId: '00000000-0000-0000-0000-000000000000',
    name: 'Test coroner',
    email: 'coroner@test.example',
    role: 'coroner',
    coronerOffice: 'senior',
    areaCode,
    organisation: null,
    via: 'token',
  });

  beforeAll(async () => {
    database = await openDatabase({ ...inject('database'), poolSize: 2 });
    dir = mkdtempSync(join(tmpdir(), 'opencoroner-import-'));
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The case as the commands make it: reported, then each action taken at its own time. */
  async function throughCommands(death: GeneratedDeath): Promise<string[]> {
    return database.db.transaction(async (tx) => {
      const row = await reportDeath(tx, reportDeathSchema.parse(death), SYSTEM_ACTOR, NOW);
      const ids = [row.id];
      let area = row.areaCode;
      for (const { at, action } of death.lifecycle.actions) {
        const parsed = caseAction.parse(action);
        const result = await takeAction(
          tx,
          row.id,
          parsed,
          coroner(parsed.type === 'ACCEPT_TRANSFER' ? (row.state.transfer?.toAreaCode ?? area) : area),
          SYSTEM_ACTOR,
          new Date(at),
        );
        area = result.caseRow.areaCode;
        Object.assign(row, result.caseRow);
        if (result.freshCaseId) ids.push(result.freshCaseId);
      }
      return ids;
    });
  }

  async function snapshot(id: string) {
    const [row] = await database.db.select().from(cases).where(eq(cases.id, id));
    const {
      id: _i,
      reference,
      createdAt: _c,
      updatedAt: _u,
      supersedesCaseId,
      supersededByCaseId,
      ...rest
    } = row!;
    const events = await database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, id))
      .orderBy(asc(caseEvents.seq));
    const people = await database.db
      .select()
      .from(casePeople)
      .where(eq(casePeople.caseId, id))
      .orderBy(asc(casePeople.name));
    const deadlines = await database.db
      .select()
      .from(caseDeadlines)
      .where(eq(caseDeadlines.caseId, id))
      .orderBy(asc(caseDeadlines.kind), asc(caseDeadlines.sourceId));
    return {
      row: {
        ...rest,
        reference: reference.replace(/\d+$/, 'N'),
        supersedes: Boolean(supersedesCaseId),
        supersededBy: Boolean(supersededByCaseId),
      },
      events: events.map(({ caseId: _x, payload, ...e }) => ({
        ...e,
        payload: {
          ...payload,
          supersedes: payload.supersedes ? 'the quashed case' : undefined,
          supersedesReference: undefined,
          // A report is kept whole only when made through the service, for whoever reported it to see.
          report: undefined,
        },
      })),
      people: people.map(({ id: _x, caseId: _y, ...p }) => p),
      deadlines: deadlines.map(({ id: _x, caseId: _y, ...d }) => d),
    };
  }

  async function importLines(name: string, lines: string[], batchSize = 1000, intoArea?: string) {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const skipped: [number, string][] = [];
    const progress: ImportProgress[] = [];
    const summary = await importDeathsFile(database.db, path, {
      now: NOW,
      actor: SYSTEM_ACTOR,
      intoArea,
      batchSize,
      concurrency: database.kind === 'postgres' ? 2 : 1,
      onSkipped: (line, reason) => skipped.push([line, reason]),
      onProgress: (p) => progress.push(p),
    });
    return { summary, skipped, progress };
  }

  it.each([
    [
      'concluded after twelve months, with section 16 notices',
      (d: GeneratedDeath) => d.lifecycle.outcome === 'CONCLUDED' && has(d, 'SEND_S16_NOTICE'),
    ],
    [
      'suspended at the prosecutor’s request',
      (d: GeneratedDeath) => d.lifecycle.outcome === 'SUSPENDED' && has(d, 'REVIEW_SUSPENSION'),
    ],
    [
      'transferred to another area',
      (d: GeneratedDeath) => has(d, 'ACCEPT_TRANSFER') && has(d, 'RECORD_POST_MORTEM'),
    ],
    ['quashed, with its fresh investigation', (d: GeneratedDeath) => d.lifecycle.outcome === 'QUASHED'],
  ])(
    'gives a case %s the same record as the commands do',
    async (_label, test) => {
      const death = firstDeath(test);
      const made = await throughCommands(death);
      const name = `same-${crypto.randomUUID()}.ndjson`;
      const { summary } = await importLines(name, [JSON.stringify(death)]);
      expect(summary).toMatchObject({ imported: 1, skipped: 0, cases: made.length });
      const [audit] = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'DEATHS_IMPORTED'), eq(auditEvents.subjectId, name)));
      const imported = await database.db
        .select({ id: cases.id })
        .from(cases)
        .where(sql`${cases.reference} in (${audit!.detail.first as string}, ${audit!.detail.last as string})`)
        .orderBy(asc(cases.createdAt), asc(cases.supersedesCaseId));
      const importedIds = imported.map((r) => r.id);
      expect(importedIds).toHaveLength(made.length);
      const ordered = made.length === 2 ? await originalFirst(importedIds) : importedIds;
      for (const [i, id] of made.entries()) expect(await snapshot(ordered[i]!)).toEqual(await snapshot(id));
      // The linked-deaths detector sees each imported case as it sees a reported one (without alerts).
      for (const [i, id] of made.entries())
        expect(await storedLinkView(ordered[i]!)).toEqual(
          detectorView(await refreshLinkCase(database.db, id, createGeocoder(undefined), NOW)),
        );
    },
    120_000,
  );

  /** The detector's view stored for a case, with what differs between two copies of a case set aside. */
  async function storedLinkView(id: string) {
    const [row] = await database.db.select().from(linkCases).where(eq(linkCases.caseId, id));
    return detectorView(row?.data);
  }
  function detectorView(view: LinkCase | undefined) {
    if (!view) return undefined;
    const { id: _i, reference, people, ...rest } = view;
    return {
      ...rest,
      reference: reference.replace(/\d+$/, 'N'),
      people: people.map(({ id: _p, ...person }) => person).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async function originalFirst(ids: string[]) {
    const rows = await database.db
      .select({ id: cases.id, fresh: cases.supersedesCaseId })
      .from(cases)
      .where(sql`${cases.id} in (${ids[0]}, ${ids[1]})`);
    return [rows.find((r) => !r.fresh)!.id, rows.find((r) => r.fresh)!.id];
  }

  it('skips a bad line with its number and reason, writes the rest in batches with one audit event each', async () => {
    const deaths = [...generateDeaths({ seed: 5, cases: 7, areas: AREAS, until: '2026-11-25' })].map((d) =>
      JSON.stringify(d),
    );
    const lines = [
      ...deaths.slice(0, 3),
      '{not json',
      '',
      JSON.stringify({ areaCode: 'EL' }),
      ...deaths.slice(3),
    ];
    const name = `batches-${crypto.randomUUID()}.ndjson`;
    const { summary, skipped, progress } = await importLines(name, lines, 3);
    expect(summary).toMatchObject({ file: name, imported: 7, skipped: 2 });
    expect(summary.rate).toBeGreaterThan(0);
    expect(skipped.map(([line]) => line)).toEqual([4, 6]);
    expect(skipped[0]![1]).toMatch(/^not a JSON object/);
    expect(skipped[1]![1]).toMatch(/^deceased/);
    const audits = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'DEATHS_IMPORTED'), eq(auditEvents.subjectId, name)))
      .orderBy(asc(auditEvents.seq));
    // With two writers, batches may commit in either order; each names the lines it holds.
    const byLine = [...audits].sort(
      (a, b) => (a.detail.lines as number[])[0]! - (b.detail.lines as number[])[0]!,
    );
    expect(byLine.map((a) => [a.detail.lines, a.detail.cases])).toEqual([
      [[1, 3], 3],
      [[4, 9], 3],
      [[10, 10], 1],
    ]);
    expect(progress.at(-1)).toMatchObject({ imported: 7, skipped: 2 });
    expect(progress.at(-1)!.bytes).toBe(progress.at(-1)!.totalBytes);
    const references = audits.flatMap((a) => [a.detail.first as string, a.detail.last as string]);
    const rows = await database.db
      .select({ reference: cases.reference })
      .from(cases)
      .where(sql`${cases.reference} in ${references}`);
    expect(rows).toHaveLength(new Set(references).size);
  });

  it('reads a file that begins with a byte-order mark (as Windows editors save one) from its first line', async () => {
    const deaths = [...generateDeaths({ seed: 6, cases: 3, areas: AREAS, until: '2026-11-25' })].map((d) =>
      JSON.stringify(d),
    );
    const name = `bom-${crypto.randomUUID()}.ndjson`;
    const { summary, skipped } = await importLines(name, [`\uFEFF${deaths[0]}`, ...deaths.slice(1)]);
    expect(skipped).toEqual([]);
    expect(summary).toMatchObject({ imported: 3, skipped: 0 });
  });

  it('imports into one area: lines naming none go to it, lines naming another are skipped', async () => {
    const [first, second, third] = [
      ...generateDeaths({ seed: 8, cases: 3, areas: [areaVolume('IN')], until: '2026-11-25' }),
    ];
    const { areaCode: _named, ...unnamed } = first!;
    const name = `into-${crypto.randomUUID()}.ndjson`;
    const lines = [unnamed, second, { ...third, areaCode: 'SL' }].map((d) => JSON.stringify(d));
    const { summary, skipped } = await importLines(name, lines, 1000, 'IN');
    expect(summary).toMatchObject({ imported: 2, skipped: 1 });
    expect(skipped).toEqual([[3, 'areaCode: names area SL, but this import is into IN']]);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'DEATHS_IMPORTED'), eq(auditEvents.subjectId, name)));
    const imported = await database.db
      .select({ areaCode: cases.areaCode })
      .from(cases)
      .where(sql`${cases.reference} in (${audit!.detail.first as string}, ${audit!.detail.last as string})`);
    expect(imported.map((c) => c.areaCode)).toEqual(['IN', 'IN']);
    await expect(importLines(`none-${crypto.randomUUID()}.ndjson`, lines, 1000, 'ZZ')).rejects.toThrow(
      new ImportProblem('there is no coroner area with the code ZZ'),
    );
  });

  it('takes references that carry on each area’s sequence for the year, one batch after another', async () => {
    const planned = [...generateDeaths({ seed: 9, cases: 12, areas: AREAS, until: '2026-11-25' })].flatMap(
      (d) => planCase(parseLine(JSON.stringify(d)), ctx),
    );
    const lastOf = async (areaCode: string, year: number) =>
      Number(
        (
          await database.db.execute<{ last: number }>(
            sql`select coalesce(max(last), 0) as last from case_sequences where area_code = ${areaCode} and year = ${year}`,
          )
        ).rows[0]!.last,
      );
    const keys = [...new Set(planned.map((p) => `${p.referenceOf.areaCode}:${p.referenceOf.year}`))];
    const before = new Map(
      await Promise.all(
        keys.map(async (k) => [k, await lastOf(k.split(':')[0]!, Number(k.split(':')[1]))] as const),
      ),
    );
    const taken = await database.db.transaction(async (tx) => [
      await takeReferences(tx, planned.slice(0, 5)),
      await takeReferences(tx, planned.slice(5)),
    ]);
    const seen = new Map(before);
    for (const [i, p] of planned.entries()) {
      const key = `${p.referenceOf.areaCode}:${p.referenceOf.year}`;
      const next = seen.get(key)! + 1;
      seen.set(key, next);
      expect(taken[i < 5 ? 0 : 1]!.get(p.row.id)).toBe(
        `${p.referenceOf.areaCode}-${p.referenceOf.year}-${String(next).padStart(6, '0')}`,
      );
    }
    for (const key of keys)
      expect(await lastOf(key.split(':')[0]!, Number(key.split(':')[1]))).toBe(seen.get(key));
  });
});

describe('the import progress', () => {
  const at = (imported: number, bytes: number) => ({
    line: imported,
    imported,
    skipped: 1,
    bytes,
    totalBytes: 1000,
  });

  it('is a bar redrawn in place on a terminal, with messages on lines of their own', () => {
    let text = '';
    let clock = 0;
    const printer = progressPrinter({ isTTY: true, write: (t) => (text += t) }, () => clock);
    clock = 1;
    printer.update(at(500, 500));
    printer.message('Line 7 skipped: not a JSON object');
    clock = 2;
    printer.update(at(1000, 1000), true);
    expect(text).toBe(
      `\r[${'#'.repeat(15)}${'-'.repeat(15)}] 50%  500 imported, 1 skipped, 500 a second\x1b[K` +
        '\r\x1b[KLine 7 skipped: not a JSON object\n' +
        `\r[${'#'.repeat(30)}] 100%  1,000 imported, 1 skipped, 500 a second\x1b[K\n`,
    );
  });

  it('is a plain line every tenth of the file elsewhere', () => {
    const lines: string[] = [];
    let clock = 0;
    const printer = progressPrinter({ isTTY: false, write: (t) => lines.push(t) }, () => clock);
    clock = 1;
    for (let bytes = 0; bytes <= 1000; bytes += 50) printer.update(at(bytes, bytes));
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('Importing: 100%  1,000 imported, 1 skipped, 1,000 a second\n');
  });
});
