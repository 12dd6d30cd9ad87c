import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { AreaView, NewArea } from './areas.schema.ts';
import { areas, courts, localAuthorities } from './areas.tables.ts';

/** Every coroner area with its local authorities and courts (API.md "Areas and courts"). */
export async function listAreas(db: Db): Promise<AreaView[]> {
  const [areaRows, laRows, courtRows] = await Promise.all([
    db.select().from(areas).orderBy(asc(areas.code)),
    db.select().from(localAuthorities).orderBy(asc(localAuthorities.name)),
    db.select().from(courts).orderBy(asc(courts.name)),
  ]);
  return areaRows.map((a) => ({
    code: a.code,
    name: a.name,
    localAuthorities: laRows.filter((l) => l.areaCode === a.code).map((l) => l.name),
    courts: courtRows
      .filter((c) => c.areaCode === a.code)
      .map((c) => ({
        id: c.id,
        name: c.name,
        address: [c.addressLine1, c.addressLine2, c.town, c.postcode].filter(Boolean).join(', '),
      })),
  }));
}

export async function findArea(db: Db, code: string) {
  const [area] = await db.select().from(areas).where(eq(areas.code, code));
  return area;
}

/** Creates an area with its authorities and courts, or leaves an existing one as it is. */
export async function ensureArea(db: Db, input: NewArea): Promise<boolean> {
  const inserted = await db
    .insert(areas)
    .values({ code: input.code, name: input.name })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return false;
  if (input.localAuthorities.length) {
    await db.insert(localAuthorities).values(
      input.localAuthorities.map((l) => ({
        areaCode: input.code,
        name: l.name,
        isLead: l.isLead ?? false,
      })),
    );
  }
  if (input.courts.length) {
    await db.insert(courts).values(input.courts.map((c) => ({ areaCode: input.code, ...c })));
  }
  return true;
}
