/** Writing planned cases many at a time: one statement per table for a whole batch. */
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/database.ts';
import { nextReference } from './cases.commands.ts';
import type { PlannedCase } from './cases.import.ts';
import { caseDeadlines, caseEvents, casePeople, cases } from './cases.tables.ts';

/** Rows as JSON with the database's column names, for `json_populate_recordset`. */
function recordset(table: PgTable, rows: Record<string, unknown>[], omit: string[] = []) {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !omit.includes(key));
  const list = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const json = JSON.stringify(
    rows.map((row) => Object.fromEntries(columns.map(([key, c]) => [c.name, row[key] ?? null]))),
  );
  return { list, json };
}

async function insertMany(
  tx: Db,
  table: PgTable,
  name: string,
  rows: Record<string, unknown>[],
  omit: string[] = [],
) {
  if (rows.length === 0) return;
  const { list, json } = recordset(table, rows, omit);
  await tx.execute(
    sql`insert into ${sql.identifier(name)} (${sql.raw(list)}) select ${sql.raw(list)} from json_populate_recordset(null::${sql.identifier(name)}, ${json}::json)`,
  );
}

/** Takes each planned case's reference from its area's sequence for the year it was reported. */
export async function takeReferences(tx: Db, planned: PlannedCase[]): Promise<Map<string, string>> {
  const groups = new Map<string, PlannedCase[]>();
  for (const p of planned) {
    const key = `${p.referenceOf.areaCode}:${p.referenceOf.year}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const references = new Map<string, string>();
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [areaCode, year] = key.split(':');
    const taken = await nextReference(tx, areaCode!, Number(year), group.length);
    for (const [i, p] of group.entries()) references.set(p.row.id, taken[i]!);
  }
  return references;
}

/**
 * Writes planned cases in the caller's transaction, every table in one statement each; references are
 * taken here unless they were taken before.
 */
export async function writeCases(
  tx: Db,
  planned: PlannedCase[],
  taken?: Map<string, string>,
): Promise<string[]> {
  const references = taken ?? (await takeReferences(tx, planned));
  for (const p of planned)
    if (p.supersedes) p.events[0]!.payload.supersedesReference = references.get(p.supersedes);
  await insertMany(
    tx,
    cases,
    'cases',
    planned.map((p) => ({ ...p.row, reference: references.get(p.row.id) })),
  );
  await insertMany(
    tx,
    caseEvents,
    'case_events',
    planned.flatMap((p) =>
      p.events.map((e) => ({
        caseId: p.row.id,
        seq: e.seq,
        type: e.type,
        at: e.at,
        actorId: e.actor.id,
        actorLabel: e.actor.label,
        actorRole: e.actor.role,
        payload: e.payload,
      })),
    ),
  );
  await insertMany(
    tx,
    casePeople,
    'case_people',
    planned.flatMap((p) => p.people),
    ['id'],
  );
  await insertMany(
    tx,
    caseDeadlines,
    'case_deadlines',
    planned.flatMap((p) => p.deadlines),
    ['id'],
  );
  return planned.map((p) => references.get(p.row.id)!);
}
