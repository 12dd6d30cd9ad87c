import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../../src/features/documents/fixtures/make-documents.ts';
import { pdftotext } from '../../src/features/documents/fixtures/pdftotext.ts';
import {
  addInterestedPerson,
  newCase,
  watchdogReport,
} from '../../src/features/documents/fixtures/scenario.ts';
import { auditEvents } from '../../src/platform/audit/audit.tables.ts';
import { browserJourney, expectAccessible, signInWithForm } from '../support/browser.ts';

const PASSWORD = 'a long demo passphrase';
// Other tests share the database: this run's organisation and report have names of their own.
const RUN = Math.random().toString(36).slice(2, 8);
const MET = `Metropolitan Police Service ${RUN}`;
const REPORT = `IOPC investigation report ${RUN}`;
const JOURNEY_MS = 600_000;

describe('a police redaction of a watchdog report, approved by the coroner and read by the family', () => {
  const journey = browserJourney();
  const contexts: BrowserContext[] = [];
  const scriptErrors: string[] = [];
  let caseId: string;
  let documentId: string;

  const users = {} as Record<'officer' | 'coroner' | 'police' | 'family', { email: string; id: string }>;

  beforeAll(async () => {
    const { t } = journey;
    users.officer = await t.user('officer', { password: PASSWORD, name: 'Tom Whitfield' });
    users.coroner = await t.user('coroner', { password: PASSWORD, name: 'Nadia Rahman' });
    users.police = await t.user('provider', { password: PASSWORD, name: 'DS Alan Marsh', organisation: MET });
    users.family = await t.user('interested-person', { password: PASSWORD, name: 'Joan Walsh' });
    const api = await t.client(await t.user('officer'));
    caseId = (await newCase(api)).id;
    await addInterestedPerson(t, caseId, { name: 'Joan Walsh', userId: users.family.id });
  }, JOURNEY_MS);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function signedIn(who: keyof typeof users): Promise<Page> {
    const context = await journey.browser.newContext({ acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        scriptErrors.push(`${r.status()} ${r.url()}`);
    });
    await signInWithForm(page, journey.base, users[who].email, PASSWORD);
    return page;
  }

  it(
    'goes from upload to a redacted copy in the family’s hands, with every page accessible and every read audited',
    async () => {
      // The coroner's officer adds the report the police supplied.
      const officer = await signedIn('officer');
      await officer.goto(`${journey.base}/cases/${caseId}`);
      await officer.getByRole('link', { name: 'Documents (0)' }).click();
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Add a document' }).click();
      await expectAccessible(officer);
      await officer.getByLabel('Title').fill(REPORT);
      await officer.getByLabel('Organisation that owns the document').fill(MET);
      await officer.getByLabel('Kind of document').selectOption('CONDUCT_REPORT');
      await officer.setInputFiles('#file', {
        name: 'iopc-report.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(watchdogReport('NIGHTJAR')),
      });
      await officer.getByRole('button', { name: 'Add the document' }).click();
      await officer.waitForURL(/\/documents\/[0-9a-f-]{36}\?done=added$/);
      documentId = new URL(officer.url()).pathname.split('/')[2]!;
      expect(await officer.locator('.govuk-notification-banner').textContent()).toContain('Document added.');
      await expectAccessible(officer);

      // The police propose redacting the operation's codename, make the redacted version and approve it.
      const police = await signedIn('police');
      await police.getByRole('link', { name: 'Documents', exact: true }).click();
      await expectAccessible(police);
      await police.getByRole('link', { name: REPORT }).click();
      await police.getByRole('link', { name: 'Propose words to redact' }).click();
      await expectAccessible(police);
      await police.getByLabel('Words to redact').fill('Operation NIGHTJAR');
      await police.getByLabel('Sensitive operational information').check();
      await police.getByRole('button', { name: 'Propose this redaction' }).click();
      await police.waitForURL(/done=proposed/);
      await police.getByRole('link', { name: 'Propose words to redact' }).click();
      await police.getByLabel('Words to redact').fill('nightjar');
      await police.getByLabel('Sensitive operational information').check();
      await police.getByRole('button', { name: 'Propose this redaction' }).click();
      await police.waitForURL(/done=proposed/);
      await police.getByRole('link', { name: 'Mark an area to redact' }).click();
      await expectAccessible(police);
      await police.goto(`${journey.base}/documents/${documentId}`);
      await police.getByLabel('“Operation NIGHTJAR”').check();
      await police.getByLabel('“nightjar”').check();
      await police.getByRole('button', { name: 'Make a redacted version' }).click();
      await police.waitForURL(/versions\/2\?done=version$/);
      expect(await police.locator('table').first().textContent()).toContain('“nightjar”');
      await expectAccessible(police);
      await police.getByRole('button', { name: 'Approve this version' }).click();
      await police.waitForURL(/versions\/2\?done=approved$/);

      // The coroner reviews the proposals, approves the version, decides it is relevant and releases it.
      const coroner = await signedIn('coroner');
      await coroner.goto(`${journey.base}/documents`);
      await expectAccessible(coroner);
      await coroner.getByRole('link', { name: REPORT }).click();
      await expectAccessible(coroner);
      await coroner.getByRole('link', { name: 'Review “Operation NIGHTJAR”' }).click();
      await expectAccessible(coroner);
      await coroner.getByLabel('Yes, accept it').check();
      await coroner.getByRole('button', { name: 'Save your review' }).click();
      await coroner.waitForURL(/done=reviewed/);
      await coroner.getByRole('link', { name: 'Version 2: redacted', exact: true }).click();
      await expectAccessible(coroner);
      await coroner.getByRole('button', { name: 'Approve for disclosure' }).click();
      await coroner.waitForURL(/versions\/2\?done=approved$/);
      await coroner.goto(`${journey.base}/documents/${documentId}`);
      await coroner.getByRole('link', { name: 'Record your decision on relevance and disclosure' }).click();
      await expectAccessible(coroner);
      await coroner.getByLabel('Yes, it is relevant').check();
      await coroner.getByLabel('No, it can be disclosed').check();
      await coroner.getByRole('button', { name: 'Save your decision' }).click();
      await coroner.waitForURL(/done=decided/);
      await coroner.getByRole('link', { name: 'Release a version to interested persons' }).click();
      await expectAccessible(coroner);
      await coroner.getByLabel('Joan Walsh').check();
      await coroner.getByRole('button', { name: 'Release' }).click();
      await coroner.waitForURL(/done=released/);
      await expectAccessible(coroner);

      // The family download their copy: the codename is gone, their name and the date are on it.
      const family = await signedIn('family');
      await family.goto(`${journey.base}/portal/cases/${caseId}/documents`);
      await expectAccessible(family);
      expect(await family.locator('main').textContent()).not.toMatch(/nightjar/i);
      const [download] = await Promise.all([
        family.waitForEvent('download'),
        family.getByRole('link', { name: `Download ${REPORT}` }).click(),
      ]);
      const bytes = await readFile((await download.path())!);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdftotext(bytes);
      expect(text, 'pdftotext (poppler-utils) must be installed for this journey').toBeDefined();
      expect(text).not.toMatch(/nightjar/i);
      expect(text).toContain('The ambulance was called at 21:14.');
      expect(text).toContain('Disclosed to Joan Walsh on 25 November 2026');

      // The audit log shows who read what and when.
      await coroner.goto(`${journey.base}/documents/${documentId}`);
      const reads = coroner.locator('table', {
        has: coroner.locator('caption', { hasText: 'Reads of this document' }),
      });
      const familyRead = reads.locator('tr', { hasText: 'Joan Walsh (Interested person)' });
      await expect.poll(() => familyRead.count()).toBe(1);
      expect(await familyRead.textContent()).toContain('Version 2');
      expect(await familyRead.textContent()).toContain('25 November 2026 at 10am');
      expect(await familyRead.textContent()).toContain('marked for Joan Walsh');
      expect(await reads.locator('tr', { hasText: 'DS Alan Marsh' }).count()).toBeGreaterThan(0);
      await expectAccessible(coroner);
      const events = await journey.t.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'DOCUMENT_CONTENT_READ'), eq(auditEvents.actorId, users.family.id)),
        );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        caseId,
        subjectId: documentId,
        occurredAt: new Date('2026-11-25T10:00:00Z'),
      });
      expect(events[0]!.detail).toMatchObject({ version: 2, via: 'portal', recipient: 'Joan Walsh' });

      await coroner.goto(`${journey.base}/cases/${caseId}/disclosure-log`);
      expect(await coroner.locator('main').textContent()).toContain('1, last 25 November 2026');
      await expectAccessible(coroner);
      expect(scriptErrors).toEqual([]);
    },
    JOURNEY_MS,
  );

  it(
    'keeps the other document pages accessible: marking an area, errors, withdrawal and the bundle',
    async () => {
      const officer = await signedIn('officer');
      await officer.goto(`${journey.base}/cases/${caseId}/documents/new`);
      await officer.getByLabel('Title').fill('Scene photograph');
      await officer.getByLabel('Organisation that owns the document').fill(MET);
      await officer.setInputFiles('#file', {
        name: 'scene.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(makePng(40, 30)),
      });
      await officer.getByRole('button', { name: 'Add the document' }).click();
      await expect
        .poll(() => officer.locator('.govuk-error-summary').textContent())
        .toContain('but it is a PNG image');
      await expectAccessible(officer);
      await officer.setInputFiles('#file', {
        name: 'scene.png',
        mimeType: 'image/png',
        buffer: Buffer.from(makePng(40, 30)),
      });
      await officer.getByRole('button', { name: 'Add the document' }).click();
      await officer.waitForURL(/done=added$/);
      await officer.getByRole('link', { name: 'Mark an area to redact' }).click();
      await expect
        .poll(() =>
          officer
            .locator('img.app-mark-area__page')
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
      await officer.getByRole('button', { name: 'Propose this redaction' }).click();
      await expect.poll(() => officer.locator('.govuk-error-summary').count()).toBe(1);
      await expectAccessible(officer);
      expect(await officer.locator('main').textContent()).toContain('You can also drag across the page');
      await officer.locator('img.app-mark-area__page').scrollIntoViewIfNeeded();
      const box = await officer.locator('img.app-mark-area__page').boundingBox();
      await officer.mouse.move(box!.x + box!.width * 0.1, box!.y + box!.height * 0.2);
      await officer.mouse.down();
      await officer.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height * 0.7, { steps: 4 });
      await officer.mouse.up();
      expect(
        Number(await officer.getByLabel('From the left edge (% of the page width)').inputValue()),
      ).toBeCloseTo(10, 0);
      await officer.getByLabel('Personal information about someone else').check();
      await officer.getByRole('button', { name: 'Propose this redaction' }).click();
      await officer.waitForURL(/done=proposed$/);

      await officer.goto(`${journey.base}/documents/${documentId}`);
      await officer.getByRole('link', { name: 'Withdraw from Joan Walsh' }).click();
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Withdraw the release' }).click();
      await expect.poll(() => officer.locator('.govuk-error-summary').count()).toBe(1);
      await expectAccessible(officer);
      await officer.getByLabel('Why is the release withdrawn?').fill('Sent before the second review');
      await officer.getByRole('button', { name: 'Withdraw the release' }).click();
      await officer.waitForURL(/done=withdrawn$/);

      await officer.goto(`${journey.base}/cases/${caseId}/bundle`);
      await expectAccessible(officer);
      await officer.getByLabel(`${REPORT}: version 2: redacted`).check();
      const [bundle] = await Promise.all([
        officer.waitForEvent('download'),
        officer.getByRole('button', { name: 'Make the bundle' }).click(),
      ]);
      const text = pdftotext(await readFile((await bundle.path())!));
      expect(text).toContain('Hearing bundle');
      expect(text).not.toMatch(/nightjar/i);
      expect(scriptErrors).toEqual([]);
    },
    JOURNEY_MS,
  );
});
