// Benchmark: the family's view of a case, through the app, among many interested persons.
// Run: node --import tsx bench/portal.bench.ts [--quick]
// PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped), embedded PGlite otherwise.
// Target: the case page (HTML) answers with p95 ≤ 250 ms at 10 concurrent families, and the access rule
// costs little against a bare JSON route measured in the same run.
import { createApiToken, createSession, createUser } from '../src/platform/auth/auth.queries.ts';
import { deathReport } from '../test/support/factories.ts';
import { benchApp, scratchDatabase } from './bench-app.ts';
import { line, memory, quick, throughput } from './support.ts';

const CASES = quick ? 20 : 100;
const PERSONS = quick ? 20_000 : 200_000;
const NOTES = 30;
const SECONDS = quick ? 3 : 8;
const TARGET_P95_MS = 250;

const scratch = await scratchDatabase('portal');
const { app, deps } = await benchApp(scratch.database);
try {
  const { db, pool } = scratch.database;
  const officer = await createUser(db, {
    email: `officer.${Date.now()}@bench.example`,
    name: 'Bench Officer',
    role: 'officer',
    areaCode: 'EL',
  });
  const { token } = await createApiToken(db, officer.id, 'bench');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers,
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  let started = performance.now();
  const caseIds: string[] = [];
  for (let i = 0; i < CASES; i++) caseIds.push((await call('POST', '/api/v1/deaths', deathReport())).id);
  const ourCase = caseIds[0]!;
  await call('POST', `/api/v1/cases/${ourCase}/actions`, { type: 'ASSIGN', officerId: officer.id });
  await call('POST', `/api/v1/cases/${ourCase}/actions`, {
    type: 'OPEN_PRELIMINARY_ENQUIRIES',
    reason: 'Found outdoors.',
  });
  for (let i = 0; i < NOTES; i++)
    await call('POST', `/api/v1/cases/${ourCase}/actions`, { type: 'RECORD_NOTE', note: `Enquiry ${i}` });
  const joan = await call('POST', `/api/v1/cases/${ourCase}/interested-persons`, {
    name: 'Joan Walsh',
    category: 'FAMILY',
    contact: { email: 'joan@bench.example' },
  });
  for (let i = 0; i < 10; i++)
    await call('POST', `/api/v1/cases/${ourCase}/interested-persons/${joan.id}/messages`, {
      body: `Message ${i} from the office.`,
    });
  // Many other families on other cases, each with an account.
  await pool.query(
    `with p as (
       insert into interested_persons (case_id, name, category, status)
       select ($1::uuid[])[1 + (i % (array_length($1::uuid[], 1) - 1)) + 1], 'Bench person ' || i, 'FAMILY', 'RECOGNISED'
       from generate_series(1, $2::int) i returning id, name),
     u as (
       insert into users (email, name, role)
       select 'bench.' || p.id || '@bench.example', p.name, 'interested-person' from p returning id, email)
     insert into interested_person_users (interested_person_id, user_id, capacity)
     select p.id, u.id, 'self' from p join u on u.email = 'bench.' || p.id || '@bench.example'`,
    [caseIds, PERSONS],
  );
  const family = await createUser(db, {
    email: `joan.${Date.now()}@bench.example`,
    name: 'Joan Walsh',
    role: 'interested-person',
  });
  await pool.query(
    `insert into interested_person_users (interested_person_id, user_id, capacity) values ($1, $2, 'self')`,
    [joan.id, family.id],
  );
  await pool.query('analyze');
  console.log(
    `${scratch.kind}: ${CASES} cases, ${PERSONS.toLocaleString('en-GB')} other interested persons with accounts, set up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const cookie = `oc_session=${await createSession(db, family.id, deps.clock.now(), 12)}`;
  const check = await app.inject({ method: 'GET', url: `/portal/cases/${ourCase}`, headers: { cookie } });
  if (check.statusCode !== 200 || !check.body.includes('Message 9 from the office.'))
    throw new Error(`portal page: ${check.statusCode}`);

  started = performance.now();
  const health = await throughput(`${base}/api/v1/health`, { seconds: SECONDS });
  const page = await throughput(`${base}/portal/cases/${ourCase}`, { seconds: SECONDS, headers: { cookie } });
  const json = await throughput(`${base}/api/v1/portal/cases/${ourCase}`, {
    seconds: SECONDS,
    headers: { cookie },
  });
  const list = await throughput(`${base}/portal`, { seconds: SECONDS, headers: { cookie } });
  const refused = await throughput(`${base}/portal/cases/${caseIds[1]}`, {
    seconds: SECONDS,
    headers: { cookie },
  });
  line('bare JSON route (baseline)', `${health.rps.toFixed(0)} req/s`);
  line('family case page (HTML, timeline, sections, messages)', `${page.rps.toFixed(0)} req/s`);
  line(
    '  p95',
    `${page.p95ms.toFixed(0)} ms`,
    `≤ ${TARGET_P95_MS} ms: ${page.p95ms <= TARGET_P95_MS ? 'met' : 'MISSED'}`,
  );
  line('family case as JSON', `${json.rps.toFixed(0)} req/s`);
  line('list of the family’s cases', `${list.rps.toFixed(0)} req/s`);
  line('another family’s case (404 every time)', `${refused.rps.toFixed(0)} req/s`);
  line('case page against the bare route', `${(page.rps / health.rps).toFixed(3)}×`);
  line('memory', memory());
  line('measured in', `${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (page.errors > 0 || json.errors > 0) throw new Error('the family’s own case answered with errors');
  if (refused.errors === 0) throw new Error('another family’s case was answered');
} finally {
  await app.close();
  await scratch.drop();
}
