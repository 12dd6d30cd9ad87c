import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../test/support/cli.ts';
import { isolatedDatabase } from '../test/support/isolated-database.ts';
import { signInForm } from './features/account/account.schema.ts';
import { createSession, findTokenPrincipal } from './platform/auth/auth.queries.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { readLock } from './platform/db/embedded-lock.ts';

/** `opencoroner ARGS` started, with its standard error watched as it is written. */
function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', TZ: 'Europe/London', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  const stderrShows = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => pattern.test(stderr) && resolve();
      child.stderr.on('data', check);
      check();
      void done.then(() => reject(new Error(`The command ended without writing ${pattern}: ${stderr}`)));
    });
  return { done, stderrShows };
}

/**
 * A way to the test's database that can be cut, as when the server owning the embedded database stops or
 * PostgreSQL goes away: `env` points the command line at it, and `cut()` ends every connection through it
 * and takes no more. With `cutOn`, it cuts as a command sends a query holding that text, before it runs.
 */
async function cuttableDatabase(env: Record<string, string>, cutOn?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'opencoroner-cut-'));
  let target: { path: string } | { host: string; port: number };
  let listenOn: string | { host: string; port: number };
  let via: Record<string, string>;
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    target = { host: url.hostname, port: Number(url.port || 5432) };
    listenOn = { host: '127.0.0.1', port: 0 };
    via = {};
  } else {
    // A data directory whose owner (as far as the command line can tell) serves it on the way in.
    const owner = readLock(env.DATA_DIR!)!;
    target = { path: join(owner.socketDir, '.s.PGSQL.5432') };
    const socketDir = join(dir, 'socket');
    mkdirSync(socketDir);
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'pglite.lock'), JSON.stringify({ pid: process.pid, socketDir }));
    listenOn = join(socketDir, '.s.PGSQL.5432');
    via = { DATA_DIR: join(dir, 'data') };
  }
  const open = new Set<Socket>();
  let cutAlready = false;
  const cut = () => {
    cutAlready = true;
    server.close();
    for (const socket of open) socket.destroy();
  };
  const server = createServer((client) => {
    if (cutAlready) return client.destroy();
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (cutOn && chunk.includes(cutOn)) cut();
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(listenOn, resolve));
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.port = String((server.address() as { port: number }).port);
    via = { DATABASE_URL: url.toString() };
  }
  return {
    env: via,
    cut,
    close: () => {
      cut();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the opencoroner command line', () => {
  let env: Record<string, string>;
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const iso = await isolatedDatabase();
      env = { DATABASE_URL: iso.target.url! };
      database = iso.database;
      cleanup = iso.drop;
    } else {
      // An embedded data directory owned by this process, as the running server would own it: the CLI
      // must use it through the owner's socket and never open the files a second time.
      const dir = mkdtempSync(join(tmpdir(), 'opencoroner-cli-'));
      env = { DATA_DIR: dir };
      database = await openDatabase({ kind: 'pglite', dataDir: dir, poolSize: 2 });
      cleanup = async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    const migrated = await runCli(['migrate'], env);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
  }, 600_000);
  afterAll(() => cleanup());

  it('seeds the demo areas and prints each demo account once', async () => {
    const first = await runCli(['seed', '--demo'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('coroner@example.org');
    const again = await runCli(['seed', '--demo'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('coroner@example.org');
    const areas = await database.db.execute(sql`select name from areas where code = 'EL'`);
    expect(areas.rows).toEqual([{ name: 'East London' }]);
  }, 300_000);

  it('adds an integration user and prints one JSON line with its token', async () => {
    const res = await runCli(
      [
        'users',
        'add',
        '--email',
        'police-api@example.org',
        '--name',
        'Police integration',
        '--role',
        'provider',
        '--organisation',
        'Metropolitan Police Service',
        '--api-token',
      ],
      env,
    );
    expect(res.code).toBe(0);
    const line = JSON.parse(res.stdout.trim());
    expect(Object.keys(line).sort()).toEqual(['id', 'token']);
    const stored = await database.db.execute(
      sql`select token_hash from api_tokens where user_id = ${line.id}`,
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.token_hash).not.toContain(line.token);
  }, 300_000);

  it('signs an account out everywhere when its password is reset, and revokes its API tokens on request', async () => {
    const added = await runCli(
      [
        'users',
        'add',
        '--email',
        'revoked@example.org',
        '--name',
        'Revoked',
        '--role',
        'provider',
        '--organisation',
        'Essex Police',
        '--api-token',
      ],
      env,
    );
    const { id, token } = JSON.parse(added.stdout.trim());
    await createSession(database.db, id, new Date(), 12);
    const sessions = () => database.db.execute(sql`select 1 from sessions where user_id = ${id}`);
    expect((await sessions()).rows).toHaveLength(1);
    const reset = await runCli(['users', 'reset-password', '--email', 'revoked@example.org'], env);
    expect(reset.code).toBe(0);
    expect((await sessions()).rows).toHaveLength(0);
    expect(await findTokenPrincipal(database.db, token, new Date())).toBeDefined();
    const revoke = await runCli(['users', 'revoke-tokens', '--email', 'revoked@example.org'], env);
    expect(revoke.code).toBe(0);
    expect(JSON.parse(revoke.stdout.trim())).toEqual({ email: 'revoked@example.org', revoked: 1 });
    expect(await findTokenPrincipal(database.db, token, new Date())).toBeUndefined();
    const audit = await database.db.execute(
      sql`select action from audit_events where subject_id = ${id} order by seq`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['PASSWORD_RESET', 'API_TOKENS_REVOKED']),
    );
  }, 300_000);

  it('refuses a bad role or a missing area with a clear message', async () => {
    const res = await runCli(
      ['users', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'wizard'],
      env,
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--role must be one of');
    const noArea = await runCli(
      ['users', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'officer'],
      env,
    );
    expect(noArea.stderr).toContain('--area is required for the officer role');
    const noOrganisation = await runCli(
      ['users', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'provider', '--api-token'],
      env,
    );
    expect(noOrganisation.code).toBe(2);
    expect(noOrganisation.stderr).toContain('--organisation is required for the provider role');
  }, 300_000);

  it('refuses an email address no one could sign in with, and a blank name', async () => {
    const add = (email: string, name = 'Someone') =>
      runCli(['users', 'add', '--email', email, '--name', name, '--role', 'system-admin'], env);
    for (const email of ['a&b@example.org', 'zoë@example.org']) {
      expect(signInForm.safeParse({ email, password: 'x' }).success).toBe(false);
      const refused = await add(email);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--email ${email} could not be used to sign in`);
    }
    const blank = await add('blank.name@example.org', '   ');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('--name must not be blank');
    const made = await database.db.execute(
      sql`select 1 from users where email in ('a&b@example.org', 'zoë@example.org', 'blank.name@example.org')`,
    );
    expect(made.rows).toHaveLength(0);
    // An address the sign-in form takes is taken here too.
    const email = "o'brien+admin@example.org";
    expect(signInForm.safeParse({ email, password: 'x' }).success).toBe(true);
    expect((await add(email)).code).toBe(0);
  }, 300_000);

  it('gives an account whose API tokens were revoked a new one, printed once and audited', async () => {
    const added = await runCli(
      [
        ...'users add --email renewed@example.org --name Renewed --role provider'.split(' '),
        ...['--organisation', 'Kent Police', '--api-token'],
      ],
      env,
    );
    const { id, token: old } = JSON.parse(added.stdout.trim());
    expect((await runCli(['users', 'revoke-tokens', '--email', 'renewed@example.org'], env)).code).toBe(0);
    const renewed = await runCli(['users', 'new-token', '--email', 'Renewed@example.org'], env);
    expect(renewed.code, renewed.stderr).toBe(0);
    const line = JSON.parse(renewed.stdout.trim());
    expect(Object.keys(line).sort()).toEqual(['id', 'token']);
    expect(line.id).toBe(id);
    expect(await findTokenPrincipal(database.db, line.token, new Date())).toMatchObject({ userId: id });
    expect(await findTokenPrincipal(database.db, old, new Date())).toBeUndefined();
    const audit = await database.db.execute(sql`
      select e.action from audit_events e join api_tokens t on t.id::text = e.subject_id
      where t.user_id = ${id} and t.revoked_at is null and e.subject_type = 'api-token'`);
    expect(audit.rows).toEqual([{ action: 'API_TOKEN_CREATED' }]);
    const nobody = await runCli(['users', 'new-token', '--email', 'nobody@example.org'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('There is no account for nobody@example.org.');
  }, 300_000);

  it('closes an account: its sign-ins end, its tokens stop, and it gets no new password or token', async () => {
    const added = await runCli(
      [
        ...'users add --email leaver@example.org --name Leaver --role provider'.split(' '),
        ...['--organisation', 'Surrey Police', '--api-token'],
      ],
      env,
    );
    const { id, token } = JSON.parse(added.stdout.trim());
    await createSession(database.db, id, new Date(), 12);
    const closed = await runCli(['users', 'close', '--email', 'leaver@example.org'], env);
    expect(closed.code, closed.stderr).toBe(0);
    expect(JSON.parse(closed.stdout.trim())).toEqual({
      email: 'leaver@example.org',
      closed: true,
      revoked: 1,
    });
    const [user] = (await database.db.execute(sql`select active from users where id = ${id}`)).rows;
    expect(user).toEqual({ active: false });
    expect((await database.db.execute(sql`select 1 from sessions where user_id = ${id}`)).rows).toHaveLength(
      0,
    );
    expect(await findTokenPrincipal(database.db, token, new Date())).toBeUndefined();
    const audit = await database.db.execute(
      sql`select action from audit_events where subject_id = ${id} order by seq`,
    );
    expect(audit.rows.map((r) => r.action)).toContain('USER_CLOSED');
    const reset = await runCli(['users', 'reset-password', '--email', 'leaver@example.org'], env);
    expect(reset.code).toBe(1);
    expect(reset.stdout).toBe('');
    expect(reset.stderr).toContain('The account for leaver@example.org is closed');
    const renewed = await runCli(['users', 'new-token', '--email', 'leaver@example.org'], env);
    expect(renewed.code).toBe(1);
    expect(renewed.stdout).toBe('');
    expect(renewed.stderr).toContain('The account for leaver@example.org is closed');
  }, 300_000);

  it('answers a mistyped option, or one without its value, with the command’s usage', async () => {
    const typo = await runCli(['users', 'reset-password', '--emial', 'x@example.org'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Unknown option: --emial');
    expect(typo.stderr).toContain('Usage: opencoroner users reset-password --email E');
    const noValue = await runCli(['users', 'add', '--email'], env);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('--email needs a value');
    expect(noValue.stderr).toContain('Usage: opencoroner users add --email E --name N --role ROLE');
    const generate = await runCli(['generate', '--case', '5'], env);
    expect(generate.code).toBe(2);
    expect(generate.stderr).toContain('Usage: opencoroner generate');
    for (const res of [typo, noValue, generate]) expect(res.stderr).not.toContain('could not complete');
  }, 300_000);

  it('generates the same synthetic deaths for the same seed and refuses bad options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opencoroner-generate-'));
    try {
      const args = [
        'generate',
        '--cases',
        '40',
        '--seed',
        '9',
        '--until',
        '2026-11-25',
        '--area',
        'EL',
        '--area',
        'IN',
      ];
      const first = await runCli([...args, '--out', join(dir, 'a.ndjson')], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('Wrote 40 deaths');
      const second = await runCli([...args.slice(0, -4), '--area', 'EL', 'IN'], env);
      expect(second.stdout).toBe(readFileSync(join(dir, 'a.ndjson'), 'utf8'));
      const lines = second.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(40);
      expect(new Set(lines.map((l) => l.areaCode))).toEqual(new Set(['EL', 'IN']));
      expect(lines[0].lifecycle.outcome).toBeTruthy();
      const bad = await runCli(['generate', '--cases', 'many', '--area', 'E1'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--cases must be a whole number');
      expect(bad.stderr).toContain('--area');
      const noSuchDay = await runCli(['generate', '--cases', '1', '--until', '2026-02-30'], env);
      expect(noSuchDay.code).toBe(2);
      expect(noSuchDay.stderr).toContain('--until must be a real date like 2026-11-25');
      expect(noSuchDay.stdout).toBe('');
      const leapDay = await runCli(['generate', '--cases', '1', '--until', '2024-02-29'], env);
      expect(leapDay.code, leapDay.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('imports deaths: progress and skipped lines on stderr, a JSON summary last on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opencoroner-import-'));
    try {
      const file = join(dir, 'deaths.ndjson');
      const made = await runCli(
        ['generate', '--cases', '30', '--seed', '4', '--until', '2026-11-25', '--out', file],
        env,
      );
      expect(made.code, made.stderr).toBe(0);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      lines.splice(10, 0, '{"areaCode": "EL", "deceased": ');
      lines.splice(20, 0, JSON.stringify({ ...JSON.parse(lines[0]!), areaCode: 'ZZ' }));
      writeFileSync(file, `${lines.join('\n')}\n`);
      const before = await database.db.execute(sql`select count(*)::int as n from cases`);
      const res = await runCli(['import', 'deaths', file], env);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain('Line 11 skipped: not a JSON object');
      expect(res.stderr).toContain('Line 21 skipped: areaCode: there is no coroner area with the code ZZ');
      expect(res.stderr).toMatch(/Importing: 100% {2}30 imported, 2 skipped/);
      const out = res.stdout.trim().split('\n');
      const summary = JSON.parse(out.at(-1)!);
      expect(summary).toMatchObject({ file: 'deaths.ndjson', imported: 30, skipped: 2 });
      expect(summary.seconds).toBeGreaterThan(0);
      expect(summary.rate).toBeGreaterThan(0);
      const after = await database.db.execute(sql`select count(*)::int as n from cases`);
      expect(Number(after.rows[0]!.n) - Number(before.rows[0]!.n)).toBe(summary.cases);
      const missing = await runCli(['import', 'deaths', join(dir, 'nothing.ndjson')], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('There is no file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('imports into the area named with --area, given before or after the file, and refuses an unknown area', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opencoroner-into-'));
    try {
      const file = join(dir, 'inner-north.ndjson');
      const made = await runCli(
        [...'generate --cases 3 --seed 21 --until 2026-11-25 --area IN --out'.split(' '), file],
        env,
      );
      expect(made.code, made.stderr).toBe(0);
      const [first, second, third] = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const { areaCode: _named, ...unnamed } = first;
      writeFileSync(
        file,
        `${[unnamed, second, { ...third, areaCode: 'SL' }].map((d) => JSON.stringify(d)).join('\n')}\n`,
      );
      const inArea = async () =>
        Number(
          (await database.db.execute(sql`select count(*)::int as n from cases where area_code = 'IN'`))
            .rows[0]!.n,
        );
      const before = await inArea();
      for (const args of [
        ['import', 'deaths', '--area', 'IN', file],
        ['import', 'deaths', file, '--area', 'in'],
      ]) {
        const res = await runCli(args, env);
        expect(res.code, res.stderr).toBe(0);
        expect(res.stderr).toContain('Line 3 skipped: areaCode: names area SL, but this import is into IN');
        expect(JSON.parse(res.stdout.trim().split('\n').at(-1)!)).toMatchObject({ imported: 2, skipped: 1 });
      }
      expect((await inArea()) - before).toBe(4);
      const all = async () =>
        Number((await database.db.execute(sql`select count(*)::int as n from cases`)).rows[0]!.n);
      const total = await all();
      const unknown = await runCli(['import', 'deaths', file, '--area', 'ZZ'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('There is no coroner area with the code ZZ');
      expect(unknown.stderr).not.toContain('Line');
      expect(unknown.stdout).toBe('');
      expect(await all()).toBe(total);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('adds an interested person’s account acting for their record, and refuses one for someone declined', async () => {
    const [c] = (await database.db.execute<{ id: string }>(sql`select id from cases limit 1`)).rows;
    expect(c).toBeDefined();
    const people = await database.db.execute<{ id: string; status: string }>(sql`
      insert into interested_persons (case_id, name, category, status)
      values (${c!.id}, 'Joan Walsh', 'FAMILY', 'PROPOSED'), (${c!.id}, 'Acme Life', 'INSURER', 'DECLINED')
      returning id, status`);
    const [joan, insurer] = people.rows;
    const add = (email: string, personId: string) =>
      runCli(
        [
          'users',
          'add',
          '--email',
          email,
          '--name',
          'Joan Walsh',
          '--role',
          'interested-person',
          '--interested-person',
          personId,
        ],
        env,
      );
    const made = await add('joan.walsh@example.org', joan!.id);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const { id } = JSON.parse(made.stdout.trim());
    const linked = await database.db.execute(
      sql`select capacity from interested_person_users where user_id = ${id} and interested_person_id = ${joan!.id}`,
    );
    expect(linked.rows).toEqual([{ capacity: 'self' }]);
    const refused = await add('acme@example.org', insurer!.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Acme Life is not an interested person now (declined)');
    const wrongRole = await runCli(
      [
        'users',
        'add',
        '--email',
        'y@example.org',
        '--name',
        'Y',
        '--role',
        'officer',
        '--area',
        'EL',
        '--interested-person',
        joan!.id,
      ],
      env,
    );
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toContain('--interested-person is only for the interested-person role');
  }, 300_000);

  it('stops an import whose database goes away, saying how much was imported and which line to carry on from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opencoroner-lost-'));
    const database_ = await cuttableDatabase(env);
    try {
      const file = join(dir, 'deaths.ndjson');
      const made = await runCli(
        [...'generate --cases 6000 --seed 12 --until 2026-11-25 --area EL --out'.split(' '), file],
        env,
      );
      expect(made.code, made.stderr).toBe(0);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const casesOf = (some: string[]) =>
        some.length + some.filter((l) => JSON.parse(l).lifecycle.outcome === 'QUASHED').length;
      const count = async () =>
        Number((await database.db.execute(sql`select count(*)::int as n from cases`)).rows[0]!.n);
      const before = await count();
      const running = startCli(['import', 'deaths', file], database_.env);
      await running.stderrShows(/ 2,000 imported/);
      database_.cut();
      const res = await running.done;
      expect(res.code).toBe(1);
      expect(res.stderr).not.toMatch(/Unhandled|Failed query|\n\s+at /);
      const summary = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
      expect(summary).toMatchObject({ file: 'deaths.ndjson', skipped: 0 });
      expect(summary.imported).toBeGreaterThanOrEqual(2000);
      expect(summary.imported).toBeLessThan(6000);
      expect(res.stderr).toContain(
        `The connection to the database was lost, so the import stopped. ${summary.imported} lines were ` +
          `imported; carry on from line ${summary.carryOnFrom} of deaths.ndjson.`,
      );
      expect((await count()) - before).toBe(summary.cases);
      // Carrying on from that line (leaving out any lines said to be imported as well) imports each death once.
      const done = (n: number) =>
        n < summary.carryOnFrom ||
        (summary.alsoImported ?? []).some(([a, b]: [number, number]) => n >= a && n <= b);
      const rest = lines.filter((_, i) => !done(i + 1));
      writeFileSync(join(dir, 'rest.ndjson'), `${rest.join('\n')}\n`);
      const carried = await runCli(['import', 'deaths', join(dir, 'rest.ndjson')], env);
      expect(carried.code, carried.stderr).toBe(0);
      expect(summary.imported + JSON.parse(carried.stdout.trim()).imported).toBe(6000);
      expect((await count()) - before).toBe(casesOf(lines));
    } finally {
      database_.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('says in plain words, without SQL, that a command lost its connection to the database', async () => {
    const database_ = await cuttableDatabase(env, 'from "areas"');
    try {
      const res = await runCli(
        'users add --email lost@example.org --name Lost --role officer --area EL'.split(' '),
        database_.env,
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        'The connection to the database was lost, so the command may not have finished.',
      );
      expect(res.stderr).not.toMatch(/Failed query|select|Unhandled|\n\s+at /);
      const made = await database.db.execute(sql`select 1 from users where email = 'lost@example.org'`);
      expect(made.rows).toHaveLength(0);
    } finally {
      database_.close();
    }
  }, 300_000);

  it('verifies the audit log and exits non-zero once a row is altered', async () => {
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/The audit log is intact: \d+ events checked/);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await tx.execute(sql`update audit_events set actor_label = 'Someone else' where seq = 2`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    });
    const bad = await runCli(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Event 2 was altered');
  }, 300_000);

  it('stops with a clear message when the configuration or the database is wrong', async () => {
    const badPort = await runCli(['migrate'], { ...env, PORT: 'not-a-port' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('PORT');
    const noServer = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain('Cannot connect to the database');
  }, 300_000);
});
