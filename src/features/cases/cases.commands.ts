import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { govukDateTime, londonDate } from '../../platform/views/dates.ts';
import { findArea } from '../areas/areas.queries.ts';
import { caseGroupMembers, caseGroups } from '../case-groups/case-groups.tables.ts';
import { carryOverDocuments } from '../documents/documents.carry.ts';
import { HEARING_TYPE_LABELS, type HearingType } from '../hearings/hearings.domain.ts';
import { hearingCases, hearings } from '../hearings/hearings.tables.ts';
import { carryOverInterestedPersons } from '../interested-persons/interested-persons.commands.ts';
import { findConclusionBar } from '../judge-led/judge-led.queries.ts';
import { queueLinkAssessment } from '../links/links.jobs.ts';
import { refreshAlertAreas } from '../links/links.store.ts';
import { requireOwnArea } from './cases.access.ts';
import type { ActionOf, CaseAction } from './cases.actions.schema.ts';
import { deriveClocks } from './cases.clocks.ts';
import {
  applyEvent,
  type CaseEvent,
  type CaseState,
  CLOSED_STATUSES,
  checkAction,
  deriveState,
} from './cases.domain.ts';
import { type CaseRow, listCaseEvents } from './cases.queries.ts';
import {
  formatReference,
  isProfessional,
  REPORT_IN_FUTURE,
  recordedAge,
  reportProblems,
  searchName,
} from './cases.report.ts';
import type { Person, ReportDeath } from './cases.schema.ts';
import { caseDeadlines, caseEvents, casePeople, cases } from './cases.tables.ts';
import { deathDetails } from './cases.view.ts';

/** Takes the area's next sequence number for the year (one row per area and year, locked while it is used). */
export async function nextReference(tx: Db, areaCode: string, year: number, count = 1): Promise<string[]> {
  const result = await tx.execute<{ last: number }>(sql`
    insert into case_sequences (area_code, year, last) values (${areaCode}, ${year}, ${count})
    on conflict (area_code, year) do update set last = case_sequences.last + ${count}
    returning last`);
  const last = Number(result.rows[0]!.last);
  return Array.from({ length: count }, (_, i) => formatReference(areaCode, year, last - count + 1 + i));
}

/** The columns derived from a case's state (the projection of its log). */
export function projectionOf(state: CaseState) {
  const conclusion = state.inquest?.conclusion;
  return {
    status: state.status,
    state,
    investigationOpenedAt: state.investigationOpenedAt ? new Date(state.investigationOpenedAt) : null,
    postMortem: Boolean(state.postMortem),
    inquestOpenedOn: state.inquest?.openedOn ?? null,
    concludedOn: conclusion?.concludedOn ?? null,
    closedOn: state.closedOn,
    shortForm: conclusion?.shortForm ?? null,
    hasNarrative: Boolean(conclusion?.narrative),
    jury: state.inquest?.jury?.jury ?? null,
    article2: state.article2,
    reportingRestriction: state.reportingRestriction,
  };
}

export function reportColumns(input: Pick<ReportDeath, 'deceased' | 'death'>) {
  const scene = input.death.sceneFound ?? input.death.placeOfDeath;
  return {
    givenNames: input.deceased.givenNames,
    familyName: input.deceased.familyName,
    searchName: searchName(input.deceased.givenNames, input.deceased.familyName),
    sex: input.deceased.sex,
    dateOfBirth: input.deceased.dateOfBirth ?? null,
    homeTown: input.deceased.homeTown ?? null,
    address: input.deceased.address ?? null,
    occupation: input.deceased.occupation ?? null,
    nationality: input.deceased.nationality ?? null,
    dateOfDeath: input.death.dateOfDeath ?? null,
    dateFound: input.death.dateFound ?? null,
    timeFound: input.death.timeFound ?? null,
    placeOfDeath: input.death.placeOfDeath ?? null,
    sceneFound: input.death.sceneFound ?? null,
    sceneLat: scene?.lat ?? null,
    sceneLon: scene?.lon ?? null,
    sceneAccuracyM: scene?.lat !== undefined ? (scene.accuracyM ?? (scene.postcode ? 100 : 50)) : null,
    scenePlaceType: scene?.placeType ?? null,
    stateDetention: input.death.stateDetention ?? null,
    circumstances: input.death.circumstances ?? '',
  };
}

export function peopleRows(caseId: string, people: Person[]) {
  return people.map((p) => ({
    caseId,
    role: p.role,
    name: p.name,
    searchName: searchName(p.name),
    address: p.address ?? null,
    dateOfBirth: p.dateOfBirth ?? null,
    phone: p.phone ?? null,
    professional: isProfessional(p.role),
  }));
}

/** Reports a death: one new case in status REPORTED, with its reference, people and first event. */
export async function reportDeath(tx: Db, input: ReportDeath, actor: Actor, now: Date): Promise<CaseRow> {
  const problems = reportProblems(input, now);
  if (Object.keys(problems).length) throw validationError(problems);
  if (!(await findArea(tx, input.areaCode))) {
    throw validationError({ areaCode: `There is no coroner area with the code ${input.areaCode}` });
  }
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  const [reference] = await nextReference(tx, input.areaCode, Number(londonDate(reportedAt).slice(0, 4)));
  const event: CaseEvent = {
    seq: 1,
    type: 'REPORTED',
    at: reportedAt.toISOString(),
    actor,
    payload: { reportedBy: input.reportedBy },
  };
  const state = deriveState([event]);
  const [row] = await tx
    .insert(cases)
    .values({
      reference: reference!,
      areaCode: input.areaCode,
      reportedAt,
      ...reportColumns(input),
      age: recordedAge(input, now) ?? null,
      reportedBy: input.reportedBy,
      circumstanceTags: input.circumstanceTags,
      toxicology: input.toxicology,
      policeClassification: input.policeClassification ?? null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      eventCount: 1,
      ...projectionOf(state),
    })
    .returning();
  const people = input.people.length
    ? await tx.insert(casePeople).values(peopleRows(row!.id, input.people)).returning()
    : [];
  // The report is kept whole, so that whoever reported the death sees it as they did once the office changes it.
  await insertEvent(tx, row!.id, {
    ...event,
    payload: { ...event.payload, report: deathDetails(row!, people) },
  });
  await queueLinkAssessment(tx, row!.id, now);
  return row!;
}

async function insertEvent(tx: Db, caseId: string, event: CaseEvent): Promise<void> {
  await tx.insert(caseEvents).values({
    caseId,
    seq: event.seq,
    type: event.type,
    at: new Date(event.at),
    actorId: event.actor.id,
    actorLabel: event.actor.label,
    actorRole: event.actor.role,
    payload: event.payload,
  });
}

/** Rewrites a case's own statutory clocks from its whole log (other features' clocks are left alone). */
export async function refreshClocks(tx: Db, caseId: string, events: readonly CaseEvent[]): Promise<void> {
  await tx
    .delete(caseDeadlines)
    .where(and(eq(caseDeadlines.caseId, caseId), eq(caseDeadlines.source, 'case')));
  const clocks = deriveClocks(events);
  if (clocks.length)
    await tx.insert(caseDeadlines).values(clocks.map((c) => ({ caseId, source: 'case', ...c })));
}

/**
 * Appends one event of another feature (a hearing listed, a judge appointed...) to a case's log, so that it
 * shows on the timeline. It does not change the case's status.
 */
export async function appendCaseEvent(
  tx: Db,
  caseId: string,
  type: string,
  actor: Actor,
  at: Date,
  payload: Record<string, unknown>,
): Promise<void> {
  const [row] = await tx
    .update(cases)
    .set({ eventCount: sql`${cases.eventCount} + 1`, updatedAt: at })
    .where(eq(cases.id, caseId))
    .returning({ eventCount: cases.eventCount });
  if (!row) throw new AppError('NOT_FOUND', 'The case could not be found.');
  await insertEvent(tx, caseId, { seq: row.eventCount, type, at: at.toISOString(), actor, payload });
}

/**
 * Locks cases for the rest of the transaction, always in the order of their ids, so that two transactions
 * touching the same cases (hearings heard together, linked deaths confirmed at once) wait for each other
 * rather than deadlock.
 */
export async function lockCases(tx: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .select({ id: cases.id })
    .from(cases)
    .where(inArray(cases.id, [...new Set(ids)]))
    .orderBy(asc(cases.id))
    .for('update');
}

/** The case after the action (and as it was before it), and the fresh case a quashing opened. */
export type ActionResult = { caseRow: CaseRow; before: CaseRow; freshCaseId?: string; unchanged?: boolean };

/**
 * Takes one action on a case in the caller's transaction: locks the case, checks the action against the
 * role, the status and its rule (pure domain), appends it to the log and updates the projection and clocks.
 */
export async function takeAction(
  tx: Db,
  caseId: string,
  action: CaseAction,
  principal: Principal,
  actor: Actor,
  now: Date,
): Promise<ActionResult> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'The case could not be found.');
  const today = londonDate(now);
  const next = checkAction(row.state, action, {
    role: principal.role,
    today,
    stateDetention: row.stateDetention,
    conclusionBar:
      action.type === 'RECORD_CONCLUSION' ? await findConclusionBar(tx, row, principal.userId) : undefined,
  });
  // Details sent as they already are change nothing and add nothing to the log; the log records what changed.
  if (action.type === 'UPDATE_DETAILS') {
    requireOwnArea(principal, row.areaCode);
    const details = await changedDetails(tx, row, action.details);
    if (Object.keys(details).length === 0) return { caseRow: row, before: row, unchanged: true };
    action = { ...action, details };
  }
  // The same for an assignment to whoever is assigned already; the log names whoever is newly assigned.
  let named: Record<string, string> = {};
  if (action.type === 'ASSIGN') {
    requireOwnArea(principal, row.areaCode);
    const coronerId = action.coronerId !== row.assignedCoronerId ? action.coronerId : undefined;
    const officerId = action.officerId !== row.assignedOfficerId ? action.officerId : undefined;
    if (!coronerId && !officerId) return { caseRow: row, before: row, unchanged: true };
    action = { type: 'ASSIGN', ...(coronerId ? { coronerId } : {}), ...(officerId ? { officerId } : {}) };
    const ids = [coronerId, officerId].filter((x): x is string => Boolean(x));
    const names = new Map(
      (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map(
        (u) => [u.id, u.name],
      ),
    );
    named = {
      ...(coronerId && names.has(coronerId) ? { coronerName: names.get(coronerId)! } : {}),
      ...(officerId && names.has(officerId) ? { officerName: names.get(officerId)! } : {}),
    };
  }
  if (CLOSED_STATUSES.includes(next) && !CLOSED_STATUSES.includes(row.status))
    await requireNoHearingsToCome(tx, caseId, now);
  // While suspended (Sch.1) the inquest is not heard; a pre-inquest review may still be.
  if (action.type === 'SUSPEND' && row.status !== 'SUSPENDED')
    await requireNoHearingsToCome(tx, caseId, now, {
      why: 'While the investigation is suspended its inquest is not heard (a pre-inquest review may still be).',
      except: ['PRE_INQUEST_REVIEW'],
    });
  // A transferred case goes with nothing of the sending area's: its hearings and case group stay there.
  if (action.type === 'TRANSFER') {
    await requireNoHearingsToCome(tx, caseId, now, {
      why: 'The receiving area lists its hearings once it accepts the case.',
    });
    await requireNoGroup(tx, caseId);
  }
  const changes = await sideEffects(tx, row, action, principal, now);
  const event: CaseEvent = {
    seq: row.eventCount + 1,
    type: action.type,
    at: now.toISOString(),
    actor,
    payload: { ...eventPayload(action), ...named },
  };
  const state = applyEvent(row.state, event);
  await insertEvent(tx, caseId, event);
  const [updated] = await tx
    .update(cases)
    .set({ ...changes.columns, ...projectionOf(state), eventCount: event.seq, updatedAt: now })
    .where(eq(cases.id, caseId))
    .returning();
  const events = await listCaseEvents(tx, caseId);
  await refreshClocks(tx, caseId, events);
  if (['UPDATE_DETAILS', 'DECIDE_NO_DUTY', 'OPEN_INVESTIGATION', 'ACCEPT_TRANSFER'].includes(action.type))
    await queueLinkAssessment(tx, caseId, now);
  // The receiving area's office sees the possible links of the case from the moment it holds it.
  if (action.type === 'ACCEPT_TRANSFER') await refreshAlertAreas(tx, caseId);
  if (action.type === 'QUASH') {
    const fresh = await openFreshInvestigation(tx, updated!, action, actor, now);
    const [final] = await tx
      .update(cases)
      .set({ supersededByCaseId: fresh.id })
      .where(eq(cases.id, caseId))
      .returning();
    return { caseRow: final!, before: row, freshCaseId: fresh.id };
  }
  return { caseRow: updated!, before: row };
}

/**
 * An investigation does not end with hearings still to come: they would stay in the court's diary and on the
 * family's page. They are vacated first, which tells the family and interested persons.
 */
async function requireNoHearingsToCome(
  tx: Db,
  caseId: string,
  now: Date,
  o: { why?: string; except?: readonly HearingType[] } = {},
): Promise<void> {
  const toCome = (
    await tx
      .select({ type: hearings.type, status: hearings.status, startsAt: hearings.startsAt })
      .from(hearings)
      .innerJoin(hearingCases, eq(hearingCases.hearingId, hearings.id))
      .where(
        and(
          eq(hearingCases.caseId, caseId),
          or(
            and(eq(hearings.status, 'LISTED'), gt(hearings.startsAt, now)),
            eq(hearings.status, 'POSTPONED'),
          ),
        ),
      )
      .orderBy(asc(hearings.startsAt))
  ).filter((h) => !o.except?.includes(h.type));
  if (toCome.length === 0) return;
  const list = toCome
    .map((h) =>
      h.status === 'POSTPONED'
        ? `${HEARING_TYPE_LABELS[h.type]} (postponed, no new date yet)`
        : `${HEARING_TYPE_LABELS[h.type]} on ${govukDateTime(h.startsAt)}`,
    )
    .join('; ');
  throw new AppError(
    'ACTION_NOT_ALLOWED',
    `This case still has ${toCome.length === 1 ? 'a hearing' : 'hearings'} to come: ${list}. ${o.why ? `${o.why} ` : ''}` +
      'From the case’s hearings page, vacate each one first, or take this case out of one that hears other cases too (the family and interested persons are told), then try again.',
  );
}

/** A case in a group of inquests to be heard together leaves the group before it leaves the area. */
async function requireNoGroup(tx: Db, caseId: string): Promise<void> {
  const [group] = await tx
    .select({ name: caseGroups.name })
    .from(caseGroupMembers)
    .innerJoin(caseGroups, eq(caseGroups.id, caseGroupMembers.groupId))
    .where(eq(caseGroupMembers.caseId, caseId));
  if (group)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `This case is in the group “${group.name}” of inquests to be heard together in this area. Take it out of the group first (from the group’s page), then transfer it.`,
    );
}

export function eventPayload(action: CaseAction): Record<string, unknown> {
  const { type: _type, ...payload } = action;
  return payload as Record<string, unknown>;
}

async function sideEffects(
  tx: Db,
  row: CaseRow,
  action: CaseAction,
  principal: Principal,
  now: Date,
): Promise<{ columns: Partial<typeof cases.$inferInsert> }> {
  if (action.type !== 'ACCEPT_TRANSFER') requireOwnArea(principal, row.areaCode);
  switch (action.type) {
    case 'ASSIGN': {
      const columns: Partial<typeof cases.$inferInsert> = {};
      if (action.coronerId) {
        await requireStaff(tx, action.coronerId, 'coroner', row.areaCode, 'coronerId');
        columns.assignedCoronerId = action.coronerId;
      }
      if (action.officerId) {
        await requireStaff(tx, action.officerId, 'officer', row.areaCode, 'officerId');
        columns.assignedOfficerId = action.officerId;
      }
      return { columns };
    }
    case 'TRANSFER':
      if (action.toAreaCode === row.areaCode)
        throw validationError({ toAreaCode: 'Choose a different coroner area from the case’s own' });
      if (!(await findArea(tx, action.toAreaCode)))
        throw validationError({ toAreaCode: `There is no coroner area with the code ${action.toAreaCode}` });
      return { columns: {} };
    case 'ACCEPT_TRANSFER': {
      const to = row.state.transfer?.toAreaCode;
      if (principal.areaCode !== to)
        throw new AppError('FORBIDDEN', 'Only the receiving area can accept a transfer.');
      return { columns: { areaCode: to, assignedCoronerId: null, assignedOfficerId: null } };
    }
    case 'UPDATE_DETAILS':
      return { columns: await detailColumns(tx, row, action, now) };
    case 'RECORD_CONCLUSION':
      // A stillborn child never lived: a recorded age of a year or more rules the conclusion out.
      if (action.shortForm === 'stillbirth' && row.age !== null && row.age > 0)
        throw validationError({
          shortForm: `A stillbirth is a baby born dead, and the deceased’s age is recorded as ${row.age}. Choose another conclusion, or correct the age first.`,
        });
      return { columns: {} };
    default:
      return { columns: {} };
  }
}

async function requireStaff(
  tx: Db,
  userId: string,
  role: Role,
  areaCode: string,
  field: string,
): Promise<void> {
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.id, userId), eq(users.role, role), eq(users.areaCode, areaCode), eq(users.active, true)),
    );
  if (!user)
    throw validationError({
      [field]: `Choose a ${role === 'coroner' ? 'coroner' : 'coroner’s officer'} of this area`,
    });
}

/** The object without its null values: a detail taken away (`null`) is one the case no longer has. */
const withoutNulls = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };

/**
 * A date of birth given (or one the case had taken away) without an age: the stored age was worked out from
 * the old date, so it is worked out again, not kept. An age given with no date of birth stays as it is.
 */
const ageWorkedOutAgain = (row: CaseRow, d: ActionOf<'UPDATE_DETAILS'>['details']) =>
  d.deceased?.dateOfBirth !== undefined &&
  d.deceased.age == null &&
  (d.deceased.dateOfBirth !== null || row.dateOfBirth !== null);

async function detailColumns(tx: Db, row: CaseRow, action: ActionOf<'UPDATE_DETAILS'>, now: Date) {
  const d = action.details;
  const death = withoutNulls({ ...currentDeath(row), ...d.death });
  const deceased = withoutNulls({ ...currentDeceased(row), ...d.deceased });
  // A new date of birth without an age: the stored age was worked out from the old one, so work it out again.
  if (ageWorkedOutAgain(row, d)) delete deceased.age;
  const merged = {
    deceased,
    death: { ...death, circumstances: death.circumstances ?? '' },
    reportedAt: row.reportedAt.toISOString(),
    people: d.people,
  };
  const problems = reportProblems(merged, now);
  // The report's own date is not changed here, nor checked again: a date of death after it is the date's
  // problem, and a report time later today than now (a clock set back, a report dated ahead) is no one's.
  if (problems.reportedAt === REPORT_IN_FUTURE) delete problems.reportedAt;
  if (problems.reportedAt) {
    problems['death.dateOfDeath'] ??= 'The date of death cannot be after the day the death was reported';
    delete problems.reportedAt;
  }
  if (Object.keys(problems).length) throw validationError(problems);
  const columns: Partial<typeof cases.$inferInsert> = { ...reportColumns(merged) };
  if (d.deceased?.age !== undefined || d.deceased?.dateOfBirth !== undefined)
    columns.age = recordedAge(merged, now) ?? null;
  if (d.circumstanceTags) columns.circumstanceTags = d.circumstanceTags;
  if (d.toxicology) columns.toxicology = d.toxicology;
  if (d.policeClassification !== undefined) columns.policeClassification = d.policeClassification;
  if (d.people) {
    await tx.delete(casePeople).where(eq(casePeople.caseId, row.id));
    if (d.people.length) await tx.insert(casePeople).values(peopleRows(row.id, d.people));
  }
  return columns;
}

/** A value as JSON whatever the order of an object's keys, with a missing value and null alike. */
function canonicalJson(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined && x !== null)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : (v ?? null);
  return JSON.stringify(canonical(value));
}

const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The parts of a details update that differ from the case as it is. */
async function changedDetails(
  tx: Db,
  row: CaseRow,
  d: ActionOf<'UPDATE_DETAILS'>['details'],
): Promise<ActionOf<'UPDATE_DETAILS'>['details']> {
  const changed: ActionOf<'UPDATE_DETAILS'>['details'] = {};
  const deceased = currentDeceased(row);
  // An age left out beside a date of birth is worked out again from it: not a change in itself.
  const comparable = (v: Record<string, unknown>) =>
    ageWorkedOutAgain(row, d) ? { ...v, age: undefined } : v;
  if (d.deceased && !sameValue(comparable({ ...deceased, ...d.deceased }), comparable(deceased)))
    changed.deceased = d.deceased;
  const death = currentDeath(row);
  if (d.death && !sameValue({ ...death, ...d.death }, death)) changed.death = d.death;
  if (d.circumstanceTags && !sameValue([...d.circumstanceTags].sort(), [...row.circumstanceTags].sort()))
    changed.circumstanceTags = d.circumstanceTags;
  if (d.toxicology && !sameValue(d.toxicology, row.toxicology)) changed.toxicology = d.toxicology;
  if (d.policeClassification !== undefined && d.policeClassification !== row.policeClassification)
    changed.policeClassification = d.policeClassification;
  if (d.people) {
    const strip = (p: {
      role: string;
      name: string;
      address?: unknown;
      dateOfBirth?: unknown;
      phone?: unknown;
    }) => ({
      role: p.role,
      name: p.name,
      address: p.address,
      dateOfBirth: p.dateOfBirth,
      phone: p.phone,
    });
    const current = await tx
      .select()
      .from(casePeople)
      .where(eq(casePeople.caseId, row.id))
      .orderBy(casePeople.id);
    const byKey = (list: ReturnType<typeof strip>[]) => list.map(canonicalJson).sort();
    if (!sameValue(byKey(d.people.map(strip)), byKey(current.map(strip)))) changed.people = d.people;
  }
  return changed;
}

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function currentDeceased(row: CaseRow): ReportDeath['deceased'] {
  return {
    givenNames: row.givenNames,
    familyName: row.familyName,
    sex: row.sex,
    dateOfBirth: orUndefined(row.dateOfBirth),
    age: orUndefined(row.age),
    homeTown: orUndefined(row.homeTown),
    address: orUndefined(row.address),
    occupation: orUndefined(row.occupation),
    nationality: orUndefined(row.nationality),
  };
}

export function currentDeath(row: CaseRow): ReportDeath['death'] {
  return {
    dateOfDeath: orUndefined(row.dateOfDeath),
    dateFound: orUndefined(row.dateFound),
    timeFound: orUndefined(row.timeFound),
    placeOfDeath: orUndefined(row.placeOfDeath),
    sceneFound: orUndefined(row.sceneFound),
    stateDetention: orUndefined(row.stateDetention) as ReportDeath['death']['stateDetention'],
    circumstances: row.circumstances,
  };
}

/**
 * Coroners Act 1988 s.13: the quashed record stays as it was; a fresh investigation starts as a new case
 * that supersedes it, with the identity and the report copied and none of the findings. The interested
 * persons and the documents (the evidence gathered before) are carried over.
 */
async function openFreshInvestigation(
  tx: Db,
  original: CaseRow,
  order: ActionOf<'QUASH'>,
  actor: Actor,
  now: Date,
): Promise<CaseRow> {
  const [reference] = await nextReference(tx, original.areaCode, Number(londonDate(now).slice(0, 4)));
  const event: CaseEvent = {
    seq: 1,
    type: 'FRESH_INVESTIGATION_ORDERED',
    at: now.toISOString(),
    actor,
    payload: {
      supersedes: original.id,
      supersedesReference: original.reference,
      court: order.court,
      orderedOn: order.orderedOn,
      grounds: original.state.grounds,
      reportingRestriction: original.state.reportingRestriction,
    },
  };
  const state = deriveState([event]);
  const {
    id: _id,
    reference: _ref,
    createdAt: _c,
    updatedAt: _u,
    eventCount: _e,
    supersededByCaseId: _s,
    assignedCoronerId: _ac,
    ...identity
  } = original;
  const [fresh] = await tx
    .insert(cases)
    .values({
      ...identity,
      reference: reference!,
      supersedesCaseId: original.id,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      eventCount: 1,
      ...projectionOf(state),
    })
    .returning();
  await insertEvent(tx, fresh!.id, event);
  await tx.execute(sql`
    insert into case_people (case_id, role, name, search_name, address, date_of_birth, phone, professional)
    select ${fresh!.id}, role, name, search_name, address, date_of_birth, phone, professional from case_people where case_id = ${original.id}`);
  const persons = await carryOverInterestedPersons(tx, original, fresh!.id, now);
  await carryOverDocuments(tx, original, fresh!.id, persons);
  await refreshClocks(tx, fresh!.id, [event]);
  return fresh!;
}
