/**
 * Benchmark: casework at national scale. Generates synthetic reported deaths (85 areas, ten years), imports
 * them with `importDeathsFile` (as `opencoroner import deaths` does), then measures the fuzzy name search and
 * the case page on the loaded database.
 *
 * Run: node --import tsx bench/casework.bench.ts [--quick]        (PGlite, in memory)
 *      DATABASE_URL=postgres://... node --import tsx bench/casework.bench.ts   (a scratch PostgreSQL database)
 * Size: BENCH_CASES (default 20,000; --quick 5,000). The full runs: BENCH_CASES=2000000 on PostgreSQL
 * (ten years of national referrals; needs about 3 GB of disk for the file and 10 GB for the database) and
 * BENCH_CASES=200000 on PGlite.
 * Targets: import ≥ 5,000 cases/s (PostgreSQL); fuzzy name search p95 ≤ 50 ms; case page p95 ≤ 30 ms. It also
 * prints the CPU each imported case costs in this process and in the database (when it runs on this machine).
 */
import { execSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { generateDeaths } from '../src/features/cases/cases.generate.ts';
import { importDeathsFile } from '../src/features/cases/cases.import.ts';
import { searchCases } from '../src/features/cases/cases.queries.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.ts';
import { createSession, findUserByEmail, type Principal } from '../src/platform/auth/auth.queries.ts';
import { benchApp, scratchDatabase } from './bench-app.ts';
import { line, p95, quick } from './support.ts';

const CASES = Number(process.env.BENCH_CASES ?? (quick ? 5_000 : 20_000));
const NOW = '2026-11-25T10:00:00Z';
const SAMPLES = quick ? 100 : 300;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

const childrenRss = (ps: string) => ps.split('\n').reduce((n, l) => n + (Number(l.trim()) || 0) * 1024, 0);

/** Resident memory of this process and of its children (the embedded database host runs as a child). */
function residentMemory(): { self: number; children: number } {
  let children = 0;
  try {
    children = childrenRss(execSync(`ps -o rss= --ppid ${process.pid}`, { encoding: 'utf8' }));
  } catch {
    children = 0;
  }
  return { self: process.memoryUsage().rss, children };
}

/** Resident memory of one process, from /proc (0 once it has gone). */
function residentOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * The same, sampled every second while the import runs. The children are found once and then read from
 * /proc: starting `ps` every second would itself cost this process CPU that the import is charged for.
 */
function samplePeakMemory(): { stop(): { self: number; children: number } } {
  const peak = residentMemory();
  let children: number[] = [];
  try {
    children = execSync(`ps -o pid= --ppid ${process.pid}`, { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((pid) => pid > 0);
  } catch {
    children = [];
  }
  const sampler = setInterval(() => {
    peak.self = Math.max(peak.self, process.memoryUsage().rss);
    peak.children = Math.max(
      peak.children,
      children.reduce((n, pid) => n + residentOf(pid), 0),
    );
  }, 1000);
  return {
    stop() {
      clearInterval(sampler);
      return peak;
    },
  };
}

/**
 * CPU seconds used so far by the database: the PostgreSQL server's processes when it runs on this machine,
 * or the embedded database host (a child of this process). Undefined when it cannot be seen from here.
 */
function databaseCpuSeconds(kind: string): number | undefined {
  const command = kind === 'PostgreSQL' ? 'ps -C postgres -o times=' : `ps -o times= --ppid ${process.pid}`;
  try {
    const lines = execSync(command, { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim());
    return lines.length ? lines.reduce((n, l) => n + Number(l.trim()), 0) : undefined;
  } catch {
    return undefined;
  }
}

/** One letter of the surname changed, as a person mistyping it would. */
function misspell(name: string, i: number): string {
  if (name.length < 4) return name;
  const at = 1 + (i % (name.length - 2));
  const letter = name[at] === 'e' ? 'a' : 'e';
  return name.slice(0, at) + letter + name.slice(at + 1);
}

const { database, kind, drop } = await scratchDatabase('casework');
const dir = mkdtempSync(join(tmpdir(), 'opencoroner-casework-'));
try {
  console.log(
    `casework on ${kind}: ${CASES.toLocaleString('en-GB')} generated cases over 85 areas and ten years`,
  );
  // The three demo areas and 82 more, so each holds about a national area's share.
  await database.db.execute(sql`insert into areas (code, name)
    select 'Q' || chr(65 + (i / 26)) || chr(65 + (i % 26)), 'Bench area ' || i from generate_series(0, 81) i
    on conflict do nothing`);
  const codes = (
    await database.db.execute<{ code: string }>(sql`select code from areas order by code`)
  ).rows.map((r) => r.code);
  const areas = codes.map((code) => ({ code, perYear: Math.round(175_000 / codes.length) }));

  const file = join(dir, 'deaths.ndjson');
  let started = performance.now();
  const out = createWriteStream(file);
  let chunk = '';
  let n = 0;
  for (const death of generateDeaths({ seed: 1, cases: CASES, years: 10, areas, until: NOW.slice(0, 10) })) {
    chunk += `${JSON.stringify(death)}\n`;
    if (++n % 1000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  const generateSeconds = (performance.now() - started) / 1000;
  line('generate (NDJSON file)', `${Math.round(CASES / generateSeconds).toLocaleString('en-GB')} /s`);
  line('file size', mb(statSync(file).size));

  const sampler = samplePeakMemory();
  started = performance.now();
  const cpuBefore = { self: process.cpuUsage(), database: databaseCpuSeconds(kind) };
  const summary = await importDeathsFile(database.db, file, {
    now: new Date(NOW),
    actor: SYSTEM_ACTOR,
    concurrency: kind === 'PostgreSQL' ? 2 : 1,
  });
  const peak = sampler.stop();
  const importSeconds = (performance.now() - started) / 1000;
  line(
    `import (${summary.imported.toLocaleString('en-GB')} lines, ${summary.skipped} skipped)`,
    `${Math.round(summary.imported / importSeconds).toLocaleString('en-GB')} /s`,
    kind === 'PostgreSQL' ? '≥ 5,000 /s' : '≥ 5,000 /s on PostgreSQL',
  );
  // Where the time goes: two cores at 5,000 cases a second allow 400 µs of CPU a case, in both processes.
  const selfCpu = process.cpuUsage(cpuBefore.self);
  const databaseAfter = databaseCpuSeconds(kind);
  const perCase = (microseconds: number) => Math.round(microseconds / summary.imported);
  const selfPerCase = perCase(selfCpu.user + selfCpu.system);
  const databasePerCase =
    cpuBefore.database === undefined || databaseAfter === undefined
      ? undefined
      : perCase((databaseAfter - cpuBefore.database) * 1e6);
  line('CPU a case during import: this process', `${selfPerCase} µs`);
  line(
    'CPU a case during import: the database',
    databasePerCase === undefined ? 'not seen here' : `${databasePerCase} µs`,
  );
  if (databasePerCase !== undefined)
    line(
      '  … both together (two cores at 5,000 /s allow 400)',
      `${selfPerCase + databasePerCase} µs`,
      '≤ 400 µs',
    );
  line('peak memory during import: this process', mb(peak.self));
  if (kind === 'PGlite') line('peak memory during import: embedded database host', mb(peak.children));
  // As after any bulk load: vacuum and analyse the new rows now, rather than measure pages while the
  // database's background vacuum works through them.
  started = performance.now();
  await database.db.execute(sql`vacuum analyze cases, case_events, case_people, case_deadlines, link_cases`);
  line('vacuum analyze after the import', `${Math.round((performance.now() - started) / 1000)} s`);
  await database.db.execute(sql`analyze case_people`);

  const coronerUser = (await findUserByEmail(database.db, 'coroner@example.org'))!;
  const coroner: Principal = {
    userId: coronerUser.id,
    name: coronerUser.name,
    email: coronerUser.email,
    role: 'coroner',
    coronerOffice: coronerUser.coronerOffice,
    areaCode: 'EL',
    organisation: null,
    via: 'session',
  };
  const sample = (
    await database.db.execute<{ id: string; given_names: string; family_name: string }>(
      sql`select id, given_names, family_name from cases where area_code = 'EL' order by md5(id::text) limit ${SAMPLES}`,
    )
  ).rows;
  if (sample.length === 0) throw new Error('No East London cases were imported');
  let found = 0;
  const search = await p95(SAMPLES, async (i) => {
    const wanted = sample[i % sample.length]!;
    const result = await searchCases(database.db, coroner, {
      q: misspell(wanted.family_name, i),
      page: 1,
      pageSize: 20,
    });
    if (result.total > 0) found++;
  });
  line('fuzzy name search p95 (misspelt surname, one area)', `${search.p95.toFixed(1)} ms`, '≤ 50 ms');
  line('  … searches finding something', `${Math.round((found / SAMPLES) * 100)}%`);
  let foundFull = 0;
  const fullName = await p95(SAMPLES, async (i) => {
    const wanted = sample[i % sample.length]!;
    const result = await searchCases(database.db, coroner, {
      q: `${wanted.given_names} ${misspell(wanted.family_name, i)}`,
      page: 1,
      pageSize: 20,
    });
    if (result.items.some((c) => c.id === wanted.id)) foundFull++;
  });
  line(
    'fuzzy name search p95 (given names and misspelt surname)',
    `${fullName.p95.toFixed(1)} ms`,
    '≤ 50 ms',
  );
  line('  … searches listing the case on the first page', `${Math.round((foundFull / SAMPLES) * 100)}%`);

  const { app } = await benchApp(database, NOW);
  const cookie = `oc_session=${await createSession(database.db, coronerUser.id, new Date(NOW), 12)}`;
  const page = await p95(SAMPLES, async (i) => {
    const res = await app.inject({
      method: 'GET',
      url: `/cases/${sample[i % sample.length]!.id}`,
      headers: { cookie },
    });
    if (res.statusCode !== 200) throw new Error(`case page answered ${res.statusCode}`);
  });
  line('case page p95 (signed in, rendered)', `${page.p95.toFixed(1)} ms`, '≤ 30 ms');
  await app.close();
  const finalMemory = residentMemory();
  line('memory after the run: this process', mb(finalMemory.self));
  if (kind === 'PGlite') line('memory after the run: embedded database host', mb(finalMemory.children));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await drop();
}
