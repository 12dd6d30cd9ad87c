import { sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';

/**
 * The coroner areas a local-authority user's council funds (CJA 2009 s.24, Sch 2): the areas whose
 * relevant authorities include the user's organisation, and the area their account belongs to.
 */
export async function fundedAreaCodes(db: Db, principal: Principal): Promise<string[]> {
  if (principal.role !== 'local-authority') return [];
  const rows = principal.organisation
    ? (
        await db.execute<{ area_code: string }>(
          sql`select distinct area_code from local_authorities where lower(name) = lower(${principal.organisation})`,
        )
      ).rows.map((r) => r.area_code)
    : [];
  return [...new Set([...(principal.areaCode ? [principal.areaCode] : []), ...rows])].sort();
}
