import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { requireOwnArea } from '../cases/cases.access.ts';
import { type CaseRow, getCaseFor } from '../cases/cases.queries.ts';
import { addInterestedPerson, postMessage } from './interested-persons.commands.ts';
import {
  getCasePerson,
  listAccess,
  listCasePersons,
  listInvitations,
  type PersonRow,
} from './interested-persons.queries.ts';
import type { InterestedPersonInput } from './interested-persons.schema.ts';
import { personJson } from './interested-persons.view.ts';

/** The case, for a member of staff who may see it (404 otherwise). */
export const staffCase = (deps: AppDeps, req: FastifyRequest, caseId: string, tx?: Db) =>
  getCaseFor(tx ?? deps.database.db, principalOf(req), caseId);

/** The case and one of its interested persons, for staff (404 for either); inside a transaction, the person is locked. */
export async function staffPerson(
  deps: AppDeps,
  req: FastifyRequest,
  caseId: string,
  personId: string,
  tx?: Db,
) {
  const caseRow = await staffCase(deps, req, caseId, tx);
  const person = await getCasePerson(tx ?? deps.database.db, caseRow.id, personId, Boolean(tx));
  return { caseRow, person };
}

function commandCtx(deps: AppDeps, req: FastifyRequest) {
  const principal = principalOf(req);
  return {
    actor: actorOf(req),
    now: deps.clock.now(),
    createdBy: principal.userId,
    decidedBy: principal.userId,
    publicUrl: deps.config.publicUrl,
    notifier: deps.notifier,
  };
}

type CommandCtx = ReturnType<typeof commandCtx>;

/** A person or organisation added to a case's register, with its audit event, in one transaction. */
export async function addPerson(
  deps: AppDeps,
  req: FastifyRequest,
  caseRow: CaseRow,
  input: InterestedPersonInput,
): Promise<PersonRow> {
  requireOwnArea(principalOf(req), caseRow.areaCode);
  const ctx = commandCtx(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const person = await addInterestedPerson(tx, caseRow, input, ctx);
    await audit(
      tx,
      req,
      {
        caseId: caseRow.id,
        subjectType: 'interested-person',
        subjectId: person.id,
        detail: { category: person.category },
      },
      ctx.now,
    );
    return person;
  });
}

/**
 * One change to an interested person, as one transaction: the case and the person read again (the person
 * locked), the change made, and the route's audit event written with what `detail` picks from its result.
 */
export async function changePerson<R>(
  deps: AppDeps,
  req: FastifyRequest,
  ids: { caseId: string; personId: string },
  change: (tx: Db, found: { caseRow: CaseRow; person: PersonRow }, ctx: CommandCtx) => Promise<R>,
  detail: (result: R) => Record<string, unknown>,
): Promise<R> {
  const ctx = commandCtx(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const found = await staffPerson(deps, req, ids.caseId, ids.personId, tx);
    requireOwnArea(principalOf(req), found.caseRow.areaCode);
    const result = await change(tx, found, ctx);
    await audit(
      tx,
      req,
      {
        caseId: found.caseRow.id,
        subjectType: 'interested-person',
        subjectId: found.person.id,
        detail: detail(result),
      },
      ctx.now,
    );
    return result;
  });
}

/** A message from the coroner's office to an interested person, with its audit event, in one transaction. */
export async function messageFromOffice(
  deps: AppDeps,
  req: FastifyRequest,
  ids: { caseId: string; personId: string },
  body: string,
) {
  const principal = principalOf(req);
  const ctx = commandCtx(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const { caseRow, person } = await staffPerson(deps, req, ids.caseId, ids.personId, tx);
    requireOwnArea(principal, caseRow.areaCode);
    const message = await postMessage(
      tx,
      { caseRow, person, sentByOffice: true, authorId: principal.userId, authorName: principal.name, body },
      ctx,
    );
    await audit(
      tx,
      req,
      {
        caseId: caseRow.id,
        subjectType: 'interested-person-message',
        subjectId: message.id,
        detail: { interestedPersonId: person.id },
      },
      ctx.now,
    );
    return message;
  });
}

export async function registerJson(db: Db, caseId: string, now: Date) {
  const persons = await listCasePersons(db, caseId);
  return personsJson(db, persons, now);
}

export async function personsJson(db: Db, persons: PersonRow[], now: Date) {
  const ids = persons.map((p) => p.id);
  const [access, invitations] = await Promise.all([listAccess(db, ids), listInvitations(db, ids)]);
  return persons.map((p) => personJson(p, access, invitations, now));
}
