/**
 * Row identifiers for bulk loads: UUID version 7 (RFC 9562), the time in milliseconds first and then
 * random bits, so ids made one after another sort one after another. Rows loaded by the thousand then
 * go to the end of each index keyed by them (the case's primary key, and every table keyed by its case)
 * rather than to a random page of it: once those indexes outgrow the database's memory, random ids make
 * each new row read and rewrite an old page.
 *
 * Within one millisecond a 12-bit counter keeps the order (RFC 9562 §6.2, method 1); when it runs out the
 * clock is moved on a millisecond. The remaining 62 bits come from `randomUUID`.
 */
import { randomUUID } from 'node:crypto';

export function timeOrderedIds(clock: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    const ms = clock();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else if (++counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
    const time = lastMs.toString(16).padStart(12, '0');
    // randomUUID's version nibble and the rest of its third group are replaced; its variant is already 10.
    return `${time.slice(0, 8)}-${time.slice(8)}-7${counter.toString(16).padStart(3, '0')}${randomUUID().slice(18)}`;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether an id from a request is a UUID. Anything else names no row, and the database would refuse it
 * with an error rather than find nothing, so a caller answers 404 without asking it.
 */
export const isUuid = (value: string): boolean => UUID.test(value);
