import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { toAppError } from './error-handler.ts';

describe('bad input never gets a 500 or a stack trace', () => {
  let t: TestApp;
  let api: Awaited<ReturnType<TestApp['client']>>;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
    api = await t.client(await t.user('officer'));
  });
  afterAll(() => t.close());

  it('answers an unknown API address with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' },
    });
  });

  it('answers a write to an unknown API address with 404, signed in or not', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/nope'],
      ['PATCH', '/api/v1/deaths'],
    ] as const) {
      const anonymous = await t.app.inject({ method, url, payload: {} });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(404);
      expect(anonymous.json().error.code).toBe('NOT_FOUND');
      const signedIn = await t.app.inject({
        method,
        url,
        payload: {},
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect(signedIn.statusCode).toBe(404);
    }
  });

  it('answers an unknown page with the GOV.UK 404 page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Page not found');
    expect(res.body).toContain('govuk-template');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deaths',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an oversized body with 413 and a wrong content type with 415', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deaths',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
      payload: JSON.stringify({ x: 'a'.repeat(5000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('too large');
    const odd = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deaths',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${api.token}` },
      payload: '<x/>',
    });
    expect(odd.statusCode).toBe(415);
    expect(odd.body).not.toMatch(/at .*\.ts:\d+/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/deaths',
        headers: { 'content-type': type, authorization: `Bearer ${api.token}` },
        payload: 'a=1',
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.message).toBe(
        'Send the request body as JSON, with the header Content-Type: application/json.',
      );
    }
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deaths',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
      payload: 'null',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('Send the request body as a JSON object.');
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(res.body).toContain(`nonce="${nonce}"`);
    // What a signed-in person sees is not kept by any cache, on pages or in the API.
    const user = await t.user('officer');
    expect((await (await t.browser(user)).get('/cases')).headers['cache-control']).toBe('private, no-store');
    expect((await (await t.client(user)).get('/api/v1/cases')).headers['cache-control']).toBe(
      'private, no-store',
    );
  });

  it('serves the health check and an OpenAPI 3.1 document', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toMatchObject({
      status: 'ok',
      database: expect.stringMatching(/^(pglite|postgres)$/),
    });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/health'].get).toBeDefined();
    expect(doc.paths['/api/v1/areas'].get).toBeDefined();
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/v1/'))).toBe(true);
    // Every named schema an operation refers to is in the document.
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toContain('Case');
    expect(refs.filter((name) => !doc.components.schemas[name!])).toEqual([]);
    // Error answers are documented with the Error body: a public read has no 401, a write has 409 and 415.
    const report = doc.paths['/api/v1/deaths'].post.responses;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '415']));
    expect(report['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(doc.paths['/api/v1/health'].get.responses)).not.toContain('401');
    // A write with no body described still answers a body too large or of the wrong type.
    expect(Object.keys(doc.paths['/api/v1/cases/{id}/calendar-feeds'].post.responses)).toEqual(
      expect.arrayContaining(['409', '413', '415']),
    );
    // A rate-limited operation documents its 429, and the mark that carried it there is not left behind.
    const messages = doc.paths['/api/v1/portal/cases/{id}/messages'].post;
    expect(messages.responses['429'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(messages).not.toHaveProperty('x-rate-limited');
    expect(Object.keys(report)).not.toContain('429');
    // A file is documented as the file it is, not as JSON.
    const answers = (path: string, method = 'get') =>
      Object.keys(doc.paths[path][method].responses['200'].content);
    expect(answers('/api/v1/documents/{id}/versions/{v}/content')).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'text/plain',
    ]);
    expect(answers('/api/v1/cases/{id}/bundles', 'post')).toEqual(['application/pdf']);
    expect(answers('/api/v1/cases/{id}/calendar.ics')).toEqual(['text/calendar']);
    expect(answers('/api/v1/public/hearings.csv')).toEqual(['text/csv']);
    expect(answers('/api/v1/public/statistics.ods')).toEqual([
      'application/vnd.oasis.opendocument.spreadsheet',
    ]);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('GET /api/v1/areas');
    // A body given by a named schema links to it, and the schema itself is on the page.
    expect(docs.body).toContain('Request body: <a class="govuk-link" href="#schema-ReportDeathInput">');
    const schema = docs.body.split('id="schema-ReportDeathInput"')[1]?.split('<h3')[0] ?? '';
    expect(schema).toContain('&quot;deceased&quot;');
  });
});

describe('an error the database raises', () => {
  const wrapped = (code: string) =>
    Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('db'), { code }) });

  it('tells the person that a change made at the same moment by someone else won, and nothing of theirs was saved', () => {
    for (const code of ['40P01', '40001', '23505']) {
      const error = toAppError(wrapped(code));
      expect(error.code).toBe('CONFLICT');
      expect(error.status).toBe(409);
      expect(error.message).toContain('nothing you sent was saved');
    }
  });

  it('refuses text the database cannot store as bad input, and anything else as our fault', () => {
    expect(toAppError(wrapped('22021')).code).toBe('VALIDATION_FAILED');
    expect(toAppError(wrapped('XX000')).code).toBe('INTERNAL');
    expect(toAppError(new Error('plain')).code).toBe('INTERNAL');
  });
});
