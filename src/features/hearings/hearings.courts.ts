import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { AppError } from '../../platform/http/errors.ts';
import { courts } from '../areas/areas.tables.ts';
import type { courtInput, roomInput } from './hearings.schema.ts';
import { courtRooms, type RoomRow } from './hearings.tables.ts';

export type CourtRow = typeof courts.$inferSelect;

export const courtAddress = (c: Pick<CourtRow, 'addressLine1' | 'addressLine2' | 'town' | 'postcode'>) =>
  [c.addressLine1, c.addressLine2, c.town, c.postcode].filter(Boolean).join(', ');

/** The courts of an area (or every area) with their rooms. */
export async function listCourts(db: Db, areaCode?: string | null) {
  const courtRows = await db
    .select()
    .from(courts)
    .where(areaCode ? eq(courts.areaCode, areaCode) : sql`true`)
    .orderBy(asc(courts.areaCode), asc(courts.name));
  const rooms = courtRows.length
    ? await db
        .select()
        .from(courtRooms)
        .where(
          inArray(
            courtRooms.courtId,
            courtRows.map((c) => c.id),
          ),
        )
        .orderBy(asc(courtRooms.name))
    : [];
  return courtRows.map((c) => ({
    id: c.id,
    areaCode: c.areaCode,
    name: c.name,
    address: courtAddress(c),
    rooms: rooms.filter((r) => r.courtId === c.id).map(roomOf),
  }));
}

export const roomOf = (r: RoomRow) => ({
  id: r.id,
  name: r.name,
  capacity: r.capacity,
  juryCapable: r.juryCapable,
  videoLink: r.videoLink,
});

export async function findCourt(db: Db, id: string): Promise<CourtRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(courts).where(eq(courts.id, id));
  return row;
}

export async function findRoom(db: Db, id: string): Promise<RoomRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(courtRooms).where(eq(courtRooms.id, id));
  return row;
}

/** Adds a court to the court administrator's area. */
export async function createCourt(tx: Db, areaCode: string, input: z.infer<typeof courtInput>) {
  const [existing] = await tx
    .select({ id: courts.id })
    .from(courts)
    .where(and(eq(courts.areaCode, areaCode), eq(courts.name, input.name)));
  if (existing)
    throw new AppError('CONFLICT', `There is already a court called ${input.name} in this area.`, {
      name: 'There is already a court with this name in the area',
    });
  const [row] = await tx
    .insert(courts)
    .values({
      areaCode,
      ...input,
      addressLine2: input.addressLine2 ?? null,
      postcode: input.postcode ?? null,
    })
    .returning();
  return row!;
}

/** Adds a room to a court. */
export async function createRoom(tx: Db, courtId: string, input: z.infer<typeof roomInput>) {
  const [existing] = await tx
    .select({ id: courtRooms.id })
    .from(courtRooms)
    .where(and(eq(courtRooms.courtId, courtId), eq(courtRooms.name, input.name)));
  if (existing)
    throw new AppError('CONFLICT', `This court already has a room called ${input.name}.`, {
      name: 'This court already has a room with this name',
    });
  const [row] = await tx
    .insert(courtRooms)
    .values({ courtId, ...input })
    .returning();
  return row!;
}

/** Changes a room's seats, jury box or video link (its name stays). */
export async function updateRoom(tx: Db, roomId: string, input: Omit<z.infer<typeof roomInput>, 'name'>) {
  const [row] = await tx.update(courtRooms).set(input).where(eq(courtRooms.id, roomId)).returning();
  if (!row) throw new AppError('NOT_FOUND', 'The room could not be found.');
  return row;
}
