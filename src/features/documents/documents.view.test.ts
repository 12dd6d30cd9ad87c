import { describe, expect, it } from 'vitest';
import { pagesPhrase } from './documents.schedule.ts';
import {
  attachmentsRemovedRows,
  disclosureStatus,
  fileDescription,
  fileSize,
  marksAppliedRows,
  pagesAsPicturesRows,
  redactionWhat,
  scheduleRows,
  sharedRows,
} from './documents.view.ts';

describe('shaping documents for pages', () => {
  it('describes files and pages in plain words', () => {
    expect(fileSize(830 * 1024)).toBe('830 KB');
    expect(fileSize(2.5 * 1024 * 1024)).toBe('2.5 MB');
    expect(fileDescription({ contentType: 'application/pdf', size: 2048, pageCount: 1 })).toBe(
      'PDF, 2 KB, 1 page',
    );
    expect(fileDescription({ contentType: 'image/jpeg', size: 500, pageCount: 1 })).toBe(
      'JPEG image, 500 bytes',
    );
    expect(pagesPhrase([3])).toBe('page 3');
    expect(pagesPhrase([1, 2, 5])).toBe('pages 1, 2 and 5');
    expect(redactionWhat({ kind: 'text', text: 'Operation Kestrel', page: null })).toBe(
      '“Operation Kestrel”',
    );
    expect(redactionWhat({ kind: 'box', text: null, page: 2 })).toBe('An area of page 2');
  });

  it('says whether a document is withheld, released or neither', () => {
    expect(disclosureStatus({ withheldGround: 'CRIMINAL_PROCEEDINGS', activeReleases: 0 })).toBe(
      'Withheld (r.15(d))',
    );
    expect(disclosureStatus({ withheldGround: null, activeReleases: 2 })).toBe('Released (2)');
    expect(disclosureStatus({ withheldGround: null, activeReleases: 0 })).toBe('Not released');
  });

  it('lists the schedule with what, where, why and by whom', () => {
    const [row] = scheduleRows([
      {
        redactionId: 'r1',
        kind: 'text',
        what: 'Kestrel',
        pages: [1, 2],
        hits: 3,
        reason: 'SENSITIVE_OPERATIONAL',
        note: 'Live operation',
        proposedBy: 'DS Alan Marsh, Metropolitan Police Service',
        proposedAt: '2026-11-25T10:00:00.000Z',
      },
    ]);
    expect(row!.map((c) => c.text)).toEqual([
      '“Kestrel”',
      '3 places on pages 1 and 2',
      'Sensitive operational information. Live operation',
      'DS Alan Marsh, Metropolitan Police Service, 25 November 2026',
    ]);
  });

  it('says on a version which attached files were left out of it, and nothing when none were', () => {
    expect(attachmentsRemovedRows({ attachmentsRemoved: ['informant.txt', 'photo.jpg'] })).toEqual([
      {
        key: { text: 'Attached files' },
        value: {
          text: 'Removed from this version, as their content cannot be redacted: informant.txt, photo.jpg',
        },
      },
    ]);
    expect(attachmentsRemovedRows({ attachmentsRemoved: [] })).toEqual([]);
    expect(attachmentsRemovedRows({})).toEqual([]);
    expect(attachmentsRemovedRows(null)).toEqual([]);
  });

  it('says on a version which redactions the supplier had marked were applied, and nothing when none were', () => {
    const rect = { x: 0, y: 0, width: 10, height: 10 };
    expect(
      marksAppliedRows({
        marksApplied: [
          { page: 1, rect, text: 'Daniel Fletcher' },
          { page: 3, rect, text: '' },
        ],
      }),
    ).toEqual([
      {
        key: { text: 'Redactions marked by the supplier' },
        value: {
          text: 'Applied in this version, the text under them removed: 2 areas, page 1 (“Daniel Fletcher”); page 3',
        },
      },
    ]);
    expect(marksAppliedRows({})).toEqual([]);
    expect(marksAppliedRows(null)).toEqual([]);
  });

  it('says on a version which pages were made into pictures of themselves, and nothing when none were', () => {
    expect(pagesAsPicturesRows({ pagesAsPictures: [3] })).toEqual([
      {
        key: { text: 'Pages made into pictures' },
        value: {
          text: 'Page 3 is now a picture of the redacted page, because a picture on it could not be redacted any other way. Its words can be read but not selected or searched.',
        },
      },
    ]);
    expect(pagesAsPicturesRows({ pagesAsPictures: [2, 5] })[0]!.value.text).toMatch(
      /^Pages 2 and 5 are now pictures of the redacted pages, because pictures on them/,
    );
    expect(pagesAsPicturesRows({ pagesAsPictures: [] })).toEqual([]);
    expect(pagesAsPicturesRows({})).toEqual([]);
    expect(pagesAsPicturesRows(null)).toEqual([]);
  });

  it('tells the family only the title, which copy and when, with the link escaped', () => {
    const [row] = sharedRows(
      [
        {
          disclosureId: 'd',
          documentId: 'doc',
          title: 'Report <draft>',
          kind: 'CONDUCT_REPORT',
          versionNumber: 2,
          versionKind: 'REDACTED',
          contentType: 'application/pdf',
          size: 4096,
          disclosedOn: '2026-11-25',
          method: 'ONLINE',
          personId: 'p',
          personName: 'Joan Walsh',
          capacity: 'self',
        },
      ],
      () => '/portal/x',
    );
    expect(row![0]).toEqual({ text: 'Report <draft>' });
    expect(row![1]).toEqual({ text: 'Copy with some parts removed' });
    expect(row![3]!.html).toContain('Report &lt;draft&gt;');
    expect(JSON.stringify(row)).not.toContain('Kestrel');
  });
});
