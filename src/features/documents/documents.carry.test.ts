import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import { pdftotext } from './fixtures/pdftotext.ts';
import {
  addInterestedPerson,
  type Client,
  newCase,
  uploadWith,
  watchdogReport,
} from './fixtures/scenario.ts';

const MET = 'Metropolitan Police Service';

describe('a fresh investigation after a quash keeps the documents of the quashed one', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let police: Client;
  let family: Client;
  let declinedUser: Client;
  let quashed: { id: string; reference: string };
  let freshCaseId: string;
  let documentId: string;
  let statementId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner'));
    police = await t.client(await t.user('provider', { organisation: MET, name: 'DS Alan Marsh' }));
    family = await t.client(await t.user('interested-person', { name: 'Joan Walsh' }));
    declinedUser = await t.client(await t.user('interested-person', { name: 'Acme Life' }));
    quashed = await newCase(officer);
    const act = async (action: Record<string, unknown>) => {
      const res = await coroner.post(`/api/v1/cases/${quashed.id}/actions`, action);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    await act({ type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Not known' });
    const joan = await addInterestedPerson(t, quashed.id, { name: 'Joan Walsh', userId: family.user.id });
    const insurer = await addInterestedPerson(t, quashed.id, {
      name: 'Acme Life',
      userId: declinedUser.user.id,
    });

    // A police report, redacted by its owner, approved, and released to the family and to the insurer.
    const upload = await uploadWith(
      t,
      officer,
      quashed.id,
      { title: 'Police report', ownerOrganisation: MET, kind: 'POLICE_REPORT' },
      { name: 'report.pdf', type: 'application/pdf', bytes: watchdogReport('KESTREL') },
    );
    expect(upload.statusCode, upload.body).toBe(201);
    documentId = upload.json().id;
    const proposal = await police.post(`/api/v1/documents/${documentId}/redactions`, {
      text: 'kestrel',
      reason: 'SENSITIVE_OPERATIONAL',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const version = await police.post(`/api/v1/documents/${documentId}/redacted-versions`, {
      redactionIds: [proposal.json().id],
    });
    expect(version.statusCode, version.body).toBe(201);
    expect((await police.post(`/api/v1/documents/${documentId}/versions/2/approval`, {})).statusCode).toBe(
      200,
    );
    expect((await coroner.post(`/api/v1/documents/${documentId}/versions/2/approval`, {})).statusCode).toBe(
      200,
    );
    const decision = await coroner.post(`/api/v1/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
      reasons: 'Shows what the police knew.',
    });
    expect(decision.statusCode, decision.body).toBe(200);
    const released = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: version.json().id,
      interestedPersonIds: [joan, insurer],
      method: 'ONLINE',
    });
    expect(released.statusCode, released.body).toBe(201);
    // A statement released to no one.
    const statement = await uploadWith(
      t,
      officer,
      quashed.id,
      { title: 'Statement of the dog walker', ownerOrganisation: MET, kind: 'STATEMENT' },
      {
        name: 'statement.txt',
        type: 'text/plain',
        bytes: new TextEncoder().encode('I found him by the yew.'),
      },
    );
    statementId = statement.json().id;

    // The insurer is found not to be an interested person after all: it is not carried over.
    await t.db.update(interestedPersons).set({ status: 'DECLINED' }).where(eq(interestedPersons.id, insurer));
    await act({ type: 'OPEN_INQUEST', openedOn: '2026-11-21' });
    await act({
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-22',
      medicalCause: { '1a': 'Unascertained' },
      howWhenWhere: 'Found in the churchyard',
      shortForm: 'open',
      byJury: false,
    });
    const quash = await act({
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn: '2026-11-24',
      grounds: 'Insufficiency of inquiry',
    });
    freshCaseId = quash.freshCaseId;
  });
  afterAll(() => t.close());

  it('carries each document over with its versions, redactions and the coroner’s decision', async () => {
    const before = (await coroner.get(`/api/v1/documents/${documentId}`)).json();
    const list = await coroner.get(`/api/v1/cases/${freshCaseId}/documents`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; title: string; carriedFrom: string }[];
    expect(items.map((d) => [d.title, d.carriedFrom]).sort()).toEqual([
      ['Police report', documentId],
      ['Statement of the dog walker', statementId],
    ]);
    const carriedId = items.find((d) => d.carriedFrom === documentId)!.id;
    expect(carriedId).not.toBe(documentId);
    const after = (await coroner.get(`/api/v1/documents/${carriedId}`)).json();
    expect(after).toMatchObject({
      caseId: freshCaseId,
      relevance: 'RELEVANT',
      decisionReasons: `Shows what the police knew. (Decided at the quashed inquest ${quashed.reference}.)`,
    });
    // The same files (kept once), the same states; the redactions are the carried case's own.
    expect(after.versions.map((v: { sha256: string; state: string }) => [v.sha256, v.state])).toEqual(
      before.versions.map((v: { sha256: string; state: string }) => [v.sha256, v.state]),
    );
    const [redaction] = after.redactions;
    expect(redaction).toMatchObject({ text: 'kestrel', status: 'ACCEPTED' });
    expect(redaction.id).not.toBe(before.redactions[0].id);
    expect(after.versions[1].redactionIds).toEqual([redaction.id]);
    expect(after.versions[1].schedule[0]).toMatchObject({ redactionId: redaction.id, what: 'kestrel' });
    expect(after.versions[1]).toHaveProperty('pagesAsPictures');
    const content = await coroner.get(`/api/v1/documents/${carriedId}/versions/2/content`);
    expect(content.statusCode).toBe(200);
    // The quashed case keeps its own documents unchanged.
    expect((await coroner.get(`/api/v1/documents/${documentId}`)).json()).toEqual(before);
  });

  it('keeps what was released to the family released to them on the fresh case, and no more', async () => {
    const carried = (await family.get(`/api/v1/cases/${freshCaseId}/documents`)).json().items;
    expect(carried).toEqual([
      expect.objectContaining({
        title: 'Police report',
        version: 2,
        redacted: true,
        releasedTo: 'Joan Walsh',
      }),
    ]);
    const content = await family.get(carried[0].href);
    expect(content.statusCode).toBe(200);
    const text = pdftotext(content.rawPayload);
    if (text !== undefined) expect(text.toLowerCase()).not.toContain('kestrel');
    expect((await family.get(`/api/v1/cases/${quashed.id}/documents`)).json().items).toHaveLength(1);
    // The insurer was not carried over: it sees nothing of the fresh case.
    expect((await declinedUser.get(`/api/v1/cases/${freshCaseId}/documents`)).statusCode).toBe(404);
  });

  it('says on the document’s page where it was carried over from', async () => {
    const list = (await coroner.get(`/api/v1/cases/${freshCaseId}/documents`)).json().items;
    const carriedId = list.find((d: { carriedFrom: string }) => d.carriedFrom === documentId).id;
    const page = await coroner.get(`/documents/${carriedId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Carried over from');
    expect(page.body).toContain(`href="/documents/${documentId}"`);
    expect(page.body).toContain(`${quashed.reference}</a>, the quashed investigation`);
  });
});
