import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { caseDeadlines } from '../cases/cases.tables.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import { documents } from './documents.tables.ts';
import { makePng } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';
import {
  addInterestedPerson,
  type Client,
  newCase,
  uploadWith,
  watchdogReport,
} from './fixtures/scenario.ts';

const MET = 'Metropolitan Police Service';
const flat = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

describe('documents, redaction and disclosure through the API', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let police: Client;
  let watchdog: Client;
  let family: Client;
  let stranger: Client;
  let otherAreaCoroner: Client;
  let caseId: string;
  let personId: string;
  let documentId: string;
  const report = watchdogReport('KESTREL');

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner'));
    police = await t.client(await t.user('provider', { organisation: MET, name: 'DS Alan Marsh' }));
    watchdog = await t.client(
      await t.user('provider', { organisation: 'Independent Office for Police Conduct' }),
    );
    family = await t.client(await t.user('interested-person', { name: 'Joan Walsh' }));
    stranger = await t.client(await t.user('interested-person'));
    otherAreaCoroner = await t.client(await t.user('coroner', { areaCode: 'IN' }));
    caseId = (await newCase(officer)).id;
    personId = await addInterestedPerson(t, caseId, { name: 'Joan Walsh', userId: family.user.id });
  });
  afterAll(() => t.close());

  it('adds a document from a multipart upload, recognised by content, as version 1 (the original)', async () => {
    const res = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'IOPC investigation report', ownerOrganisation: MET, kind: 'CONDUCT_REPORT' },
      { name: 'report.pdf', type: 'application/pdf', bytes: report },
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    documentId = body.id;
    expect(body.versions).toEqual([
      expect.objectContaining({
        number: 1,
        kind: 'ORIGINAL',
        state: 'DRAFT',
        contentType: 'application/pdf',
        fileName: 'report.pdf',
        pageCount: 2,
        size: report.length,
        sha256: createHash('sha256').update(report).digest('hex'),
      }),
    ]);
    expect(await t.storage.has(body.versions[0].sha256)).toBe(true);
    const stored = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'DOCUMENT_ADDED'), eq(auditEvents.subjectId, documentId)));
    expect(stored).toHaveLength(1);
  });

  it('lists the case’s documents for staff, and for a provider only those its organisation owns', async () => {
    const list = (await officer.get(`/api/v1/cases/${caseId}/documents`)).json();
    expect(list.items.map((d: { id: string }) => d.id)).toContain(documentId);
    const mine = await police.get(`/api/v1/cases/${caseId}/documents`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toHaveLength(1);
    expect((await watchdog.get(`/api/v1/cases/${caseId}/documents`)).statusCode).toBe(404);
    expect((await watchdog.get(`/api/v1/documents/${documentId}`)).statusCode).toBe(404);
    expect((await otherAreaCoroner.get(`/api/v1/documents/${documentId}`)).statusCode).toBe(404);
    expect((await police.get(`/api/v1/documents/${documentId}`)).statusCode).toBe(200);
    expect((await police.get('/api/v1/cases/abc/documents')).statusCode).toBe(404);
    const noOrganisation = await t.client(await t.user('provider', { organisation: null }));
    const none = await noOrganisation.get(`/api/v1/cases/${caseId}/documents`);
    expect(none.statusCode, none.body).toBe(404);
    expect(none.body).not.toContain('Metropolitan');
    expect((await noOrganisation.get(`/api/v1/documents/${documentId}`)).statusCode).toBe(404);
  });

  it('lets the area a case is being transferred to change its documents only once it has accepted it', async () => {
    const moving = (await newCase(officer)).id;
    const upload = (who: Client, title: string) =>
      uploadWith(
        t,
        who,
        moving,
        { title, ownerOrganisation: MET },
        { name: 'note.txt', type: 'text/plain', bytes: Buffer.from('Statement of the finder.') },
      );
    const first = await upload(officer, 'Finder’s statement');
    expect(first.statusCode, first.body).toBe(201);
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Cause not known' },
      { type: 'TRANSFER', toAreaCode: 'IN', basis: 'S2', agreedBy: 'Senior coroner', reason: 'Family there' },
    ])
      expect((await coroner.post(`/api/v1/cases/${moving}/actions`, action)).statusCode).toBe(200);
    expect((await otherAreaCoroner.get(`/api/v1/documents/${first.json().id}`)).statusCode).toBe(200);
    expect((await upload(otherAreaCoroner, 'Too early')).statusCode).toBe(403);
    const decision = await otherAreaCoroner.post(`/api/v1/documents/${first.json().id}/decision`, {
      relevance: 'RELEVANT',
    });
    expect(decision.statusCode).toBe(403);
    const accepted = await otherAreaCoroner.post(`/api/v1/cases/${moving}/actions`, {
      type: 'ACCEPT_TRANSFER',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await upload(otherAreaCoroner, 'Pathologist’s report')).statusCode).toBe(201);
  });

  it('lets the owner organisation propose redactions, counting where the words occur', async () => {
    const res = await police.post(`/api/v1/documents/${documentId}/redactions`, {
      text: 'kestrel',
      reason: 'SENSITIVE_OPERATIONAL',
      note: 'Codename of a live operation',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'text',
      hits: 2,
      status: 'PROPOSED',
      proposedBy: `DS Alan Marsh, ${MET}`,
    });
    const box = await police.post(`/api/v1/documents/${documentId}/redactions`, {
      page: 2,
      rect: { x: 60, y: 300, width: 300, height: 20 },
      reason: 'THIRD_PARTY_PERSONAL_DATA',
    });
    expect(box.statusCode, box.body).toBe(201);
  });

  it.each([
    ['words that are not in the document', { text: 'albatross', reason: 'OTHER' }, 'text'],
    [
      'both words and an area',
      { text: 'x', page: 1, rect: { x: 0, y: 0, width: 1, height: 1 }, reason: 'OTHER' },
      'text',
    ],
    [
      'an area on a page that does not exist',
      { page: 9, rect: { x: 0, y: 0, width: 10, height: 10 }, reason: 'OTHER' },
      'page',
    ],
    [
      'an area off the page',
      { page: 1, rect: { x: 900, y: 0, width: 10, height: 10 }, reason: 'OTHER' },
      'rect',
    ],
    ['an unknown reason', { text: 'kestrel', reason: 'BECAUSE' }, 'reason'],
  ])('refuses a proposal of %s with a 400 naming the field', async (_what, body, field) => {
    const res = await police.post(`/api/v1/documents/${documentId}/redactions`, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toContain(field);
  });

  it('makes a redacted version with the content truly removed, and keeps its schedule', async () => {
    const doc = (await police.get(`/api/v1/documents/${documentId}`)).json();
    const ids = doc.redactions.map((r: { id: string }) => r.id);
    const res = await police.post(`/api/v1/documents/${documentId}/redacted-versions`, { redactionIds: ids });
    expect(res.statusCode, res.body).toBe(201);
    const version = res.json();
    expect(version).toMatchObject({ number: 2, kind: 'REDACTED', state: 'DRAFT', redactionIds: ids });
    expect(version.schedule.find((i: { kind: string }) => i.kind === 'text')).toMatchObject({
      what: 'kestrel',
      hits: 2,
      pages: [1, 2],
      reason: 'SENSITIVE_OPERATIONAL',
    });
    const content = await police.get(`/api/v1/documents/${documentId}/versions/2/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    const text = pdftotext(content.rawPayload);
    if (text !== undefined) {
      expect(flat(text)).not.toContain('kestrel');
      expect(text).toContain('Redacted');
      expect(text).toContain('The ambulance was called at 21:14.');
    }
    const original = await officer.get(`/api/v1/documents/${documentId}/versions/1/content`);
    expect(Buffer.compare(original.rawPayload, Buffer.from(report))).toBe(0);
    // A version is named by its number as written: nothing else reads as version 1.
    for (const v of ['01', '1.0', '+1', '1e0', '0x1', '0', '-1'])
      expect((await officer.get(`/api/v1/documents/${documentId}/versions/${v}/content`)).statusCode, v).toBe(
        404,
      );
  });

  it('takes a version from draft, to approved by the owner, to approved by the coroner, in that order', async () => {
    const early = await coroner.post(`/api/v1/documents/${documentId}/versions/2/approval`, {
      stage: 'CORONER',
    });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.message).toContain('owner of the document must approve');
    const asCoroner = await police.post(`/api/v1/documents/${documentId}/versions/2/approval`, {
      stage: 'CORONER',
    });
    expect(asCoroner.statusCode).toBe(403);
    // The same approval sent several times at once is given once; the others are refused.
    const sent = await Promise.all(
      [1, 2, 3].map(() => police.post(`/api/v1/documents/${documentId}/versions/2/approval`, {})),
    );
    expect(sent.map((r) => r.statusCode).sort()).toEqual([200, 403, 403]); // then only the coroner may approve
    const owner = sent.find((r) => r.statusCode === 200)!;
    expect(owner.json().state).toBe('OWNER_APPROVED');
    const byOfficer = await officer.post(`/api/v1/documents/${documentId}/versions/2/approval`, {});
    expect(byOfficer.statusCode).toBe(403);
    const done = await coroner.post(`/api/v1/documents/${documentId}/versions/2/approval`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().state).toBe('CORONER_APPROVED');
    const doc = (await coroner.get(`/api/v1/documents/${documentId}`)).json();
    expect(doc.redactions.every((r: { status: string }) => r.status === 'ACCEPTED')).toBe(true);
    const again = await coroner.post(`/api/v1/documents/${documentId}/versions/2/approval`, {});
    expect(again.statusCode).toBe(409);
  });

  it('asks staff who record the owner’s agreement to say how it was given', async () => {
    const res = await officer.post(`/api/v1/documents/${documentId}/versions/1/approval`, { stage: 'OWNER' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.note).toContain('how the owner agreed');
  });

  it('releases only a version the coroner approved, to interested persons of the case', async () => {
    const v1 = (await officer.get(`/api/v1/documents/${documentId}`)).json().versions[0].id;
    const draft = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v1,
      interestedPersonIds: [personId],
    });
    expect(draft.statusCode).toBe(409);
    const v2 = (await officer.get(`/api/v1/documents/${documentId}`)).json().versions[1].id;
    const otherCase = await newCase(officer);
    const outsider = await addInterestedPerson(t, otherCase.id);
    const wrong = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [outsider],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('interestedPersonIds');
    const future = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [personId],
      disclosedOn: '2026-12-25',
    });
    expect(future.statusCode).toBe(400);
    // Someone with no online account and no invitation waiting could never read it online.
    const offline = await addInterestedPerson(t, caseId);
    const unreadable = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [offline],
      method: 'ONLINE',
    });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().error.fields.method).toContain(
      'cannot read documents online: they have no online account or invitation waiting.',
    );
    const byPost = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [offline],
      method: 'POST',
    });
    expect(byPost.statusCode, byPost.body).toBe(201);
    // The notice names the document as the family will see it: a title naming what was redacted gives nothing away.
    const [{ title } = { title: '' }] = await t.db
      .select({ title: documents.title })
      .from(documents)
      .where(eq(documents.id, documentId));
    await t.db
      .update(documents)
      .set({ title: `${title} (Operation KESTREL)` })
      .where(eq(documents.id, documentId));
    const res = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [personId],
      method: 'ONLINE',
    });
    await t.db.update(documents).set({ title }).where(eq(documents.id, documentId));
    expect(res.statusCode, res.body).toBe(201);
    const notices = await t.db
      .select({ body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.caseId, caseId), eq(notifications.template, 'DOCUMENT_DISCLOSED')));
    expect(notices.map((n) => n.body)).toEqual([
      expect.stringContaining(`shared a document with you: ${title} (Operation [redacted]).`),
    ]);
    expect(res.json()).toEqual({ versionId: v2, released: [personId], alreadyHeld: [] });
    // Ids are ids whatever the case of their letters.
    const twice = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2.toUpperCase(),
      interestedPersonIds: [personId.toUpperCase()],
    });
    expect(twice.statusCode, twice.body).toBe(201);
    expect(twice.json()).toEqual({ versionId: v2, released: [], alreadyHeld: [personId] });
    const events = (await officer.get(`/api/v1/cases/${caseId}`)).json().events;
    expect(events.at(-1)).toMatchObject({ type: 'DOCUMENT_DISCLOSED' });
  });

  it('gives the family only the released version, marked with their name, and audits the read', async () => {
    const list = await family.get(`/api/v1/cases/${caseId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ documentId, version: 2, redacted: true, releasedTo: 'Joan Walsh' }),
    ]);
    expect(list.json().items[0]).not.toHaveProperty('schedule');
    // A title naming what the version removed does not give it away to the family.
    const [row] = await t.db
      .select({ title: documents.title })
      .from(documents)
      .where(eq(documents.id, documentId));
    const title = row!.title;
    await t.db
      .update(documents)
      .set({ title: `${title} (Operation KESTREL)` })
      .where(eq(documents.id, documentId));
    const renamed = (await family.get(`/api/v1/cases/${caseId}/documents`)).json().items[0];
    expect(renamed.title).toBe(`${title} (Operation [redacted])`);
    await t.db.update(documents).set({ title }).where(eq(documents.id, documentId));
    const res = await family.get(`/api/v1/documents/${documentId}/versions/2/content`);
    expect(res.statusCode).toBe(200);
    const text = pdftotext(res.rawPayload);
    if (text !== undefined) {
      expect(flat(text)).not.toContain('kestrel');
      expect(text).toContain('Disclosed to Joan Walsh on 25 November 2026');
    }
    expect((await family.get(`/api/v1/documents/${documentId}/versions/1/content`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/documents/${documentId}`)).statusCode).toBe(403);
    expect((await stranger.get(`/api/v1/documents/${documentId}/versions/2/content`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/cases/${caseId}/documents`)).statusCode).toBe(404);
    expect((await family.get('/api/v1/cases/not-a-case/documents')).statusCode).toBe(404);
    for (const number of ['0', '-1', '1.5', '2147483648', '1e20'])
      expect(
        (await coroner.get(`/api/v1/documents/${documentId}/versions/${number}/content`)).statusCode,
      ).toBe(404);
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'DOCUMENT_CONTENT_READ'), eq(auditEvents.actorId, family.user.id)));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ caseId, subjectType: 'document', subjectId: documentId });
    expect(reads[0]!.detail).toMatchObject({
      version: 2,
      via: 'api',
      recipient: 'Joan Walsh',
      interestedPersonId: personId,
    });
    const who = (await coroner.get(`/api/v1/documents/${documentId}/reads`)).json();
    expect(who[0]).toMatchObject({
      by: 'Joan Walsh (Interested person)',
      version: 2,
      recipient: 'Joan Walsh',
    });
  });

  it('stops showing a version to a person removed from the case', async () => {
    const other = await t.client(await t.user('interested-person'));
    const removed = await addInterestedPerson(t, caseId, { userId: other.user.id });
    const v2 = (await officer.get(`/api/v1/documents/${documentId}`)).json().versions[1].id;
    await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: v2,
      interestedPersonIds: [removed],
    });
    expect((await other.get(`/api/v1/documents/${documentId}/versions/2/content`)).statusCode).toBe(200);
    await t.db.update(interestedPersons).set({ status: 'REMOVED' }).where(eq(interestedPersons.id, removed));
    expect((await other.get(`/api/v1/documents/${documentId}/versions/2/content`)).statusCode).toBe(404);
  });

  it('keeps a disclosure log with downloads and the disclosure dates set at a pre-inquest review', async () => {
    await t.db.insert(caseDeadlines).values({
      caseId,
      kind: 'DISCLOSURE_DUE',
      basis: 'Pre-inquest review 1 December 2026: police disclosure by this date',
      source: 'hearing',
      sourceId: 'pir-1',
      startedOn: '2026-12-01',
      dueOn: '2027-01-15',
    });
    const log = await coroner.get(`/api/v1/cases/${caseId}/disclosure-log`);
    expect(log.statusCode, log.body).toBe(200);
    const joan = log
      .json()
      .releases.find((r: { interestedPersonId: string }) => r.interestedPersonId === personId);
    expect(joan).toMatchObject({
      version: 2,
      redacted: true,
      method: 'ONLINE',
      disclosedOn: '2026-11-25',
      downloads: 1,
    });
    expect(log.json().clocks).toEqual([
      { dueOn: '2027-01-15', basis: expect.any(String), state: 'open', metOn: null },
    ]);
    expect((await police.get(`/api/v1/cases/${caseId}/disclosure-log`)).statusCode).toBe(403);
  });

  it('withdraws a release, after which the family gets 404', async () => {
    const log = (await coroner.get(`/api/v1/cases/${caseId}/disclosure-log`)).json();
    const joan = log.releases.find((r: { interestedPersonId: string }) => r.interestedPersonId === personId);
    const res = await officer.post(`/api/v1/documents/${documentId}/disclosures/${joan.id}/withdrawal`, {
      reason: 'Sent in error before the hearing',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await family.get(`/api/v1/documents/${documentId}/versions/2/content`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/cases/${caseId}/documents`)).json().items).toEqual([]);
    const again = await officer.post(`/api/v1/documents/${documentId}/disclosures/${joan.id}/withdrawal`, {
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
  });

  it('records the coroner’s relevance decision and r.15 ground, and refuses release of a withheld document', async () => {
    const bad = await coroner.post(`/api/v1/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
      withhold: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('ground');
    const blocked = await coroner.post(`/api/v1/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
      withhold: true,
      ground: 'CRIMINAL_PROCEEDINGS',
      reasons: 'A prosecution is being considered.',
    });
    // The copy released to the removed person is still active.
    expect(blocked.statusCode).toBe(409);
    const byOfficer = await officer.post(`/api/v1/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
    });
    expect(byOfficer.statusCode).toBe(403);
    const relevant = await coroner.post(`/api/v1/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
      reasons: 'Goes to how he came by his death.',
    });
    expect(relevant.statusCode, relevant.body).toBe(200);
    expect(relevant.json()).toMatchObject({ relevance: 'RELEVANT', withheldGround: null });
    // The organisation that supplied it is not told the coroner's decision or reasons, as on its page.
    const undecided = { relevance: null, withheldGround: null, decisionReasons: null };
    expect((await police.get(`/api/v1/documents/${documentId}`)).json()).toMatchObject(undecided);
    const listed = (await police.get(`/api/v1/cases/${caseId}/documents`)).json().items;
    expect(listed.find((d: { id: string }) => d.id === documentId)).toMatchObject(undecided);
    expect((await officer.get(`/api/v1/documents/${documentId}`)).json()).toMatchObject({
      relevance: 'RELEVANT',
      decisionReasons: 'Goes to how he came by his death.',
    });
  });

  it('refuses words to redact that are too short, or found in more places than one redaction can remove', async () => {
    const text = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'Call log', ownerOrganisation: MET },
      { name: 'log.txt', type: 'text/plain', bytes: Buffer.from('Call logged. '.repeat(1_001)) },
    );
    expect(text.statusCode, text.body).toBe(201);
    const propose = (words: string) =>
      officer.post(`/api/v1/documents/${text.json().id}/redactions`, { text: words, reason: 'OTHER' });
    const short = await propose('Ca');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.text).toBe(
      'Enter at least 3 characters to redact. To remove something shorter, mark its area instead',
    );
    const common = await propose('logged');
    expect(common.statusCode).toBe(400);
    expect(common.json().error.fields.text).toMatch(/^These words are found in 1,001 places in the document/);
  });

  it('refuses a text redaction on a picture and makes a bundle of chosen versions', async () => {
    const png = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'Scene photograph', ownerOrganisation: MET },
      { name: 'scene.png', type: 'image/png', bytes: makePng(60, 40) },
    );
    expect(png.statusCode, png.body).toBe(201);
    const pictureId = png.json().id;
    const words = await officer.post(`/api/v1/documents/${pictureId}/redactions`, {
      text: 'plate',
      reason: 'OTHER',
    });
    expect(words.statusCode).toBe(400);
    const area = await officer.post(`/api/v1/documents/${pictureId}/redactions`, {
      page: 1,
      rect: { x: 10, y: 10, width: 20, height: 10 },
      reason: 'THIRD_PARTY_PERSONAL_DATA',
    });
    expect(area.statusCode, area.body).toBe(201);
    const versions = [
      (await officer.get(`/api/v1/documents/${documentId}`)).json().versions[1].id,
      png.json().versions[0].id,
    ];
    const bundle = await officer.post(`/api/v1/cases/${caseId}/bundles`, {
      title: 'Inquest bundle',
      versionIds: versions,
    });
    expect(bundle.statusCode, bundle.body).toBe(200);
    expect(bundle.headers['content-type']).toBe('application/pdf');
    const text = pdftotext(bundle.rawPayload);
    if (text !== undefined) {
      expect(text).toContain('Inquest bundle');
      expect(text).toContain('IOPC investigation report (redacted, version 2)');
      expect(text).toContain('Page 4 of 4');
      expect(flat(text)).not.toContain('kestrel');
    }
    const foreign = await officer.post(`/api/v1/cases/${(await newCase(officer)).id}/bundles`, {
      title: 'x',
      versionIds: versions,
    });
    expect(foreign.statusCode).toBe(400);
  });
});
