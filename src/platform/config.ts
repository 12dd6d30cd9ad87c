import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const environment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(10)
    .max(24 * 60)
    .default(60),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SIGN_IN_LOCKOUT_FAILURES: z.coerce.number().int().positive().default(5),
  SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('eu-west-2'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: flag.default(true),
  NOTIFY_API_KEY: z.string().optional(),
  NOTIFY_BASE_URL: z.url().optional(),
  NOTIFY_EMAIL_TEMPLATE_ID: z.string().optional(),
  NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
  GEOCODER_URL: z.url().optional(),
  MAP_TILE_URL: z.string().optional(),
  MAP_CENTRE: z
    .string()
    .regex(
      /^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/,
      'give a latitude and a longitude separated by a comma, for example 51.5362,0.0813',
    )
    .default('51.5074,-0.1278')
    .transform((v) => {
      const [lat, lon] = v.split(',').map(Number) as [number, number];
      return { lat, lon };
    })
    .refine(
      (c) => Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180,
      'the latitude must be between -90 and 90 and the longitude between -180 and 180',
    ),
  JOBS: flag.default(true),
  DEMO_SEED: flag.default(true),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  secureCookies: boolean;
  database:
    | { kind: 'postgres'; url: string; poolSize: number }
    | { kind: 'pglite'; dataDir: string; poolSize: number };
  dataDir: string;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  sessionHours: number;
  /** A session unused for this long ends (the page warns five minutes before). */
  sessionIdleMinutes: number;
  signIn: { attemptsPerMinute: number; lockoutFailures: number; lockoutMinutes: number };
  /** How many proxies in front of the app add to X-Forwarded-For (0: the caller's address is the connection's). */
  trustedProxies: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  storage:
    | { kind: 'local'; root: string }
    | {
        kind: 's3';
        endpoint?: string;
        region: string;
        bucket: string;
        accessKeyId?: string;
        secretAccessKey?: string;
        forcePathStyle: boolean;
      };
  notify: { apiKey?: string; baseUrl?: string; emailTemplateId?: string; smsTemplateId?: string };
  geocoderUrl?: string;
  mapTileUrl?: string;
  /** Where a map to pick a place on starts when no place is given yet. */
  mapCentre: { lat: number; lon: number };
  runJobs: boolean;
  demoSeed: boolean;
};

export class ConfigError extends Error {}

/** Reads and validates the environment once; the only reader of process.env. Fails fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to nothing (`PORT=`) is taken as not set, as shells and service files often leave them;
  // otherwise an empty PORT would read as port 0 and an empty number as zero.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environment.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`The configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.STORAGE === 's3' && !e.S3_BUCKET) {
    throw new ConfigError('The configuration is not valid:\n  S3_BUCKET: required when STORAGE=s3');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir, poolSize: Math.min(e.DATABASE_POOL_SIZE, 4) },
    dataDir,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    signIn: {
      attemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
      lockoutFailures: e.SIGN_IN_LOCKOUT_FAILURES,
      lockoutMinutes: e.SIGN_IN_LOCKOUT_MINUTES,
    },
    trustedProxies: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'local', root: resolve(dataDir, 'documents') },
    notify: {
      apiKey: e.NOTIFY_API_KEY,
      baseUrl: e.NOTIFY_BASE_URL,
      emailTemplateId: e.NOTIFY_EMAIL_TEMPLATE_ID,
      smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID,
    },
    geocoderUrl: e.GEOCODER_URL,
    mapTileUrl: e.MAP_TILE_URL,
    mapCentre: e.MAP_CENTRE,
    runJobs: e.JOBS,
    demoSeed: e.DEMO_SEED,
  };
}
