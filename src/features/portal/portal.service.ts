import type { RateLimitOptions } from '@fastify/rate-limit';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { caseScope } from '../cases/cases.access.ts';
import { type CaseRow, getCaseFor, listCaseEvents } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { postMessage } from '../interested-persons/interested-persons.commands.ts';
import {
  getCasePerson,
  listThread,
  personsActedFor,
} from '../interested-persons/interested-persons.queries.ts';
import { FAMILY_STATUS, familyTimeline, whatHappensNext } from './portal.domain.ts';

/** The cases the signed-in interested person (or lawyer) belongs to, newest first. */
export async function myCases(deps: AppDeps, principal: Principal) {
  const { db } = deps.database;
  const persons = await personsActedFor(db, principal.userId);
  const ids = [...new Set(persons.map((p) => p.caseId))];
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(cases)
    .where(and(inArray(cases.id, ids), caseScope(principal)))
    .orderBy(desc(cases.reportedAt));
  return rows.map((c) => ({
    id: c.id,
    reference: c.reference,
    deceased: `${c.givenNames} ${c.familyName}`,
    status: c.status,
    statusText: FAMILY_STATUS[c.status],
    actingFor: persons
      .filter((p) => p.caseId === c.id)
      .map((p) => ({ id: p.id, name: p.name, capacity: p.capacity })),
  }));
}

/** One case for the portal: 404 unless the user acts for one of its interested persons (`caseScope`). */
export async function myCase(deps: AppDeps, req: FastifyRequest, caseId: string) {
  const principal = principalOf(req);
  const { db } = deps.database;
  const caseRow = await getCaseFor(db, principal, caseId);
  const persons = await personsActedFor(db, principal.userId, caseRow.id);
  if (persons.length === 0) throw notFound('The case');
  return { caseRow, persons, principal };
}

/** Everything the family's view of a case shows, other features' sections apart. */
export async function caseView(deps: AppDeps, caseRow: CaseRow, personIds: string[]) {
  const { db } = deps.database;
  const [events, officer, thread] = await Promise.all([
    listCaseEvents(db, caseRow.id),
    // An officer who has left (their account closed) reads nothing sent to them: the family is not sent there.
    caseRow.assignedOfficerId
      ? db
          .select({ name: users.name, email: users.email, phone: users.phone })
          .from(users)
          .where(and(eq(users.id, caseRow.assignedOfficerId), eq(users.active, true)))
          .then((r) => r[0])
      : Promise.resolve(undefined),
    listThread(db, personIds),
  ]);
  return {
    id: caseRow.id,
    reference: caseRow.reference,
    deceased: `${caseRow.givenNames} ${caseRow.familyName}`,
    status: caseRow.status,
    statusText: FAMILY_STATUS[caseRow.status],
    timeline: familyTimeline(events, personIds),
    next: whatHappensNext(caseRow.status, caseRow.state, londonDate(deps.clock.now())),
    officer: officer ? { name: officer.name, email: officer.email, phone: officer.phone } : null,
    thread,
  };
}

/** Why a message over the limit was not sent: said on the message itself on the page, which keeps its text. */
const TOO_MANY_MESSAGES =
  'You have sent several messages in a short time. You can send this one in a minute.';

/**
 * How many messages one account may send the office in a minute, on the page and again through the API: more
 * than anyone types, and few enough that an account cannot flood the office's inboxes (each message is
 * announced to the case's officer, or to every officer of the area). Counted per account once the form's token
 * is checked, not per address. The next one is refused with 429 RATE_LIMITED.
 */
export const messageRateLimit: RateLimitOptions = {
  max: 10,
  timeWindow: '1 minute',
  hook: 'preHandler',
  keyGenerator: (req) => req.principal?.userId ?? req.ip,
  errorResponseBuilder: () => new AppError('RATE_LIMITED', TOO_MANY_MESSAGES),
};

/**
 * A message from the portal user to the coroner's office, in one transaction with its audit event. It is
 * about the interested person named, if the user acts for them, or else their first.
 */
export async function messageTheOffice(
  deps: AppDeps,
  req: FastifyRequest,
  mine: { caseRow: CaseRow; persons: { id: string }[] },
  message: { body: string; interestedPersonId?: string | undefined },
) {
  const { caseRow, persons } = mine;
  const wanted = message.interestedPersonId;
  // A user acting for several people on the case says for whom they write; never for someone else.
  if (wanted && !persons.some((p) => p.id === wanted))
    throw validationError({ interestedPersonId: 'Choose someone you act for on this case' });
  const id = wanted ?? persons[0]!.id;
  const person = await getCasePerson(deps.database.db, caseRow.id, id);
  const principal = principalOf(req);
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const row = await postMessage(
      tx,
      {
        caseRow,
        person,
        sentByOffice: false,
        authorId: principal.userId,
        authorName: principal.name,
        body: message.body,
      },
      { now, publicUrl: deps.config.publicUrl, notifier: deps.notifier },
    );
    await audit(
      tx,
      req,
      {
        caseId: caseRow.id,
        subjectType: 'interested-person-message',
        subjectId: row.id,
        detail: { interestedPersonId: person.id },
      },
      now,
    );
    return row;
  });
}
