/**
 * Evaluation of the linked-deaths detector on semi-synthetic data (linked-deaths.md §3.5).
 * Run: npm run eval:links   (node --import tsx bench/eval-links.ts [--quick] [--tuning-only] [--tuning-seeds N])
 * Tuning seeds and held-out seeds are separate; the figures to judge the detector by are the held-out ones.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createRandom } from '../src/features/links/links.random.ts';
import { spaceTimePermutationScan } from '../src/features/links/links.scan.ts';
import {
  type ClusterOutcome,
  LAYERS,
  meanInterval,
  type RunSummary,
  summarise,
  wilson,
} from './eval-links/metrics.ts';
import { EVALUATION_DAYS, simulateArea } from './eval-links/plant.ts';
import { replayArea } from './eval-links/replay.ts';

const quick = process.argv.includes('--quick');
const tuningOnly = process.argv.includes('--tuning-only');
/** `--tuning-seeds N`: more tuning areas than the usual ten, to set a weight on more than 18,000 background cases. */
const tuningSeeds = process.argv.indexOf('--tuning-seeds');
const TUNING = tuningSeeds > 0 ? Number(process.argv[tuningSeeds + 1]) : quick ? 4 : 10;
if (!Number.isInteger(TUNING) || TUNING < 1 || TUNING > 10_000)
  throw new Error(
    '--tuning-seeds takes a whole number of areas from 1 to 10,000 (tuning seeds stay below 10,001)',
  );
// 80 held-out areas of 470 evaluated days each: 103 area-years.
const HELD_OUT = quick ? 10 : 80;
const PLAN = { replay: 1, variants: 2, batches: 1, carers: 1 };
const OPTIONS = { unnaturalScanEvery: 28, scanEvery: 1, siteWatchEvery: 7, replications: 999 };
const TARGETS = { by2: 0.8, by3: 0.95, falsePer10k: 10 };

const pct = ([p, lo, hi]: [number, number, number]) =>
  Number.isNaN(p)
    ? '   –'
    : `${(100 * p).toFixed(0).padStart(3)}% (${(100 * lo).toFixed(0)}–${(100 * hi).toFixed(0)})`;
const num = ([m, lo, hi]: [number, number, number], digits = 1) =>
  Number.isNaN(m) ? '–' : `${m.toFixed(digits)} (${lo.toFixed(digits)}–${hi.toFixed(digits)})`;

type Timing = { assess: number[]; scan: Map<string, number[]> };
type WorkerReply = { summaries: [number, RunSummary][]; assess: number[]; scan: [string, number[]][] };

function runSeeds(seeds: number[]): WorkerReply {
  const reply: WorkerReply = { summaries: [], assess: [], scan: [] };
  const scan = new Map<string, number[]>();
  for (const seed of seeds) {
    const result = replayArea(simulateArea(seed, PLAN), OPTIONS);
    reply.assess.push(...result.assessMs);
    for (const [k, v] of result.scanMs) scan.set(k, [...(scan.get(k) ?? []), ...v]);
    reply.summaries.push([seed, summarise(result)]);
  }
  reply.scan = [...scan];
  return reply;
}

/** Runs the areas on every core (worker threads); results are put back in seed order, so output is deterministic. */
async function runSet(seeds: number[], timing: Timing): Promise<RunSummary[]> {
  const workers = Math.max(1, Math.min(availableParallelism(), seeds.length));
  const shares = Array.from({ length: workers }, (_, w) => seeds.filter((_, i) => i % workers === w));
  const replies = await Promise.all(
    shares.map(
      (share) =>
        new Promise<WorkerReply>((resolve, reject) => {
          // A worker does not inherit the TypeScript loader: register it, then load this file.
          const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
          const worker = new Worker(bootstrap, { eval: true, workerData: share });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const bySeed = new Map<number, RunSummary>();
  for (const reply of replies) {
    timing.assess.push(...reply.assess);
    for (const [k, v] of reply.scan) timing.scan.set(k, [...(timing.scan.get(k) ?? []), ...v]);
    for (const [seed, summary] of reply.summaries) bySeed.set(seed, summary);
  }
  return seeds.map((seed) => bySeed.get(seed)!);
}

function report(title: string, runs: RunSummary[]): void {
  const areaYears = (runs.length * EVALUATION_DAYS) / 365;
  const background = runs.reduce((s, r) => s + r.backgroundCases, 0);
  console.log(
    `\n=== ${title}: ${runs.length} simulated areas (${areaYears.toFixed(0)} area-years, ${background} background cases) ===`,
  );
  const clusters = runs.flatMap((r) => r.clusters);
  const groups: [string, (c: ClusterOutcome) => boolean][] = [
    ['drug series (i)–(iii)', (c) => c.drug],
    ['(i) Barking replay', (c) => c.kind === 'port-replay'],
    ['(ii) variants', (c) => c.kind === 'port-variant'],
    ['(iii) batch', (c) => c.kind === 'batch'],
    ['(iv) carer', (c) => c.kind === 'carer'],
  ];
  console.log('Recall by the 2nd death / by the 3rd death, 95% CI (targets for drug series: ≥ 80% / ≥ 95%)');
  console.log(`${'cluster'.padEnd(24)}${LAYERS.map((l) => l.padEnd(32)).join('')}`);
  for (const [name, keep] of groups) {
    const list = clusters.filter(keep);
    const cells = LAYERS.map((l) => {
      const by2 = wilson(list.filter((c) => c.byLayer[l].by2).length, list.length);
      const by3 = wilson(list.filter((c) => c.byLayer[l].by3).length, list.length);
      return `${pct(by2)} / ${(100 * by3[0]).toFixed(0)}%`.padEnd(32);
    });
    console.log(`${`${name} n=${list.length}`.padEnd(24)}${cells.join('')}`);
  }
  console.log(
    'Within reach from reports at all (the 2nd death reported before the day of the 3rd / the 3rd before the day of the 4th)',
  );
  for (const [name, keep] of groups) {
    const list = clusters.filter(keep);
    const r2 = wilson(list.filter((c) => c.reachable2).length, list.length);
    const r3 = wilson(list.filter((c) => c.reachable3).length, list.length);
    console.log(`  ${name.padEnd(24)} by the 2nd ${pct(r2)}; by the 3rd ${pct(r3)}`);
  }
  console.log(
    'Recall by the 2nd / 3rd death reported (the alert comes before the next death of the series is reported), all layers, 95% CI',
  );
  for (const [name, keep] of groups) {
    const list = clusters.filter(keep);
    const by2 = wilson(list.filter((c) => c.byLayer.all.by2Reported).length, list.length);
    const by3 = wilson(list.filter((c) => c.byLayer.all.by3Reported).length, list.length);
    console.log(`  ${name.padEnd(24)} by the 2nd ${pct(by2)}; by the 3rd ${pct(by3)}`);
  }
  console.log(
    'Detection delay, days from the 2nd report to the first alert (all layers), and deaths after the earliest possible alert',
  );
  for (const [name, keep] of groups) {
    const list = clusters.filter(keep);
    const delays = list.flatMap((c) => (c.byLayer.all.delay === undefined ? [] : [c.byLayer.all.delay]));
    const after = list.map((c) => c.byLayer.all.deathsAfter);
    const detected = wilson(list.filter((c) => c.byLayer.all.detected).length, list.length);
    console.log(
      `  ${name.padEnd(24)} detected at all ${pct(detected)}; delay ${num(meanInterval(delays))} days; deaths after earliest possible alert ${num(meanInterval(after), 2)}`,
    );
  }
  console.log(
    'False alerts (touching no planted case) per 10,000 background cases (target ≤ 10); precision counts every alert',
  );
  for (const l of [...LAYERS, 'site' as const]) {
    const f = runs.reduce((s, r) => s + r.falseAlerts[l], 0);
    const m = runs.reduce((s, r) => s + r.mixedAlerts[l], 0);
    const t = runs.reduce((s, r) => s + r.trueAlerts[l], 0);
    const rate = (1e4 * f) / background;
    const half = (1.96 * 1e4 * Math.sqrt(Math.max(f, 1))) / background;
    console.log(
      `  ${l.padEnd(8)} ${rate.toFixed(1).padStart(5)} (${Math.max(0, rate - half).toFixed(1)}–${(rate + half).toFixed(1)})  false ${String(f).padStart(4)}  planted-to-other ${String(m).padStart(4)}  true ${String(t).padStart(4)}  precision ${pct(wilson(t, t + f + m))}`,
    );
  }
  const perMonth =
    runs.reduce((s, r) => s + r.falseAlerts.all + r.mixedAlerts.all + r.trueAlerts.all, 0) /
    ((runs.length * EVALUATION_DAYS) / 30.4);
  console.log(
    `  reviewer workload: ${perMonth.toFixed(1)} alerts a month per area (all layers, planted series included)`,
  );
  const inst = runs.reduce((s, r) => s + r.institutionalFalse, 0);
  console.log(
    `  negative controls: ${inst} alerts between two deaths at the same hospital, care home, hospice, prison or station`,
  );
  const all = clusters.filter((c) => c.drug);
  const by2 = all.filter((c) => c.byLayer.all.by2).length / Math.max(1, all.length);
  const by3 = all.filter((c) => c.byLayer.all.by3).length / Math.max(1, all.length);
  const by2Reported = all.filter((c) => c.byLayer.all.by2Reported).length / Math.max(1, all.length);
  const by3Reported = all.filter((c) => c.byLayer.all.by3Reported).length / Math.max(1, all.length);
  const falseRate = (1e4 * runs.reduce((s, r) => s + r.falseAlerts.all, 0)) / background;
  const verdict = (x: number, target: number) =>
    `${(100 * x).toFixed(0)}% ${x >= target ? 'met' : 'NOT met'}`;
  console.log(
    `  against targets, counted by reports (all layers): by the 2nd death reported ${verdict(by2Reported, TARGETS.by2)}; by the 3rd ${verdict(by3Reported, TARGETS.by3)}`,
  );
  console.log(
    `  against targets, counted by deaths (all layers): by 2nd ${(100 * by2).toFixed(0)}% ${by2 >= TARGETS.by2 ? 'met' : 'NOT met'}; by 3rd ${(100 * by3).toFixed(0)}% ${by3 >= TARGETS.by3 ? 'met' : 'NOT met'}; false alerts ${falseRate.toFixed(1)} per 10,000 ${falseRate <= TARGETS.falsePer10k ? 'met' : 'NOT met'}`,
  );
}

/** The largest of many numbers (spreading hundreds of thousands into Math.max overflows the stack). */
const largest = (xs: readonly number[]) => xs.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

function nationalScanTiming(): void {
  const random = createRandom(99);
  const towns = Array.from({ length: 80 }, () => ({
    x: random() * 500_000,
    y: random() * 600_000,
    s: 2000 + random() * 8000,
    w: random() ** 2,
  }));
  const total = towns.reduce((a, t) => a + t.w, 0);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const events = Array.from({ length: 40_000 }, (_, i) => {
    let u = random() * total;
    const town =
      towns.find((t) => {
        u -= t.w;
        return u <= 0;
      }) ?? towns[0]!;
    const rural = random() < 0.2;
    const x = rural ? random() * 500_000 : town.x + gauss() * town.s;
    const y = rural ? random() * 600_000 : town.y + gauss() * town.s;
    return {
      id: `n${i}`,
      lat: 50 + y / 111_195,
      lon: -4 + x / 68_500,
      day: 20_000 - Math.floor(random() * 365),
    };
  });
  const planted = Array.from({ length: 12 }, (_, i) => ({
    id: `p${i}`,
    lat: 52.5 + random() * 0.004,
    lon: -1.9 + random() * 0.006,
    day: 20_000 - Math.floor(random() * 14),
  }));
  for (const [label, data] of [
    ['no cluster', events],
    ['with a planted cluster (all 999 replications run)', [...events, ...planted]],
  ] as const) {
    const t0 = performance.now();
    const result = spaceTimePermutationScan(data, 20_000, { seed: 1 });
    console.log(
      `  national stream, 40,000 deaths a year, ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${result.replicationsRun} replications, signal ${result.signal}`,
    );
  }
}

if (!isMainThread) {
  parentPort!.postMessage(runSeeds(workerData as number[]));
} else {
  const started = performance.now();
  const tuningTiming: Timing = { assess: [], scan: new Map() };
  const heldTiming: Timing = { assess: [], scan: new Map() };
  console.log(
    `Linked-deaths detector evaluation${quick ? ' (quick)' : ''}: ${TUNING} tuning and ${HELD_OUT} held-out simulated areas of ~450,000 people`,
  );
  console.log(
    `Plants per area: ${PLAN.replay} Barking replay, ${PLAN.variants} variants, ${PLAN.batches} batch, ${PLAN.carers} carer cluster; scan daily (all-unnatural stream every ${OPTIONS.unnaturalScanEvery} days), site watch weekly`,
  );
  report(
    'TUNING seeds 1…',
    await runSet(
      Array.from({ length: TUNING }, (_, i) => i + 1),
      tuningTiming,
    ),
  );
  if (tuningOnly) process.exit(0);
  report(
    'HELD-OUT seeds 10001…',
    await runSet(
      Array.from({ length: HELD_OUT }, (_, i) => 10_001 + i),
      heldTiming,
    ),
  );
  console.log('\n=== Timings (this machine) ===');
  const a = [...tuningTiming.assess, ...heldTiming.assess];
  console.log(
    `  assessCase per new or updated case: mean ${(a.reduce((x, y) => x + y, 0) / a.length).toFixed(2)} ms, p95 ${quantile(a, 0.95).toFixed(2)} ms, max ${largest(a).toFixed(1)} ms over ${a.length} calls`,
  );
  for (const [stream, ms] of heldTiming.scan) {
    console.log(
      `  nightly scan, ${stream} stream of one area: mean ${(ms.reduce((x, y) => x + y, 0) / ms.length).toFixed(1)} ms, max ${largest(ms).toFixed(0)} ms over ${ms.length} runs`,
    );
  }
  nationalScanTiming();
  console.log(`  whole evaluation: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
