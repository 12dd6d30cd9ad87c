/**
 * Demo casework for East London (EL): a couple of years of synthetic referrals in every state, and cases
 * told step by step through the same commands the pages use: a quashed inquest and its fresh inquest,
 * suspensions, transfers in and out, Records of Inquest (one by a jury, Article 2 engaged), and a small
 * series of drug deaths found near one churchyard in Barking.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import { findUserByEmail, type User } from '../../platform/auth/auth.queries.ts';
import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { addDays, londonDate, londonInstant } from '../../platform/views/dates.ts';
import type { CaseAction } from './cases.actions.schema.ts';
import { reportDeath, takeAction } from './cases.commands.ts';
import { generateDeaths } from './cases.generate.ts';
import { parseLine, planCase } from './cases.import.ts';
import { writeCases } from './cases.import.write.ts';
import { type ReportDeathInput, reportDeath as reportDeathSchema } from './cases.schema.ts';
import { type Staff, tellDemoStories } from './cases.seed.stories.ts';
import { cases } from './cases.tables.ts';

function staffOf(user: User): Staff {
  return {
    principal: {
      userId: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      coronerOffice: user.coronerOffice,
      areaCode: user.areaCode,
      organisation: user.organisation,
      via: 'session',
    },
    actor: { id: user.id, label: `${user.name} (${ROLE_LABELS[user.role]})`, role: user.role },
  };
}

/** A coroner of another area, for the other side of a transfer (no demo account of its own). */
function visitingCoroner(areaCode: string, name: string): Staff {
  return {
    principal: {
      userId: '00000000-0000-0000-0000-000000000000',
      name,
      email: 'coroner@example.invalid',
      role: 'coroner',
      coronerOffice: 'senior',
      areaCode,
      organisation: null,
      via: 'session',
    },
    actor: { id: null, label: `${name} (Coroner)`, role: 'coroner' },
  };
}

/**
 * Adds the demo cases once: only when the demo coroner and officer exist and East London has no case yet.
 * Returns how many cases it made.
 */
export async function seedDemoCases(tx: Db, now: Date): Promise<number> {
  const [coronerUser, officerUser] = await Promise.all([
    findUserByEmail(tx, 'coroner@example.org'),
    findUserByEmail(tx, 'officer@example.org'),
  ]);
  if (!coronerUser || !officerUser) return 0;
  const [existing] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.areaCode, 'EL')).limit(1);
  if (existing) return 0;
  const coroner = staffOf(coronerUser);
  const officer = staffOf(officerUser);
  const today = londonDate(now);
  const day = (ago: number) => addDays(today, -ago);
  const at = (ago: number, time = '10:30') => londonInstant(day(ago), time);

  // Two years of ordinary referrals, shaped like the national figures.
  const generated = [
    ...generateDeaths({
      seed: 2014,
      cases: 70,
      years: 2,
      areas: [{ code: 'EL', perYear: 4800 }],
      until: today,
    }),
  ];
  const ctx = {
    now,
    actor: coroner.actor,
    areaCodes: new Set(['EL', 'IN', 'SL']),
    newId: () => crypto.randomUUID(),
  };
  const planned = generated.flatMap((d) => planCase(parseLine(JSON.stringify(d)), ctx));
  await writeCases(tx, planned, now);
  let made = planned.length;

  /** Reports a death and takes each step at its own date, as the pages would have. */
  async function story(
    report: Omit<ReportDeathInput, 'areaCode'> & { areaCode?: string },
    reportedAgo: number,
    steps: [ago: number, who: Staff, action: CaseAction][],
  ): Promise<{ id: string; freshId?: string }> {
    // Reported at a quarter to nine, or, for a death reported today before then, now.
    const reportedAt = new Date(Math.min(at(reportedAgo, '08:45').getTime(), now.getTime()));
    const input = reportDeathSchema.parse({
      areaCode: 'EL',
      ...report,
      reportedAt: reportedAt.toISOString(),
    });
    const row = await reportDeath(tx, input, officer.actor, reportedAt);
    made++;
    let freshId: string | undefined;
    for (const [ago, who, action] of steps) {
      const result = await takeAction(tx, row.id, action, who.principal, who.actor, at(ago));
      if (result.freshCaseId) {
        freshId = result.freshCaseId;
        made++;
      }
    }
    return { id: row.id, freshId };
  }
  /** One more step on a case already told. */
  const act = async (caseId: string, ago: number, who: Staff, action: CaseAction) => {
    await takeAction(tx, caseId, action, who.principal, who.actor, at(ago));
  };
  await tellDemoStories({
    story,
    act,
    coroner,
    officer,
    visitor: visitingCoroner('SL', 'Senior coroner, South London'),
    day,
  });

  // Open cases are shared between the area's coroner and officer, as on a real list.
  const open = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.areaCode, 'EL'), isNull(cases.closedOn), sql`${cases.status} <> 'TRANSFER_PENDING'`));
  for (const { id } of open)
    await takeAction(
      tx,
      id,
      { type: 'ASSIGN', coronerId: coronerUser.id, officerId: officerUser.id },
      officer.principal,
      officer.actor,
      now,
    );
  await appendAudit(
    tx,
    SYSTEM_ACTOR,
    { action: 'DEMO_CASES_SEEDED', subjectType: 'area', subjectId: 'EL', detail: { cases: made } },
    now,
  );
  return made;
}
