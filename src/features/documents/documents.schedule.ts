import type { RedactedArea, RedactionReason, RedactionSchedule, SuppliedMark } from './documents.types.ts';

/** One line of a version's redaction schedule: what was removed, where, why and by whom (r.14). */
export interface ScheduleItem {
  redactionId: string;
  kind: 'text' | 'box';
  /** The words redacted, or the text that lay under a marked area (empty for a picture). */
  what: string;
  pages: number[];
  hits: number;
  reason: RedactionReason;
  note: string | null;
  proposedBy: string;
  proposedAt: string;
}

/** Kept beside a redacted version for the coroner's office and the owner; never disclosed. */
export interface VersionSchedule {
  items: ScheduleItem[];
  areas: RedactedArea[];
  /** Files attached to the original and removed from this version (absent in versions made before). */
  attachmentsRemoved?: string[];
  /** Redactions the supplier had marked in the original, applied in this version (absent in versions made before). */
  marksApplied?: SuppliedMark[];
  /** Pages replaced by a picture of the redacted page (absent in versions made before). */
  pagesAsPictures?: number[];
}

export type ScheduledProposal = {
  id: string;
  kind: 'text' | 'box';
  reason: RedactionReason;
  note: string | null;
  proposedByLabel: string;
  proposedAt: Date;
};

/** Joins the engine's schedule (by position) with who proposed each redaction and why. */
export function buildSchedule(
  proposals: readonly ScheduledProposal[],
  engine: RedactionSchedule,
): VersionSchedule {
  const items = proposals.map((p, index): ScheduleItem => {
    const summary = engine.redactions.find((r) => r.redaction === index);
    return {
      redactionId: p.id,
      kind: p.kind,
      what: summary?.text ?? '',
      pages: summary?.pages ?? [],
      hits: summary?.hits ?? 0,
      reason: p.reason,
      note: p.note,
      proposedBy: p.proposedByLabel,
      proposedAt: p.proposedAt.toISOString(),
    };
  });
  return {
    items,
    areas: engine.areas,
    attachmentsRemoved: engine.attachmentsRemoved,
    marksApplied: engine.marksApplied,
    pagesAsPictures: engine.pagesAsPictures,
  };
}

/**
 * The words a redacted version removed, which its title and file name must not show either, as its
 * schedule records them: each phrase its words redactions removed, the text each area marked on it
 * covered, and the text under the redactions the supplier had marked in the original. Each is taken as a
 * phrase, as words to redact are.
 */
export function wordsRemovedBy(schedule: VersionSchedule | null | undefined): string[] {
  return [
    ...(schedule?.items ?? []).map((item) => item.what),
    ...(schedule?.marksApplied ?? []).map((mark) => mark.text),
  ].filter((what) => what.trim() !== '');
}

/** "page 3", "pages 1, 2 and 5", or "" for plain text. */
export function pagesPhrase(pages: readonly number[]): string {
  if (pages.length === 0) return '';
  if (pages.length === 1) return `page ${pages[0]}`;
  return `pages ${pages.slice(0, -1).join(', ')} and ${pages.at(-1)}`;
}
