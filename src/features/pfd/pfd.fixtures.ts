import { expect } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import type { TestApp } from '../../../test/support/test-app.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

/** A case taken through the real commands to a concluded inquest, ready for a report (test data). */
export async function concludedCase(
  officer: Client,
  coroner: Client,
  overrides: Parameters<typeof deathReport>[0] = {},
  conclusion: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; name: string }> {
  const report = deathReport(overrides);
  const created = await officer.post('/api/v1/deaths', { ...report, notADuplicate: true });
  expect(created.statusCode, created.body).toBe(201);
  const { id, reference } = created.json() as { id: string; reference: string };
  const act = async (who: Client, action: Record<string, unknown>) => {
    const res = await who.post(`/api/v1/cases/${id}/actions`, action);
    expect(res.statusCode, res.body).toBe(200);
  };
  await act(coroner, {
    type: 'OPEN_INVESTIGATION',
    grounds: ['VIOLENT_OR_UNNATURAL'],
    reason: 'Found dead outdoors',
  });
  await act(coroner, { type: 'OPEN_INQUEST', openedOn: '2026-11-21' });
  await act(coroner, {
    type: 'RECORD_CONCLUSION',
    concludedOn: '2026-11-24',
    medicalCause: { '1a': 'Mixed drug toxicity' },
    howWhenWhere:
      'He died at home after taking drugs prescribed to another person; the crisis team had not visited.',
    shortForm: 'alcohol-drug-related',
    byJury: false,
    ...conclusion,
  });
  return { id, reference, name: `${report.deceased.givenNames} ${report.deceased.familyName}` };
}
