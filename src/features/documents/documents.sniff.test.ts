import { deflateSync } from 'node:zlib';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { inspectDocument, sanitiseFileName } from './documents.sniff.ts';
import { makeJpeg, makePng, makePngHeaderOnly, makeTextPdf, makeZip } from './fixtures/make-documents.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('recognising a document by its content', () => {
  it('recognises PDF, PNG, JPEG and UTF-8 text whatever they are called', async () => {
    expect(await inspectDocument(makeTextPdf([['Statement'], ['Page two']]))).toEqual({
      contentType: 'application/pdf',
      pageCount: 2,
      pageSizes: [
        [595, 842],
        [595, 842],
      ],
    });
    expect(await inspectDocument(makePng(40, 30))).toEqual({
      contentType: 'image/png',
      pageCount: 1,
      width: 40,
      height: 30,
      pageSizes: [[40, 30]],
    });
    expect(await inspectDocument(makeJpeg(64, 48))).toEqual({
      contentType: 'image/jpeg',
      pageCount: 1,
      width: 64,
      height: 48,
      pageSizes: [[64, 48]],
    });
    expect(await inspectDocument(text('Statement of Siân Ŵyn — 3 May\r\n'))).toEqual({
      contentType: 'text/plain',
    });
    expect(await inspectDocument(text('\ufeffWith a byte-order mark'))).toEqual({
      contentType: 'text/plain',
    });
  });

  it('accepts a matching declared type and file name', async () => {
    const declared = { contentType: 'application/pdf', fileName: 'PM report.PDF' };
    await expect(inspectDocument(makeTextPdf([['x']]), declared)).resolves.toMatchObject({
      contentType: 'application/pdf',
    });
    await expect(
      inspectDocument(makeJpeg(8, 8), { contentType: 'image/jpg', fileName: 'scene.jpeg' }),
    ).resolves.toBeTruthy();
    await expect(
      inspectDocument(text('notes'), { contentType: 'text/plain; charset=utf-8', fileName: 'notes.txt' }),
    ).resolves.toBeTruthy();
  });
});

describe('refusing unsafe or misdescribed files', () => {
  it('refuses a PNG named .pdf', async () => {
    await expect(inspectDocument(makePng(10, 10), { fileName: 'post-mortem.pdf' })).rejects.toMatchObject({
      code: 'FILE_TYPE_MISMATCH',
      message:
        'The file is named or labelled as a PDF but it is a PNG image. Check you chose the right file, or ask the sender to send it again.',
    });
  });

  it('refuses a file whose declared type disagrees with its content', async () => {
    await expect(inspectDocument(makeTextPdf([['x']]), { contentType: 'image/png' })).rejects.toMatchObject({
      code: 'FILE_TYPE_MISMATCH',
    });
  });

  it('refuses a password-protected PDF', async () => {
    const locked = makeTextPdf([['Confidential']], { encryptWith: 'secret' });
    await expect(inspectDocument(locked)).rejects.toMatchObject({
      code: 'PDF_ENCRYPTED',
      status: 422,
      message: 'The file is a password-protected PDF. Ask the sender for an unprotected copy.',
    });
  });

  it('refuses a truncated PDF', async () => {
    const whole = makeTextPdf([['One'], ['Two'], ['Three']]);
    for (const cut of [whole.length - 40, Math.floor(whole.length / 2), 20]) {
      await expect(inspectDocument(whole.slice(0, cut))).rejects.toMatchObject({
        code: 'DOCUMENT_DAMAGED',
        message: 'The file is damaged or incomplete and cannot be opened. Ask the sender to send it again.',
      });
    }
  });

  it('refuses a PDF that MuPDF cannot open', async () => {
    await expect(inspectDocument(text('%PDF-1.7\nnonsense\n%%EOF\n'))).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
    });
  });

  it('refuses a PNG that declares absurd dimensions before decoding it', async () => {
    await expect(inspectDocument(makePngHeaderOnly(50_000, 50_000))).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      message:
        'The file cannot be accepted: it holds an image of 50,000 × 50,000 pixels (2,500 megapixels; the limit is 100). Ask the sender for a smaller or simpler copy, for example a PDF saved again or split into parts.',
    });
  });

  it('refuses a truncated image', async () => {
    await expect(inspectDocument(makePng(30, 30).slice(0, 20))).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
    });
  });

  it('refuses a PDF whose page content inflates to an enormous size', async () => {
    const doc = new mupdf.PDFDocument();
    const bomb = deflateSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 });
    const contents = doc.addRawStream(bomb, { Filter: 'FlateDecode' });
    const page = doc.addObject({
      Type: 'Page',
      MediaBox: [0, 0, 595, 842],
      Contents: contents,
      Resources: {},
    });
    doc.insertPage(-1, page);
    const bytes = doc.saveToBuffer('').asUint8Array().slice();
    expect(bytes.length).toBeLessThan(1024 * 1024);
    await expect(inspectDocument(bytes)).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      message: expect.stringContaining('expands to more than 256 MB'),
    });
  });

  it('refuses a PDF holding an image with absurd declared dimensions', async () => {
    const doc = new mupdf.PDFDocument();
    const image = doc.addRawStream(deflateSync(Buffer.alloc(10)), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 40_000,
      Height: 40_000,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    const resources = doc.addObject({ XObject: { Im1: image } });
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, 'q 500 0 0 500 0 0 cm /Im1 Do Q'));
    await expect(inspectDocument(doc.saveToBuffer('').asUint8Array().slice())).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
    });
  });

  it('refuses a ZIP archive posing as text', async () => {
    const zip = makeZip('statement.txt', 'I saw the car.');
    await expect(
      inspectDocument(zip, { fileName: 'statement.txt', contentType: 'text/plain' }),
    ).rejects.toMatchObject({
      code: 'TEXT_NOT_READABLE',
      message: expect.stringContaining(
        'is meant to be plain text but contains data that is not readable text',
      ),
    });
    await expect(inspectDocument(zip)).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
  });

  it('refuses text with invalid UTF-8 or binary control characters', async () => {
    await expect(
      inspectDocument(new Uint8Array([0x68, 0x69, 0xff, 0xfe]), { fileName: 'a.txt' }),
    ).rejects.toMatchObject({
      code: 'TEXT_NOT_READABLE',
    });
    await expect(inspectDocument(text('abc\u0000def'), { fileName: 'a.txt' })).rejects.toMatchObject({
      code: 'TEXT_NOT_READABLE',
    });
  });

  it('asks for text saved in an older encoding to be saved again as UTF-8, without guessing its letters', async () => {
    // "café" and "£" as Windows-1252 writes them: one byte each, 0xE9 and 0xA3, which are not UTF-8.
    const cafe = Buffer.from('Statement taken at the café on 3 May. Fare £5.\r\n', 'latin1');
    expect(cafe.includes(0xe9)).toBe(true);
    for (const declared of [
      { fileName: 'statement.txt' },
      { fileName: 'statement.txt', contentType: 'text/plain' },
      {},
    ]) {
      const refused = await inspectDocument(cafe, declared).then(
        () => undefined,
        (error: Error & { code: string }) => error,
      );
      expect(refused).toMatchObject({ code: 'TEXT_NOT_READABLE' });
      expect(refused!.message).toContain('The text file is not saved as UTF-8 (Unicode)');
      expect(refused!.message).toContain('save it again choosing UTF-8 as the encoding');
      expect(refused!.message).not.toContain('ZIP archive');
    }
    // Bytes with control characters are not text in any encoding, whatever their name says.
    const binary = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x00, 0x01, 0x02]);
    await expect(inspectDocument(binary, { fileName: 'a.txt' })).rejects.toMatchObject({
      message: expect.stringContaining('not readable text'),
    });
    // Called something else, it is refused as that something else is.
    await expect(inspectDocument(cafe, { fileName: 'statement.pdf' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE_TYPE',
    });
  });

  it('refuses an empty file', async () => {
    await expect(inspectDocument(new Uint8Array())).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
  });
});

describe('file names', () => {
  it('refuses a name that climbs out of its folder', () => {
    for (const name of ['../../etc/passwd', '..\\..\\windows\\system.ini', 'a/../b.pdf']) {
      expect(() => sanitiseFileName(name)).toThrow(
        'The file name is not allowed because it contains a folder path. Rename the file and try again.',
      );
    }
  });

  it('keeps a safe display name', () => {
    expect(sanitiseFileName('C:\\Users\\officer\\Desktop\\PM report.pdf')).toBe('PM report.pdf');
    expect(sanitiseFileName('/tmp/statement.txt')).toBe('statement.txt');
    expect(sanitiseFileName('Datganiad Siân\u0000\u001b[31m.pdf')).toBe('Datganiad Siân[31m.pdf');
    expect(sanitiseFileName('evil\u202egnp.exe')).toBe('evilgnp.exe');
    expect(sanitiseFileName('  .hidden  ')).toBe('hidden');
    expect(sanitiseFileName(`${'x'.repeat(300)}.pdf`)).toBe(`${'x'.repeat(196)}.pdf`);
  });

  it('refuses a name with nothing left', () => {
    expect(() => sanitiseFileName('\u0000\u0001')).toThrow(
      'The file has no usable name. Rename the file and try again.',
    );
  });
});
