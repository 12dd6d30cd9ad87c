/** The source of "now", so tests can pin time and dates around the clock change do not shift. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at `at` (and can be moved on by tests). */
export function fixedClock(
  at: Date | string,
): Clock & { set(at: Date | string): void; advanceDays(days: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advanceDays: (days) => {
      current = new Date(current.getTime() + days * 86_400_000);
    },
  };
}
