/**
 * Explains the drug series a replay missed by the 2nd death: for each, the days of its deaths, reports and
 * toxicology results, and the score of each consecutive pair with its reasons (with everything known).
 * Run: node --import tsx bench/eval-links/explain-misses.ts SEED… (use tuning seeds, never held-out ones)
 */
import { buildBackground } from '../../src/features/links/links.background.ts';
import { findEntityLinks } from '../../src/features/links/links.entity.ts';
import { eventDay } from '../../src/features/links/links.prepare.ts';
import { scorePair } from '../../src/features/links/links.score.ts';
import { summarise } from './metrics.ts';
import { simulateArea } from './plant.ts';
import { replayArea } from './replay.ts';

const seeds = process.argv.slice(2).map(Number);
for (const seed of seeds) {
  if (seed > 10_000) throw new Error('Held-out seeds (above 10000) are for reporting only.');
  const area = simulateArea(seed, { replay: 1, variants: 2, batches: 1, carers: 1 });
  const outcome = summarise(
    replayArea(area, { unnaturalScanEvery: 28, scanEvery: 1, siteWatchEvery: 7, replications: 99 }),
  );
  const byId = new Map(area.cases.map((c) => [c.id, c]));
  const background = buildBackground([...area.regional, ...area.cases.map((c) => c.final)]);
  const context = { background, knownSites: area.knownSites };
  area.clusters.forEach((cluster, i) => {
    const o = outcome.clusters[i]!.byLayer.all;
    if (!cluster.drug || o.by2) return;
    const members = cluster.members
      .map((id) => byId.get(id)!)
      .sort((a, b) => eventDay(a.final) - eventDay(b.final));
    const first = eventDay(members[0]!.final);
    console.log(
      `seed ${seed} ${cluster.kind}: deaths on days ${members.map((m) => eventDay(m.final) - first).join(', ')}; reported ${members.map((m) => m.reportDay).join(', ')}; toxicology ${members.map((m) => m.toxicologyDay ?? '–').join(', ')}; first alert ${o.day ?? 'none'}; by the 3rd death ${o.by3}`,
    );
    for (let j = 1; j < Math.min(3, members.length); j++) {
      const a = members[j]!.final;
      const b = members[j - 1]!.final;
      const { score, reasons } = scorePair(a, b, context, findEntityLinks(a, b, context));
      console.log(
        `  deaths ${j} and ${j + 1}: ${score.toFixed(2)} = ${reasons.map((r) => `${r.feature} ${r.weight.toFixed(2)}`).join(', ')}`,
      );
    }
  });
}
