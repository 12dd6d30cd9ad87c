import { expect } from 'vitest';
import { deathReport, randomLetters } from '../../../test/support/factories.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

/**
 * A case with an opened inquest (test data), its next of kin on the report and, unless told otherwise, a
 * recognised family interested person with an email address and a declined one who must not be told.
 */
export async function inquestCase(
  t: TestApp,
  officer: Client,
  coroner: Client,
  options: {
    restriction?: string;
    interestedPerson?: boolean;
    openInquest?: boolean;
    areaCode?: string;
    /** A death of another time: reported, and its inquest opened, on this day (YYYY-MM-DD). */
    reportedOn?: string;
  } = {},
): Promise<{ id: string; reference: string; name: string; familyName: string }> {
  const familyName = `Walgate${randomLetters(6)}`;
  const on = options.reportedOn;
  const report = deathReport({
    ...(on ? { reportedAt: `${on}T09:00:00Z`, death: { dateOfDeath: on, dateFound: on } as never } : {}),
    areaCode: options.areaCode ?? 'EL',
    deceased: { familyName, ...(on ? { dateOfBirth: '1920-05-01' } : {}) },
    people: [
      {
        role: 'next-of-kin',
        name: `Sarah ${familyName}`,
        phone: '07700 900123',
        address: { line1: '12 Hoe Street', town: 'London', postcode: 'E17 4PP' },
      },
    ],
  });
  const created = await officer.post('/api/v1/deaths', { ...report, notADuplicate: true });
  expect(created.statusCode, created.body).toBe(201);
  const { id, reference } = created.json() as { id: string; reference: string };
  const act = async (action: Record<string, unknown>) => {
    const res = await coroner.post(`/api/v1/cases/${id}/actions`, action);
    expect(res.statusCode, res.body).toBe(200);
  };
  await act({ type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Found dead outdoors' });
  if (options.openInquest !== false) await act({ type: 'OPEN_INQUEST', openedOn: on ?? '2026-11-21' });
  if (options.restriction)
    await act({ type: 'SET_REPORTING_RESTRICTION', order: options.restriction, note: 'Order made' });
  if (options.interestedPerson !== false)
    await t.db.insert(interestedPersons).values([
      {
        caseId: id,
        name: `Mary ${familyName}`,
        category: 'FAMILY',
        relationship: 'mother',
        email: `mary.${familyName.toLowerCase()}@family.example`,
        status: 'RECOGNISED',
        isFamilyContact: true,
      },
      {
        caseId: id,
        name: 'Declined Insurer Ltd',
        category: 'INSURER',
        kind: 'organisation',
        email: 'x@insurer.example',
        status: 'DECLINED',
      },
      {
        caseId: id,
        name: 'Undecided Insurer Ltd',
        category: 'INSURER',
        kind: 'organisation',
        email: 'y@insurer.example',
        status: 'PROPOSED',
      },
    ]);
  return { id, reference, name: `${report.deceased.givenNames} ${familyName}`, familyName };
}
