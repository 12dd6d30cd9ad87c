import { gzipSync } from 'node:zlib';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { redactDocument } from './documents.redact.ts';
import { countTextHits } from './documents.redact-pdf.ts';
import { findText } from './documents.search.ts';
import type { Redaction } from './documents.types.ts';
import {
  assertRedacted,
  findAlternativeTexts,
  findAttachments,
  findSurvivingText,
  findThumbnails,
  findUnappliedRedactions,
  isBinaryStream,
} from './documents.verify.ts';
import {
  glyphIds,
  makeContentPdf,
  makeImagePdf,
  makeJpeg,
  makePixmap,
  makePng,
  makeRawPng,
  makeTextPdf,
  PNG_COLOUR,
} from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

/** All text of a PDF as MuPDF extracts it, lines joined by spaces. */
function mupdfText(bytes: Uint8Array): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages.join('\n');
}

/** Every content stream of a PDF (pages and the forms they draw), decompressed. */
function pageContent(bytes: Uint8Array): string {
  const doc = new mupdf.PDFDocument(bytes);
  const streams: string[] = [];
  for (let num = 1; num < doc.countObjects(); num++) {
    const ref = doc.newIndirect(num);
    if (ref.isStream() && !isBinaryStream(ref) && ref.get('Length1').isNull())
      streams.push(Buffer.from(ref.readStream().asUint8Array()).toString('latin1'));
  }
  return streams.join('\n');
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
    expect(result.schedule.pagesAsPictures).toEqual([]);
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
      const n = image.getNumberOfComponents();
      const at = y * image.getStride() + x * n;
      return [...image.getPixels().slice(at, at + 3)];
    };
    expect(pixel(75, 50)).toEqual([220, 20, 20]);
    expect(pixel(25, 50)).not.toEqual([220, 20, 20]);
    expect(pixel(5, 5)).not.toEqual([220, 20, 20]);
  });

  it('removes every path drawn in a box, even one that runs outside it, and keeps those clear of it', () => {
    // In PDF space (from the bottom): a stroke inside the box, one crossing its edge, one clear of it,
    // and a signature in an ink annotation, which redaction draws into the page first.
    const original = makeContentPdf(
      'q 3 w 72 640 m 92 600 l S Q q 2 w 150 630 m 400 630 l S Q q 1 w 450 500 m 500 450 l S Q',
      (doc) => {
        const ink = doc.loadPage(0).createAnnotation('Ink');
        ink.setInkList([
          [
            [80, 220],
            [110, 200],
            [140, 230],
            [170, 205],
          ],
        ]);
        ink.update();
      },
    );
    const box: Redaction = {
      kind: 'box',
      page: 1,
      rect: { x: 60, y: 180, width: 130, height: 70 },
      reason: 'THIRD_PARTY_PERSONAL_DATA',
    };
    const before = pageContent(original);
    expect(before).toContain('72 640 m');
    const after = pageContent(redactDocument(original, 'application/pdf', [box]).bytes);
    expect(after).not.toContain('72 640 m');
    expect(after).not.toContain('150 630 m');
    expect(after).not.toMatch(/\d\s+(c|v|y)\b/);
    expect(after).toContain('450 500 m');
  });

  it('replaces by a picture a page with a marked area that paints pictures through a pattern', () => {
    // MuPDF removes no pixels from a picture painted through a tiling pattern: the page goes instead.
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Scene photograph below.) Tj ET q /Pattern cs /P1 scn 200 542 100 100 re f Q',
      (doc, page) => {
        const image = doc.addImage(new mupdf.Image(makePixmap(20, 20, [220, 20, 20])));
        const pattern = doc.addStream('q 100 0 0 100 0 0 cm /Im Do Q', {
          Type: 'Pattern',
          PatternType: 1,
          PaintType: 1,
          TilingType: 1,
          BBox: [0, 0, 100, 100],
          XStep: 100,
          YStep: 100,
          Resources: { XObject: { Im: image } },
        });
        page.get('Resources').put('Pattern', doc.newDictionary());
        page.get('Resources').get('Pattern').put('P1', pattern);
      },
    );
    const box: Redaction = {
      kind: 'box',
      page: 1,
      rect: { x: 190, y: 190, width: 120, height: 120 },
      reason: 'THIRD_PARTY_PERSONAL_DATA',
    };
    const redacted = redactDocument(original, 'application/pdf', [box]);
    expect(redacted.schedule.pagesAsPictures).toEqual([1]);
    const doc = new mupdf.PDFDocument(redacted.bytes);
    const red = (pixmap: mupdf.Pixmap) => {
      const n = pixmap.getNumberOfComponents();
      const pixels = pixmap.getPixels();
      for (let at = 0; at + 2 < pixels.length; at += n)
        if (pixels[at] === 220 && pixels[at + 1] === 20 && pixels[at + 2] === 20) return true;
      return false;
    };
    for (let num = 1; num < doc.countObjects(); num++) {
      const ref = doc.newIndirect(num);
      expect(ref.get('Type').isName() && ref.get('Type').asName() === 'Pattern').toBe(false);
      if (ref.get('Subtype').isName() && ref.get('Subtype').asName() === 'Image')
        expect(red(doc.loadImage(ref).toPixmap())).toBe(false);
    }
    const [x0, y0, x1, y1] = doc.loadPage(0).getBounds();
    expect([x1 - x0, y1 - y0]).toEqual([595, 842]);
    // The rest of the page is still there, as pixels.
    const shown = doc.loadPage(0).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false);
    const at = 195 * shown.getStride() + 195 * 3;
    expect([...shown.getPixels().slice(at, at + 3)]).toEqual([0, 0, 0]);
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

/**
 * All text of a PDF as a reader could get it out: every layer shown (its /OCProperties removed before
 * MuPDF reads them), and the glyphs drawn rather than any /ActualText said of them.
 */
function everyLayerText(bytes: Uint8Array): string {
  const doc = new mupdf.PDFDocument(bytes);
  doc.getTrailer().get('Root').delete('OCProperties');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    pages.push(doc.loadPage(i).toStructuredText('clip=no,ignore-actualtext').asText());
  }
  return pages.join('\n');
}

const codename: Redaction = { kind: 'text', text: 'nightjar', reason: 'SENSITIVE_OPERATIONAL' };
const MARKER = '[REDACTED: sensitive operational]';

/** A PDF text string in UTF-16, hexadecimal, as /ActualText is often written. */
const utf16 = (text: string) => `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex')}>`;

describe('redacting what a PDF keeps out of sight', () => {
  it('removes attached files, names them in the schedule, and refuses a version that still has one', () => {
    // Packed, as attachments often are: nothing in the file reads "nightjar" until it is unpacked.
    const note = (name: string) =>
      [name, 'application/gzip', gzipSync(`Operation Nightjar: ${name}`), new Date(0), new Date(0)] as const;
    const original = makeContentPdf('BT /F1 11 Tf 72 770 Td (Operation Nightjar statement.) Tj ET', (doc) => {
      doc.insertEmbeddedFile('informant.txt', doc.addEmbeddedFile(...note('informant.txt')));
      const annot = doc.loadPage(0).createAnnotation('FileAttachment');
      annot.setRect([72, 700, 90, 718]);
      annot.setFileSpec(doc.addEmbeddedFile(...note('photo.txt')));
      annot.update();
      doc
        .getTrailer()
        .get('Root')
        .put('AF', [doc.addEmbeddedFile(...note('source.txt'))]);
    });
    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(Object.keys(new mupdf.PDFDocument(result.bytes).getEmbeddedFiles())).toEqual([]);
    expect(findAttachments(original).length).toBeGreaterThan(0);
    expect(findAttachments(result.bytes)).toEqual([]);
    expect(result.schedule.attachmentsRemoved).toEqual(['informant.txt', 'photo.txt', 'source.txt']);
    expect(mupdfText(result.bytes)).not.toMatch(/nightjar/i);
    expect(mupdfText(result.bytes)).toContain('statement.');

    // The check alone: a file whose only mention is inside a compressed attachment is refused.
    const attachedOnly = makeContentPdf('BT /F1 11 Tf 72 770 Td (Statement.) Tj ET', (doc) => {
      doc.insertEmbeddedFile('informant.txt', doc.addEmbeddedFile(...note('informant.txt')));
    });
    expect(findSurvivingText(attachedOnly, ['nightjar'], [])).toEqual([]);
    expect(() => assertRedacted(attachedOnly, ['nightjar'], [])).toThrow('it still has attached files');
  });

  it("removes each page's thumbnail, a picture of the page before redaction, and refuses a version that keeps one", () => {
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Operation Nightjar statement.) Tj ET',
      (doc, page) => {
        page.put('Thumb', doc.addImage(new mupdf.Image(makePixmap(60, 80, [220, 20, 20]))));
      },
    );
    expect(findThumbnails(original)).toEqual([1]);
    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(findThumbnails(result.bytes)).toEqual([]);
    const doc = new mupdf.PDFDocument(result.bytes);
    const images = Array.from({ length: doc.countObjects() - 1 }, (_, i) => doc.newIndirect(i + 1)).filter(
      (ref) => ref.get('Subtype').isName() && ref.get('Subtype').asName() === 'Image',
    );
    expect(images).toEqual([]);
    expect(() => assertRedacted(original, [], [])).toThrow('a page still has a thumbnail picture');
  });

  it('applies the redactions the supplier marked in the PDF, lists them, and refuses a version that keeps one unapplied', () => {
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Witness: Daniel Fletcher of 14 Acacia Road.) Tj ET BT /F1 11 Tf 72 740 Td (Operation Nightjar ended at 23:00.) Tj ET',
      (doc) => {
        const mark = doc.loadPage(0).createAnnotation('Redact');
        mark.setRect([125, 60, 320, 76]);
        mark.update();
      },
    );
    // A Redact annotation only draws a box: the text under it is still there until it is applied.
    expect(mupdfText(original)).toContain('Daniel Fletcher');
    expect(findUnappliedRedactions(original)).toEqual([1]);
    expect(() => assertRedacted(original, [], [])).toThrow('a redaction mark was left on the page');

    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(mupdfText(result.bytes)).not.toMatch(/Fletcher|Acacia/);
    const text = pdftotext(result.bytes);
    if (text !== undefined) expect(text).not.toMatch(/Fletcher|Acacia/);
    expect(mupdfText(result.bytes)).toContain('Witness:');
    expect(mupdfText(result.bytes)).toContain('ended at 23:00.');
    expect(findUnappliedRedactions(result.bytes)).toEqual([]);
    expect(result.schedule.marksApplied).toEqual([
      { page: 1, rect: { x: 125, y: 60, width: 195, height: 16 }, text: expect.stringContaining('Fletcher') },
    ]);
    expect(countTextHits(original, 'Fletcher')).toEqual({ hits: 0, pages: [] });
  });

  it('takes an opaque black rectangle drawn over text as a redaction, keeping the box, but not a pale one', () => {
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Informant codename KESTREL met officers.) Tj ET BT /F1 11 Tf 72 740 Td (Highlighted: the deployment ended.) Tj ET',
      (doc) => {
        const page = doc.loadPage(0);
        const black = page.createAnnotation('Square');
        black.setRect([165, 60, 230, 76]);
        black.setInteriorColor([0, 0, 0]);
        black.update();
        const pale = page.createAnnotation('Square');
        pale.setRect([130, 90, 230, 106]);
        pale.setInteriorColor([1, 1, 0]);
        pale.update();
      },
    );
    expect(mupdfText(original)).toContain('KESTREL');
    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(mupdfText(result.bytes)).not.toContain('KESTREL');
    expect(mupdfText(result.bytes)).toContain('the deployment ended.');
    expect(result.schedule.marksApplied).toEqual([
      { page: 1, rect: { x: 165, y: 60, width: 65, height: 16 }, text: expect.stringContaining('KESTREL') },
    ]);
    // The box is still drawn where it was.
    const pixmap = new mupdf.PDFDocument(result.bytes)
      .loadPage(0)
      .toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false);
    const at = 68 * pixmap.getStride() + 210 * pixmap.getNumberOfComponents();
    expect([...pixmap.getPixels().slice(at, at + 3)]).toEqual([0, 0, 0]);
  });

  it('finds, removes and checks text in a hidden layer, even when kerning splits it', () => {
    const hidden = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Visible line.) Tj ET\n' +
        '/OC /oc1 BDC BT /F1 11 Tf 72 740 Td [(Ni)10(ght)-5(jar in a hidden layer)] TJ ET EMC',
      (doc, page) => {
        const layer = doc.addObject({ Type: 'OCG', Name: '(Hidden)' });
        page.get('Resources').put('Properties', { oc1: layer });
        doc
          .getTrailer()
          .get('Root')
          .put('OCProperties', { OCGs: [layer], D: { OFF: [layer] } });
      },
    );
    expect(mupdfText(hidden)).not.toMatch(/nightjar/i);
    const result = redactDocument(hidden, 'application/pdf', [codename]);
    expect(flat(everyLayerText(result.bytes))).not.toContain('nightjar');
    expect(everyLayerText(result.bytes)).toContain('in a hidden layer');
    // A redacted version hides nothing: it has no layers left to switch off.
    expect(mupdfText(result.bytes)).toContain('in a hidden layer');
    expect(result.schedule.redactions[0]?.hits).toBe(1);
    expect(findText(hidden, 'application/pdf', 'nightjar')).toEqual({ hits: 1, pages: [1] });
    expect(findSurvivingText(hidden, ['nightjar'], []).length).toBeGreaterThan(0);
  });

  it('checks text split by kerning in a stream that no page shows', () => {
    const unused = makeContentPdf('BT /F1 11 Tf 72 770 Td (Statement.) Tj ET', (doc, page) => {
      const form = doc.addStream('BT /F1 11 Tf 0 0 Td [(Ni)10(ght)-5(jar)] TJ ET', {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, 100, 20],
      });
      page.get('Resources').put('XObject', { X1: form });
    });
    expect(findSurvivingText(unused, ['nightjar'], []).map((s) => s.where)).toEqual([
      expect.stringMatching(/^object \d+$/),
    ]);
    // Pieces a word-space apart are two words, as MuPDF reads them.
    const spaced = makeContentPdf('BT /F1 11 Tf 72 770 Td [(Night)-300(jar)] TJ ET');
    expect(findSurvivingText(spaced, ['nightjar'], [])).toEqual([]);
  });

  it('finds, removes and checks letter-spaced text, without joining real words', () => {
    const original = makeContentPdf(
      `BT /F2 14 Tf 4 Tc 72 770 Td ${glyphIds('NIGHTJAR')} Tj ET\n` +
        'BT /F1 11 Tf 0 Tc 72 740 Td (A night jar is not the bird.) Tj ET',
    );
    expect(mupdfText(original)).toContain('N I G H T J A R');
    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(flat(mupdfText(result.bytes))).not.toContain('n i g h t j a r');
    expect(mupdfText(result.bytes)).toContain('A night jar is not the bird.');
    expect(result.schedule.redactions[0]?.hits).toBe(1);
    expect(findText(original, 'application/pdf', 'nightjar')).toEqual({ hits: 1, pages: [1] });
    expect(findSurvivingText(original, ['nightjar'], []).map((s) => s.where)).toEqual(['page 1', 'page 1']);
  });

  it('keeps the images of a page whose words are redacted', () => {
    const pdf = makeImagePdf('Photograph taken during Operation Nightjar', { x: 200, y: 200 });
    const result = redactDocument(pdf, 'application/pdf', [codename]);
    const doc = new mupdf.PDFDocument(result.bytes);
    const images: mupdf.PDFObject[] = [];
    doc
      .loadPage(0)
      .getObject()
      .get('Resources')
      .get('XObject')
      .forEach((ref) => {
        images.push(ref);
      });
    expect(images).toHaveLength(1);
    expect(images[0]!.isStream()).toBe(true);
    const pixmap = doc.loadImage(images[0]!).toPixmap();
    expect([...pixmap.getPixels().slice(0, 3)]).toEqual([220, 20, 20]);
  });

  it('redacts a title kept as a string object of its own, and /ActualText in the page content', () => {
    const original = makeContentPdf(
      'BT /F1 11 Tf 72 770 Td (Operation Nightjar.) Tj ET\n' +
        `/Span << /ActualText ${utf16('Operation Nightjar')} >> BDC BT /F1 11 Tf 72 740 Td (Codename X) Tj ET EMC\n` +
        '/Span << /ActualText (The \\(Nightjar\\) team) >> BDC BT /F1 11 Tf 72 710 Td (Team Y) Tj ET EMC',
      (doc) => {
        doc.getTrailer().put('Info', doc.addObject({ Title: doc.addObject('(Indirect Nightjar title)') }));
      },
    );
    const result = redactDocument(original, 'application/pdf', [codename]);
    const out = new mupdf.PDFDocument(result.bytes);
    expect(out.getMetaData('info:Title')).toBe(`Indirect ${MARKER} title`);
    const text = mupdfText(result.bytes);
    expect(flat(text)).not.toContain('nightjar');
    expect(text).toContain(`Operation ${MARKER}`);
    expect(text).toContain(`The (${MARKER}) team`);
    const poppler = pdftotext(result.bytes);
    if (poppler !== undefined) expect(flat(poppler)).not.toContain('nightjar');
  });

  it('removes words drawn under /ActualText that says something else', () => {
    const original = makeContentPdf(
      `/Span << /ActualText (Codename X) >> BDC BT /F2 11 Tf 72 770 Td ${glyphIds('Nightjar')} Tj ET EMC`,
    );
    expect(mupdfText(original)).not.toMatch(/nightjar/i);
    const result = redactDocument(original, 'application/pdf', [codename]);
    expect(result.schedule.redactions[0]?.hits).toBe(1);
    expect(flat(everyLayerText(result.bytes))).not.toContain('nightjar');
  });

  it('keeps no alternative text in a version with an area marked: it could say what the area covered', () => {
    const original = makeContentPdf(
      '/Span << /ActualText (Witness Jane Doe 07700900123) >> BDC BT /F1 11 Tf 72 770 Td (Witness Jane Doe 07700900123) Tj ET EMC\n' +
        'BT /F1 11 Tf 72 500 Td (Nothing to hide here) Tj ET',
      (doc) => {
        const figure = doc.addObject({
          Type: doc.newName('StructElem'),
          S: doc.newName('Figure'),
          Alt: doc.newString('Informant Zed Quill'),
        });
        const root = doc.getTrailer().get('Root');
        root.put('StructTreeRoot', doc.addObject({ Type: doc.newName('StructTreeRoot'), K: figure }));
      },
    );
    expect(findAlternativeTexts(original)).toHaveLength(2);
    const result = redactDocument(original, 'application/pdf', [
      {
        kind: 'box',
        page: 1,
        rect: { x: 60, y: 55, width: 300, height: 25 },
        reason: 'THIRD_PARTY_PERSONAL_DATA',
      },
    ]);
    expect(result.schedule.areas[0]?.text).toBe('Witness Jane Doe 07700900123');
    expect(findAlternativeTexts(result.bytes)).toEqual([]);
    const raw = Buffer.from(
      new mupdf.PDFDocument(result.bytes).saveToBuffer('decompress').asUint8Array(),
    ).toString('latin1');
    expect(raw).not.toContain('Jane Doe');
    expect(raw).not.toContain('Zed Quill');
    expect(mupdfText(result.bytes)).toContain('Nothing to hide here');
  });

  it('counts every place a proposal will remove, however many, as the schedule does', () => {
    const lines = Array.from(
      { length: 55 },
      (_, i) => `BT /F1 6 Tf 20 ${800 - i * 12} Td (${'nightjar '.repeat(12)}) Tj ET`,
    );
    const many = makeContentPdf(lines.join('\n'));
    expect(findText(many, 'application/pdf', 'nightjar')).toEqual({ hits: 660, pages: [1] });
    const result = redactDocument(many, 'application/pdf', [codename]);
    expect(result.schedule.redactions[0]?.hits).toBe(660);
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

  // Colours at half opacity, so a pixel left behind, or a byte written into the wrong pixel, shows.
  for (const [kind, png] of [
    ['grey', () => makeRawPng(40, 30, PNG_COLOUR.grey, [200])],
    ['grey with alpha', () => makeRawPng(40, 30, PNG_COLOUR.greyAlpha, [200, 128])],
    ['RGB', () => makeRawPng(40, 30, PNG_COLOUR.rgb, [200, 30, 30])],
    ['RGBA', () => makeRawPng(40, 30, PNG_COLOUR.rgba, [200, 30, 30, 128])],
    [
      'palette with transparency',
      () => makeRawPng(40, 30, PNG_COLOUR.palette, [1], { PLTE: [0, 0, 0, 200, 30, 30], tRNS: [0, 128] }),
    ],
  ] as const) {
    it(`makes every pixel of the area opaque black in a ${kind} PNG, and no other`, () => {
      const rect = { x: 5, y: 10, width: 30, height: 8 };
      const result = redactDocument(png(), 'image/png', [{ kind: 'box', page: 1, rect, reason: 'OTHER' }]);
      const pixmap = new mupdf.Image(result.bytes).toPixmap();
      const n = pixmap.getNumberOfComponents();
      const alpha = pixmap.getAlpha() !== 0;
      const pixels = pixmap.getPixels();
      const isOpaqueBlack = (x: number, y: number) => {
        const at = y * pixmap.getStride() + x * n;
        const colour = [...pixels.slice(at, at + n - (alpha ? 1 : 0))];
        return colour.every((v) => v === 0) && (!alpha || pixels[at + n - 1] === 255);
      };
      const inArea = (x: number, y: number) =>
        x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      for (let y = 0; y < 30; y++)
        for (let x = 0; x < 40; x++) expect(isOpaqueBlack(x, y), `pixel ${x}, ${y}`).toBe(inArea(x, y));
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

  it('replaces letter-spaced words too, but not the same letters in separate words', () => {
    const original = new TextEncoder().encode('N I G H T J A R log. A night jar is a bird.');
    const result = redactDocument(original, 'text/plain', [codename]);
    expect(new TextDecoder().decode(result.bytes)).toBe(`${MARKER} log. A night jar is a bird.`);
  });

  it('refuses a box on plain text', () => {
    expect(() =>
      redactDocument(new TextEncoder().encode('x'), 'text/plain', [
        { kind: 'box', page: 1, rect: { x: 0, y: 0, width: 1, height: 1 }, reason: 'OTHER' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'REDACTION_NOT_APPLICABLE' }));
  });
});
