import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { createUser, findUser, findUserByEmail, type User } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { hashSecret, newSecret } from '../../platform/auth/tokens.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { queueNotification, type Sender } from '../../platform/notify/notify.ts';
import { govukDateTime } from '../../platform/views/dates.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import {
  CATEGORY_LABELS,
  checkDecision,
  INVITATION_DAYS,
  INVITATION_REFUSALS,
  invitationState,
  invitationTarget,
  isActive,
  STATUS_LABELS,
} from './interested-persons.domain.ts';
import {
  findInvitationByHash,
  listAccess,
  type PersonRow,
  withoutOnlineAccess,
} from './interested-persons.queries.ts';
import type { Decision, InterestedPersonInput } from './interested-persons.schema.ts';
import {
  interestedPersonInvitations,
  interestedPersonMessages,
  interestedPersons,
  interestedPersonUsers,
} from './interested-persons.tables.ts';

export type Ctx = { actor: Actor; now: Date };

const columnsOf = (input: InterestedPersonInput) => ({
  kind: input.kind,
  name: input.name,
  category: input.category,
  relationship: input.relationship ?? null,
  organisation: input.organisation ?? null,
  email: input.contact.email ?? null,
  phone: input.contact.phone ?? null,
  postalAddress: input.contact.postalAddress ?? null,
  preferredChannel: input.contact.preferredChannel ?? null,
  isFamilyContact: input.isFamilyContact,
  representative: input.representative ?? null,
  funding: input.funding,
});

const describe = (p: { name: string; relationship: string | null; category: PersonRow['category'] }) =>
  `${p.name} (${p.relationship ?? CATEGORY_LABELS[p.category].split(':')[0]})`;

/** Adds an entry to the register; the coroner's decision on status comes separately. */
export async function addInterestedPerson(
  tx: Db,
  caseRow: CaseRow,
  input: InterestedPersonInput,
  ctx: Ctx,
): Promise<PersonRow> {
  const [row] = await tx
    .insert(interestedPersons)
    .values({ caseId: caseRow.id, ...columnsOf(input), createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  await appendCaseEvent(tx, caseRow.id, 'INTERESTED_PERSON_ADDED', ctx.actor, ctx.now, {
    interestedPersonId: row!.id,
    title: 'Interested person proposed',
    summary: describe(row!),
  });
  return row!;
}

/** Ends every current link of a person (or only their lawyer's) and withdraws links not yet used. */
async function endAccess(tx: Db, personId: string, now: Date, capacity?: 'self' | 'representative') {
  const ended = await tx
    .update(interestedPersonUsers)
    .set({ endedAt: now })
    .where(
      and(
        eq(interestedPersonUsers.interestedPersonId, personId),
        isNull(interestedPersonUsers.endedAt),
        capacity ? eq(interestedPersonUsers.capacity, capacity) : undefined,
      ),
    )
    .returning({ userId: interestedPersonUsers.userId });
  await withdrawLinks(tx, personId, now, capacity);
  return ended.map((e) => e.userId);
}

/** Withdraws a person's invitation links not yet used (or only those for them, or for their lawyer). */
async function withdrawLinks(tx: Db, personId: string, now: Date, capacity?: 'self' | 'representative') {
  await tx
    .update(interestedPersonInvitations)
    .set({ withdrawnAt: now })
    .where(
      and(
        eq(interestedPersonInvitations.interestedPersonId, personId),
        isNull(interestedPersonInvitations.acceptedAt),
        isNull(interestedPersonInvitations.withdrawnAt),
        capacity ? eq(interestedPersonInvitations.capacity, capacity) : undefined,
      ),
    );
}

/**
 * Changes the register entry. A different lawyer (another name or email) is a new representative: the
 * previous one's access ends at once.
 */
export async function updateInterestedPerson(
  tx: Db,
  person: PersonRow,
  input: InterestedPersonInput,
  ctx: Ctx,
): Promise<{ person: PersonRow; representativeAccessEnded: string[] }> {
  const before = person.representative;
  const after = input.representative;
  const lawyerChanged =
    before !== null &&
    (!after ||
      after.name.toLowerCase() !== before.name.toLowerCase() ||
      (after.email ?? '').toLowerCase() !== (before.email ?? '').toLowerCase());
  const representativeAccessEnded = lawyerChanged
    ? await endAccess(tx, person.id, ctx.now, 'representative')
    : [];
  // A corrected email address: a link already sent to the old one is withdrawn.
  if ((person.email ?? '').toLowerCase() !== (input.contact.email ?? '').toLowerCase())
    await withdrawLinks(tx, person.id, ctx.now, 'self');
  const [row] = await tx
    .update(interestedPersons)
    .set({ ...columnsOf(input), updatedAt: ctx.now })
    .where(eq(interestedPersons.id, person.id))
    .returning();
  if (lawyerChanged)
    await appendCaseEvent(tx, person.caseId, 'REPRESENTATIVE_REMOVED', ctx.actor, ctx.now, {
      interestedPersonId: person.id,
      title: 'Legal representative removed',
      summary: `${before.name} (${before.firm}) no longer acts for ${person.name}.`,
    });
  return { person: row!, representativeAccessEnded };
}

/** Removes the legal representative; their access to the case ends at once. */
export async function removeRepresentative(tx: Db, person: PersonRow, ctx: Ctx) {
  if (!person.representative)
    throw new AppError('ACTION_NOT_ALLOWED', `${person.name} has no legal representative recorded.`);
  const ended = await endAccess(tx, person.id, ctx.now, 'representative');
  const [row] = await tx
    .update(interestedPersons)
    // With no lawyer, there is no representation to fund.
    .set({ representative: null, funding: 'NONE', updatedAt: ctx.now })
    .where(eq(interestedPersons.id, person.id))
    .returning();
  await appendCaseEvent(tx, person.caseId, 'REPRESENTATIVE_REMOVED', ctx.actor, ctx.now, {
    interestedPersonId: person.id,
    title: 'Legal representative removed',
    summary: `${person.representative.name} (${person.representative.firm}) no longer acts for ${person.name}.`,
  });
  return { person: row!, accessEnded: ended };
}

/**
 * The coroner's decision on interested-person status, with reasons (CJA 2009 s.47). Declining or removing
 * someone ends their (and their lawyer's) access to the case at once.
 */
export async function decideStatus(
  tx: Db,
  person: PersonRow,
  decision: { status: Decision; reasons: string },
  ctx: Ctx & { decidedBy: string },
) {
  checkDecision(person.status, decision.status);
  const ended = decision.status === 'RECOGNISED' ? [] : await endAccess(tx, person.id, ctx.now);
  const [row] = await tx
    .update(interestedPersons)
    .set({
      status: decision.status,
      decidedBy: ctx.decidedBy,
      decidedAt: ctx.now,
      decisionReasons: decision.reasons,
      updatedAt: ctx.now,
    })
    .where(eq(interestedPersons.id, person.id))
    .returning();
  await appendCaseEvent(tx, person.caseId, 'INTERESTED_PERSON_DECISION', ctx.actor, ctx.now, {
    interestedPersonId: person.id,
    status: decision.status,
    title: DECISION_TITLES[decision.status],
    summary: `${describe(person)}. ${decision.reasons}`,
  });
  return { person: row!, accessEnded: ended };
}

/** How the coroner's decision on a person's status reads on the case's timeline. */
const DECISION_TITLES: Record<PersonRow['status'], string> = {
  PROPOSED: 'Interested person: awaiting the coroner’s decision',
  RECOGNISED: 'Recognised as an interested person',
  DECLINED: 'Not recognised as an interested person',
  REMOVED: 'No longer an interested person',
};

/**
 * Invites the interested person (or their lawyer) to the portal: a single-use link that expires after
 * INVITATION_DAYS, sent by email through the outbox in the same transaction. Earlier unused links for the
 * same person and capacity stop working.
 */
export async function invite(
  tx: Db,
  caseRow: CaseRow,
  person: PersonRow,
  capacity: 'self' | 'representative',
  ctx: Ctx & { createdBy: string; publicUrl: string; notifier: Pick<Sender, 'configured'> },
) {
  const target = invitationTarget(person, capacity);
  await withdrawLinks(tx, person.id, ctx.now, capacity);
  const secret = newSecret();
  const expiresAt = new Date(ctx.now.getTime() + INVITATION_DAYS * 86_400_000);
  const [invitation] = await tx
    .insert(interestedPersonInvitations)
    .values({
      interestedPersonId: person.id,
      capacity,
      name: target.name,
      email: target.email,
      tokenHash: hashSecret(secret),
      createdBy: ctx.createdBy,
      createdAt: ctx.now,
      expiresAt,
    })
    .returning();
  const deceased = `${caseRow.givenNames} ${caseRow.familyName}`;
  const onBehalf = capacity === 'representative' ? ` on behalf of ${person.name}` : '';
  const notification = await queueNotification(
    tx,
    {
      caseId: caseRow.id,
      to: { name: target.name, email: target.email },
      template: 'PORTAL_INVITATION',
      subject: `The investigation into the death of ${deceased}: your invitation to follow it online`,
      body: [
        `Dear ${target.name},`,
        `The coroner’s office has invited you${onBehalf} to follow the investigation into the death of ${deceased} online. You will be able to see what has happened, what happens next, documents shared with you and the dates of hearings, and send messages to the coroner’s office.`,
        `To set a password and sign in, open this link: ${ctx.publicUrl}/invitations/${secret}`,
        `The link works once, until ${govukDateTime(expiresAt)}. If it has expired, contact the coroner’s office for a new one.`,
        `Case reference: ${caseRow.reference}`,
      ].join('\n\n'),
      source: 'interested-person-invitation',
      sourceId: invitation!.id,
    },
    ctx.now,
    ctx.notifier,
  );
  // With no sending service the message is only kept: the office gives the link to the person itself.
  const emailed = notification.status !== 'kept';
  return {
    invitation: invitation!,
    notificationId: notification.id,
    emailed,
    link: emailed ? undefined : `${ctx.publicUrl}/invitations/${secret}`,
  };
}

function stillAddressedTo(
  person: PersonRow,
  invitation: { capacity: 'self' | 'representative'; email: string },
): boolean {
  try {
    return (
      invitationTarget(person, invitation.capacity).email.toLowerCase() === invitation.email.toLowerCase()
    );
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

export type InvitationCheck =
  | {
      ok: true;
      invitation: typeof interestedPersonInvitations.$inferSelect;
      person: PersonRow;
      existingUser?: User;
    }
  | { ok: false; message: string };

/** Whether an invitation link may still be used, and by whom; the refusal is a sentence for the person holding it. */
export async function checkInvitation(
  db: Db,
  secret: string,
  now: Date,
  lock = false,
): Promise<InvitationCheck> {
  const found = /^[A-Za-z0-9_-]{20,100}$/.test(secret)
    ? await findInvitationByHash(db, hashSecret(secret), lock)
    : undefined;
  if (!found) return { ok: false, message: INVITATION_REFUSALS.unknown };
  const state = invitationState(found.invitation, now);
  if (state !== 'valid') return { ok: false, message: INVITATION_REFUSALS[state] };
  // The link is only good while it would still be sent to the same address: the person is still an
  // interested person, and their (or their lawyer's) email has not been corrected since.
  if (!stillAddressedTo(found.person, found.invitation))
    return { ok: false, message: INVITATION_REFUSALS.withdrawn };
  const existingUser = await findUserByEmail(db, found.invitation.email);
  if (existingUser?.role === 'interested-person' && !existingUser.active)
    return {
      ok: false,
      message:
        'The account for this email address has been closed. Contact the coroner’s office if you need to follow the case again.',
    };
  if (existingUser && existingUser.role !== 'interested-person')
    return {
      ok: false,
      message:
        'This email address is already used by another kind of account. Contact the coroner’s office and ask them to invite a different email address.',
    };
  return { ok: true, invitation: found.invitation, person: found.person, existingUser };
}

/**
 * Uses an invitation: creates the account with the chosen password (or, for someone who already has an
 * account, checks their password), links it to the interested person and spends the link.
 */
export async function acceptInvitation(
  tx: Db,
  secret: string,
  password: string,
  now: Date,
): Promise<
  | { ok: true; user: User; personId: string; caseId: string; created: boolean }
  | { ok: false; message: string; field?: 'password' }
> {
  const check = await checkInvitation(tx, secret, now, true);
  if (!check.ok) return check;
  const { invitation, person } = check;
  let user = check.existingUser;
  const created = !user;
  if (user) {
    if (!(await verifyPassword(user.passwordHash, password)))
      return {
        ok: false,
        field: 'password',
        message: 'Enter the password you already use to sign in to OpenCoroner',
      };
  } else {
    user = await createUser(tx, {
      email: invitation.email,
      name: invitation.name,
      role: 'interested-person',
      password,
    });
  }
  await tx
    .insert(interestedPersonUsers)
    .values({ interestedPersonId: person.id, userId: user.id, capacity: invitation.capacity, createdAt: now })
    .onConflictDoUpdate({
      target: [interestedPersonUsers.interestedPersonId, interestedPersonUsers.userId],
      set: { capacity: invitation.capacity, endedAt: null, createdAt: now },
    });
  await tx
    .update(interestedPersonInvitations)
    .set({ acceptedAt: now, acceptedBy: user.id })
    .where(eq(interestedPersonInvitations.id, invitation.id));
  return { ok: true, user, personId: person.id, caseId: person.caseId, created };
}

/**
 * Who is told of a message from an interested person: the case's officer; with none assigned (or their
 * account closed), the case's coroner; with neither, every officer of the case's area, so that a message
 * never waits unseen.
 */
async function whoReadsMessages(tx: Db, caseRow: CaseRow): Promise<{ name: string; email: string }[]> {
  for (const id of [caseRow.assignedOfficerId, caseRow.assignedCoronerId]) {
    const user = id ? await findUser(tx, id) : undefined;
    if (user?.active) return [user];
  }
  return tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'officer'), eq(users.areaCode, caseRow.areaCode), eq(users.active, true)));
}

/**
 * One message in the thread between an interested person and the coroner's office. A message from the
 * office is announced to the person by their preferred channel, a message to the office to the case's
 * officer; neither notice carries the text.
 */
export async function postMessage(
  tx: Db,
  input: {
    caseRow: CaseRow;
    person: PersonRow;
    sentByOffice: boolean;
    authorId: string;
    authorName: string;
    body: string;
  },
  ctx: { now: Date; publicUrl: string; notifier: Pick<Sender, 'configured'> },
) {
  if (input.sentByOffice) {
    const p = input.person;
    if (!isActive(p))
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        `${p.name} is not an interested person (${STATUS_LABELS[p.status].toLowerCase()}), so they cannot read messages here. Write to them by email or post instead.`,
      );
    if ((await withoutOnlineAccess(tx, [p], ctx.now)).length)
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        `${p.name} does not follow the case online (no account and no invitation waiting), so they could not read a message here. Invite them first, or write to them by email or post.`,
      );
  }
  const [row] = await tx
    .insert(interestedPersonMessages)
    .values({
      caseId: input.caseRow.id,
      interestedPersonId: input.person.id,
      sentByOffice: input.sentByOffice,
      authorId: input.authorId,
      authorName: input.authorName,
      body: input.body,
      createdAt: ctx.now,
    })
    .returning();
  if (!input.sentByOffice)
    for (const staff of await whoReadsMessages(tx, input.caseRow))
      await queueNotification(
        tx,
        {
          caseId: input.caseRow.id,
          to: { name: staff.name, email: staff.email },
          template: 'PORTAL_MESSAGE_RECEIVED',
          subject: `${input.caseRow.reference}: a message from ${input.person.name}`,
          body: `${input.authorName} has sent a message about ${input.caseRow.reference}. Read and reply: ${ctx.publicUrl}/cases/${input.caseRow.id}/interested-persons/${input.person.id}`,
          source: 'interested-person-message',
          sourceId: row!.id,
        },
        ctx.now,
        ctx.notifier,
      );
  if (input.sentByOffice) {
    const p = input.person;
    const to =
      p.preferredChannel === 'letter'
        ? { name: p.name, postalAddress: p.postalAddress }
        : p.preferredChannel === 'sms'
          ? { name: p.name, phone: p.phone }
          : { name: p.name, email: p.email, phone: p.phone, postalAddress: p.postalAddress };
    if (to.email || to.phone || to.postalAddress)
      await queueNotification(
        tx,
        {
          caseId: input.caseRow.id,
          to,
          template: 'PORTAL_MESSAGE',
          subject: 'A new message from the coroner’s office',
          body: `Dear ${p.name},\n\nThe coroner’s office has sent you a message about the investigation into the death of ${input.caseRow.givenNames} ${input.caseRow.familyName}. Sign in to read it: ${ctx.publicUrl}/portal/cases/${input.caseRow.id}`,
          source: 'interested-person-message',
          sourceId: row!.id,
        },
        ctx.now,
        ctx.notifier,
      );
    // A lawyer who follows the case online for them is told too: often they are the one who reads it.
    for (const lawyer of (await listAccess(tx, [p.id])).filter((a) => a.capacity === 'representative'))
      await queueNotification(
        tx,
        {
          caseId: input.caseRow.id,
          to: { name: lawyer.name, email: lawyer.email },
          template: 'PORTAL_MESSAGE',
          subject: 'A new message from the coroner’s office',
          body: `Dear ${lawyer.name},\n\nThe coroner’s office has sent a message about ${p.name} in the investigation into the death of ${input.caseRow.givenNames} ${input.caseRow.familyName}. Sign in to read it: ${ctx.publicUrl}/portal/cases/${input.caseRow.id}`,
          source: 'interested-person-message',
          sourceId: row!.id,
        },
        ctx.now,
        ctx.notifier,
      );
  }
  return row!;
}

/**
 * A fresh investigation ordered by the High Court hears the same family and the same interested persons: those
 * who were interested persons when the inquest was quashed are carried over with the coroner's decision on them
 * (its reasons say where it was made), and whoever acted for them keeps seeing the case. The coroner of the
 * fresh inquest may decide again. Returns each person's record on the quashed case to their record on the fresh one.
 */
export async function carryOverInterestedPersons(
  tx: Db,
  from: { id: string; reference: string },
  toCaseId: string,
  now: Date,
): Promise<Map<string, string>> {
  const carried = await tx.execute<{ old_id: string; new_id: string }>(sql`
    with source as (
      select p.*, gen_random_uuid() as new_id from interested_persons p
      where p.case_id = ${from.id}
        and (p.status = 'RECOGNISED' or (p.status = 'PROPOSED' and p.category = 'FAMILY'))
    ), inserted as (
      insert into interested_persons (id, case_id, kind, name, category, relationship, organisation, email, phone,
        postal_address, preferred_channel, is_family_contact, representative, funding, status, decided_by,
        decided_at, decision_reasons, created_at, updated_at)
      select new_id, ${toCaseId}, kind, name, category, relationship, organisation, email, phone,
        postal_address, preferred_channel, is_family_contact, representative, funding, status, decided_by,
        decided_at,
        case when decided_at is null then null
          else coalesce(decision_reasons || ' ', '') || ${`(Decided at the quashed inquest ${from.reference}.)`} end,
        ${now.toISOString()}, ${now.toISOString()}
      from source
      returning id
    )
    select s.id as old_id, s.new_id from source s`);
  for (const { old_id, new_id } of carried.rows)
    await tx.execute(sql`
      insert into interested_person_users (interested_person_id, user_id, capacity, created_at)
      select ${new_id}, user_id, capacity, ${now.toISOString()} from interested_person_users
      where interested_person_id = ${old_id} and ended_at is null`);
  return new Map(carried.rows.map((r) => [r.old_id, r.new_id]));
}
