/** Writing planned cases many at a time: one statement per table for a whole batch. */
import { sql } from 'drizzle-orm';
import { insertRows } from '../../platform/db/copy.ts';
import type { Db } from '../../platform/db/database.ts';
import { timeOrderedIds } from '../../platform/db/ids.ts';
import { indexFields, toLinkCase } from '../links/links.case-map.ts';
import { linkCases } from '../links/links.tables.ts';
import type { PlannedCase } from './cases.import.ts';
import type { CaseRow, PersonRow } from './cases.queries.ts';
import { formatReference } from './cases.report.ts';
import { caseDeadlines, caseEvents, casePeople, cases } from './cases.tables.ts';

/** People written with their cases get ids in the order they are written, as the cases do. */
const newPersonId = timeOrderedIds();

/**
 * Takes each planned case's reference from its area's sequence for the year it was reported: every sequence
 * a batch needs is advanced in one statement, in area and year order (so that two writers never wait on
 * each other in a circle).
 */
export async function takeReferences(tx: Db, planned: PlannedCase[]): Promise<Map<string, string>> {
  const groups = new Map<string, { areaCode: string; year: number; cases: PlannedCase[] }>();
  for (const p of planned) {
    const key = `${p.referenceOf.areaCode}:${p.referenceOf.year}`;
    const group = groups.get(key);
    if (group) group.cases.push(p);
    else groups.set(key, { ...p.referenceOf, cases: [p] });
  }
  const references = new Map<string, string>();
  if (groups.size === 0) return references;
  const wanted = JSON.stringify(
    [...groups.values()].map((g) => ({ area_code: g.areaCode, year: g.year, last: g.cases.length })),
  );
  const { rows } = await tx.execute<{ area_code: string; year: number; last: number }>(sql`
    insert into case_sequences (area_code, year, last)
    select area_code, year, last from json_to_recordset(${wanted}::json) as w(area_code text, year integer, last integer)
    order by area_code, year
    on conflict (area_code, year) do update set last = case_sequences.last + excluded.last
    returning area_code, year, last`);
  for (const row of rows) {
    const group = groups.get(`${row.area_code}:${row.year}`)!;
    const first = Number(row.last) - group.cases.length + 1;
    for (const [i, p] of group.cases.entries())
      references.set(p.row.id, formatReference(group.areaCode, group.year, first + i));
  }
  return references;
}

/**
 * The detector's view of a written case (`link_cases`), so that later reports are compared with it and the
 * nightly batch counts it. Only typed coordinates are used (no geocoder in a bulk load), and the case is
 * not assessed: loading history raises no alerts of its own.
 */
function linkCaseRow(p: PlannedCase, reference: string, people: PersonRow[], now: Date) {
  const row = {
    ...p.row,
    reference,
    reportedAt: new Date(p.row.reportedAt as Date | string),
    circumstanceTags: p.row.circumstanceTags ?? [],
    toxicology: p.row.toxicology ?? { tested: [], detected: [] },
  } as CaseRow;
  const linkCase = toLinkCase(row, people);
  return {
    caseId: p.row.id,
    areaCode: row.areaCode,
    unnatural: linkCase.unnatural,
    ...indexFields(linkCase),
    locationSource: linkCase.scene ? 'typed' : null,
    data: linkCase,
    assessedAt: now,
  };
}

/**
 * Writes planned cases in the caller's transaction, every table in one statement each, with the detector's
 * view of each; references are taken here unless they were taken before.
 */
export async function writeCases(
  tx: Db,
  planned: PlannedCase[],
  now: Date,
  taken?: Map<string, string>,
): Promise<string[]> {
  const references = taken ?? (await takeReferences(tx, planned));
  for (const p of planned)
    if (p.supersedes) p.events[0]!.payload.supersedesReference = references.get(p.supersedes);
  const people = new Map(
    planned.map((p) => [p.row.id, p.people.map((person) => ({ ...person, id: newPersonId() }))]),
  );
  await insertRows(
    tx,
    cases,
    planned.map((p) => ({ ...p.row, reference: references.get(p.row.id) })),
  );
  await insertRows(
    tx,
    caseEvents,
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
  await insertRows(tx, casePeople, [...people.values()].flat());
  await insertRows(
    tx,
    caseDeadlines,
    planned.flatMap((p) => p.deadlines),
    ['id'],
  );
  await insertRows(
    tx,
    linkCases,
    planned.map((p) => linkCaseRow(p, references.get(p.row.id)!, people.get(p.row.id) as PersonRow[], now)),
    ['placePending'],
  );
  return planned.map((p) => references.get(p.row.id)!);
}
