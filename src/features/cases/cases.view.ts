import { actorName } from '../../platform/http/request-context.ts';
import { conclusionWording } from './cases.conclusions.ts';
import { type CaseEvent, STATUS_LABELS } from './cases.domain.ts';
import type { CaseRow, DeadlineView, PersonRow } from './cases.queries.ts';

/** The coroner who recorded the conclusion (null when it came in an import, which names no coroner). */
function recordingCoroner(events: readonly CaseEvent[]): string | null {
  const recorded = events.findLast((e) => e.type === 'RECORD_CONCLUSION');
  return recorded?.actor.role === 'coroner' ? actorName(recorded.actor) : null;
}

/** The deceased, the death and who was involved, as a case's columns and people hold them. */
export function deathDetails(row: CaseRow, people: readonly PersonRow[]) {
  return {
    deceased: {
      givenNames: row.givenNames,
      familyName: row.familyName,
      sex: row.sex,
      dateOfBirth: row.dateOfBirth,
      age: row.age,
      homeTown: row.homeTown,
      address: row.address,
      occupation: row.occupation,
      nationality: row.nationality,
    },
    death: {
      dateOfDeath: row.dateOfDeath,
      dateFound: row.dateFound,
      timeFound: row.timeFound,
      placeOfDeath: row.placeOfDeath,
      sceneFound: row.sceneFound,
      stateDetention: row.stateDetention,
      circumstances: row.circumstances,
    },
    people: people.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.name,
      address: p.address,
      dateOfBirth: p.dateOfBirth,
      phone: p.phone,
      professional: p.professional,
    })),
    circumstanceTags: row.circumstanceTags,
    toxicology: row.toxicology,
    policeClassification: row.policeClassification,
  };
}

/** What a report said, kept with its REPORTED event: those who reported the death see it as they did. */
export type ReportedDetails = ReturnType<typeof deathDetails>;

/** The case as the API returns it (API.md `GET /cases/{id}`). */
export function caseDetail(
  row: CaseRow,
  extra: {
    events: CaseEvent[];
    people: PersonRow[];
    users: Map<string, string>;
    references: Map<string, string>;
    deadlines?: DeadlineView[];
  },
) {
  const s = row.state;
  const user = (id: string | null) => (id ? { id, name: extra.users.get(id) ?? 'Unknown user' } : null);
  const link = (id: string | null) => (id ? { id, reference: extra.references.get(id) ?? '' } : null);
  return {
    id: row.id,
    reference: row.reference,
    areaCode: row.areaCode,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    reportedAt: row.reportedAt.toISOString(),
    reportedBy: row.reportedBy,
    ...deathDetails(row, extra.people),
    assignedCoroner: user(row.assignedCoronerId),
    assignedOfficer: user(row.assignedOfficerId),
    grounds: s.grounds,
    postMortem: s.postMortem,
    inquest: s.inquest
      ? {
          openedOn: s.inquest.openedOn,
          jury: s.inquest.jury,
          article2: s.article2,
          conclusion: s.inquest.conclusion
            ? {
                ...s.inquest.conclusion,
                wording: conclusionWording(s.inquest.conclusion),
                recordedBy: recordingCoroner(extra.events),
              }
            : null,
        }
      : null,
    article2: s.article2,
    suspension: s.suspension,
    transfer: s.transfer,
    quash: s.quash,
    reportingRestriction: s.reportingRestriction,
    supersedes: link(row.supersedesCaseId),
    supersededBy: link(row.supersededByCaseId),
    events: extra.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at,
      actor: e.actor.label,
      payload: e.payload,
    })),
    deadlines: (extra.deadlines ?? []).map((d) => ({
      kind: d.kind,
      basis: d.basis,
      dueOn: d.dueOn,
      state: d.state,
      metOn: d.metOn,
    })),
  };
}

export type CaseDetail = ReturnType<typeof caseDetail>;

/**
 * What an evidence provider sees of a death its organisation reported: the report, the reference, the status
 * and who looks after it; not the investigation's decisions, timeline or clocks (docs/documents.md).
 */
export function asReported(detail: CaseDetail): CaseDetail {
  const reported = reportKept(detail);
  return {
    ...detail,
    // A report made before reports were kept whole, and not changed since, is the case as it stands.
    ...reported,
    grounds: [],
    postMortem: null,
    inquest: null,
    article2: null,
    suspension: null,
    events: detail.events.filter((e) => e.type === 'REPORTED'),
    deadlines: [],
  };
}

const reportKept = (detail: CaseDetail) =>
  detail.events.find((e) => e.type === 'REPORTED')?.payload.report as ReportedDetails | undefined;

/**
 * Whether `asReported` shows the death as it was reported: always for a report kept whole; for one made before
 * reports were kept, only while its details are unchanged.
 */
export function seenAsReported(detail: CaseDetail): boolean {
  return reportKept(detail) !== undefined || !detail.events.some((e) => e.type === 'UPDATE_DETAILS');
}
