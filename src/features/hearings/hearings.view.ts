import { govukDate, govukTime, londonDate, londonParts } from '../../platform/views/dates.ts';
import { toCsv } from '../open-data/open-data.csv.ts';
import type { HearingStatus } from './hearings.domain.ts';
import type { PublicHearing } from './hearings.schema.ts';

export const STATUS_TAGS: Record<HearingStatus, string> = {
  LISTED: 'govuk-tag--blue',
  POSTPONED: 'govuk-tag--orange',
  ADJOURNED: 'govuk-tag--yellow',
  VACATED: 'govuk-tag--grey',
  HELD: 'govuk-tag--green',
};

const deceasedText = (h: PublicHearing) =>
  h.deceased
    .map((d) =>
      d.restricted
        ? d.name
        : [
            d.name,
            d.age !== null ? `aged ${d.age}` : null,
            d.dateOfDeath ? `died ${govukDate(d.dateOfDeath)}` : null,
          ]
            .filter(Boolean)
            .join(', '),
    )
    .join('; ');

/** The public list grouped by day, as the page shows it. */
export function publicListDays(items: readonly PublicHearing[]) {
  const days = new Map<string, { heading: string; rows: unknown[] }>();
  for (const h of items) {
    const day = londonDate(new Date(h.startsAt));
    if (!days.has(day)) days.set(day, { heading: govukDate(day), rows: [] });
    days.get(day)!.rows.push({
      time: h.status === 'POSTPONED' ? '' : govukTime(h.startsAt),
      deceased: deceasedText(h),
      type: h.typeLabel,
      court: h.court.name,
      address: h.court.address,
      room: h.room ?? '',
      status: h.statusText,
      tag: STATUS_TAGS[h.status],
    });
  }
  return [...days.values()];
}

/** A London clock time as 24-hour HH:MM, for data rather than reading. */
const clockTime = (iso: string) => {
  const { hour, minute } = londonParts(new Date(iso));
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
};

/** The public list as CSV (open data): one row per hearing, restricted cases without names. */
export function publicListCsv(items: readonly PublicHearing[]): string {
  return toCsv(
    [
      'date',
      'start_time',
      'end_time',
      'court',
      'court_address',
      'room',
      'hearing_type',
      'status',
      'deceased',
      'age',
      'date_of_death',
      'end_date',
    ],
    // A postponed hearing has no time until its new date is set, as on the page.
    items.map((h) => [
      londonDate(new Date(h.startsAt)),
      h.status === 'POSTPONED' ? '' : clockTime(h.startsAt),
      h.status === 'POSTPONED' ? '' : clockTime(h.endsAt),
      h.court.name,
      h.court.address,
      h.room,
      h.typeLabel,
      h.statusText,
      h.deceased.map((d) => d.name).join('; '),
      h.deceased.map((d) => (d.age === null ? '' : String(d.age))).join('; '),
      h.deceased.map((d) => d.dateOfDeath ?? '').join('; '),
      // A hearing of several days ends on another day than it starts.
      h.status === 'POSTPONED' ? '' : londonDate(new Date(new Date(h.endsAt).getTime() - 1)),
    ]),
  );
}
