import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../test/support/cli.ts';
import { deathReport } from '../test/support/factories.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

// The embedded database only: a PostgreSQL server keeps its own data safe.
describe.runIf(!process.env.DATABASE_URL)('serving on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opencoroner-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes the requests in progress on SIGTERM, loses no acknowledged write and reopens cleanly', async () => {
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', DEMO_SEED: 'true' };
    const addOfficer = [
      'users',
      'add',
      '--email',
      'serve@example.org',
      '--name',
      'Serve Test',
      '--role',
      'officer',
      '--area',
      'EL',
      '--api-token',
    ];
    const created = await runCli(addOfficer, env);
    expect(created.stderr).toContain('There is no coroner area');
    await runCli(['seed', '--demo'], env);
    const user = await runCli(addOfficer, env);
    expect(user.code).toBe(0);
    const { token } = JSON.parse(user.stdout);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForHealth(url, server);

    const post = (i: number) =>
      fetch(`${url}/api/v1/deaths`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          deathReport({ reportedAt: undefined, deceased: { familyName: `Shutdown${i}` } }),
        ),
      })
        .then(async (r) => ({
          status: r.status,
          body: r.status === 201 ? ((await r.json()) as { reference: string }) : undefined,
        }))
        .catch(() => ({ status: 0, body: undefined }));
    const inFlight = Array.from({ length: 20 }, (_, i) => post(i));
    await new Promise((r) => setTimeout(r, 50));
    server.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    const exitCode = await new Promise<number>((resolve) =>
      server.exitCode !== null ? resolve(server.exitCode) : server.on('exit', (c) => resolve(c ?? -1)),
    );
    expect(exitCode).toBe(0);
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.body!.reference);

    // Every reference the server acknowledged is there after a restart, and the audit chain is intact.
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    const again = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: 'ignore',
    });
    await waitForHealth(url, again);
    // A second server on the same data directory is refused, saying why; the first goes on serving.
    const second = await runCli(['serve'], { ...env, PORT: String(await freePort()), HOST: '127.0.0.1' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is using the embedded database');
    for (const reference of acknowledged) {
      const found = (await (
        await fetch(`${url}/api/v1/cases?q=${reference}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { total: number };
      expect(found.total, reference).toBe(1);
    }
    again.kill('SIGTERM');
    await new Promise((r) => again.on('exit', r));
  }, 600_000);
});
