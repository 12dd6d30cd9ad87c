import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { R15_LABELS } from './documents.domain.ts';
import { disclosureJson } from './documents.json.ts';
import { downloadsByDisclosure, listDisclosureClocks, listDisclosures } from './documents.queries.ts';
import { documents } from './documents.tables.ts';

/**
 * The disclosure log of a case: every release (what, which version, to whom, when, how, by whom,
 * withdrawn or not, and how often it was downloaded), what is withheld and on which r.15 ground, and
 * the disclosure dates set at pre-inquest reviews (clocks kept by the hearings feature).
 */
export async function disclosureLog(db: Db, caseId: string, today: string) {
  const [releases, downloads, withheld, clocks] = await Promise.all([
    listDisclosures(db, { caseId }),
    downloadsByDisclosure(db, caseId),
    db
      .select()
      .from(documents)
      .where(and(eq(documents.caseId, caseId), isNotNull(documents.withheldGround)))
      .orderBy(asc(documents.title)),
    listDisclosureClocks(db, caseId, today),
  ]);
  return {
    releases: releases.map((r) => disclosureJson(r, downloads.get(r.id))),
    withheld: withheld.map((d) => ({
      documentId: d.id,
      title: d.title,
      ground: d.withheldGround ? R15_LABELS[d.withheldGround] : '',
      reasons: d.decisionReasons,
      decidedAt: d.decidedAt ? d.decidedAt.toISOString() : null,
    })),
    clocks: clocks.map((c) => ({ dueOn: c.dueOn, basis: c.basis, state: c.state, metOn: c.metOn })),
  };
}
