import { describe, expect, it } from 'vitest';
import { noticeText } from './hearings.notices.ts';
import type { PublicHearing } from './hearings.schema.ts';
import { publicListCsv, publicListDays } from './hearings.view.ts';

const facts = {
  type: 'PRE_INQUEST_REVIEW' as const,
  deceased: 'Anthony Walgate',
  reference: 'EL-2026-000123',
  startsAt: new Date('2026-12-14T10:00:00Z'),
  estimatedMinutes: 90,
  court: "Walthamstow Coroner's Court",
  address: 'Queens Road, London, E17 8QP',
  room: 'Court 1',
  videoLink: true,
};

describe('notices in plain English', () => {
  it('gives the date, time, place and length of a listed hearing, and who to ask', () => {
    const { subject, body } = noticeText('Sarah Walgate', { ...facts, template: 'HEARING_LISTED' });
    expect(subject).toBe('Date of the pre-inquest review: Anthony Walgate');
    expect(body).toBe(
      [
        'Dear Sarah Walgate,',
        "The pre-inquest review in the investigation into the death of Anthony Walgate will be held on 14 December 2026 at 10am at Walthamstow Coroner's Court, Queens Road, London, E17 8QP (Court 1).",
        'It is expected to last about 1.5 hours.',
        'You are welcome to attend. You do not need to bring anything. If you would like to join by video link, please ask the coroner’s office.',
        'If you have any questions, or cannot attend, contact the coroner’s office and quote the reference EL-2026-000123.',
        "Walthamstow Coroner's Court",
      ].join('\n\n'),
    );
  });

  it('says a postponed hearing has no new date yet, with the reason', () => {
    const { subject, body } = noticeText('Mary', {
      ...facts,
      template: 'HEARING_POSTPONED',
      reason: 'A report is late',
    });
    expect(subject).toBe('The pre-inquest review has been postponed: Anthony Walgate');
    expect(body).toContain('which was to be held on 14 December 2026 at 10am, has been postponed.');
    expect(body).toContain('The reason is: A report is late');
    expect(body).toContain('A new date has not been set yet. We will write to you again as soon as it is.');
  });

  it('gives the new date of a relisted, moved or resumed hearing', () => {
    const next = new Date('2027-01-19T11:30:00Z');
    expect(noticeText('Mary', { ...facts, template: 'HEARING_RELISTED', next }).body).toContain(
      'It will now be held on 19 January 2027 at 11:30am',
    );
    expect(noticeText('Mary', { ...facts, template: 'HEARING_MOVED', next }).subject).toBe(
      'New date for the pre-inquest review: Anthony Walgate',
    );
    expect(noticeText('Mary', { ...facts, template: 'HEARING_ADJOURNED', next }).body).toContain(
      'It will continue on 19 January 2027 at 11:30am',
    );
    expect(
      noticeText('Mary', { ...facts, template: 'HEARING_VACATED', reason: 'Heard with a linked case' }).body,
    ).toContain('will no longer take place');
  });
});

describe('the public list, shaped', () => {
  const item = (over: Partial<PublicHearing>): PublicHearing => ({
    id: '6f1c1d6e-0a0c-4f43-9d0f-0d6a1c1e2f3a',
    startsAt: '2026-12-14T10:00:00.000Z',
    endsAt: '2026-12-14T11:00:00.000Z',
    type: 'INQUEST',
    typeLabel: 'Inquest hearing',
    status: 'LISTED',
    statusText: 'Listed',
    court: {
      id: '6f1c1d6e-0a0c-4f43-9d0f-0d6a1c1e2f3b',
      name: "Walthamstow Coroner's Court",
      address: 'Queens Road',
    },
    room: 'Court 1',
    deceased: [{ name: 'Anthony Walgate', age: 23, dateOfDeath: '2026-11-19', restricted: false }],
    ...over,
  });

  it('groups by London day and leaves out the time of a postponed hearing', () => {
    const days = publicListDays([
      item({}),
      item({
        status: 'POSTPONED',
        statusText: 'Postponed – new date to be set',
        startsAt: '2026-12-14T14:00:00.000Z',
      }),
      item({ startsAt: '2026-12-15T00:30:00.000Z' }),
    ]);
    expect(days.map((d) => d.heading)).toEqual(['14 December 2026', '15 December 2026']);
    expect(days[0]!.rows).toMatchObject([
      { time: '10am', deceased: 'Anthony Walgate, aged 23, died 19 November 2026', status: 'Listed' },
      { time: '', status: 'Postponed – new date to be set' },
    ]);
  });

  it('writes CSV with a header and no detail of a restricted case', () => {
    const csv = publicListCsv([
      item({
        deceased: [
          { name: 'Name withheld (reporting restriction)', age: null, dateOfDeath: null, restricted: true },
        ],
      }),
    ]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe(
      'date,start_time,end_time,court,court_address,room,hearing_type,status,deceased,age,date_of_death,end_date',
    );
    expect(row).toBe(
      "2026-12-14,10:00,11:00,Walthamstow Coroner's Court,Queens Road,Court 1,Inquest hearing,Listed,Name withheld (reporting restriction),,,2026-12-14",
    );
  });
});
