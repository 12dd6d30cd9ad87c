import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  approvalStep,
  areaFromPercentages,
  checkArea,
  checkDisclosureDate,
  checkRedactionFits,
  checkReleasable,
  copyRecipient,
  decide,
  recipientText,
  redactedFileName,
  VERSION_STATES,
  type VersionState,
  withoutRedactedWords,
} from './documents.domain.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return error instanceof AppError ? error.code : 'OTHER';
  }
};

describe('approving a version', () => {
  it('goes from draft, to approved by the owner, to approved by the coroner', () => {
    expect(approvalStep('DRAFT', {}, 'provider')).toEqual({ stage: 'OWNER', state: 'OWNER_APPROVED' });
    expect(approvalStep('OWNER_APPROVED', {}, 'coroner')).toEqual({
      stage: 'CORONER',
      state: 'CORONER_APPROVED',
    });
  });

  it('lets the coroner’s office record the owner’s agreement only with a note of how it was given', () => {
    expect(codeOf(() => approvalStep('DRAFT', { stage: 'OWNER' }, 'officer'))).toBe('VALIDATION_FAILED');
    expect(approvalStep('DRAFT', { stage: 'OWNER', note: 'By email from DS Marsh' }, 'officer').state).toBe(
      'OWNER_APPROVED',
    );
  });

  it('keeps the coroner’s approval for the coroner, after the owner’s', () => {
    expect(codeOf(() => approvalStep('OWNER_APPROVED', {}, 'officer'))).toBe('FORBIDDEN');
    expect(codeOf(() => approvalStep('OWNER_APPROVED', {}, 'provider'))).toBe('FORBIDDEN');
    expect(codeOf(() => approvalStep('DRAFT', { stage: 'CORONER' }, 'coroner'))).toBe('ACTION_NOT_ALLOWED');
    expect(codeOf(() => approvalStep('CORONER_APPROVED', {}, 'coroner'))).toBe('ACTION_NOT_ALLOWED');
    expect(codeOf(() => approvalStep('OWNER_APPROVED', { stage: 'OWNER' }, 'provider'))).toBe(
      'ACTION_NOT_ALLOWED',
    );
  });

  it('only ever moves forward, and reaches the coroner’s approval only through a coroner after the owner', () => {
    const attempt = fc.record({
      role: fc.constantFrom(...ROLES),
      stage: fc.option(fc.constantFrom('OWNER' as const, 'CORONER' as const), { nil: undefined }),
      note: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 12 }), (attempts) => {
        let state: VersionState = 'DRAFT';
        for (const a of attempts) {
          let next: VersionState;
          try {
            next = approvalStep(state, a, a.role).state;
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            continue;
          }
          expect(VERSION_STATES.indexOf(next)).toBe(VERSION_STATES.indexOf(state) + 1);
          if (next === 'CORONER_APPROVED') {
            expect(a.role).toBe('coroner');
            expect(state).toBe('OWNER_APPROVED');
          }
          state = next;
        }
      }),
    );
  });
});

describe('the coroner’s decision on relevance and disclosure (r.15)', () => {
  it('withholds an irrelevant document under r.15(e), with reasons', () => {
    expect(decide({ relevance: 'NOT_RELEVANT', reasons: 'About another death' })).toEqual({
      relevance: 'NOT_RELEVANT',
      withheldGround: 'IRRELEVANT',
      reasons: 'About another death',
    });
    expect(codeOf(() => decide({ relevance: 'NOT_RELEVANT' }))).toBe('VALIDATION_FAILED');
  });

  it('withholds a relevant document only on a ground in r.15(a)–(d), with reasons', () => {
    expect(decide({ relevance: 'RELEVANT' }).withheldGround).toBeNull();
    expect(codeOf(() => decide({ relevance: 'RELEVANT', withhold: true, reasons: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      codeOf(() => decide({ relevance: 'RELEVANT', withhold: true, ground: 'IRRELEVANT', reasons: 'x' })),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide({ relevance: 'RELEVANT', withhold: true, ground: 'PROHIBITED' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      decide({
        relevance: 'RELEVANT',
        withhold: true,
        ground: 'CRIMINAL_PROCEEDINGS',
        reasons: 'Charge expected',
      }).withheldGround,
    ).toBe('CRIMINAL_PROCEEDINGS');
  });
});

describe('releasing a version', () => {
  it('needs the coroner’s approval and a document that is not withheld', () => {
    expect(
      codeOf(() => checkReleasable({ withheldGround: null }, { number: 2, state: 'CORONER_APPROVED' })),
    ).toBe('OK');
    expect(
      codeOf(() => checkReleasable({ withheldGround: null }, { number: 2, state: 'OWNER_APPROVED' })),
    ).toBe('ACTION_NOT_ALLOWED');
    expect(
      codeOf(() =>
        checkReleasable({ withheldGround: 'PROHIBITED' }, { number: 2, state: 'CORONER_APPROVED' }),
      ),
    ).toBe('ACTION_NOT_ALLOWED');
  });

  it('is dated today or earlier, not before the document was added', () => {
    expect(codeOf(() => checkDisclosureDate('2026-11-25', '2026-11-25', '2026-11-01'))).toBe('OK');
    expect(codeOf(() => checkDisclosureDate('2026-11-26', '2026-11-25', '2026-11-01'))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => checkDisclosureDate('2026-10-31', '2026-11-25', '2026-11-01'))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('marks the copy with the person, or with their representative acting for them', () => {
    const own = copyRecipient({ name: 'Joan Walsh' }, { name: 'Joan Walsh' }, 'self');
    expect(own).toEqual({ recipientName: 'Joan Walsh' });
    expect(recipientText(own)).toBe('Joan Walsh');
    const acting = copyRecipient({ name: 'Priya Nair' }, { name: 'Joan Walsh' }, 'representative');
    expect(acting).toEqual({ recipientName: 'Priya Nair', onBehalfOf: 'Joan Walsh' });
    expect(recipientText(acting)).toBe('Priya Nair for Joan Walsh');
  });
});

describe('where a redaction goes', () => {
  it('takes words in PDFs and text, areas in PDFs and pictures', () => {
    expect(codeOf(() => checkRedactionFits('application/pdf', 'text'))).toBe('OK');
    expect(codeOf(() => checkRedactionFits('application/pdf', 'box'))).toBe('OK');
    expect(codeOf(() => checkRedactionFits('image/png', 'text'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkRedactionFits('text/plain', 'box'))).toBe('VALIDATION_FAILED');
  });

  it('turns an area marked in percentages of the page into the document’s units, clipped to the page', () => {
    expect(areaFromPercentages({ left: 10, top: 50, width: 50, height: 10 }, [595, 842])).toEqual({
      x: 59.5,
      y: 421,
      width: 297.5,
      height: 84.2,
    });
    expect(areaFromPercentages({ left: 90, top: 0, width: 50, height: 100 }, [100, 200])).toEqual({
      x: 90,
      y: 0,
      width: 10,
      height: 200,
    });
    expect(codeOf(() => areaFromPercentages({ left: 100, top: 0, width: 10, height: 10 }, [100, 100]))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('always gives an area inside the page', () => {
    const pct = fc.double({ min: -50, max: 150, noNaN: true });
    fc.assert(
      fc.property(
        pct,
        pct,
        pct,
        pct,
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        (l, t, w, h, pw, ph) => {
          let area: { x: number; y: number; width: number; height: number };
          try {
            area = areaFromPercentages({ left: l, top: t, width: w, height: h }, [pw, ph]);
          } catch {
            return;
          }
          expect(area.width).toBeGreaterThan(0);
          expect(area.x + area.width).toBeLessThanOrEqual(pw + 0.01);
          expect(area.y + area.height).toBeLessThanOrEqual(ph + 0.01);
          expect(codeOf(() => checkArea(1, area, [[pw, ph]]))).toBe('OK');
        },
      ),
    );
  });

  it('cuts an area that runs off the page to the page, however large', () => {
    expect(checkArea(1, { x: 10, y: 20, width: 1e30, height: 1e30 }, [[595, 842]])).toEqual({
      x: 10,
      y: 20,
      width: 585,
      height: 822,
    });
    expect(checkArea(1, { x: 10, y: 20, width: 100, height: 50 }, [[595, 842]])).toEqual({
      x: 10,
      y: 20,
      width: 100,
      height: 50,
    });
  });

  it('refuses an area on a page the document does not have', () => {
    expect(codeOf(() => checkArea(3, { x: 0, y: 0, width: 1, height: 1 }, [[595, 842]]))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('the file name of a redacted version', () => {
  it('keeps the original name, without its extension, and says which version it is', () => {
    expect(redactedFileName('Post-mortem report.PDF', 2, 'pdf', [])).toBe(
      'Post-mortem report (redacted, version 2).pdf',
    );
  });

  it('replaces each redacted phrase, in any case, so the name does not say what was removed', () => {
    expect(
      redactedFileName('Operation NIGHTJAR - informant KESTREL debrief.pdf', 2, 'pdf', [
        'Nightjar',
        'kestrel',
      ]),
    ).toBe('Operation [redacted] - informant [redacted] debrief (redacted, version 2).pdf');
  });

  it('matches a phrase whose words the name separates differently, and longer phrases first', () => {
    expect(
      redactedFileName('operation_nightjar.Mill-Lane notes.pdf', 3, 'pdf', [
        'Nightjar',
        'Operation  Nightjar',
        '12 Mill Lane',
        'Mill Lane',
      ]),
    ).toBe('[redacted].[redacted] notes (redacted, version 3).pdf');
  });

  it('replaces the whole phrase only, never its words one by one', () => {
    expect(redactedFileName('Operation Kestrel report.txt', 2, 'txt', ['Operation Nightjar'])).toBe(
      'Operation Kestrel report (redacted, version 2).txt',
    );
  });

  it('treats redacted text literally, not as a pattern', () => {
    expect(redactedFileName('Case (A.B) file.png', 2, 'png', ['(a.b)', '.*'])).toBe(
      'Case [redacted] file (redacted, version 2).png',
    );
  });
});

describe('titles without redacted words', () => {
  it('replaces each redacted phrase in any case, however its words are separated', () => {
    expect(
      withoutRedactedWords('Debrief: Operation Nightjar (KESTREL_source)', ['nightjar', 'Kestrel source']),
    ).toBe('Debrief: Operation [redacted] ([redacted])');
    expect(withoutRedactedWords('Post-mortem report', ['a.b+c'])).toBe('Post-mortem report');
  });

  it('replaces whole words only, never the same letters inside another word', () => {
    expect(withoutRedactedWords('Crossing: statement of Mr Ross (ROSS_2)', ['Ross'])).toBe(
      'Crossing: statement of Mr [redacted] ([redacted]_2)',
    );
    expect(redactedFileName('Across the road - Rossiter.pdf', 2, 'pdf', ['ross'])).toBe(
      'Across the road - Rossiter (redacted, version 2).pdf',
    );
  });
});
