import { toCsv } from '../open-data/open-data.csv.ts';
import type { PublicPfdReport } from './pfd.schema.ts';

export const PFD_CSV_HEADER = [
  'reference',
  'area_code',
  'area_name',
  'sent_on',
  'published_on',
  'deceased_name',
  'coroner',
  'themes',
  'concerns',
  'recipient_organisation',
  'recipient_person',
  'response_due_on',
  'responded_on',
  'response_state',
  'report_url',
] as const;

/** Published reports as CSV: one row per recipient, the report's fields repeated (tidy for spreadsheets). */
export function publishedCsv(items: readonly PublicPfdReport[], baseUrl: string): string {
  const rows = items.flatMap((r) =>
    r.recipients.map((x) => [
      r.reference,
      r.areaCode,
      r.areaName,
      r.sentOn,
      r.publishedOn,
      r.deceasedName ?? '',
      r.coroner.name,
      r.themes.map((t) => t.code).join(';'),
      r.concerns.map((c, i) => `(${i + 1}) ${c}`).join(' '),
      x.organisation,
      x.person ?? '',
      x.dueOn,
      x.respondedOn ?? '',
      x.state,
      `${baseUrl}/prevention-of-future-deaths/${r.id}`,
    ]),
  );
  return toCsv(PFD_CSV_HEADER, rows);
}
