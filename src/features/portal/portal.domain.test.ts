import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseEvent } from '../cases/cases.domain.ts';
import { familyTimeline, familyWords, whatHappensNext } from './portal.domain.ts';

const event = (type: string, payload: Record<string, unknown> = {}, seq = 1): CaseEvent => ({
  seq,
  type,
  at: `2026-11-${String(10 + seq).padStart(2, '0')}T10:00:00Z`,
  actor: { id: null, label: 'Tom Whitfield (Coroner’s officer)', role: 'officer' },
  payload,
});

describe('the family’s timeline', () => {
  it('puts the case log into plain words, newest first', () => {
    const items = familyTimeline(
      [
        event('REPORTED', {}, 1),
        event('OPEN_INVESTIGATION', { grounds: ['CAUSE_UNKNOWN'], reason: 'Internal reasoning' }, 2),
        event('OPEN_INQUEST', { openedOn: '2026-11-20', provisionalCause: '1a Hypothermia' }, 3),
      ],
      [],
    );
    expect(items.map((i) => i.title)).toEqual([
      'The inquest was opened',
      'The coroner opened an investigation',
      'The death was reported to the coroner',
    ]);
    expect(items[0]!.text).toContain('20 November 2026');
    expect(JSON.stringify(items)).not.toMatch(/Internal reasoning|Hypothermia|Tom Whitfield|CAUSE_UNKNOWN/);
  });

  it('dates each entry by the day it happened, not the day it was recorded, and orders them so', () => {
    const recorded = (
      type: string,
      payload: Record<string, unknown>,
      seq: number,
      at: string,
    ): CaseEvent => ({
      ...event(type, payload, seq),
      at,
    });
    const items = familyTimeline(
      [
        recorded('REPORTED', {}, 1, '2026-11-09T08:00:00Z'),
        recorded('OPEN_INVESTIGATION', { grounds: ['CAUSE_UNKNOWN'] }, 2, '2026-11-12T09:00:00Z'),
        recorded(
          'DOCUMENT_DISCLOSED',
          { interestedPersonIds: ['p1'], disclosedOn: '2026-11-20' },
          3,
          '2026-11-20T10:00:00Z',
        ),
        // Recorded on the 28th, a fortnight after the examination.
        recorded('RECORD_POST_MORTEM', { examinedOn: '2026-11-10' }, 4, '2026-11-28T16:00:00Z'),
        // Recorded just after midnight in London (still the 27th in UTC).
        recorded('OPEN_INQUEST', {}, 5, '2026-06-27T23:30:00Z'),
      ],
      ['p1'],
    );
    expect(items.map((i) => [i.on, i.title])).toEqual([
      ['2026-11-20', 'The coroner’s office shared a document with you'],
      ['2026-11-12', 'The coroner opened an investigation'],
      ['2026-11-10', 'A post-mortem examination took place'],
      ['2026-11-09', 'The death was reported to the coroner'],
      ['2026-06-28', 'The inquest was opened'],
    ]);
    expect(items.find((i) => i.on === '2026-11-10')!.at).toBe('2026-11-28T16:00:00Z');
  });

  it('says whether the coroner or the jury recorded the conclusion', () => {
    const by = (byJury: boolean) =>
      familyWords(event('RECORD_CONCLUSION', { byJury, shortForm: 'misadventure' }), [])?.text;
    expect(by(true)).toMatch(/^The jury recorded who died/);
    expect(by(false)).toMatch(/^The coroner recorded who died/);
  });

  it('tells only the person it was shared with that a document was withdrawn, without the office’s reason', () => {
    const withdrawn = event('DOCUMENT_DISCLOSURE_WITHDRAWN', {
      interestedPersonId: 'p1',
      summary: 'Internal reason',
      title: 'Police report withdrawn from Joan Walsh',
    });
    expect(familyWords(withdrawn, ['p1'])?.title).toBe(
      'The coroner’s office withdrew a document shared with you',
    );
    expect(JSON.stringify(familyWords(withdrawn, ['p1']))).not.toContain('Internal reason');
    expect(familyWords(withdrawn, ['p2'])).toBeNull();
  });

  it('dates a report to prevent future deaths by the day it was sent, and names who published it', () => {
    const sent = familyWords(
      event('PFD_REPORT_SENT', { sentOn: '2026-11-20', summary: 'Internal summary' }),
      [],
    );
    expect(sent!.text).toContain('sent a report on 20 November 2026');
    const published = (role: string) =>
      familyWords({ ...event('PFD_REPORT_PUBLISHED'), actor: { id: null, label: 'x', role } }, [])!.text;
    expect(published('coroner')).toMatch(/^The coroner published the report/);
    expect(published('chief-coroner')).toMatch(/^The Chief Coroner published the report/);
  });

  it('says a jury is required by law only where it is, not when the coroner chose one (s.7(2), s.7(3))', () => {
    const jury = (basis: string) => familyWords(event('DECIDE_JURY', { jury: true, basis }), [])!.text;
    expect(jury('S7_2_A')).toBe('The law requires a jury for this inquest.');
    expect(jury('S7_3')).toBe('The coroner decided that a jury should hear this inquest.');
  });

  it('tells a family whose inquest was set aside that the High Court ordered a fresh one, and when', () => {
    const words = familyWords(
      event('FRESH_INVESTIGATION_ORDERED', {
        supersedes: 'c1',
        supersedesReference: 'EL-2024-000003',
        court: 'High Court (Administrative Court)',
        orderedOn: '2026-07-30',
        grounds: 'Internal grounds',
      }),
      [],
    );
    expect(words).toEqual({
      title: 'The High Court ordered a fresh investigation',
      text: 'The earlier inquest was set aside by the High Court (Administrative Court) on 30 July 2026. The coroner will look at the death again from the start: who died, and when, where and how they died. Nothing the earlier inquest found is taken as settled.',
    });
  });

  it('tells the family the death can be registered once the registrar has the particulars, and where', () => {
    const words = familyWords(
      event('SEND_REGISTRAR_PARTICULARS', {
        sentOn: '2026-02-03',
        registerOffice: 'Newham Register Office',
        causeOfDeath: '1a Stab wound to the chest',
      }),
      [],
    );
    expect(words).toEqual({
      title: 'The death can now be registered',
      text: 'The coroner sent Newham Register Office the details it needs to register the death while the investigation is paused. You can ask the register office for copies of the death certificate.',
    });
    expect(JSON.stringify(words)).not.toContain('Stab wound');
  });

  it('leaves out the office’s own business and what concerns other people', () => {
    for (const type of [
      'RECORD_NOTE',
      'UPDATE_DETAILS',
      'ASSIGN',
      'INTERESTED_PERSON_DECISION',
      'SOMETHING_NEW',
    ])
      expect(familyWords(event(type, { note: 'private', title: 'Staff title' }), ['p1'])).toBeNull();
    expect(familyWords(event('DOCUMENT_DISCLOSED', { interestedPersonIds: ['p2'] }), ['p1'])).toBeNull();
    expect(
      familyWords(event('DOCUMENT_DISCLOSED', { interestedPersonIds: ['p2', 'p1'] }), ['p1'])?.title,
    ).toBe('The coroner’s office shared a document with you');
    // A changed Article 2 decision is told both ways, so the family is not left with the first.
    expect(familyWords(event('DECIDE_ARTICLE_2', { article2: 'ENGAGED' }), ['p1'])?.title).toBe(
      'The inquest will look more widely at the circumstances',
    );
    expect(familyWords(event('DECIDE_ARTICLE_2', { article2: 'NOT_ENGAGED' }), ['p1'])?.title).toBe(
      'The inquest will not be an "Article 2" inquest',
    );
  });

  it('says what happens next for every status', () => {
    for (const status of CASE_STATUSES) {
      const next = whatHappensNext(status, { suspension: null, inquest: null }, '2026-11-25');
      expect(next.length, status).toBeGreaterThan(0);
      for (const line of next) expect(line, status).toMatch(/^[A-Z].*\.$/);
    }
    // Paused after a charge, with a review set for 1 May 2027.
    const paused = {
      inquest: null,
      suspension: {
        basis: 'SCH1_PARA2',
        requestedBy: 'CPS',
        since: '2026-11-01',
        nextReviewOn: '2027-05-01',
      },
    } as const;
    expect(whatHappensNext('SUSPENDED', paused, '2026-11-25')).toContain(
      'The coroner will review the pause by 1 May 2027.',
    );
    const overdue = whatHappensNext('SUSPENDED', paused, '2027-05-02');
    expect(overdue).toContain(
      'The coroner was due to review the pause by 1 May 2027. If you have not heard, contact the coroner’s office.',
    );
  });
});
