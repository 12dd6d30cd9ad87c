import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { cleanAnswer, findControlCharacter } from './input-characters.ts';

describe('findControlCharacter', () => {
  it('names the first answer holding a control character other than tab, CR or LF', () => {
    expect(findControlCharacter({ a: 'fine\tline\r\nnext', b: ['x', { c: 'bad\u0000' }] })).toBe('b.1.c');
    expect(findControlCharacter({ 'key\u0007': 'x' })).toBe('key\u0007');
    expect(findControlCharacter('a\u001fb')).toBe('');
    expect(findControlCharacter({ a: 'Zoë — “quoted”', n: 3, t: true, z: null })).toBeUndefined();
    expect(findControlCharacter(Buffer.from([0]))).toBeUndefined();
  });

  it('names an answer holding half of a surrogate pair on its own, and lets whole pairs through', () => {
    expect(findControlCharacter({ a: 'Anna 😀 Kowalska', b: 'x\ud800' })).toBe('b');
    expect(findControlCharacter({ a: '\udc00y' })).toBe('a');
    expect(findControlCharacter({ a: 'end\ud83d' })).toBe('a');
    expect(findControlCharacter({ a: '\ud83d\ude00\ud83d\ude00' })).toBeUndefined();
  });

  it('does not overflow on a deeply nested body', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlCharacter(deep)).toMatch(/^0(\.0)*$/);
  });
});

describe('unreadable input is refused with a 4xx a person understands', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<TestApp['browser']>>;
  let api: Awaited<ReturnType<TestApp['client']>>;
  beforeAll(async () => {
    t = await createTestApp();
    const officer = await t.user('officer');
    browser = await t.browser(officer);
    api = await t.client(officer);
  });
  afterAll(() => t.close());

  it('keeps what was typed on a page: a pasted line break becomes a new line, a NUL byte is dropped', async () => {
    const started = await browser.post('/cases/new', {});
    expect(started.statusCode).toBe(303);
    const draft = started.headers.location!.split('/')[2]!;
    const page = await browser.post(`/reports/${draft}/deceased`, {
      'deceased.givenNames': 'An\u0000n',
      'deceased.familyName': 'Walsh',
      'deceased.occupation': 'Bus\u000bdriver',
      'deceased.sex': 'nonsense',
    });
    expect(page.statusCode, page.body).toBe(400);
    expect(page.body).not.toContain('unusual character');
    expect(page.body).toContain('value="Ann"');
    expect(page.body).toContain('value="Walsh"');
    expect(page.body).toContain('govuk-error-summary');
    expect(cleanAnswer('Dear coroner,\u000bThank you.\u000cPage 2\ud800 \u{1F600}')).toBe(
      'Dear coroner,\nThank you.\nPage 2\ufffd \u{1F600}',
    );
  });

  it('refuses a NUL byte in an API body and in a query string with 400', async () => {
    const body = deathReport();
    body.deceased.familyName = 'Smith\u0000';
    const json = await api.post('/api/v1/deaths', body);
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Remove the unusual character from your answer (deceased.familyName).',
        fields: { 'deceased.familyName': 'Remove the unusual character from your answer' },
      },
    });

    const lone = deathReport();
    lone.deceased.address = { line1: 'Flat 1\ud800', town: 'East Ham', postcode: 'E6 1AA' };
    const surrogate = await api.post('/api/v1/deaths', lone);
    expect(surrogate.statusCode, surrogate.body).toBe(400);
    expect(surrogate.json().error.fields).toEqual({
      'deceased.address.line1': 'Remove the unusual character from your answer',
    });

    const search = await browser.get('/cases?q=%00');
    expect(search.statusCode).toBe(400);
    expect(search.body).toContain('unusual character');
    const apiSearch = await api.get('/api/v1/cases?q=a%01b');
    expect(apiSearch.statusCode).toBe(400);
    expect(apiSearch.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a JSON body sent to a page with 415, and still takes JSON on the API', async () => {
    const res = await browser.inject({
      method: 'POST',
      url: '/reports/new',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ 'deceased.givenName': 5, _csrf: browser.csrf }),
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('This page accepts only its own form');
    const vendor = await browser.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' },
      payload: '{}',
    });
    expect(vendor.statusCode).toBe(415);
    expect((await api.post('/api/v1/deaths', deathReport())).statusCode).toBe(201);
    // A request without a body is not refused for the content type some clients always send.
    const get = await browser.inject({
      method: 'GET',
      url: '/hearings',
      headers: { 'content-type': 'application/json' },
    });
    expect(get.statusCode).toBe(200);
  });

  it('answers a malformed or over-long address with a GOV.UK page, or the API error body', async () => {
    const badPage = await t.app.inject({ method: 'GET', url: '/cases/%ff' });
    expect(badPage.statusCode).toBe(400);
    expect(badPage.headers['content-type']).toContain('text/html');
    expect(badPage.body).toContain('govuk-template');
    expect(badPage.body).toContain('The web address is not valid');
    expect(badPage.body).not.toContain('FST_ERR');
    expect(badPage.headers['content-security-policy']).toContain("default-src 'self'");

    const badApi = await t.app.inject({ method: 'GET', url: '/api/v1/cases/%ff' });
    expect(badApi.statusCode).toBe(400);
    expect(badApi.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The web address is not valid. Check the address and try again.',
      },
    });

    const long = await t.app.inject({ method: 'GET', url: `/invitations/${'a'.repeat(150)}` });
    expect(long.statusCode).toBe(404);
    expect(long.body).toContain('Page not found');
    const longApi = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${'a'.repeat(150)}` });
    expect(longApi.statusCode).toBe(404);
    expect(longApi.json().error.code).toBe('NOT_FOUND');
  });

  it('answers 404 for an id that has the length and letters of one but is not one', async () => {
    for (const id of ['-'.repeat(36), 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa-']) {
      for (const path of [
        `/cases/${id}`,
        `/cases/${id}/possible-links`,
        `/link-alerts/${id}`,
        `/case-groups/${id}`,
        `/hearings/${id}`,
        `/pfd-reports/${id}`,
        `/documents/${id}`,
      ]) {
        expect((await browser.get(path)).statusCode, path).toBe(404);
        expect((await api.get(`/api/v1${path}`)).statusCode, `/api/v1${path}`).toBe(404);
      }
      const decided = await api.post(`/api/v1/link-alerts/${id}/decision`, {
        decision: 'DISMISSED',
        reason: 'x',
      });
      expect(decided.statusCode).toBe(404);
    }
  });
});

describe('a request the HTTP parser cannot read', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('utf8');
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers headers that are too large with 431 and the API’s error body', async () => {
    const answer = await raw(
      `GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'x'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toEqual({
      error: { code: 'TOO_LARGE', message: 'The request’s headers are too large.' },
    });
  });

  it('answers a request line it cannot read with 400 and the API’s error body', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!).error.code).toBe('VALIDATION_FAILED');
  });
});
