import type { CoronerOffice } from '../../platform/auth/roles.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { conclusionWording } from '../cases/cases.conclusions.ts';
import type { CaseState } from '../cases/cases.domain.ts';
import { RESPONSE_DAYS } from './pfd.domain.ts';

const OFFICE_TITLES: Record<CoronerOffice, string> = {
  senior: 'Senior Coroner',
  area: 'Area Coroner',
  assistant: 'Assistant Coroner',
  judge: 'Judge appointed to conduct the investigation as coroner',
};

/** "Senior Coroner for the coroner area of East London". */
export function coronerTitle(office: CoronerOffice | null, areaName: string): string {
  return `${OFFICE_TITLES[office ?? 'assistant']} for the coroner area of ${areaName}`;
}

type CaseFacts = {
  givenNames: string;
  familyName: string;
  state: CaseState;
  ageAtDeath: number | null;
};

/** Section 3 as coroners usually word it, from the case's own record; the coroner can change it. */
export function defaultInvestigation(c: CaseFacts): string {
  const name = `${c.givenNames} ${c.familyName}`;
  const age = c.ageAtDeath !== null ? `, aged ${c.ageAtDeath}` : '';
  const opened = c.state.investigationOpenedAt
    ? `On ${govukDate(londonDate(new Date(c.state.investigationOpenedAt)))} I commenced an investigation into the death of ${name}${age}.`
    : `I commenced an investigation into the death of ${name}${age}.`;
  const conclusion = c.state.inquest?.conclusion;
  if (!conclusion) return opened;
  return `${opened} The investigation concluded at the end of the inquest on ${govukDate(conclusion.concludedOn)}. The conclusion of the inquest was: ${conclusionWording(conclusion).replace(/\n+/g, ' ')}`;
}

/** Section 4 from the Record of Inquest (how, when and where), or the circumstances as reported. */
export function defaultCircumstances(c: CaseFacts & { circumstances: string }): string {
  const record = c.state.inquest?.conclusion;
  return [record?.howWhenWhere, record?.circumstances].filter(Boolean).join('\n\n') || c.circumstances;
}

export type ReportText = {
  reference: string;
  deceasedName: string;
  coronerName: string;
  coronerTitle: string;
  investigation: string;
  circumstances: string;
  concerns: string[];
  action: string;
  recipients: { organisation: string; person: string | null }[];
  copies: string[];
  sentOn: string | null;
  dueOn: string | null;
};

/** The report in the standard layout (the Chief Coroner's Regulation 28 template), section by section. */
export function reportSections(r: ReportText): { title: string; paragraphs: string[] }[] {
  const due = r.dueOn ? `namely by ${govukDate(r.dueOn)}` : `counted from the date the report is sent`;
  return [
    {
      title: 'THIS REPORT IS BEING SENT TO:',
      paragraphs: r.recipients.map((x, i) => `${i + 1}. ${x.person ? `${x.person}, ` : ''}${x.organisation}`),
    },
    { title: '1 CORONER', paragraphs: [`I am ${r.coronerName}, ${r.coronerTitle}.`] },
    {
      title: "2 CORONER'S LEGAL POWERS",
      paragraphs: [
        'I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009 and regulations 28 and 29 of the Coroners (Investigations) Regulations 2013.',
      ],
    },
    { title: '3 INVESTIGATION and INQUEST', paragraphs: splitText(r.investigation) },
    { title: '4 CIRCUMSTANCES OF THE DEATH', paragraphs: splitText(r.circumstances) },
    {
      title: "5 CORONER'S CONCERNS",
      paragraphs: [
        'During the course of the investigation the evidence revealed matters giving rise to concern. In my opinion there is a risk that future deaths will occur unless action is taken. In the circumstances it is my statutory duty to report to you.',
        'The MATTERS OF CONCERN are as follows:',
        ...r.concerns.map((c, i) => `(${i + 1}) ${c}`),
      ],
    },
    {
      title: '6 ACTION SHOULD BE TAKEN',
      paragraphs: [
        'In my opinion action should be taken to prevent future deaths and I believe you and your organisation have the power to take such action.',
        ...splitText(r.action),
      ],
    },
    {
      title: '7 YOUR RESPONSE',
      paragraphs: [
        `You are under a duty to respond to this report within ${RESPONSE_DAYS} days of the date of this report, ${due}. I, the coroner, may extend the period.`,
        'Your response must contain details of action taken or proposed to be taken, setting out the timetable for action. Otherwise you must explain why no action is proposed.',
      ],
    },
    {
      title: '8 COPIES and PUBLICATION',
      paragraphs: [
        `I have sent a copy of my report to the Chief Coroner${r.copies.length ? ` and to the following: ${r.copies.join('; ')}` : ''}.`,
        'I am also under a duty to send a copy of your response to the Chief Coroner and all interested persons who in my opinion should receive it.',
        'I may also send a copy of your response to any other person who I believe may find it useful or of interest. The Chief Coroner may publish either or both in a complete, redacted or summary form. You may make representations to me, the coroner, at the time of your response, about the release or the publication of your response.',
      ],
    },
    {
      title: '9',
      paragraphs: [`${r.sentOn ? govukDate(r.sentOn) : 'Not yet sent'}    ${r.coronerName}`],
    },
  ];
}

function splitText(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The whole report as plain text, as the PDF lays it out and as the messages that send it carry it. */
export function reportInWords(r: ReportText): string {
  const lines = ['REGULATION 28: REPORT TO PREVENT FUTURE DEATHS', r.reference, ''];
  lines.push(`In the matter of the death of ${r.deceasedName}`, '');
  for (const section of reportSections(r)) {
    lines.push(section.title);
    for (const p of section.paragraphs) lines.push(p, '');
  }
  return lines.join('\n');
}
