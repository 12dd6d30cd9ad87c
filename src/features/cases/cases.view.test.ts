import { describe, expect, it } from 'vitest';
import { asReported, type CaseDetail, seenAsReported } from './cases.view.ts';

const event = (seq: number, type: string, payload: Record<string, unknown> = {}) => ({
  seq,
  type,
  at: '2026-11-20T09:30:00.000Z',
  actor: 'PC Jones',
  payload,
});

function detail(events: CaseDetail['events']): CaseDetail {
  return {
    reference: 'EL-2026-000001',
    status: 'INVESTIGATION_OPEN',
    deceased: { givenNames: 'Anthony', familyName: 'Walgate' },
    death: { circumstances: 'Seen arguing the night before.' },
    people: [{ id: 'b', role: 'person-of-interest', name: 'Darren Quaid' }],
    toxicology: { tested: ['GHB'], detected: ['GHB'] },
    events,
  } as unknown as CaseDetail;
}

describe('a death as its reporter sees it', () => {
  it('is the report as it was sent, whatever the office has learnt since', () => {
    const report = {
      deceased: { givenNames: 'Anthony', familyName: 'Walgate' },
      death: { circumstances: 'Found by a dog walker.' },
      people: [{ id: 'a', role: 'finder', name: 'Margaret Hale' }],
      circumstanceTags: [],
      toxicology: { tested: [], detected: [] },
      policeClassification: null,
    };
    const c = detail([event(1, 'REPORTED', { report }), event(2, 'UPDATE_DETAILS')]);
    const seen = asReported(c);
    expect(seen.people.map((p) => p.name)).toEqual(['Margaret Hale']);
    expect(seen.death.circumstances).toBe('Found by a dog walker.');
    expect(seen.toxicology).toEqual({ tested: [], detected: [] });
    expect(seen.events.map((e) => e.type)).toEqual(['REPORTED']);
    expect(seenAsReported(c)).toBe(true);
  });

  it('is the case as it stands for a report not kept whole: as reported only until its details change', () => {
    expect(seenAsReported(detail([event(1, 'REPORTED'), event(2, 'OPEN_PRELIMINARY_ENQUIRIES')]))).toBe(true);
    const changed = detail([event(1, 'REPORTED'), event(2, 'UPDATE_DETAILS')]);
    expect(seenAsReported(changed)).toBe(false);
    expect(asReported(changed).people.map((p) => p.name)).toEqual(['Darren Quaid']);
  });
});
