import { deflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { documents } from './documents.tables.ts';
import { makePng, makePngHeaderOnly, makeTextPdf, makeZip } from './fixtures/make-documents.ts';
import { multipart } from './fixtures/multipart.ts';
import { type Client, newCase, storeFiles, uploadWith } from './fixtures/scenario.ts';

const MET = 'Metropolitan Police Service';
const fields = { title: 'Statement of PC Jones', ownerOrganisation: MET };

function inflatingPdf(): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const bomb = deflateSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 });
  const contents = doc.addRawStream(bomb, { Filter: 'FlateDecode' });
  doc.insertPage(
    -1,
    doc.addObject({ Type: 'Page', MediaBox: [0, 0, 595, 842], Contents: contents, Resources: {} }),
  );
  return doc.saveToBuffer('').asUint8Array().slice();
}

describe('uploading documents: what is refused, and that nothing is stored when it is', () => {
  let t: TestApp;
  let officer: Client;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: String(2 * 1024 * 1024) } });
    officer = await t.client(await t.user('officer'));
    caseId = (await newCase(officer)).id;
  });
  afterAll(() => t.close());

  const pdf = makeTextPdf([['Statement of PC Jones'], ['Page two']]);
  const refusals: [string, { name: string; type?: string; bytes: Uint8Array }, number, string, string][] = [
    [
      'a PNG named .pdf',
      { name: 'report.pdf', bytes: makePng(20, 20) },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'named or labelled as a PDF',
    ],
    [
      'a PDF sent as a picture',
      { name: 'scan.png', type: 'image/png', bytes: pdf },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'but it is a PDF',
    ],
    [
      'a password-protected PDF',
      { name: 'locked.pdf', bytes: makeTextPdf([['Secret']], { encryptWith: 'pw' }) },
      400,
      'VALIDATION_FAILED',
      'password-protected',
    ],
    [
      'a damaged PDF',
      { name: 'cut.pdf', bytes: pdf.slice(0, pdf.length / 2) },
      400,
      'VALIDATION_FAILED',
      'damaged',
    ],
    [
      'a decompression bomb',
      { name: 'bomb.pdf', bytes: inflatingPdf() },
      413,
      'TOO_LARGE',
      'expands to more than',
    ],
    [
      'an image bomb',
      { name: 'huge.png', bytes: makePngHeaderOnly(60_000, 60_000) },
      413,
      'TOO_LARGE',
      'megapixels',
    ],
    [
      'a path in the file name',
      { name: '../../etc/passwd.pdf', bytes: pdf },
      400,
      'VALIDATION_FAILED',
      'folder path',
    ],
    [
      'a ZIP archive called text',
      { name: 'notes.txt', bytes: makeZip('a.txt', 'hello') },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'not readable text',
    ],
    [
      'plain text saved in Windows-1252, not UTF-8',
      { name: 'statement.txt', bytes: Buffer.from('Statement taken at the café, 3 May.\r\n', 'latin1') },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'save it again choosing UTF-8 as the encoding',
    ],
    ['an empty file', { name: 'empty.pdf', bytes: new Uint8Array() }, 415, 'UNSUPPORTED_MEDIA_TYPE', 'empty'],
    [
      'a file over the size limit',
      { name: 'big.txt', bytes: new Uint8Array(3 * 1024 * 1024).fill(0x41) },
      413,
      'TOO_LARGE',
      'larger than the 2 MB limit',
    ],
  ];

  it.each(refusals)(
    'refuses %s with a clear message and stores nothing',
    async (_what, file, status, code, message) => {
      const before = await storeFiles(t);
      const count = (await t.db.select().from(documents).where(eq(documents.caseId, caseId))).length;
      const res = await uploadWith(t, officer, caseId, fields, file);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.fields.file).toContain(message);
      expect(await storeFiles(t)).toEqual(before);
      expect(await t.db.select().from(documents).where(eq(documents.caseId, caseId))).toHaveLength(count);
    },
  );

  it.each([
    ['no file', {}, undefined, 'file', 'Choose a file to upload'],
    [
      'no title',
      { ownerOrganisation: MET },
      { name: 'a.pdf', bytes: pdf },
      'title',
      'Enter the title of the document',
    ],
    [
      'a file in another field',
      fields,
      { name: 'a.pdf', bytes: pdf, field: 'attachment' },
      'file',
      'Send one file',
    ],
  ])('refuses an upload with %s, naming the field', async (_what, form, file, field, message) => {
    const before = await storeFiles(t);
    const res = await uploadWith(t, officer, caseId, form as Record<string, string>, file);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields[field]).toContain(message);
    expect(await storeFiles(t)).toEqual(before);
  });

  it('refuses a body that is not multipart', async () => {
    const res = await officer.post(`/api/v1/cases/${caseId}/documents`, { title: 'x' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('takes multipart only where a file is uploaded: elsewhere in the API it is 415', async () => {
    const body = multipart({ decision: 'ACCEPT' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/bundles`,
      headers: { authorization: `Bearer ${officer.token}`, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a multipart body cut off part way, or without its boundary, with 400, keeping nothing', async () => {
    const before = await storeFiles(t);
    const body = multipart(fields, { name: 'report.pdf', bytes: pdf });
    const send = (payload: Buffer, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/documents`,
        headers: { authorization: `Bearer ${officer.token}`, 'content-type': contentType },
        payload,
      });
    const cut = await send(
      body.payload.subarray(0, body.payload.length - 200),
      body.headers['content-type']!,
    );
    expect(cut.statusCode, cut.body).toBe(400);
    expect(cut.json().error.message).toBe('The upload could not be read. Check it and try again.');
    const noBoundary = await send(body.payload, 'multipart/form-data');
    expect(noBoundary.statusCode, noBoundary.body).toBe(400);
    expect(noBoundary.json().error.code).toBe('VALIDATION_FAILED');
    expect(await storeFiles(t)).toEqual(before);
  });

  it('stores the same file once, however often it is added', async () => {
    const bytes = makeTextPdf([['Post-mortem report', `Reference ${caseId}`]]);
    const first = await uploadWith(t, officer, caseId, fields, { name: 'pm.pdf', bytes });
    const before = await storeFiles(t);
    const second = await uploadWith(
      t,
      officer,
      caseId,
      { ...fields, title: 'Copy' },
      { name: 'pm-copy.pdf', bytes },
    );
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.json().id);
    expect(second.json().versions[0].sha256).toBe(first.json().versions[0].sha256);
    expect(await storeFiles(t)).toEqual(before);
    expect(before.filter((f) => f.endsWith(first.json().versions[0].sha256))).toHaveLength(1);
  });

  it('refuses a signed-in browser’s upload without the form’s CSRF token, before keeping any of it', async () => {
    const browser = await t.browser(await t.user('officer'));
    const before = await storeFiles(t);
    const body = multipart(fields, { name: 'a.pdf', bytes: pdf });
    const res = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...body.headers, 'x-csrf-token': '' },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
    expect(await storeFiles(t)).toEqual(before);
    const forged = multipart({ _csrf: 'not-the-token', ...fields }, { name: 'a.pdf', bytes: pdf });
    const res2 = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...forged.headers, 'x-csrf-token': '' },
      payload: forged.payload,
    });
    expect(res2.statusCode).toBe(403);
  });

  it('adds a document from the page form, with the token, and shows refusals in the error summary', async () => {
    const browser = await t.browser(await t.user('officer'));
    const ok = multipart(
      { _csrf: browser.csrf, ...fields, kind: 'STATEMENT' },
      { name: 'statement.pdf', bytes: pdf },
    );
    const res = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...ok.headers, 'x-csrf-token': '' },
      payload: ok.payload,
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(/^\/documents\/[0-9a-f-]{36}\?done=added$/);
    const page = await browser.get(res.headers.location as string);
    expect(page.body).toContain('Document added.');
    expect(page.body).toContain('Statement of PC Jones');

    const bad = multipart({ _csrf: browser.csrf, ...fields }, { name: 'photo.pdf', bytes: makePng(10, 10) });
    const refused = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...bad.headers, 'x-csrf-token': '' },
      payload: bad.payload,
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('named or labelled as a PDF but it is a PNG image');
    expect(refused.body).toContain('value="Statement of PC Jones"');
  });

  it('refuses an answer holding a control character, such as a NUL byte, and keeps nothing', async () => {
    const before = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    const res = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'Statement\u0000of PC Jones', ownerOrganisation: MET },
      { name: 'statement.pdf', bytes: pdf },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ title: 'Remove the unusual character from your answer' });
    expect(await t.db.select().from(documents).where(eq(documents.caseId, caseId))).toHaveLength(
      before.length,
    );
  });

  it('asks for the file when none was chosen, keeping the other answers', async () => {
    const browser = await t.browser(await t.user('officer'));
    const noFile = multipart({ _csrf: browser.csrf, ...fields, kind: 'STATEMENT' });
    const res = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...noFile.headers, 'x-csrf-token': '' },
      payload: noFile.payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose a file to upload');
    expect(res.body).toContain('value="Statement of PC Jones"');
    expect(res.body).toContain(`value="${MET}"`);
    expect(res.body).toMatch(/<option value="STATEMENT" selected/);

    const nothing = multipart({ _csrf: browser.csrf });
    const both = await browser.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { ...nothing.headers, 'x-csrf-token': '' },
      payload: nothing.payload,
    });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Choose a file to upload');
    expect(both.body).toContain('Enter the title');
  });

  it('keeps a file under a name ending as its content is, so a download opens as what it is', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['evil.html', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'evil.html.txt'],
      ['run.BAT', new TextEncoder().encode('del *.*'), 'run.BAT.txt'],
      ['report.html', pdf, 'report.html.pdf'],
      ['scan.jpeg.png', makePng(10, 10), 'scan.jpeg.png'],
      ['Notes.TXT', new TextEncoder().encode('A note'), 'Notes.TXT'],
    ];
    for (const [name, bytes, kept] of cases) {
      const res = await uploadWith(t, officer, caseId, fields, { name, bytes });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().versions[0].fileName, name).toBe(kept);
      const file = await officer.get(`/api/v1/documents/${res.json().id}/versions/1/content`);
      expect(file.headers['content-disposition'], name).toContain(`filename="${kept}"`);
    }
  });
});
