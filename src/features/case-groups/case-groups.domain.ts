import { AppError } from '../../platform/http/errors.ts';

/** What the grouping rules need to know about a case. */
export type GroupableCase = {
  id: string;
  reference: string;
  areaCode: string;
  closedOn: string | null;
  status: string;
  /** The group the case already belongs to, if any. */
  groupId: string | null;
};

/**
 * Inquests heard together (the coroner's power to hear related inquests together) must belong to the group's
 * coroner area, be still open, and be in no other group. Returns a sentence for each case that cannot join.
 */
export function joinProblems(
  group: { id: string | null; areaCode: string },
  candidates: GroupableCase[],
): string[] {
  const problems: string[] = [];
  for (const c of candidates) {
    if (c.areaCode !== group.areaCode)
      problems.push(
        `${c.reference} belongs to coroner area ${c.areaCode}; a group holds the cases of one area (${group.areaCode}).`,
      );
    else if (c.closedOn)
      problems.push(`${c.reference} is closed, so its inquest cannot be heard with others.`);
    else if (c.status === 'TRANSFER_PENDING')
      problems.push(
        `${c.reference} is being transferred to another coroner area, so it cannot join a group of this area.`,
      );
    else if (c.groupId && c.groupId !== group.id)
      problems.push(`${c.reference} is already in another group. Remove it from that group first.`);
    else if (c.groupId && c.groupId === group.id) problems.push(`${c.reference} is already in this group.`);
  }
  return problems;
}

/** As `joinProblems`, for a change: throws a 409 naming the first case that cannot be added. */
export function checkCanJoin(
  group: { id: string | null; areaCode: string },
  candidates: GroupableCase[],
): void {
  const [first] = joinProblems(group, candidates);
  if (first) throw new AppError('CONFLICT', first);
}

/** A group is formed from at least two inquests to be heard together; the area is theirs. */
export function areaOfNewGroup(candidates: GroupableCase[]): string {
  if (candidates.length < MIN_GROUP_CASES)
    throw new AppError('VALIDATION_FAILED', 'Choose at least two cases to hear together.', {
      caseIds: 'Choose at least two cases to hear together',
    });
  const area = candidates[0]!.areaCode;
  checkCanJoin({ id: null, areaCode: area }, candidates);
  return area;
}

/** The fewest cases a group holds: it is formed from two or more inquests to be heard together. */
export const MIN_GROUP_CASES = 2;

/**
 * Whether taking one case out of a group of `members` ends it: a group holds at least two cases, so the
 * case left behind is then heard on its own too.
 */
export const leavingEndsGroup = (members: number): boolean => members - 1 < MIN_GROUP_CASES;

/** An ended group takes no more cases: a new group is formed instead (a 409 saying so). */
export function checkNotEnded(group: { endedAt: Date | null }): void {
  if (group.endedAt)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'This group has ended: its cases are heard on their own. To hear inquests together again, form a new group.',
    );
}

/**
 * Splits the case references typed in a form (one a line, or separated by commas or spaces) and writes
 * each in full (`el-2026-12` → `EL-2026-000012`); anything that is not a reference is returned as it was.
 */
export function parseReferences(text: string): string[] {
  const refs = text
    .split(/[\s,;]+/)
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean)
    .map((r) => {
      const m = /^([A-Z]{2,4})-(\d{4})-(\d{1,6})$/.exec(r);
      return m ? `${m[1]}-${m[2]}-${m[3]!.padStart(6, '0')}` : r;
    });
  return [...new Set(refs)];
}

/** References named in a message: at most five, each cut to 20 characters, so a pasted page is not echoed back. */
export function referencesInWords(refs: readonly string[]): string {
  const shown = refs.slice(0, 5).map((r) => (r.length > 20 ? `${r.slice(0, 20)}…` : r));
  return `${shown.join(', ')}${refs.length > 5 ? ' and others' : ''}`;
}
