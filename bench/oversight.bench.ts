// Benchmark: the Chief Coroner's oversight of every area (open cases by age, long investigations by reason).
// Run: node --import tsx bench/oversight.bench.ts [--quick]
// PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped), embedded PGlite otherwise.
// Target over 2,000,000 cases on PostgreSQL: every area's figures in ≤ 1 s, one area's in ≤ 50 ms.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { areaFigures } from '../src/features/oversight/oversight.queries.ts';
import { openEmbedded } from '../src/platform/db/embedded.ts';
import { findMigrations, migrate } from '../src/platform/db/migrate.ts';

const quick = process.argv.includes('--quick');
/** Leaves the scratch PostgreSQL database in place (its name is printed), to look at the plans. */
const keep = process.argv.includes('--keep');
const url = process.env.DATABASE_URL;
const kind = url ? 'postgres' : 'pglite';
const CASES = url ? (quick ? 200_000 : 2_000_000) : quick ? 20_000 : 200_000;
const AREAS = 85;
const RUNS = quick ? 3 : 5;
const TARGET_MS = 1000;
const AREA_TARGET_MS = 50;
const TODAY = '2025-06-01';

async function openScratch(): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  if (url) {
    const name = `opencoroner_bench_oversight_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 4 });
    return {
      pool,
      close: async () => {
        await pool.end();
        if (keep) return console.log(`kept database ${name}`);
        const drop = new pg.Client({ connectionString: url });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      },
    };
  }
  const embedded = await openEmbedded('memory://');
  const pool = new pg.Pool({
    host: embedded.socketDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    max: 1,
  });
  return {
    pool,
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}

/**
 * Ten years of national cases: most closed within days (no investigation) or months (concluded); about 3%
 * still open, the older of them investigations with a s.16 notice giving one of the five reasons.
 */
async function generate(pool: pg.Pool): Promise<void> {
  await pool.query(`insert into areas (code, name)
    select chr(65 + (i / 26)) || chr(65 + (i % 26)) || 'X', 'Bench area ' || i from generate_series(0, ${AREAS - 1}) i
    on conflict do nothing`);
  await pool.query('drop index if exists cases_name_keys_idx, cases_name_dob_idx, cases_name_dod_idx');
  const chunk = 250_000;
  for (let from = 0; from < CASES; from += chunk) {
    const to = Math.min(CASES, from + chunk) - 1;
    await pool.query(`select setseed(${(from / CASES) * 0.9})`);
    await pool.query(`
      insert into cases (reference, area_code, reported_at, given_names, family_name, search_name, sex, reported_by,
        status, state, investigation_opened_at, closed_on)
      select 'B-' || i, area, reported, 'Bench', 'Case ' || i, 'bench case ' || i, 'unknown', '{"type":"other"}',
        case when open and investigated then 'INVESTIGATION_OPEN' when open then 'REPORTED'
          when investigated then 'CONCLUDED' else 'NO_DUTY' end,
        case when open and investigated and reported < timestamptz '${TODAY}' - interval '12 months' and r < 0.6
          then jsonb_build_object('s16Notices', jsonb_build_array(jsonb_build_object('stage', 'OVER_12_MONTHS',
            'on', '2025-01-01', 'reasonCategory', (array['EXTERNAL_INVESTIGATION','CROWN_COURT_PROCEEDINGS',
            'DEATH_ABROAD','INQUEST_PREPARATION','COMPLEX_CASE'])[1 + floor(r * 8)::int % 5])))
          else '{}'::jsonb end,
        case when investigated then reported + interval '1 day' end,
        case when not open then (reported + interval '30 days')::date end
      from (
        select i, chr(65 + ((i % ${AREAS}) / 26)) || chr(65 + ((i % ${AREAS}) % 26)) || 'X' as area,
          timestamptz '2015-06-01 00:00:00+00' + random() * interval '3652 days' as reported,
          random() < 0.45 as investigated, random() as r
        from generate_series(${from}, ${to}) i
      ) raw
      cross join lateral (select raw.reported > timestamptz '${TODAY}' - (interval '1 day' * (60 + 700 * random()))
        and random() < 0.5 or random() < 0.004 as open) o`);
  }
  await pool.query('vacuum analyze cases');
}

const OVERSIGHT_INDEXES = findMigrations()
  .filter((m) => m.version >= 330 && m.version < 350)
  .map((m) => m.sql)
  .filter((s) => /create index \w+ on cases/.test(s))
  .join('\n');
const INDEX_NAMES = [...OVERSIGHT_INDEXES.matchAll(/create index (\w+)/g)].map((m) => m[1]!);

async function time(pool: pg.Pool, codes: string[]): Promise<{ ms: number; open: number; long: number }> {
  const db = drizzle({ client: pool });
  const samples: number[] = [];
  let open = 0;
  let long = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const figures = await areaFigures(db, codes, TODAY);
    samples.push(performance.now() - t0);
    open = [...figures.values()].reduce((s, f) => s + f.openCases.total, 0);
    long = [...figures.values()].reduce((s, f) => s + f.over12Months.total, 0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, open, long };
}

async function main() {
  console.log(
    `Oversight bench on ${kind}${quick ? ' (quick)' : ''}: ${CASES.toLocaleString('en-GB')} cases, ${AREAS} areas, median of ${RUNS} runs`,
  );
  const scratch = await openScratch();
  try {
    await migrate(scratch.pool);
    for (const name of INDEX_NAMES) await scratch.pool.query(`drop index ${name}`);
    const t0 = performance.now();
    await generate(scratch.pool);
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const codes = (
      await scratch.pool.query<{ code: string }>('select code from areas order by code')
    ).rows.map((r) => r.code);
    const before = await time(scratch.pool, codes);
    const oneBefore = await time(scratch.pool, [codes[0]!]);
    await scratch.pool.query(OVERSIGHT_INDEXES);
    await scratch.pool.query('vacuum analyze cases');
    const after = await time(scratch.pool, codes);
    const oneAfter = await time(scratch.pool, [codes[0]!]);
    if (after.open !== before.open || after.long !== before.long)
      throw new Error('The index changed the figures.');
    console.log('\nquery                 without index   with index   ratio   open cases   over 12 months');
    for (const [label, b, a] of [
      ['every area', before, after],
      ['one area', oneBefore, oneAfter],
    ] as const)
      console.log(
        `${label.padEnd(22)}${`${b.ms.toFixed(1)} ms`.padStart(14)}${`${a.ms.toFixed(1)} ms`.padStart(13)}${`${(b.ms / a.ms).toFixed(1)}x`.padStart(8)}${a.open.toLocaleString('en-GB').padStart(13)}${a.long.toLocaleString('en-GB').padStart(17)}`,
      );
    const note = kind === 'pglite' ? ' (set for PostgreSQL at 2,000,000 cases)' : '';
    console.log(
      `\nevery area in ${after.ms.toFixed(1)} ms: ${after.ms <= TARGET_MS ? 'meets' : 'MISSES'} the ${TARGET_MS} ms target${note}`,
    );
    console.log(
      `one area in ${oneAfter.ms.toFixed(1)} ms: ${oneAfter.ms <= AREA_TARGET_MS ? 'meets' : 'MISSES'} the ${AREA_TARGET_MS} ms target${note}`,
    );
  } finally {
    await scratch.close();
  }
}

await main();
