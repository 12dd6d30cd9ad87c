/**
 * `npm run bench`: every benchmark, each printing its figures against targets and ratios against a baseline
 * measured in the same run. `--quick` for a short run. Set DATABASE_URL to measure on PostgreSQL.
 */

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL(bench, import.meta.url).pathname,
      ...process.argv.slice(2).filter((a) => a.startsWith('--')),
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
