import type { CaseEvent, CaseState, CaseStatus } from '../cases/cases.domain.ts';

/**
 * One entry of the family's timeline, in words a bereaved person can follow: `on` is the day it happened
 * (a post-mortem recorded a fortnight after it took place is dated by the examination), `at` when the
 * coroner's office recorded it.
 */
export type FamilyEntry = { at: string; on: string; title: string; text: string };

/** The answer of each recorded action that says the day it happened, where it is not the day it was recorded. */
const HAPPENED_ON: Record<string, string> = {
  RECORD_POST_MORTEM: 'examinedOn',
  OPEN_INQUEST: 'openedOn',
  SEND_REGISTRAR_PARTICULARS: 'sentOn',
  RECORD_CONCLUSION: 'concludedOn',
  QUASH: 'orderedOn',
  FRESH_INVESTIGATION_ORDERED: 'orderedOn',
  PFD_REPORT_SENT: 'sentOn',
  DOCUMENT_DISCLOSED: 'disclosedOn',
};

const londonDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(iso));

/** The day an event happened: the date its answers give, or else the day it was recorded (London). */
export function happenedOn(e: CaseEvent): string {
  const key = HAPPENED_ON[e.type];
  const given = key ? (e.payload as Record<string, unknown>)[key] : undefined;
  return typeof given === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(given) ? given : londonDay(e.at);
}

const day = (iso: unknown) =>
  typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso)
    ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/London',
      })
    : '';

/**
 * What an event of the case's log means for the family, or null when it is the office's own business
 * (internal notes, detail corrections, decisions about other interested persons, staff assignments).
 * Events of other features are shown only when named here, so nothing written for staff reaches a family
 * by accident.
 */
export function familyWords(
  e: CaseEvent,
  myPersonIds: readonly string[],
): Omit<FamilyEntry, 'at' | 'on'> | null {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'REPORTED':
      return {
        title: 'The death was reported to the coroner',
        text: 'The coroner’s office was told about the death and began to look into it.',
      };
    case 'OPEN_PRELIMINARY_ENQUIRIES':
      return {
        title: 'The coroner’s office began making enquiries',
        text: 'The office is finding out more so that the coroner can decide whether an investigation is needed.',
      };
    case 'DECIDE_NO_DUTY':
      return {
        title: 'The coroner decided that no investigation is needed',
        text: 'The death was from natural causes that a doctor can certify. The death can be registered at the register office in the usual way.',
      };
    case 'OPEN_INVESTIGATION':
      return {
        title: 'The coroner opened an investigation',
        text: 'The coroner must find out who died, and when, where and how they died.',
      };
    case 'FRESH_INVESTIGATION_ORDERED':
      return {
        title: 'The High Court ordered a fresh investigation',
        text: `The earlier inquest was set aside${typeof p.court === 'string' && p.court ? ` by the ${p.court}` : ''}${p.orderedOn ? ` on ${day(p.orderedOn)}` : ''}. The coroner will look at the death again from the start: who died, and when, where and how they died. Nothing the earlier inquest found is taken as settled.`,
      };
    case 'RECORD_POST_MORTEM':
      return {
        title: 'A post-mortem examination took place',
        text: `A pathologist examined the body${p.examinedOn ? ` on ${day(p.examinedOn)}` : ''}. If you would like a copy of their report and it is not among the documents shared with you, ask the coroner’s office.`,
      };
    case 'DISCONTINUE':
      return {
        title: 'The coroner ended the investigation without an inquest',
        text: 'The investigation has made the cause of death clear, so an inquest is not needed. The coroner’s office will explain the cause of death to you.',
      };
    case 'OPEN_INQUEST':
      return {
        title: 'The inquest was opened',
        text: `The coroner opened the inquest${p.openedOn ? ` on ${day(p.openedOn)}` : ''}. This is a short first hearing. The full inquest will be held later, once the evidence has been gathered.`,
      };
    case 'SUSPEND':
      return {
        title: 'The investigation was paused',
        text: 'The coroner has paused (suspended) the investigation, usually while the police, a court or another inquiry finishes its work. The coroner will review this from time to time.',
      };
    case 'REVIEW_SUSPENSION':
      return {
        title: 'The coroner reviewed the pause',
        text: 'The investigation stays paused for now.',
      };
    case 'SEND_REGISTRAR_PARTICULARS':
      return {
        title: 'The death can now be registered',
        text: `The coroner sent ${typeof p.registerOffice === 'string' && p.registerOffice ? p.registerOffice : 'the register office'} the details it needs to register the death while the investigation is paused. You can ask the register office for copies of the death certificate.`,
      };
    case 'DECIDE_NOT_TO_RESUME':
      return {
        title: 'The coroner decided not to restart the investigation',
        text: 'The coroner decided the investigation does not need to continue after the pause. The coroner’s office can explain why.',
      };
    case 'RESUME':
      return {
        title: 'The investigation started again',
        text: 'The coroner has restarted (resumed) the investigation.',
      };
    case 'DECIDE_JURY':
      return p.jury
        ? {
            title: 'The inquest will have a jury',
            text:
              p.basis === 'S7_3'
                ? 'The coroner decided that a jury should hear this inquest.'
                : 'The law requires a jury for this inquest.',
          }
        : { title: 'The inquest will be heard by the coroner alone', text: 'There will be no jury.' };
    case 'DECIDE_ARTICLE_2':
      // Said both ways: the coroner can change this decision, and the family must not be left with the first.
      return p.article2 === 'ENGAGED'
        ? {
            title: 'The inquest will look more widely at the circumstances',
            text: 'The coroner decided that the inquest must also look at whether public bodies did what they should have done (an "Article 2" inquest).',
          }
        : p.article2 === 'UNDER_REVIEW'
          ? {
              title: 'The coroner is still considering how widely the inquest will look',
              text: 'The coroner has not yet decided whether the inquest must also look at whether public bodies did what they should have done (an "Article 2" inquest).',
            }
          : {
              title: 'The inquest will not be an "Article 2" inquest',
              text: 'The coroner decided that the inquest does not need to look at whether public bodies did what they should have done. It will find out who died, and when, where and how they died.',
            };
    case 'RECORD_CONCLUSION':
      return {
        title: 'The inquest reached its conclusion',
        text: `${p.byJury ? 'The jury' : 'The coroner'} recorded who died, and when, where and how they died. You can ask the coroner’s office for a copy of the record of inquest.`,
      };
    case 'QUASH':
      return {
        title: 'The High Court set aside the inquest',
        text: 'A fresh investigation has been ordered.',
      };
    case 'TRANSFER':
      return {
        title: 'The case is moving to another coroner',
        text: 'Another coroner’s office is being asked to take over the investigation. They will contact you.',
      };
    case 'ACCEPT_TRANSFER':
      return {
        title: 'Another coroner’s office took over the case',
        text: 'The new office will now look after the investigation.',
      };
    case 'SEND_S16_NOTICE':
      return p.stage === 'OVER_12_MONTHS'
        ? {
            title: 'The investigation is taking longer than a year',
            text: 'The coroner has told the Chief Coroner, as the law requires, and why.',
          }
        : null;
    case 'DOCUMENT_DISCLOSED': {
      const ids = Array.isArray(p.interestedPersonIds) ? (p.interestedPersonIds as string[]) : [];
      return ids.some((id) => myPersonIds.includes(id))
        ? {
            title: 'The coroner’s office shared a document with you',
            text: 'You can read it on this page, under “Documents shared with you”.',
          }
        : null;
    }
    case 'DOCUMENT_DISCLOSURE_WITHDRAWN':
      return typeof p.interestedPersonId === 'string' && myPersonIds.includes(p.interestedPersonId)
        ? {
            title: 'The coroner’s office withdrew a document shared with you',
            text: 'It is no longer shared with you. If you have a question about it, contact the coroner’s office.',
          }
        : null;
    case 'PFD_REPORT_SENT':
      return {
        title: 'The coroner wrote a report to prevent future deaths',
        text: `The coroner sent a report${p.sentOn ? ` on ${day(p.sentOn)}` : ''} to the people or organisations who can act to stop similar deaths. They must reply within 56 days.`,
      };
    case 'PFD_REPORT_PUBLISHED':
      return {
        title: 'The report to prevent future deaths was published',
        text: `${e.actor.role === 'chief-coroner' ? 'The Chief Coroner' : 'The coroner'} published the report on the list of reports to prevent future deaths, which anyone can read.`,
      };
    default:
      return null;
  }
}

/** The family's timeline, newest first by the day each thing happened (on the same day, the later recorded first). */
export function familyTimeline(events: readonly CaseEvent[], myPersonIds: readonly string[]): FamilyEntry[] {
  return events
    .flatMap((e) => {
      const words = familyWords(e, myPersonIds);
      return words ? [{ at: e.at, on: happenedOn(e), ...words }] : [];
    })
    .reverse()
    .sort((a, b) => (a.on === b.on ? 0 : a.on < b.on ? 1 : -1));
}

/** What happens next, from where the case is now (coroner-service §2.1), in plain words. */
export function whatHappensNext(
  status: CaseStatus,
  state: Pick<CaseState, 'suspension' | 'inquest'>,
  today: string,
): string[] {
  switch (status) {
    case 'REPORTED':
    case 'PRELIMINARY_ENQUIRIES':
      return [
        'The coroner will decide whether an investigation is needed.',
        'If it is not, the death can be registered at the register office in the usual way.',
      ];
    case 'INVESTIGATION_OPEN':
      return [
        'The coroner is investigating. There may be a post-mortem examination.',
        'If the cause of death turns out to be natural, the investigation may end without an inquest. Otherwise the coroner will open an inquest.',
      ];
    case 'INQUEST_OPENED':
      return [
        state.inquest?.conclusion
          ? 'The inquest is being concluded.'
          : 'The coroner’s office is gathering the evidence for the full inquest: statements, reports and records.',
        'Before the full inquest there may be shorter hearings (pre-inquest reviews) to plan it. Each hearing that has been fixed is listed on this page.',
        'The coroner’s office will tell you the date of each hearing within a week of it being fixed.',
      ];
    case 'SUSPENDED':
      return [
        'The investigation is paused until the other process (for example a criminal trial) has finished.',
        state.suspension?.nextReviewOn
          ? state.suspension.nextReviewOn >= today
            ? `The coroner will review the pause by ${day(state.suspension.nextReviewOn)}.`
            : `The coroner was due to review the pause by ${day(state.suspension.nextReviewOn)}. If you have not heard, contact the coroner’s office.`
          : 'The coroner will review the pause from time to time.',
      ];
    case 'NOT_RESUMED':
      return [
        'There will be no inquest for now. The coroner will send the details the register office needs to register the death.',
        'The coroner can look at this decision again. If you think the inquest should go ahead, tell the coroner’s office why.',
      ];
    case 'TRANSFER_PENDING':
      return ['Another coroner’s office is taking over the case. They will contact you.'];
    case 'NO_DUTY':
      return ['No investigation is needed. The death can be registered at the register office.'];
    case 'DISCONTINUED':
      return [
        'There will be no inquest. The death can now be registered.',
        'The coroner’s office will explain the cause of death to you.',
      ];
    case 'CONCLUDED':
      return [
        'The inquest has finished. The coroner will send the details the register office needs to register the death.',
        'You can ask the coroner’s office for a copy of the record of inquest.',
      ];
    case 'QUASHED':
      return ['A fresh investigation replaces this one. The coroner’s office will contact you.'];
  }
}

/** Where the case is, in a few words for the family. */
export const FAMILY_STATUS: Record<CaseStatus, string> = {
  REPORTED: 'Reported to the coroner',
  PRELIMINARY_ENQUIRIES: 'Early enquiries',
  NO_DUTY: 'No investigation needed',
  INVESTIGATION_OPEN: 'Investigation under way',
  DISCONTINUED: 'Investigation ended without an inquest',
  INQUEST_OPENED: 'Inquest opened',
  SUSPENDED: 'Investigation paused',
  NOT_RESUMED: 'Investigation ended after the pause',
  TRANSFER_PENDING: 'Moving to another coroner',
  CONCLUDED: 'Inquest finished',
  QUASHED: 'Replaced by a fresh investigation',
};
