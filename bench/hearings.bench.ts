// Benchmark: the public hearing list at national scale, and the notification outbox through the Notify stand-in.
// Run: node --import tsx bench/hearings.bench.ts [--quick] [--hearings=40000] [--areas=75] [--notifications=1000]
// PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped), embedded PGlite otherwise.
// Targets: the public list for a month p95 ≤ 50 ms over 40,000 hearings a year in 75 areas; the outbox
// delivers ≥ 1,000 queued notifications a minute.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { STAND_IN_API_KEY, startNotifyStandIn } from '../src/platform/notify/notify.stand-in.ts';
import {
  createNotifySender,
  deliverDueNotifications,
  queueNotification,
} from '../src/platform/notify/notify.ts';
import { benchApp, scratchDatabase } from './bench-app.ts';
import { line, memory, p95, quick, ratio } from './support.ts';

const option = (name: string, fallback: number) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
};
const HEARINGS = option('hearings', quick ? 10_000 : 40_000);
const AREAS = option('areas', 75);
const NOTIFICATIONS = option('notifications', 1_000);
const CALLS = quick ? 100 : 300;
const TARGET_MS = 50;
const TARGET_PER_MINUTE = 1_000;

/** A valid version-4 id derived from a number, so hearings and their cases can be joined while generating. */
const benchId = (i: ReturnType<typeof sql>) =>
  sql`(substr(md5('h' || ${i}), 1, 12) || '4' || substr(md5('h' || ${i}), 14, 3) || '8' || substr(md5('h' || ${i}), 18, 15))::uuid`;

async function generate(db: Awaited<ReturnType<typeof scratchDatabase>>['database']['db']) {
  const t0 = performance.now();
  await db.execute(sql`insert into areas (code, name)
    select 'H' || chr(65 + (i / 26)) || chr(65 + (i % 26)), 'Hearing bench area ' || i from generate_series(0, ${AREAS - 1}) i
    on conflict do nothing`);
  await db.execute(sql`insert into courts (area_code, name, address_line1, town, postcode)
    select code, 'Bench court ' || code, '1 Court Street', 'Town ' || code, 'AB1 2CD' from areas where name like 'Hearing bench area%'`);
  await db.execute(sql`insert into court_rooms (court_id, name, capacity, jury_capable, video_link)
    select c.id, 'Court ' || r, 40, r = 1, true from courts c cross join generate_series(1, 2) r where c.name like 'Bench court%'`);
  // One case for each hearing and a third, about as many hearings per inquest as in practice; 5% restricted.
  const caseCount = Math.ceil(HEARINGS / 1.3);
  await db.execute(sql`insert into cases (reference, area_code, reported_at, given_names, family_name, search_name, sex,
      reported_by, status, state, age, date_of_death, inquest_opened_on, reporting_restriction)
    select 'HB-' || i, 'H' || chr(65 + ((i % ${AREAS}) / 26)) || chr(65 + ((i % ${AREAS}) % 26)),
      timestamptz '2026-06-01' + (i % 300) * interval '1 day', 'Bench', 'Person ' || i, 'bench person ' || i, 'unknown',
      '{"type":"other"}', 'INQUEST_OPENED', '{}'::jsonb, 20 + i % 70, date '2026-06-01' + (i % 300), date '2026-06-05' + (i % 300),
      case when i % 20 = 0 then 'CYPA_S39' else 'NONE' end
    from generate_series(0, ${caseCount - 1}) i`);
  // Hearings spread over the working days of 2027, in each area's court, 10:00 to 16:00.
  await db.execute(sql`with slots as (
      select i, 'H' || chr(65 + ((i % ${AREAS}) / 26)) || chr(65 + ((i % ${AREAS}) % 26)) as area,
        (date '2027-01-04' + (((i / ${AREAS}) % 260) / 5) * 7 + ((i / ${AREAS}) % 260) % 5) as day, i % 7 as hour
      from generate_series(0, ${HEARINGS - 1}) i)
    insert into hearings (id, area_code, court_id, room_id, type, status, starts_at, estimated_minutes)
    select ${benchId(sql`s.i`)}, s.area, c.id, (select r.id from court_rooms r where r.court_id = c.id order by r.name limit 1 offset s.i % 2),
      (array['OPENING','PRE_INQUEST_REVIEW','INQUEST','RESUMED_INQUEST','RULING'])[1 + s.i % 5],
      case when s.i % 40 = 0 then 'POSTPONED' else 'LISTED' end,
      (s.day::timestamp + (10 + s.hour % 6) * interval '1 hour') at time zone 'Europe/London', 60
    from slots s join courts c on c.area_code = s.area`);
  await db.execute(sql`insert into hearing_cases (hearing_id, case_id)
    select ${benchId(sql`i`)}, (select id from cases where reference = 'HB-' || (i % ${caseCount})) from generate_series(0, ${HEARINGS - 1}) i`);
  await db.execute(sql`analyze`);
  return performance.now() - t0;
}

async function main() {
  const scratch = await scratchDatabase('hearings');
  const { app, deps } = await benchApp(scratch.database);
  const { db } = scratch.database;
  console.log(
    `Hearings bench on ${scratch.kind}${quick ? ' (quick)' : ''}: ${HEARINGS.toLocaleString('en-GB')} hearings in 2027 across ${AREAS} areas`,
  );
  try {
    console.log(`  generated in ${((await generate(db)) / 1000).toFixed(1)} s`);
    const courtIds = (
      await db.execute<{ id: string }>(
        sql`select id from courts where name like 'Bench court%' order by name`,
      )
    ).rows.map((r) => r.id);
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      if (res.statusCode !== 200)
        throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      return res;
    };
    const months = ['01', '02', '03', '04', '05', '06', '07', '09', '10', '11'];
    const monthOf = (i: number) => {
      const m = months[i % months.length]!;
      return `from=2027-${m}-01&to=2027-${m}-28`;
    };
    const first = await get(`/api/v1/public/hearings?courtId=${courtIds[0]}&${monthOf(2)}`);
    const rows = first.json().items.length as number;
    const court = await p95(CALLS, (i) =>
      get(`/api/v1/public/hearings?courtId=${courtIds[i % courtIds.length]}&${monthOf(i)}`),
    );
    const national = await p95(CALLS, (i) => get(`/api/v1/public/hearings?${monthOf(i)}`));
    const page = await p95(quick ? 30 : 100, (i) =>
      get(`/hearings?courtId=${courtIds[i % courtIds.length]}&from=2027-03-0${1 + (i % 5)}`),
    );
    const csv = await p95(quick ? 10 : 30, (i) => get(`/api/v1/public/hearings.csv?${monthOf(i)}`));
    console.log('\npublic list (HTTP through the app, sequential calls)');
    line(
      `a court's month (JSON, ~${rows} hearings) p50 / p95`,
      `${court.p50.toFixed(1)} / ${court.p95.toFixed(1)} ms`,
      `p95 ≤ ${TARGET_MS} ms`,
    );
    line('  ratio to target', `${ratio(court.p95, TARGET_MS).toFixed(2)}x`, '≤ 1.00x');
    line(
      'national month, first page of 200 (JSON) p50 / p95',
      `${national.p50.toFixed(1)} / ${national.p95.toFixed(1)} ms`,
      `p95 ≤ ${TARGET_MS} ms`,
    );
    line('  ratio to target', `${ratio(national.p95, TARGET_MS).toFixed(2)}x`, '≤ 1.00x');
    line("a court's week (the /hearings page) p95", `${page.p95.toFixed(1)} ms`);
    line('national month as CSV (every row) p95', `${csv.p95.toFixed(1)} ms`);

    // The outbox: notifications queued in the database, delivered through the local Notify stand-in.
    const standIn = await startNotifyStandIn();
    try {
      const sender = createNotifySender({
        apiKey: STAND_IN_API_KEY,
        baseUrl: standIn.url,
        emailTemplateId: randomUUID(),
        smsTemplateId: randomUUID(),
      });
      const now = deps.clock.now();
      await db.transaction(async (tx) => {
        for (let i = 0; i < NOTIFICATIONS; i++)
          await queueNotification(
            tx,
            {
              to: {
                name: `Person ${i}`,
                ...(i % 4 === 0 ? { phone: '07700900123' } : { email: `person${i}@family.example` }),
              },
              template: 'HEARING_LISTED',
              subject: 'Date of the pre-inquest review',
              body: 'The pre-inquest review will be held on 14 December 2026 at 10am.',
              source: 'bench',
            },
            now,
            sender,
          );
      });
      const t0 = performance.now();
      let rounds = 0;
      while ((await deliverDueNotifications(db, sender, now, 100)) > 0) rounds++;
      const seconds = (performance.now() - t0) / 1000;
      const perMinute = (standIn.received.length / seconds) * 60;
      console.log('\noutbox through the Notify stand-in');
      line(
        `${standIn.received.length.toLocaleString('en-GB')} delivered in ${rounds} rounds`,
        `${seconds.toFixed(2)} s`,
      );
      line(
        'throughput',
        `${Math.round(perMinute).toLocaleString('en-GB')} a minute`,
        `≥ ${TARGET_PER_MINUTE.toLocaleString('en-GB')}`,
      );
      line('  ratio to target', `${ratio(perMinute, TARGET_PER_MINUTE).toFixed(1)}x`, '≥ 1.0x');
      if (standIn.received.length !== NOTIFICATIONS) throw new Error('Not every notification was delivered');
    } finally {
      await standIn.close();
    }
    console.log(`\n  ${memory()}`);
    const ok = court.p95 <= TARGET_MS && national.p95 <= TARGET_MS;
    console.log(`  public list ${ok ? 'meets' : 'MISSES'} the ${TARGET_MS} ms target`);
  } finally {
    await app.close();
    await scratch.drop();
  }
}

await main();
