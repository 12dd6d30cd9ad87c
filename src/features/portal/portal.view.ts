import { escapeHtml } from '../../platform/views/html.ts';
import type { FamilyEntry } from './portal.domain.ts';

/** MoJ timeline items for the family: what happened and when, without naming staff. */
export function timelineItems(entries: FamilyEntry[]) {
  return entries.map((e) => ({
    label: { text: e.title },
    html: `<p class="govuk-body">${escapeHtml(e.text)}</p>`,
    datetime: { timestamp: e.on, type: 'date' },
  }));
}
