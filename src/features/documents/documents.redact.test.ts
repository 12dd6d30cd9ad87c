import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { redactDocument } from './documents.redact.ts';
import type { Redaction } from './documents.types.ts';
import { assertRedacted, findSurvivingText } from './documents.verify.ts';
import { makeImagePdf, makeJpeg, makePng, makeTextPdf } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

/** All text of a PDF as MuPDF extracts it, lines joined by spaces. */
function mupdfText(bytes: Uint8Array): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages.join('\n');
}

const flat = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

const statement = [
  [
    'Statement of DC Alice Brown, Operation Nightjar.',
    'The informant for NIGHTJAR met the deceased at the canal.',
    'Ambulance attended at 21:14 and the crew began CPR.',
  ],
  ['Page two. nightjar surveillance logs were reviewed.', 'The canal towpath was poorly lit.'],
  [
    'Page three mentions Operation Night-',
    'jar split over a line, and the informant',
    'lives at 12 Mill Lane, Salford.',
  ],
];

describe('redacting a PDF', () => {
  const original = makeTextPdf(statement);
  const redactions: Redaction[] = [
    { kind: 'text', text: 'nightjar', reason: 'SENSITIVE_OPERATIONAL' },
    { kind: 'text', text: 'the informant lives at 12 Mill Lane', reason: 'THIRD_PARTY_PERSONAL_DATA' },
  ];
  const redacted = redactDocument(original, 'application/pdf', redactions);

  it('removes every occurrence on every page, whatever its case, so neither MuPDF nor pdftotext finds it', () => {
    expect(flat(mupdfText(original))).toContain('nightjar');
    for (const text of [mupdfText(redacted.bytes), pdftotext(redacted.bytes)]) {
      if (text === undefined) continue;
      expect(flat(text)).not.toContain('nightjar');
      expect(flat(text)).not.toContain('night-');
      expect(flat(text)).not.toContain('mill lane');
    }
  });

  it('keeps the words that were not redacted', () => {
    for (const text of [mupdfText(redacted.bytes), pdftotext(redacted.bytes)]) {
      if (text === undefined) continue;
      for (const word of [
        'Statement of DC Alice Brown',
        'Ambulance attended at 21:14',
        'towpath',
        'Salford',
      ]) {
        expect(text).toContain(word);
      }
    }
  });

  it('prints the reason on each redacted area, shortened where the area is one short word', () => {
    const text = mupdfText(redacted.bytes);
    expect(text).toContain('Redacted: third-party personal data');
    expect(text.match(/Redacted\n/g)?.length).toBeGreaterThanOrEqual(3);
    const boxed = redactDocument(original, 'application/pdf', [
      {
        kind: 'box',
        page: 2,
        rect: { x: 60, y: 60, width: 300, height: 16 },
        reason: 'SENSITIVE_OPERATIONAL',
      },
    ]);
    expect(mupdfText(boxed.bytes)).toContain('Redacted: sensitive operational');
  });

  it('does not leave the text in the saved bytes', () => {
    const raw = Buffer.from(redacted.bytes).toString('latin1').toLowerCase();
    expect(raw).not.toContain('nightjar');
    expect(findSurvivingText(redacted.bytes, ['nightjar', 'Mill Lane'], [])).toEqual([]);
  });

  it('lists every area in the schedule, with its page, place, reason and text', () => {
    const [codename, address] = redacted.schedule.redactions;
    // Pages 1 and 2 once each, upper and lower case; page 3 split by a hyphen over two lines.
    expect(codename).toMatchObject({ kind: 'text', reason: 'SENSITIVE_OPERATIONAL', pages: [1, 2, 3] });
    expect(codename?.hits).toBe(5);
    expect(address).toMatchObject({ hits: 2, pages: [3] });
    for (const area of redacted.schedule.areas) {
      expect(area.rect?.width).toBeGreaterThan(0);
      expect(area.rect?.height).toBeGreaterThan(0);
    }
  });

  it('removes the text and the image pixels under a box', () => {
    const pdf = makeImagePdf('Scene photograph: registration KX19 ABC', { x: 200, y: 200 });
    const result = redactDocument(pdf, 'application/pdf', [
      {
        kind: 'box',
        page: 1,
        rect: { x: 200, y: 200, width: 50, height: 100 },
        reason: 'THIRD_PARTY_PERSONAL_DATA',
      },
      { kind: 'box', page: 1, rect: { x: 60, y: 30, width: 400, height: 20 }, reason: 'OTHER' },
    ]);
    expect(result.schedule.areas[1]?.text).toContain('KX19 ABC');
    expect(mupdfText(result.bytes)).not.toContain('KX19');
    const text = pdftotext(result.bytes);
    if (text !== undefined) expect(text).not.toContain('KX19');

    const doc = new mupdf.PDFDocument(result.bytes);
    const xobjects = doc.loadPage(0).getObject().get('Resources').get('XObject');
    const images: mupdf.Pixmap[] = [];
    xobjects.forEach((ref) => {
      if (ref.get('Subtype').asName() === 'Image') images.push(doc.loadImage(ref).toPixmap());
    });
    expect(images).toHaveLength(1);
    const image = images[0]!;
    const pixel = (x: number, y: number) => {
      const n = image.getNumberOfComponents() + image.getAlpha();
      const at = y * image.getStride() + x * n;
      return [...image.getPixels().slice(at, at + 3)];
    };
    expect(pixel(75, 50)).toEqual([220, 20, 20]);
    expect(pixel(25, 50)).not.toEqual([220, 20, 20]);
    expect(pixel(5, 5)).not.toEqual([220, 20, 20]);
  });

  it('scrubs redacted text from the document information and bookmarks', () => {
    const doc = new mupdf.PDFDocument(makeTextPdf(statement));
    doc.setMetaData('info:Title', 'Operation Nightjar: statement');
    doc.setMetaData('info:Subject', 'nightjar');
    const withInfo = doc.saveToBuffer('').asUint8Array().slice();
    const result = redactDocument(withInfo, 'application/pdf', [redactions[0]!]);
    const out = new mupdf.PDFDocument(result.bytes);
    expect(out.getMetaData('info:Title')).toBe('Operation [REDACTED: sensitive operational]: statement');
    expect(findSurvivingText(result.bytes, ['nightjar'], [])).toEqual([]);
  });

  it('does not mistake its own labels and markers for surviving text', () => {
    const doc = new mupdf.PDFDocument(makeTextPdf([['An operational decision was taken.']]));
    doc.setMetaData('info:Title', 'Operational review');
    const result = redactDocument(doc.saveToBuffer('').asUint8Array().slice(), 'application/pdf', [
      { kind: 'text', text: 'operational', reason: 'SENSITIVE_OPERATIONAL' },
    ]);
    expect(result.schedule.redactions[0]?.hits).toBe(1);
    expect(mupdfText(result.bytes)).not.toMatch(/an operational/i);
  });

  it('refuses a box on a page that does not exist', () => {
    expect(() =>
      redactDocument(original, 'application/pdf', [
        { kind: 'box', page: 4, rect: { x: 0, y: 0, width: 10, height: 10 }, reason: 'OTHER' },
      ]),
    ).toThrow('Page 4 does not exist: the document has 3 pages.');
  });

  it('verification notices text that was not removed', () => {
    expect(findSurvivingText(original, ['NIGHTJAR'], []).map((s) => s.where)).toContain('page 2');
    expect(() => assertRedacted(original, ['nightjar'], [])).toThrow(
      expect.objectContaining({ code: 'REDACTION_NOT_VERIFIED' }),
    );
  });

  it('gives the same result for the same original and redactions', () => {
    const again = redactDocument(original, 'application/pdf', redactions);
    expect(again.schedule).toEqual(redacted.schedule);
    expect(flat(mupdfText(again.bytes))).toEqual(flat(mupdfText(redacted.bytes)));
  });
});

describe('redacting an image', () => {
  for (const [contentType, make] of [
    ['image/png', makePng],
    ['image/jpeg', makeJpeg],
  ] as const) {
    it(`blacks out the area of a ${contentType} and keeps the rest`, () => {
      const original = make(200, 120, [40, 160, 60]);
      const result = redactDocument(original, contentType, [
        {
          kind: 'box',
          page: 1,
          rect: { x: 20, y: 20, width: 120, height: 60 },
          reason: 'THIRD_PARTY_PERSONAL_DATA',
        },
      ]);
      const pixmap = new mupdf.Image(result.bytes).toPixmap();
      const at = (x: number, y: number) => {
        const i = y * pixmap.getStride() + x * pixmap.getNumberOfComponents();
        return [...pixmap.getPixels().slice(i, i + 3)];
      };
      // JPEG is lossy: compare with a tolerance, away from the edges of the area.
      const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= 12);
      expect(near(at(26, 26), [0, 0, 0])).toBe(true);
      expect(near(at(132, 72), [0, 0, 0])).toBe(true);
      expect(near(at(180, 100), [40, 160, 60])).toBe(true);
      expect(near(at(5, 5), [40, 160, 60])).toBe(true);
      // The label is drawn in white inside the area.
      let white = 0;
      for (let y = 20; y < 80; y++)
        for (let x = 20; x < 140; x++) if (at(x, y).every((v) => v > 128)) white++;
      expect(white).toBeGreaterThan(20);
      expect(result.schedule.areas).toEqual([
        {
          redaction: 0,
          page: 1,
          rect: { x: 20, y: 20, width: 120, height: 60 },
          reason: 'THIRD_PARTY_PERSONAL_DATA',
          text: '',
        },
      ]);
    });
  }

  it('refuses text redaction on an image', () => {
    expect(() =>
      redactDocument(makePng(10, 10), 'image/png', [{ kind: 'text', text: 'name', reason: 'OTHER' }]),
    ).toThrow(expect.objectContaining({ code: 'REDACTION_NOT_APPLICABLE' }));
  });

  it('refuses an area outside the picture', () => {
    expect(() =>
      redactDocument(makePng(10, 10), 'image/png', [
        { kind: 'box', page: 1, rect: { x: 20, y: 20, width: 5, height: 5 }, reason: 'OTHER' },
      ]),
    ).toThrow('The area to redact is outside the picture, which is 10 × 10 pixels. Mark the area again.');
  });
});

describe('redacting plain text', () => {
  it('replaces every occurrence, in any case and across line breaks, with a labelled marker', () => {
    const original = new TextEncoder().encode(
      'Nightjar briefing.\nSee NIGHTJAR log; the\ninformant  lives nearby.\n',
    );
    const result = redactDocument(original, 'text/plain', [
      { kind: 'text', text: 'nightjar', reason: 'SENSITIVE_OPERATIONAL' },
      { kind: 'text', text: 'the informant', reason: 'THIRD_PARTY_PERSONAL_DATA' },
    ]);
    expect(new TextDecoder().decode(result.bytes)).toBe(
      '[REDACTED: sensitive operational] briefing.\nSee [REDACTED: sensitive operational] log; [REDACTED: third-party personal data]  lives nearby.\n',
    );
    expect(result.schedule.redactions.map((r) => r.hits)).toEqual([2, 1]);
    expect(result.schedule.areas[2]).toMatchObject({ page: null, rect: null, text: 'the\ninformant' });
  });

  it('refuses a box on plain text', () => {
    expect(() =>
      redactDocument(new TextEncoder().encode('x'), 'text/plain', [
        { kind: 'box', page: 1, rect: { x: 0, y: 0, width: 1, height: 1 }, reason: 'OTHER' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'REDACTION_NOT_APPLICABLE' }));
  });
});
