import { once } from 'node:events';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DrizzleQueryError, eq } from 'drizzle-orm';
import { backgroundWork, buildApp } from './app.ts';
import { emailAddress } from './features/account/account.schema.ts';
import { findArea } from './features/areas/areas.queries.ts';
import { areaVolume, generateDeaths, generationPlan } from './features/cases/cases.generate.ts';
import { progressPrinter } from './features/cases/cases.import.progress.ts';
import { ImportStopped, importDeathsFile } from './features/cases/cases.import.ts';
import { isActive } from './features/interested-persons/interested-persons.domain.ts';
import {
  interestedPersons,
  interestedPersonUsers,
} from './features/interested-persons/interested-persons.tables.ts';
import { appendAudit, verifyAudit } from './platform/audit/audit.ts';
import {
  createApiToken,
  createUser,
  endUserSessions,
  findUserByEmail,
  revokeUserTokens,
  setPassword,
  type User,
} from './platform/auth/auth.queries.ts';
import { users } from './platform/auth/auth.tables.ts';
import { CORONER_OFFICES, ROLES } from './platform/auth/roles.ts';
import { isIsoDate } from './platform/calendar/iso-dates.ts';
import { systemClock } from './platform/clock.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { type Database, type Db, isConnectionLost, openDatabase } from './platform/db/database.ts';
import { readLock } from './platform/db/embedded-lock.ts';
import { MigrationError, migrate } from './platform/db/migrate.ts';
import { startJobRunner } from './platform/jobs/jobs.ts';
import { createLogger } from './platform/log.ts';
import { createNotifySender } from './platform/notify/notify.ts';
import { documentStoreFromConfig } from './platform/storage/storage.config.ts';
import { londonDate } from './platform/views/dates.ts';
import { randomPassword, seedDemo } from './seed.ts';

const CLI_ACTOR = { id: null, label: 'OpenCoroner command line', role: null };

/** Each command: how it is written (its usage lines) and what it does, for `help` and for a command given wrongly. */
const COMMANDS = {
  serve: { usage: ['serve'], does: 'start the web server (what npm start runs)' },
  migrate: { usage: ['migrate'], does: 'apply pending database migrations' },
  seed: { usage: ['seed --demo'], does: 'add the demo areas and one demo user per role' },
  'users add': {
    usage: [
      'users add --email E --name N --role ROLE [--area CODE] [--office senior|area|assistant|judge]',
      '[--organisation ORG] [--interested-person ID] [--api-token]',
    ],
    does: 'add an account; prints its password once (with --api-token, an API token)',
  },
  'users reset-password': {
    usage: ['users reset-password --email E'],
    does: 'print a new password for an account and sign it out everywhere',
  },
  'users new-token': { usage: ['users new-token --email E'], does: 'print a new API token for an account' },
  'users revoke-tokens': {
    usage: ['users revoke-tokens --email E'],
    does: 'stop every API token of an account from working',
  },
  'users close': {
    usage: ['users close --email E'],
    does: 'close an account: it can no longer sign in or use API tokens',
  },
  'audit verify': { usage: ['audit verify'], does: 'check the audit log has not been altered' },
  generate: {
    usage: [
      'generate [--cases N | --years Y] [--seed S] [--area CODE[:PER_YEAR]...] [--until DATE] [--out FILE]',
    ],
    does: 'write synthetic reported deaths as NDJSON (default: one year of EL, IN, SL)',
  },
  'import deaths': {
    usage: ['import deaths FILE.ndjson [--area CODE]'],
    does: 'load reported deaths, one JSON object a line; prints a JSON summary',
  },
} satisfies Record<string, { usage: string[]; does: string }>;
type Command = keyof typeof COMMANDS;

/** A command's usage lines, continued lines indented to its first option. */
function usageLines(command: Command, indent: number): string {
  const [first, ...more] = COMMANDS[command].usage;
  return [first, ...more.map((line) => `${' '.repeat(indent + command.length + 1)}${line}`)].join('\n');
}

const USAGE = `Usage: opencoroner <command>

Commands:
${Object.entries(COMMANDS)
  .map(([command, { usage, does }]) => {
    const lines = usageLines(command as Command, 2);
    return usage.length === 1 && usage[0]!.length < 31
      ? `  ${lines.padEnd(31)}${does}`
      : `  ${lines}\n${' '.repeat(33)}${does}`;
  })
  .join('\n')}

Configuration comes from the environment; see README.md.`;

/** How a command is used, shown with a usage error. */
function usageOf(command: Command): string {
  return `Usage: opencoroner ${usageLines(command, 'Usage: opencoroner '.length)}`;
}

/** A command given wrongly (an unknown option, one without its value, ...): said with its usage, exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: Command,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Reads a command's options; an option it does not know, or one missing its value, is a usage error. */
function readOptions<T extends Options>(
  command: Command,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  const problem = optionProblem(args, options, allowPositionals);
  if (problem) throw new UsageError(problem, command);
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError((error as Error).message.split('\n')[0]!, command);
  }
}

/** The first thing wrong with the options given, in the command line's own words. */
function optionProblem(args: string[], options: Options, allowPositionals: boolean): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') {
      if (!allowPositionals) return `Unexpected argument: ${arg}`;
      continue;
    }
    const [name = '', ...value] = arg.slice(2).split('=');
    const option = arg.startsWith('--') ? options[name] : undefined;
    if (!option) return `Unknown option: ${arg.split('=')[0]}`;
    if (option.type === 'boolean' && value.length) return `--${name} takes no value`;
    if (option.type === 'string' && !value.length) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && options[next.slice(2).split('=')[0]!]))
        return `--${name} needs a value`;
      if (next.startsWith('-') && next !== '-')
        return `--${name} needs a value (for one starting with -, write --${name}=${next})`;
      i++;
    }
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'generate':
      return generate(argv.slice(1));
    case 'serve':
      readOptions('serve', argv.slice(1), {});
      return serve(loadConfig());
    case 'migrate':
      readOptions('migrate', argv.slice(1), {});
      return withDatabase(
        async (database) => {
          const applied = await migrate(database.pool);
          console.log(
            applied.length
              ? `Applied ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}.`
              : 'The database is up to date.',
          );
          return 0;
        },
        { migrateFirst: false },
      );
    case 'seed':
      readOptions('seed', argv.slice(1), { demo: { type: 'boolean' } });
      return withDatabase(async (database, config) => {
        printSeed(
          await seedDemo(database.db, systemClock.now(), {
            storage: documentStoreFromConfig(config.storage),
          }),
        );
        return 0;
      });
    case 'users':
      if (sub === 'add') return usersAdd(argv.slice(2));
      if (sub === 'reset-password') return resetPassword(argv.slice(2));
      if (sub === 'new-token') return newToken(argv.slice(2));
      if (sub === 'revoke-tokens') return revokeTokens(argv.slice(2));
      if (sub === 'close') return closeAccount(argv.slice(2));
      break;
    case 'import':
      if (sub === 'deaths') return importDeaths(argv.slice(2));
      break;
    case 'audit':
      if (sub !== 'verify') break;
      readOptions('audit verify', argv.slice(2), {});
      return withDatabase(async (database) => {
        const result = await verifyAudit(database.db);
        if (result.ok) {
          console.log(`The audit log is intact: ${result.events} events checked.`);
          return 0;
        }
        console.error(
          `The audit log has been tampered with: ${result.problem} (${result.events} events were intact before it.)`,
        );
        return 1;
      });
  }
  console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

async function serve(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  // The command line shares a running server's embedded database; a second server must not, or it would
  // serve on and fail every request once the first stops.
  const owner = config.database.kind === 'pglite' ? readLock(config.database.dataDir) : undefined;
  if (owner)
    throw new ConfigError(
      `Another OpenCoroner process (${owner.pid}) is using the embedded database in ${config.dataDir}. ` +
        'Stop it before starting the server again; the command line (npx opencoroner ...) works alongside a running server.',
    );
  const database = await openDatabase(config.database);
  try {
    await migrate(database.pool);
    if (config.demoSeed)
      printSeed(
        await seedDemo(database.db, systemClock.now(), { storage: documentStoreFromConfig(config.storage) }),
      );
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps = {
    config,
    database,
    clock: systemClock,
    logger,
    notifier: createNotifySender(config.notify),
    storage: documentStoreFromConfig(config.storage),
  };
  const app = await buildApp(deps);
  const work = backgroundWork(deps);
  const runner = config.runJobs
    ? startJobRunner(database.db, work.handlers, systemClock, logger, { periodic: work.periodic })
    : undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in progress');
    await app.close();
    await runner?.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await runner?.stop();
    await database.close();
    throw error;
  }
  logger.info({ url: `http://localhost:${config.port}`, database: database.kind }, 'OpenCoroner is running');
  return -1; // keep running
}

async function usersAdd(args: string[]): Promise<number> {
  const { values } = readOptions('users add', args, {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    area: { type: 'string' },
    office: { type: 'string' },
    organisation: { type: 'string' },
    'interested-person': { type: 'string' },
    'api-token': { type: 'boolean', default: false },
  });
  const problems: string[] = [];
  // The address the account signs in with: what the sign-in form would refuse, no one could sign in with.
  const email = emailAddress.safeParse(values.email ?? '');
  if (!values.email?.trim()) problems.push('--email is required');
  else if (!email.success)
    problems.push(
      `--email ${values.email} could not be used to sign in: use an address like name@example.org, with only ` +
        "letters a to z (no accents), digits and . _ ' + - before the @",
    );
  if (!values.name?.trim())
    problems.push(values.name === undefined ? '--name is required' : '--name must not be blank');
  const role = ROLES.find((r) => r === values.role);
  if (!role) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  const office = values.office ? CORONER_OFFICES.find((o) => o === values.office) : undefined;
  if (values.office && !office) problems.push(`--office must be one of ${CORONER_OFFICES.join(', ')}`);
  if (role && ['coroner', 'officer', 'court-admin', 'local-authority'].includes(role) && !values.area) {
    problems.push(`--area is required for the ${role} role`);
  }
  if (role === 'provider' && !values.organisation?.trim()) {
    problems.push(
      '--organisation is required for the provider role (the organisation whose documents they supply)',
    );
  }
  const personId = values['interested-person'];
  if (personId !== undefined && role !== 'interested-person')
    problems.push('--interested-person is only for the interested-person role');
  if (personId !== undefined && !/^[0-9a-f-]{36}$/i.test(personId))
    problems.push('--interested-person must be the id of an interested person (a UUID)');
  if (problems.length || !email.success) {
    console.error(problems.join('\n'));
    return 2;
  }
  return withDatabase(async (database) => {
    // The account acts for that interested person (their own record) on their case.
    const [person] = personId
      ? await database.db.select().from(interestedPersons).where(eq(interestedPersons.id, personId))
      : [];
    if (personId && !person) {
      console.error(`There is no interested person with the id ${personId}.`);
      return 1;
    }
    if (person && !isActive(person)) {
      console.error(
        `${person.name} is not an interested person now (${person.status.toLowerCase()}), so cannot be given access.`,
      );
      return 1;
    }
    if (await findUserByEmail(database.db, email.data)) {
      console.error(`There is already an account for ${email.data}.`);
      return 1;
    }
    if (values.area && !(await findArea(database.db, values.area.toUpperCase()))) {
      console.error(
        `There is no coroner area with the code ${values.area.toUpperCase()}. Run "opencoroner seed --demo" for the demo areas.`,
      );
      return 1;
    }
    const password = values['api-token'] ? null : randomPassword();
    const result = await database.db.transaction(async (tx) => {
      const user = await createUser(tx, {
        email: email.data,
        name: values.name!,
        role: role!,
        coronerOffice: office ?? null,
        areaCode: values.area?.toUpperCase() ?? null,
        organisation: values.organisation ?? null,
        password,
      });
      await appendAudit(
        tx,
        CLI_ACTOR,
        { action: 'USER_CREATED', subjectType: 'user', subjectId: user.id, detail: { role } },
        systemClock.now(),
      );
      if (person) {
        await tx.insert(interestedPersonUsers).values({
          interestedPersonId: person.id,
          userId: user.id,
          capacity: 'self',
          createdAt: systemClock.now(),
        });
        await appendAudit(
          tx,
          CLI_ACTOR,
          {
            action: 'INTERESTED_PERSON_ACCESS_GIVEN',
            caseId: person.caseId,
            subjectType: 'interested-person',
            subjectId: person.id,
            detail: { userId: user.id, capacity: 'self' },
          },
          systemClock.now(),
        );
      }
      if (!values['api-token']) return { id: user.id, email: user.email, password };
      return { id: user.id, token: await issueApiToken(tx, user.id, systemClock.now()) };
    });
    console.log(JSON.stringify(result));
    return 0;
  });
}

/** A new API token for an account, audited; the token is shown once and stored only as a hash. */
async function issueApiToken(tx: Db, userId: string, now: Date): Promise<string> {
  const token = await createApiToken(tx, userId, 'Created with the command line');
  await appendAudit(
    tx,
    CLI_ACTOR,
    { action: 'API_TOKEN_CREATED', subjectType: 'api-token', subjectId: token.id },
    now,
  );
  return token.token;
}

type AccountChange = {
  /** Refuse a closed account, saying this after "The account for E is closed, so". */
  closed?: string;
  /** What the change does, in the transaction: what to print, and its audit event about the account. */
  change: (
    tx: Db,
    user: User,
    now: Date,
  ) => Promise<{ print: Record<string, unknown>; action?: string; detail?: Record<string, unknown> }>;
};

/** Runs a change in one transaction for the account named by `--email`, with its audit event, and prints its result. */
async function changeAccount(command: Command, args: string[], { closed, change }: AccountChange) {
  const { values } = readOptions(command, args, { email: { type: 'string' } });
  if (!values.email?.trim()) {
    console.error(`--email is required\n\n${usageOf(command)}`);
    return 2;
  }
  const email = values.email;
  return withDatabase(async (database) => {
    const now = systemClock.now();
    const outcome = await database.db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) return { problem: `There is no account for ${email}.` };
      if (closed && !user.active)
        return { problem: `The account for ${user.email} is closed, so ${closed}.` };
      const { print, action, detail } = await change(tx, user, now);
      if (action)
        await appendAudit(tx, CLI_ACTOR, { action, subjectType: 'user', subjectId: user.id, detail }, now);
      return { print };
    });
    if ('problem' in outcome) {
      console.error(outcome.problem);
      return 1;
    }
    console.log(JSON.stringify(outcome.print));
    return 0;
  });
}

/** `users reset-password`: a new password, printed once; whoever knew the old one is signed out. */
const resetPassword = (args: string[]) =>
  changeAccount('users reset-password', args, {
    closed: 'a new password would not let anyone sign in',
    change: async (tx, user) => {
      const password = randomPassword();
      await setPassword(tx, user.id, password);
      await endUserSessions(tx, user.id);
      return {
        print: { email: user.email, password },
        action: 'PASSWORD_RESET',
        detail: { sessionsEnded: true },
      };
    },
  });

/** `users new-token`: another API token for an account (after its tokens were revoked, say), printed once. */
const newToken = (args: string[]) =>
  changeAccount('users new-token', args, {
    closed: 'a new API token would not work',
    change: async (tx, user, now) => ({
      print: { id: user.id, token: await issueApiToken(tx, user.id, now) },
    }),
  });

/** `users revoke-tokens`: every API token of the account stops working at its next request. */
const revokeTokens = (args: string[]) =>
  changeAccount('users revoke-tokens', args, {
    change: async (tx, user, now) => {
      const revoked = await revokeUserTokens(tx, user.id, now);
      return { print: { email: user.email, revoked }, action: 'API_TOKENS_REVOKED', detail: { revoked } };
    },
  });

/** `users close`: the account can no longer sign in; its sign-ins end and its API tokens stop working at once. */
const closeAccount = (args: string[]) =>
  changeAccount('users close', args, {
    closed: 'there is nothing more to do',
    change: async (tx, user, now) => {
      await tx.update(users).set({ active: false }).where(eq(users.id, user.id));
      await endUserSessions(tx, user.id);
      const revoked = await revokeUserTokens(tx, user.id, now);
      return {
        print: { email: user.email, closed: true, revoked },
        action: 'USER_CLOSED',
        detail: { sessionsEnded: true, revoked },
      };
    },
  });

/** `generate`: synthetic reported deaths, one JSON object a line, to a file or standard output. */
async function generate(args: string[]): Promise<number> {
  const { values, positionals } = readOptions(
    'generate',
    args,
    {
      cases: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string', default: '1' },
      area: { type: 'string', multiple: true },
      until: { type: 'string' },
      out: { type: 'string' },
    },
    true,
  );
  const problems: string[] = [];
  const cases = values.cases === undefined ? undefined : Number(values.cases);
  const years = values.years === undefined ? undefined : Number(values.years);
  const seed = Number(values.seed);
  if (cases !== undefined && !(Number.isInteger(cases) && cases > 0))
    problems.push('--cases must be a whole number above 0');
  if (years !== undefined && !(years > 0 && years <= 50))
    problems.push('--years must be a number above 0, at most 50');
  if (!Number.isInteger(seed)) problems.push('--seed must be a whole number');
  // A day that exists: 2026-02-30 is refused, not read as 2 March.
  if (values.until !== undefined && !isIsoDate(values.until))
    problems.push('--until must be a real date like 2026-11-25');
  const until = values.until ?? londonDate(new Date());
  let areas: ReturnType<typeof areaVolume>[] = [];
  try {
    // `--area EL --area IN`, `--area EL,IN` and `--area EL IN` all name two areas.
    const named = [...(values.area ?? []), ...positionals].flatMap((a) => a.split(',')).filter(Boolean);
    areas = (named.length ? named : ['EL', 'IN', 'SL']).map(areaVolume);
  } catch (error) {
    problems.push(`--area: ${(error as Error).message}`);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    return 2;
  }
  const options = { seed, cases, years: years ?? (cases === undefined ? 1 : undefined), areas, until };
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  let written = 0;
  let chunk = '';
  for (const death of generateDeaths(options)) {
    chunk += `${JSON.stringify(death)}\n`;
    if (++written % 500 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk) out.write(chunk);
  if (values.out) {
    out.end();
    await once(out, 'finish');
    const plan = generationPlan(options);
    console.error(
      `Wrote ${written} deaths reported from ${plan.firstDay} to the day before ${until} to ${values.out}.`,
    );
  }
  return 0;
}

/** `import deaths FILE`: a progress bar on standard error, each skipped line there too, a JSON summary last on standard output. */
async function importDeaths(args: string[]): Promise<number> {
  const { values, positionals } = readOptions('import deaths', args, { area: { type: 'string' } }, true);
  const [file, ...more] = positionals;
  if (!file) throw new UsageError('Name the file to import.', 'import deaths');
  if (more.length)
    throw new UsageError(`Name one file to import, not ${positionals.length}.`, 'import deaths');
  const intoArea = values.area?.trim().toUpperCase();
  if (intoArea !== undefined && !/^[A-Z]{2,4}$/.test(intoArea))
    throw new UsageError('--area must be a coroner area code of 2 to 4 letters, like EL', 'import deaths');
  if (!existsSync(file)) {
    console.error(`There is no file ${file}.`);
    return 1;
  }
  if (!statSync(file).isFile()) {
    console.error(`${file} is not a file.`);
    return 1;
  }
  return withDatabase(async (database) => {
    if (intoArea && !(await findArea(database.db, intoArea))) {
      console.error(`There is no coroner area with the code ${intoArea}, so nothing was imported.`);
      return 1;
    }
    const printer = progressPrinter(process.stderr);
    try {
      const summary = await importDeathsFile(database.db, file, {
        now: systemClock.now(),
        actor: { ...CLI_ACTOR, label: 'OpenCoroner command line (import)' },
        intoArea,
        concurrency: database.kind === 'postgres' ? 2 : 1,
        onSkipped: (line, reason) => printer.message(`Line ${line} skipped: ${reason}`),
        onProgress: (progress) => printer.update(progress, progress.bytes === progress.totalBytes),
      });
      console.log(JSON.stringify(summary));
      return 0;
    } catch (error) {
      if (!(error instanceof ImportStopped)) throw error;
      printer.message(stoppedMessage(error, basename(file)));
      console.log(JSON.stringify(error.summary));
      return 1;
    }
  });
}

/** Why an import stopped, what of it was saved, and which line of the file to carry on from. */
function stoppedMessage(stopped: ImportStopped, file: string): string {
  const { imported, carryOnFrom, alsoImported = [] } = stopped.summary;
  const why = isConnectionLost(stopped.cause)
    ? 'The connection to the database was lost, so the import stopped.'
    : `The import stopped: ${plainMessage(stopped.cause)}.`;
  const saved = imported === 1 ? '1 line was imported' : `${imported} lines were imported`;
  const also = alsoImported.map(([first, last]) => (first === last ? `${first}` : `${first} to ${last}`));
  return (
    `${why} ${saved}; carry on from line ${carryOnFrom} of ${file}.` +
    (also.length
      ? ` Line${also.length > 1 || alsoImported[0]![0] !== alsoImported[0]![1] ? 's' : ''} ${also.join(', ')} ` +
        'were imported as well: leave them out.'
      : '')
  );
}

/** What went wrong in plain words: a failed query's reason, without its SQL. */
function plainMessage(error: unknown): string {
  let e = error;
  while (e instanceof DrizzleQueryError && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** Opens the database, brings its schema up to date (so a command on a new data directory just works) and runs `work`. */
async function withDatabase(
  work: (database: Database, config: Config) => Promise<number>,
  options = { migrateFirst: true },
): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  let code: number;
  try {
    if (options.migrateFirst) await migrate(database.pool);
    code = await work(database, config);
  } catch (error) {
    // The error says what went wrong; closing a connection already lost may fail too, and says nothing more.
    await database.close().catch(() => {});
    throw error;
  }
  await database.close();
  return code;
}

function printSeed(result: Awaited<ReturnType<typeof seedDemo>>): void {
  if (result.users.length === 0) return;
  const lines = result.users.map((u) => `  ${u.role.padEnd(18)} ${u.email.padEnd(28)} ${u.password}`);
  console.log(
    `\nDemo accounts (shown only this once; "npx opencoroner users reset-password --email E" makes a new password):\n` +
      `  ${'role'.padEnd(18)} ${'email'.padEnd(28)} password\n${lines.join('\n')}\n`,
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usageOf(error.command)}`);
      process.exit(2);
    }
    if (error instanceof ConfigError || error instanceof MigrationError) console.error(error.message);
    else if (isConnectionLost(error))
      console.error(
        'The connection to the database was lost, so the command may not have finished. ' +
          'Run it again when the database is back (the server running, or PostgreSQL reachable).',
      );
    else console.error(`OpenCoroner could not complete the command: ${plainMessage(error)}`);
    process.exit(1);
  },
);
