/**
 * Loading reported deaths in bulk (`opencoroner import deaths FILE.ndjson`): one death report per line, with
 * the actions its case has been through. Each case gets the same log, projection and clocks as if it had
 * been reported and acted on through the pages, but cases are written many at a time.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, appendAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { timeOrderedIds } from '../../platform/db/ids.ts';
import { AppError } from '../../platform/http/errors.ts';
import { fieldErrorsOf } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { areas } from '../areas/areas.tables.ts';
import { caseAction } from './cases.actions.schema.ts';
import { deriveClocks } from './cases.clocks.ts';
import { eventPayload, peopleRows, projectionOf, reportColumns } from './cases.commands.ts';
import {
  applyEvent,
  CASE_STATUSES,
  type CaseEvent,
  type CaseState,
  checkAction,
  INITIAL_STATE,
  STATUS_LABELS,
} from './cases.domain.ts';
import { takeReferences, writeCases } from './cases.import.write.ts';
import { recordedAge, reportProblems } from './cases.report.ts';
import { instant, reportDeath } from './cases.schema.ts';
import type { caseDeadlines, casePeople, cases } from './cases.tables.ts';

/** One line of a deaths file: a death report (as `POST /deaths` takes it) and, optionally, its case's life. */
export const importLine = reportDeath.extend({
  lifecycle: z
    .object({
      outcome: z.enum(CASE_STATUSES).optional(),
      actions: z
        .array(z.object({ at: instant(), action: caseAction }))
        .max(1000)
        .default([]),
    })
    .default({ actions: [] }),
});
export type ImportLine = z.infer<typeof importLine>;

type CaseInsert = typeof cases.$inferInsert;
type PersonInsert = typeof casePeople.$inferInsert;
type DeadlineInsert = typeof caseDeadlines.$inferInsert;

/** A case ready to be written, except for its reference (taken from the area's sequence when written). */
export type PlannedCase = {
  row: Omit<CaseInsert, 'reference'> & { id: string };
  /** Where and when the reference is taken from: the area it was reported to, the year it was reported. */
  referenceOf: { areaCode: string; year: number };
  events: CaseEvent[];
  people: PersonInsert[];
  deadlines: DeadlineInsert[];
  /** For a fresh investigation after a quash: the case it supersedes (its reference goes in the first event). */
  supersedes?: string;
};

export type PlanContext = { now: Date; actor: Actor; areaCodes: ReadonlySet<string>; newId: () => string };

/** Why a line cannot be imported, in a sentence. */
export class ImportProblem extends Error {}

const ACTOR_ROLE = 'coroner';

/**
 * The case (and, after a quash, the fresh case) a line makes: its actions are checked one by one against the
 * same rules as the pages and the API (status, rule, dates), and its projection and clocks derived from the log.
 */
export function planCase(line: ImportLine, ctx: PlanContext): PlannedCase[] {
  const problems = reportProblems(line, ctx.now);
  const first = Object.entries(problems)[0];
  if (first) throw new ImportProblem(`${first[0]}: ${first[1]}`);
  if (!ctx.areaCodes.has(line.areaCode))
    throw new ImportProblem(`areaCode: there is no coroner area with the code ${line.areaCode}`);
  const reportedAt = line.reportedAt ? new Date(line.reportedAt) : ctx.now;
  const id = ctx.newId();
  const events: CaseEvent[] = [
    {
      seq: 1,
      type: 'REPORTED',
      at: reportedAt.toISOString(),
      actor: ctx.actor,
      payload: { reportedBy: line.reportedBy },
    },
  ];
  let state: CaseState = applyEvent(INITIAL_STATE, events[0]!);
  let areaCode = line.areaCode;
  let quashedAt: Date | undefined;
  let previous = reportedAt;
  for (const [index, { at, action }] of line.lifecycle.actions.entries()) {
    const where = `lifecycle.actions.${index} (${action.type})`;
    const when = new Date(at);
    if (when < previous) throw new ImportProblem(`${where}: it is dated before the step before it`);
    if (when.getTime() > ctx.now.getTime() + 60_000)
      throw new ImportProblem(`${where}: it is dated in the future`);
    previous = when;
    if (action.type === 'ASSIGN' || action.type === 'UPDATE_DETAILS')
      throw new ImportProblem(
        `${where}: assignments and changed details are not imported; import the details as they are now`,
      );
    try {
      checkAction(state, action, {
        // A section 3 transfer was directed by the Chief Coroner; every other step is taken as a coroner's.
        role: action.type === 'TRANSFER' && action.basis === 'S3' ? 'chief-coroner' : ACTOR_ROLE,
        today: londonDate(when),
        stateDetention: line.death.stateDetention,
      });
    } catch (error) {
      if (error instanceof AppError) throw new ImportProblem(`${where}: ${error.message}`);
      throw error;
    }
    if (action.type === 'TRANSFER') {
      if (action.toAreaCode === areaCode)
        throw new ImportProblem(`${where}: the case is already in ${areaCode}`);
      if (!ctx.areaCodes.has(action.toAreaCode))
        throw new ImportProblem(`${where}: there is no coroner area with the code ${action.toAreaCode}`);
    }
    if (action.type === 'ACCEPT_TRANSFER') areaCode = state.transfer!.toAreaCode;
    if (action.type === 'QUASH') quashedAt = when;
    const event: CaseEvent = {
      seq: events.length + 1,
      type: action.type,
      at: when.toISOString(),
      actor: ctx.actor,
      payload: eventPayload(action),
    };
    state = applyEvent(state, event);
    events.push(event);
  }
  const outcome = line.lifecycle.outcome;
  if (outcome && outcome !== state.status)
    throw new ImportProblem(
      `lifecycle.outcome: the actions leave the case ${STATUS_LABELS[state.status].toLowerCase()}, not ${STATUS_LABELS[outcome].toLowerCase()}`,
    );
  const identity = {
    areaCode,
    reportedAt,
    ...reportColumns(line),
    age: recordedAge(line, ctx.now) ?? null,
    reportedBy: line.reportedBy,
    circumstanceTags: line.circumstanceTags,
    toxicology: line.toxicology,
    policeClassification: line.policeClassification ?? null,
    assignedOfficerId: null,
    createdBy: ctx.actor.id,
  };
  const original: PlannedCase = {
    row: {
      id,
      ...identity,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      eventCount: events.length,
      ...projectionOf(state),
    },
    referenceOf: { areaCode: line.areaCode, year: Number(londonDate(reportedAt).slice(0, 4)) },
    events,
    people: peopleRows(id, line.people),
    deadlines: clocksOf(id, events),
  };
  if (!quashedAt) return [original];
  // Coroners Act 1988 s.13: as the QUASH action does, a fresh investigation supersedes the quashed case.
  const freshId = ctx.newId();
  const order = line.lifecycle.actions.find((a) => a.action.type === 'QUASH')!.action as {
    court: string;
    orderedOn: string;
  };
  const freshEvent: CaseEvent = {
    seq: 1,
    type: 'FRESH_INVESTIGATION_ORDERED',
    at: quashedAt.toISOString(),
    actor: ctx.actor,
    payload: {
      supersedes: id,
      supersedesReference: '',
      court: order.court,
      orderedOn: order.orderedOn,
      grounds: state.grounds,
      reportingRestriction: state.reportingRestriction,
    },
  };
  original.row.supersededByCaseId = freshId;
  const fresh: PlannedCase = {
    row: {
      id: freshId,
      ...identity,
      supersedesCaseId: id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      eventCount: 1,
      ...projectionOf(applyEvent(INITIAL_STATE, freshEvent)),
    },
    referenceOf: { areaCode, year: Number(londonDate(quashedAt).slice(0, 4)) },
    events: [freshEvent],
    people: peopleRows(freshId, line.people),
    deadlines: clocksOf(freshId, [freshEvent]),
    supersedes: id,
  };
  return [original, fresh];
}

function clocksOf(caseId: string, events: CaseEvent[]): DeadlineInsert[] {
  return deriveClocks(events).map((c) => ({ caseId, source: 'case', ...c }));
}

/**
 * Parses one line; a problem names the field or says the line is not JSON. With `intoArea`, a line that
 * names no area is reported to that area, and one that names another area is refused.
 */
export function parseLine(text: string, intoArea?: string): ImportLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportProblem(`not a JSON object (${(error as Error).message})`);
  }
  if (intoArea !== undefined && json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const named = (json as { areaCode?: unknown }).areaCode;
    if (named === undefined || named === null || named === '') json = { ...json, areaCode: intoArea };
  }
  const parsed = importLine.safeParse(json);
  if (!parsed.success) {
    const [field, message] = Object.entries(fieldErrorsOf(parsed.error.issues))[0]!;
    throw new ImportProblem(field === '_' ? message : `${field}: ${message}`);
  }
  if (intoArea !== undefined && parsed.data.areaCode !== intoArea)
    throw new ImportProblem(
      `areaCode: names area ${parsed.data.areaCode}, but this import is into ${intoArea}`,
    );
  return parsed.data;
}

export type ImportProgress = {
  line: number;
  imported: number;
  skipped: number;
  bytes: number;
  totalBytes: number;
};
export type ImportSummary = {
  file: string;
  imported: number;
  skipped: number;
  cases: number;
  seconds: number;
  rate: number;
};

/** An import that stopped part way (the database went away, say): what was written, and where to carry on. */
export class ImportStopped extends Error {
  constructor(
    /** The batches committed before it stopped; `carryOnFrom` is the first line of the file not imported. */
    readonly summary: ImportSummary & { carryOnFrom: number; alsoImported?: [number, number][] },
    cause: unknown,
  ) {
    super(`The import stopped before line ${summary.carryOnFrom}: ${(cause as Error)?.message}`, { cause });
  }
}

export type ImportOptions = {
  now: Date;
  actor: Actor;
  /** The area every line is reported to: a line naming no area goes to it, a line naming another is skipped. */
  intoArea?: string;
  batchSize?: number;
  /** Batches written at once (1 on the embedded database, which has one connection). */
  concurrency?: number;
  onSkipped?: (line: number, reason: string) => void;
  onProgress?: (progress: ImportProgress) => void;
  /** Monotonic seconds, for the rate. */
  seconds?: () => number;
};

/** A batch committed: its first and last line, and how many lines in it were skipped. */
type Written = { lines: readonly [number, number]; skipped: number };

/**
 * Imports a deaths file: lines are read as a stream, planned, and written in batches, each batch one
 * transaction with one audit event. A bad line is reported with its number and skipped. If the import
 * cannot go on (the database goes away, say), it throws `ImportStopped`: the batches committed stay, and it
 * says which line to carry on from.
 */
export async function importDeathsFile(db: Db, path: string, options: ImportOptions): Promise<ImportSummary> {
  const seconds = options.seconds ?? (() => performance.now() / 1000);
  const started = seconds();
  const batchSize = options.batchSize ?? 2000;
  const file = basename(path);
  const totalBytes = statSync(path).size;
  let areaCodes: Set<string>;
  try {
    areaCodes = new Set((await db.select({ code: areas.code }).from(areas)).map((a) => a.code));
  } catch (error) {
    const nothing = { file, imported: 0, skipped: 0, cases: 0, seconds: 0, rate: 0 };
    throw new ImportStopped({ ...nothing, carryOnFrom: 1 }, error);
  }
  if (options.intoArea !== undefined && !areaCodes.has(options.intoArea))
    throw new ImportProblem(`there is no coroner area with the code ${options.intoArea}`);
  const ctx: PlanContext = {
    now: options.now,
    actor: options.actor,
    areaCodes,
    newId: timeOrderedIds(),
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let imported = 0;
  let skipped = 0;
  let casesWritten = 0;
  let batch: PlannedCase[] = [];
  let batchLines = 0;
  let batchSkipped = 0;
  let firstLine = 1;
  let bytes = 0; // read as far as the lines checked so far (characters, near enough to bytes)
  const written: Written[] = [];
  const progress = () => options.onProgress?.({ line: lineNo, imported, skipped, bytes, totalBytes });
  const summary = (): ImportSummary => {
    const elapsed = seconds() - started;
    return {
      file,
      imported,
      skipped,
      cases: casesWritten,
      seconds: Math.round(elapsed * 100) / 100,
      rate: Math.round(imported / Math.max(elapsed, 0.001)),
    };
  };

  // Batches are written while the next ones are read and checked. With more than one writer (PostgreSQL),
  // references are taken first in a short transaction of their own, so writers do not queue on the sequences.
  const concurrency = options.concurrency ?? 1;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const flush = async () => {
    const planned = batch;
    const count = batchLines;
    const done: Written = { lines: [firstLine, lineNo], skipped: batchSkipped };
    batch = [];
    batchLines = 0;
    batchSkipped = 0;
    firstLine = lineNo + 1;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) throw failure;
    const taken = concurrency > 1 ? await db.transaction((tx) => takeReferences(tx, planned)) : undefined;
    const write = db
      .transaction(async (tx) => {
        // A bulk load need not wait for each batch to reach the disk: a crash loses at most the last
        // batches, each whole, never part of one.
        await tx.execute(sql`set local synchronous_commit = off`);
        const references = await writeCases(tx, planned, options.now, taken);
        await appendAudit(
          tx,
          options.actor,
          {
            action: 'DEATHS_IMPORTED',
            subjectType: 'import',
            subjectId: file,
            detail: {
              file,
              lines: done.lines,
              cases: references.length,
              first: references[0],
              last: references.at(-1),
            },
          },
          options.now,
        );
      })
      .then(
        () => {
          imported += count;
          casesWritten += planned.length;
          written.push(done);
          progress();
        },
        (error: unknown) => {
          failure ??= error; // stops the import at the next batch
        },
      )
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  try {
    for await (const read of lines) {
      lineNo++;
      bytes += read.length + 1;
      // Windows editors often begin a UTF-8 file with a byte-order mark; it is not part of the first line.
      const text = lineNo === 1 && read.startsWith('\uFEFF') ? read.slice(1) : read;
      if (text.trim() === '') continue;
      try {
        batch.push(...planCase(parseLine(text, options.intoArea), ctx));
        batchLines++;
      } catch (error) {
        if (!(error instanceof ImportProblem)) throw error;
        skipped++;
        batchSkipped++;
        options.onSkipped?.(lineNo, error.message);
      }
      if (batchLines >= batchSize) await flush();
    }
    if (batchLines > 0) await flush();
    await Promise.all(inFlight);
    if (failure) throw failure;
  } catch (error) {
    // What was committed is known once every batch still being written has finished or failed.
    await Promise.allSettled(inFlight);
    // Lines skipped in batches that were not written are read again when the import is carried on.
    const skippedBefore = written.reduce((n, w) => n + w.skipped, 0);
    throw new ImportStopped({ ...summary(), skipped: skippedBefore, ...carryOn(written) }, error);
  } finally {
    lines.close();
    stream.destroy();
  }
  bytes = totalBytes;
  progress();
  return summary();
}

/** The first line not imported, after the batches committed from the start; and any committed after a gap. */
function carryOn(written: Written[]): { carryOnFrom: number; alsoImported?: [number, number][] } {
  const ranges = written.map((w) => [...w.lines] as [number, number]).sort((a, b) => a[0] - b[0]);
  let carryOnFrom = 1;
  while (ranges[0]?.[0] === carryOnFrom) carryOnFrom = ranges.shift()![1] + 1;
  const alsoImported: [number, number][] = [];
  for (const [first, last] of ranges) {
    const previous = alsoImported.at(-1);
    if (previous && previous[1] + 1 === first) previous[1] = last;
    else alsoImported.push([first, last]);
  }
  return alsoImported.length ? { carryOnFrom, alsoImported } : { carryOnFrom };
}
