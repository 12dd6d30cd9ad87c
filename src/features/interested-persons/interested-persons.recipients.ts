import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Recipient } from '../../platform/notify/notify.ts';
import { casePeople } from '../cases/cases.tables.ts';
import { activePerson } from './interested-persons.access.ts';
import { interestedPersons } from './interested-persons.tables.ts';

type InterestedPersonRow = typeof interestedPersons.$inferSelect;

/**
 * How one interested person is written to: by the channel they prefer when it can be used; otherwise by
 * their email, else their lawyer's, else a text message, else a letter.
 */
export function recipientOf(ip: InterestedPersonRow): Recipient {
  const preferLetter = ip.preferredChannel === 'letter' && ip.postalAddress;
  const preferSms = ip.preferredChannel === 'sms' && ip.phone;
  const viaLawyer = !preferLetter && !preferSms && !ip.email && ip.representative?.email;
  return {
    name: viaLawyer ? `${ip.name} (care of ${ip.representative!.name})` : ip.name,
    email: preferLetter || preferSms ? null : (ip.email ?? (viaLawyer || null)),
    phone: preferLetter ? null : ip.phone,
    postalAddress: ip.postalAddress,
  };
}

/**
 * Who is told: every interested person (`isActive`: recognised, or family awaiting the coroner's decision;
 * someone else awaiting it is not an interested person yet) and the next of kin recorded on the case, unless
 * they are already one of the interested persons.
 */
export async function noticeRecipients(tx: Db, caseId: string): Promise<Recipient[]> {
  const [ips, kin] = await Promise.all([
    tx
      .select()
      .from(interestedPersons)
      .where(and(eq(interestedPersons.caseId, caseId), activePerson())),
    tx
      .select()
      .from(casePeople)
      .where(and(eq(casePeople.caseId, caseId), eq(casePeople.role, 'next-of-kin'))),
  ]);
  const out: Recipient[] = ips.map(recipientOf);
  const known = new Set(ips.map((ip) => ip.name.trim().toLowerCase()));
  for (const k of kin) {
    if (known.has(k.name.trim().toLowerCase())) continue;
    const a = k.address as { line1?: string; line2?: string; town?: string; postcode?: string } | null;
    out.push({
      name: k.name,
      phone: k.phone,
      postalAddress: a ? [a.line1, a.line2, a.town, a.postcode].filter(Boolean).join(', ') : null,
    });
  }
  return out;
}
