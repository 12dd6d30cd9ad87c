import autocannon from 'autocannon';

/** Requests per second a URL sustains (autocannon, keep-alive), after a short warm-up. */
export async function throughput(
  url: string,
  options: { seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<{ rps: number; p95ms: number; errors: number }> {
  const run = (duration: number) =>
    autocannon({
      url,
      duration,
      connections: options.connections ?? 10,
      headers: options.headers,
      pipelining: 1,
    }) as Promise<autocannon.Result>;
  await run(1);
  const result = await run(options.seconds);
  return {
    rps: result.requests.average,
    p95ms: result.latency.p97_5 ?? result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** p95 of the durations of `n` sequential calls, in milliseconds. */
export async function p95(
  n: number,
  call: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await call(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

export function memory(): string {
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1e6).toFixed(0)} MB, heap ${(m.heapUsed / 1e6).toFixed(0)} MB`;
}

export const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function line(label: string, value: string, target?: string): void {
  console.log(`  ${label.padEnd(58)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}

export const quick = process.argv.includes('--quick');
