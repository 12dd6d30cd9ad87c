import { AGE_BAND_LABELS, AGE_BANDS, type AgeBand } from '../oversight/oversight.domain.ts';

type AreaWithFigures = {
  code: string;
  name: string;
  localAuthorities: string[];
  courts: { name: string; address: string }[];
  caseload: { reportedThisYear: number; open: number; inquestsOpen: number; concludedThisYear: number };
  backlog: { byAge: Record<AgeBand, number>; over12Months: number };
};

const num = (n: number) => ({ text: n.toLocaleString('en-GB'), format: 'numeric' });

/** A summary list for each funded area: its councils and courts. */
export function areaCards(areas: AreaWithFigures[]) {
  return areas.map((a) => ({
    title: `${a.name} (${a.code})`,
    rows: [
      {
        key: { text: 'Councils funding the area' },
        value: { text: a.localAuthorities.join(', ') || 'None recorded' },
      },
      {
        key: { text: 'Courts' },
        value: { text: a.courts.map((c) => `${c.name}, ${c.address}`).join('; ') || 'None recorded' },
      },
    ],
  }));
}

export function caseloadTable(areas: AreaWithFigures[]) {
  return {
    head: [
      { text: 'Area' },
      { text: 'Deaths reported this year', format: 'numeric' },
      { text: 'Open cases', format: 'numeric' },
      { text: 'Inquests open', format: 'numeric' },
      { text: 'Inquests concluded this year', format: 'numeric' },
    ],
    rows: areas.map((a) => [
      { text: `${a.name} (${a.code})` },
      num(a.caseload.reportedThisYear),
      num(a.caseload.open),
      num(a.caseload.inquestsOpen),
      num(a.caseload.concludedThisYear),
    ]),
  };
}

/** Open cases by how long they have been open, and investigations over the 12-month mark. */
export function backlogTable(areas: AreaWithFigures[]) {
  return {
    head: [
      { text: 'Area' },
      ...AGE_BANDS.map((b) => ({ text: AGE_BAND_LABELS[b], format: 'numeric' })),
      { text: 'Investigations over 12 months', format: 'numeric' },
    ],
    rows: areas.map((a) => [
      { text: `${a.name} (${a.code})` },
      ...AGE_BANDS.map((b) => num(a.backlog.byAge[b])),
      num(a.backlog.over12Months),
    ]),
  };
}
