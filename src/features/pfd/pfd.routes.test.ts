import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { concludedCase } from './pfd.fixtures.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
type Client = Awaited<ReturnType<TestApp['client']>>;

describe('Prevention of Future Deaths report pages', () => {
  let t: TestApp;
  let coroner: Browser;
  let officerPage: Browser;
  let chief: Browser;
  let officer: Client;
  let coronerApi: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const coronerUser = await t.user('coroner', { name: 'Nadia Rahman' });
    const officerUser = await t.user('officer');
    coroner = await t.browser(coronerUser);
    coronerApi = await t.client(coronerUser);
    officerPage = await t.browser(officerUser);
    officer = await t.client(officerUser);
    chief = await t.browser(await t.user('chief-coroner'));
  });
  afterAll(() => t.close());

  it('links from the case page, and shows the form errors in the error summary', async () => {
    const c = await concludedCase(officer, coronerApi);
    const casePage = await coroner.get(`/cases/${c.id}`);
    expect(casePage.body).toContain(
      `href="/cases/${c.id}/pfd-reports/new">Write a prevention of future deaths report</a>`,
    );
    const officerCase = await officerPage.get(`/cases/${c.id}`);
    expect(officerCase.body).not.toContain('Write a prevention of future deaths report');
    const form = await coroner.get(`/cases/${c.id}/pfd-reports/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`death of ${c.name}`);
    const empty = await coroner.post(`/cases/${c.id}/pfd-reports/new`, { concernsText: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('href="#concernsText">Enter at least one matter of concern</a>');
    expect(empty.body).toContain('href="#recipients-0-organisation">Add at least one recipient');
  });

  it('adds another recipient block on the report form without losing what was typed', async () => {
    const c = await concludedCase(officer, coronerApi);
    const form = await coroner.get(`/cases/${c.id}/pfd-reports/new`);
    expect(form.body).toContain('name="recipients.2.organisation"');
    expect(form.body).not.toContain('name="recipients.3.organisation"');
    expect(form.body).toContain('Add another recipient');
    const typed = {
      concernsText: 'The ward was not staffed at night.',
      'recipients.0.organisation': 'Barts Health NHS Trust',
      'recipients.0.person': 'Chief Executive',
      'recipients.0.email': '',
      'recipients.1.organisation': 'London Ambulance Service',
      'recipients.1.person': '',
      'recipients.1.email': '',
      'recipients.2.organisation': 'NHS England',
      'recipients.2.person': '',
      'recipients.2.email': '',
    };
    const more = await coroner.post(`/cases/${c.id}/pfd-reports/new`, { ...typed, addRecipient: '1' });
    expect(more.statusCode).toBe(200);
    expect(more.body).not.toContain('govuk-error-summary');
    expect(more.body).toContain('Recipient 4');
    expect(more.body).toContain('name="recipients.3.organisation"');
    expect(more.body).toContain('value="NHS England"');
    expect(more.body).toContain('The ward was not staffed at night.');
    const saved = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      ...typed,
      'recipients.3.organisation': 'Department of Health and Social Care',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const id = saved.headers.location!.split('?')[0]!.split('/').at(-1);
    const report = (await coronerApi.get(`/api/v1/pfd-reports/${id}`)).json();
    expect(report.recipients.map((r: { organisation: string }) => r.organisation)).toEqual([
      'Barts Health NHS Trust',
      'London Ambulance Service',
      'NHS England',
      'Department of Health and Social Care',
    ]);
    // A problem with a recipient is shown on the block it was typed in, past a blank one.
    const gap = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      ...typed,
      'recipients.1.organisation': '',
      'recipients.2.organisation': '',
      'recipients.2.email': 'someone@example.org',
    });
    expect(gap.statusCode).toBe(400);
    expect(gap.body).toContain(
      'href="#recipients-2-organisation">Enter the organisation the report is sent to',
    );
    const edit = await coroner.get(`/pfd-reports/${id}/edit`);
    expect(edit.body).toContain('name="recipients.4.organisation"');
    // Up to the limit of 30 recipients, and no button past it.
    const full = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`recipients.${i}.organisation`, `Organisation ${i + 1}`]),
    );
    const atLimit = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      concernsText: 'A concern.',
      ...full,
      addRecipient: '1',
    });
    expect(atLimit.statusCode).toBe(200);
    expect(atLimit.body).toContain('name="recipients.29.organisation"');
    expect(atLimit.body).not.toContain('name="recipients.30.organisation"');
    expect(atLimit.body).not.toContain('Add another recipient');
  });

  it('makes one draft when the new report page is sent twice (a double click), and its Save button says so', async () => {
    const c = await concludedCase(officer, coronerApi);
    const form = await coroner.get(`/cases/${c.id}/pfd-reports/new`);
    // The button waits before it can be pressed again, once the page's GOV.UK Frontend script has started.
    expect(form.body).toMatch(
      /<button[^>]*data-prevent-double-click="true"[^>]*data-module="govuk-button"[^>]*>\s*Save as a draft/,
    );
    expect(form.body).toContain('<script type="module" src="/assets/app.js"></script>');
    const script = await t.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(script.body).toMatch(/^initAll\(\);$/m);
    const once = /name="_once" value="([^"]+)"/.exec(form.body)![1]!;
    const answers = {
      _once: once,
      concernsText: 'The ward was not staffed at night.',
      'recipients.0.organisation': 'Barts Health NHS Trust',
    };
    // Both presses of the button at once, and the page sent again afterwards: each lands on the one draft.
    const [first, second] = await Promise.all([
      coroner.post(`/cases/${c.id}/pfd-reports/new`, answers),
      coroner.post(`/cases/${c.id}/pfd-reports/new`, answers),
    ]);
    const again = await coroner.post(`/cases/${c.id}/pfd-reports/new`, answers);
    for (const res of [first, second, again]) expect(res.statusCode, res.body).toBe(303);
    const reports = (await coronerApi.get(`/api/v1/cases/${c.id}/pfd-reports`)).json();
    expect(reports).toHaveLength(1);
    for (const res of [first, second, again])
      expect(res.headers.location).toBe(`/pfd-reports/${reports[0].id}?saved=1`);
    const created = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'PFD_REPORT_CREATED'), eq(auditEvents.caseId, c.id)));
    expect(created).toHaveLength(1);
    // A second report written on a fresh page is a second report.
    const fresh = await coroner.get(`/cases/${c.id}/pfd-reports/new`);
    const another = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      ...answers,
      _once: /name="_once" value="([^"]+)"/.exec(fresh.body)![1]!,
    });
    expect(another.statusCode, another.body).toBe(303);
    expect((await coronerApi.get(`/api/v1/cases/${c.id}/pfd-reports`)).json()).toHaveLength(2);
  });

  it('keeps the other copies given through the API when the draft is saved from the form', async () => {
    const c = await concludedCase(officer, coronerApi);
    const draft = await coronerApi.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: ['A concern.'],
      recipients: [{ organisation: 'Barts Health NHS Trust' }],
      copies: { others: [{ name: 'Care Quality Commission', email: 'cqc@example.org' }] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const saved = await coroner.post(`/pfd-reports/${draft.json().id}/edit`, {
      concernsText: 'A concern, put better.',
      'recipients.0.organisation': 'Barts Health NHS Trust',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const after = (await coronerApi.get(`/api/v1/pfd-reports/${draft.json().id}`)).json();
    expect(after.concerns).toEqual(['A concern, put better.']);
    expect(after.copies.others).toEqual([{ name: 'Care Quality Commission', email: 'cqc@example.org' }]);
  });

  it('sends a child’s report only with the safeguarding copy, and the Send page links to where it is added', async () => {
    const c = await concludedCase(officer, coronerApi, { deceased: { dateOfBirth: '2010-05-01' } });
    // A draft may be saved before the partnership is known.
    const saved = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      concernsText: 'The school had no plan for his asthma.',
      'recipients.0.organisation': 'Waltham Forest Council',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const reportUrl = saved.headers.location!.split('?')[0]!;
    const id = reportUrl.split('/').at(-1)!;
    const edit = `/pfd-reports/${id}/edit#copies-safeguardingBoard-name`;
    // The report and the Send page say so before the coroner tries.
    const reportPage = await coroner.get(reportUrl);
    expect(reportPage.body).toContain('a copy must go to the local safeguarding partnership');
    expect(reportPage.body).toContain(`href="${edit}">Add the local safeguarding partnership</a>`);
    const sendPage = await coroner.get(`${reportUrl}/send`);
    expect(sendPage.body).toContain(`href="${edit}">Add the local safeguarding partnership</a>`);
    const date = { 'sentOn-day': '25', 'sentOn-month': '11', 'sentOn-year': '2026' };
    const refused = await coroner.post(`${reportUrl}/send`, date);
    expect(refused.statusCode).toBe(400);
    const summary = refused.body.slice(
      refused.body.indexOf('govuk-error-summary'),
      refused.body.indexOf('</ul>', refused.body.indexOf('govuk-error-summary')),
    );
    // The summary links to the answer on the report's edit page, not to a field the Send page does not have.
    expect(summary).toContain(
      `href="${edit}">The deceased was under 18, so a copy must go to the local safeguarding partnership. Add it to the report before you send it.</a>`,
    );
    expect(refused.body).not.toContain('href="#copies-safeguardingBoard-name"');
    expect((await coronerApi.get(`/api/v1/pfd-reports/${id}`)).json().status).toBe('DRAFT');
    // The link lands on the answer.
    const editPage = await coroner.get(`/pfd-reports/${id}/edit`);
    expect(editPage.body).toContain('id="copies-safeguardingBoard-name"');
    const added = await coroner.post(`/pfd-reports/${id}/edit`, {
      concernsText: 'The school had no plan for his asthma.',
      'recipients.0.organisation': 'Waltham Forest Council',
      'copies.safeguardingBoard.name': 'Waltham Forest Safeguarding Children Partnership',
    });
    expect(added.statusCode, added.body).toBe(303);
    expect((await coroner.get(`${reportUrl}/send`)).body).not.toContain(
      'Add the local safeguarding partnership',
    );
    const sent = await coroner.post(`${reportUrl}/send`, date);
    expect(sent.statusCode, sent.body).toBe(303);
    const after = await coroner.get(sent.headers.location!);
    expect(after.body).toContain('Waltham Forest Safeguarding Children Partnership');
    expect(after.body).not.toContain('Add the local safeguarding partnership');
  });

  it('drafts, sends, records a response with its document and publishes, page by page', async () => {
    const c = await concludedCase(officer, coronerApi);
    const saved = await coroner.post(`/cases/${c.id}/pfd-reports/new`, {
      concernsText: 'First concern.\n\nSecond concern.',
      action: '',
      investigation: 'Investigation text.',
      circumstances: 'Circumstances text.',
      'recipients.0.organisation': 'Barts Health NHS Trust',
      'recipients.0.person': 'Chief Executive',
      'recipients.0.email': 'ceo@barts.example',
      'recipients.1.organisation': 'London Ambulance Service',
      'recipients.1.person': '',
      'recipients.1.email': '',
      'recipients.2.organisation': '',
      themes: ['hospital-care', 'emergency-services'],
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const reportUrl = saved.headers.location!.split('?')[0]!;
    const audited = await t.db
      .select({ caseId: auditEvents.caseId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'PFD_REPORT_CREATED'),
          eq(auditEvents.subjectId, reportUrl.split('/')[2]!),
        ),
      );
    expect(audited).toEqual([{ caseId: c.id, detail: { sent: false } }]);
    const page = await coroner.get(reportUrl);
    expect(page.body).toContain('(1) First concern.');
    expect(page.body).toContain('(2) Second concern.');
    expect(page.body).toContain('Not sent');
    const badDate = await coroner.post(`${reportUrl}/send`, {
      'sentOn-day': '31',
      'sentOn-month': '2',
      'sentOn-year': '2026',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('href="#sentOn">Date the report was sent must be a real date</a>');
    expect(badDate.body).not.toContain('YYYY-MM-DD');
    const noDate = await coroner.post(`${reportUrl}/send`, {
      'sentOn-day': '',
      'sentOn-month': '',
      'sentOn-year': '',
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('href="#sentOn">Enter the date the report was sent</a>');
    const halfDate = await coroner.post(`${reportUrl}/send`, {
      'sentOn-day': '25',
      'sentOn-month': '',
      'sentOn-year': '2026',
    });
    expect(halfDate.body).toContain('href="#sentOn">Date the report was sent must include a month</a>');
    const sent = await coroner.post(`${reportUrl}/send`, {
      'sentOn-day': '25',
      'sentOn-month': '11',
      'sentOn-year': '2026',
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const after = await coroner.get(sent.headers.location!);
    expect(after.body).not.toContain('Saved.');
    expect(after.body).toContain(
      'Report sent to Chief Executive, Barts Health NHS Trust; London Ambulance Service on 25 November 2026. A copy went to the Chief Coroner.',
    );
    expect(after.body).toContain('20 January 2027');
    const view = (await coronerApi.get(`/api/v1${reportUrl}`)).json();
    const rid = view.recipients[0].id;

    const form = await officerPage.get(`${reportUrl}/recipients/${rid}/response`);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const boundary = '----pfdtest';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const multipart =
      part('_csrf', officerPage.csrf) +
      part('receivedOn-day', '10') +
      part('receivedOn-month', '1') +
      part('receivedOn-year', '2026') +
      `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="reply.txt"\r\nContent-Type: text/plain\r\n\r\nWe will act.\r\n--${boundary}--\r\n`;
    const early = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain(
      'The response cannot be received before the report was sent on 25 November 2026',
    );
    // A damaged file and a date in the future: both are named at once, each on its own field.
    const both = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart
        .replace('name="receivedOn-year"\r\n\r\n2026', 'name="receivedOn-year"\r\n\r\n2027')
        .replace(
          'filename="reply.txt"\r\nContent-Type: text/plain',
          'filename="reply.pdf"\r\nContent-Type: application/pdf',
        )
        .replace('We will act.', '%PDF-1.7\n garbage'),
    });
    expect(both.statusCode).toBe(400);
    const summary = both.body.slice(both.body.indexOf('govuk-error-summary'));
    expect(summary).toContain('href="#receivedOn">The date received cannot be in the future</a>');
    expect(summary).toMatch(/href="#document">[^<]*damaged/);
    // A file with a name but nothing in it is refused on its own question, keeping what was typed.
    const empty = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart
        .replace('name="receivedOn-day"\r\n\r\n10', 'name="receivedOn-day"\r\n\r\n25')
        .replace('name="receivedOn-month"\r\n\r\n1\r\n', 'name="receivedOn-month"\r\n\r\n11\r\n')
        .replace(
          part('receivedOn-year', '2026'),
          part('receivedOn-year', '2026') + part('summary', 'The trust will train its night staff.'),
        )
        .replace('We will act.', ''),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body.slice(empty.body.indexOf('govuk-error-summary'))).toContain(
      'href="#document">The selected file is empty</a>',
    );
    expect(empty.body).toContain('The trust will train its night staff.');
    expect(empty.body).toMatch(/name="receivedOn-day"[^>]*value="25"/);
    expect((await coronerApi.get(`/api/v1${reportUrl}`)).json().recipients[0].respondedOn).toBeNull();
    const unusual = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart.replace('name="receivedOn-day"\r\n\r\n10', 'name="receivedOn-day"\r\n\r\n1\u00000'),
    });
    expect(unusual.statusCode).toBe(400);
    expect(unusual.body).toContain('Remove the unusual character from your answer');
    const ok = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart
        .replace('name="receivedOn-year"\r\n\r\n2026', 'name="receivedOn-year"\r\n\r\n2026')
        .replace('name="receivedOn-day"\r\n\r\n10', 'name="receivedOn-day"\r\n\r\n25')
        .replace('name="receivedOn-month"\r\n\r\n1\r\n', 'name="receivedOn-month"\r\n\r\n11\r\n'),
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const withResponse = await coroner.get(reportUrl);
    expect(withResponse.body).toContain('reply.txt');
    // The response page sent twice (a double click) records the response once.
    const responsePage = await officerPage.get(`${reportUrl}/recipients/${rid}/response`);
    expect(responsePage.body).toMatch(/<button[^>]*data-prevent-double-click="true"/);
    const once = /name="_once" value="([^"]+)"/.exec(responsePage.body)![1]!;
    const twice = multipart
      .replace('name="receivedOn-day"\r\n\r\n10', 'name="receivedOn-day"\r\n\r\n25')
      .replace('name="receivedOn-month"\r\n\r\n1\r\n', 'name="receivedOn-month"\r\n\r\n11\r\n')
      .replace(part('receivedOn-year', '2026'), part('receivedOn-year', '2026') + part('_once', once));
    const responsesOf = async () => (await coronerApi.get(`/api/v1${reportUrl}`)).json().responses.length;
    const before = await responsesOf();
    for (let i = 0; i < 2; i++) {
      const res = await officerPage.inject({
        method: 'POST',
        url: `${reportUrl}/recipients/${rid}/response`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: twice,
      });
      expect(res.statusCode, res.body).toBe(303);
    }
    expect(await responsesOf()).toBe(before + 1);
    const forged = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart.replace(officerPage.csrf, 'wrong'),
    });
    expect(forged.statusCode).toBe(403);
    // The file is not read before the form's token is checked: one sent ahead of its token is refused.
    const fileFirst = await officerPage.inject({
      method: 'POST',
      url: `${reportUrl}/recipients/${rid}/response`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="reply.txt"\r\nContent-Type: text/plain\r\n\r\nWe will act.\r\n` +
        multipart.slice(
          0,
          multipart.indexOf(`--${boundary}\r\nContent-Disposition: form-data; name="document"`),
        ) +
        `--${boundary}--\r\n`,
    });
    expect(fileFirst.statusCode).toBe(403);

    const noChoice = await chief.post(`${reportUrl}/publish`, {});
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select whether to remove names from the published report');
    const published = await chief.post(`${reportUrl}/publish`, { removeNames: 'no' });
    expect(published.statusCode).toBe(303);
    const id = reportUrl.split('/').at(-1);
    const publicPage = await t.app.inject({ method: 'GET', url: `/prevention-of-future-deaths/${id}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain(`Following the death of ${c.name}.`);
    expect(publicPage.body).toContain('Responded');
    expect(publicPage.body).toContain('2 Coroner’s legal powers');
    const pdf = await coroner.get(`${reportUrl}/report.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const list = await t.app.inject({
      method: 'GET',
      url: '/prevention-of-future-deaths?year=2026&theme=hospital-care',
    });
    expect(list.body).toContain(`/prevention-of-future-deaths/${id}`);
    const badYear = await t.app.inject({ method: 'GET', url: '/prevention-of-future-deaths?year=20x6' });
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('<title>Error: Prevention of future deaths reports');
    expect(badYear.body).toContain('href="#year">Enter a year like 2026</a>');
  });

  it('shows a sensible page of the report lists for a page number that is not one', async () => {
    const c = await concludedCase(officer, coronerApi);
    const report = (
      await coronerApi.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: ['The ward was not staffed at night.'],
        recipients: [{ organisation: 'Barts Health NHS Trust' }],
        sentOn: '2026-11-25',
      })
    ).json();
    const chiefApi = await t.client(chief.user);
    const published = await chiefApi.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: false });
    expect(published.statusCode, published.body).toBe(200);
    const year = '2026';
    for (const page of ['0', '-3', 'abc', '2.5', '1e308', '9999999999999999999', '1&page=2']) {
      const open = await t.app.inject({ method: 'GET', url: `/prevention-of-future-deaths?page=${page}` });
      expect(open.statusCode, `public list, page=${page}`).toBe(200);
      expect(open.body).not.toContain('govuk-error-summary');
      const staff = await coroner.get(`/pfd-reports?page=${page}`);
      expect(staff.statusCode, `staff list, page=${page}`).toBe(200);
      expect(staff.body).toContain('<h1 class="govuk-heading-l">Prevention of future deaths reports</h1>');
    }
    // Past the last page of the published reports: said so, with the way back to the first page, filters kept.
    const past = await t.app.inject({
      method: 'GET',
      url: `/prevention-of-future-deaths?year=${year}&page=99999`,
    });
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('This page is after the last page of reports.');
    expect(past.body).toContain(`href="/prevention-of-future-deaths?year=${year}">Go to the first page</a>`);
    // A bad filter is still named in the error summary, whatever the page.
    const badYear = await t.app.inject({
      method: 'GET',
      url: '/prevention-of-future-deaths?year=20x6&page=x',
    });
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('href="#year">Enter a year like 2026</a>');
    expect(badYear.body).not.toContain('href="#page"');
  });

  it('ignores a bad parameter that is not on the public list’s form, and keeps the valid filters beside a bad one', async () => {
    const get = (query: string) =>
      t.app.inject({ method: 'GET', url: `/prevention-of-future-deaths?${query}` });
    const selected = (body: string, id: string) =>
      new RegExp(`<select[^>]*id="${id}"(?:(?!</select>)[\\s\\S])*?<option value="([^"]*)" selected`).exec(
        body,
      )?.[1];
    for (const query of ['pageSize=1000&area=EL', 'area=EL&pageSize=abc&sort=x&page=zz']) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(200);
      expect(res.body, query).not.toContain('govuk-error-summary');
      expect(selected(res.body, 'area'), query).toBe('EL');
      expect(res.body, query).toContain('href="/api/v1/public/pfd-reports.csv?area=EL"');
    }
    // A bad answer to the form's own questions is named, linked to its field, and the good ones are kept.
    const badYear = await get('area=EL&theme=hospital-care&year=20x6&pageSize=1000');
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('href="#year">Enter a year like 2026</a>');
    expect(badYear.body).toContain('id="year-error"');
    expect(badYear.body).not.toContain('href="#pageSize"');
    expect(selected(badYear.body, 'area')).toBe('EL');
    expect(selected(badYear.body, 'theme')).toBe('hospital-care');
    expect(badYear.body).toContain('href="/api/v1/public/pfd-reports.csv?area=EL&amp;theme=hospital-care"');
    const badTheme = await get('area=EL&theme=bogus');
    expect(badTheme.statusCode).toBe(400);
    expect(badTheme.body).toContain('href="#theme">Select a theme from the list</a>');
    expect(badTheme.body).toContain('id="theme-error"');
    expect(selected(badTheme.body, 'area')).toBe('EL');
    const badArea = await get('area=QQQ&year=2026');
    expect(badArea.statusCode).toBe(400);
    expect(badArea.body).toContain('href="#area">Select a coroner area from the list</a>');
    expect(badArea.body).toContain('id="area-error"');
    expect(badArea.body).toContain('href="/api/v1/public/pfd-reports.csv?year=2026"');
  });

  it('shows the overdue register and the list of reports', async () => {
    const register = await chief.get('/pfd-reports/overdue');
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Overdue responses to prevention of future deaths reports');
    const list = await coroner.get('/pfd-reports');
    expect(list.statusCode).toBe(200);
    const open = await t.app.inject({ method: 'GET', url: '/open-data' });
    expect(open.body).toContain('/api/v1/public/pfd-reports.csv');
  });
});
