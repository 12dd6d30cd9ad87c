import { reportDeath } from '../src/features/cases/cases.commands.ts';
import { reportDeath as reportSchema } from '../src/features/cases/cases.schema.ts';
import { createApiToken, createSession, createUser } from '../src/platform/auth/auth.queries.ts';
import { benchApp, scratchDatabase } from './bench-app.ts';
import { writeFileSync } from 'node:fs';
const { database, drop } = await scratchDatabase('prof');
const { app, deps } = await benchApp(database);
const now = deps.clock.now();
const coroner = await createUser(database.db, { email: 'b@example.org', name: 'B', role: 'coroner', coronerOffice: 'senior', areaCode: 'SL' });
for (let i = 0; i < 20; i++) {
  const input = reportSchema.parse({ areaCode: 'SL', deceased: { givenNames: `P ${i}`, familyName: `B${i}`, sex: 'male', dateOfBirth: '1960-01-01' }, death: { dateOfDeath: '2026-11-01', circumstances: 'x' }, reportedBy: { type: 'doctor' }, reportedAt: '2026-11-02T09:00:00Z' });
  await database.db.transaction((tx) => reportDeath(tx, input, { id: coroner.id, label: 'B', role: 'coroner' }, now));
}
const cookie = `oc_session=${await createSession(database.db, coroner.id, now, 12)}`;
const { token } = await createApiToken(database.db, coroner.id, 'bench');
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
writeFileSync('/tmp/prof/info.json', JSON.stringify({ port, cookie, token }));
process.on('SIGINT', async () => { await app.close(); await drop(); process.exit(0); });
