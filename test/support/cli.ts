import { spawn } from 'node:child_process';

/** The `opencoroner` command as npm installs it. */
export const BIN = new URL('../../bin/opencoroner.js', import.meta.url).pathname;

/** Runs `opencoroner ARGS` with only the given environment (and PATH), and answers its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', TZ: 'Europe/London', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
