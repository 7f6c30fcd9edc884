import { z } from 'zod';

/** The environment, parsed once. Every variable of CONTRACT.md's table, with its default. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  ipMode: 'drop' | 'truncate';
  retentionDays: number;
  auditRetentionDays: number;
  trustProxy: number;
  rateLimit: { points: number; seconds: number };
  rateLimitStore: 'memory' | 'postgres' | 'redis';
  redisUrl: string | undefined;
  secret: string | undefined;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const nonNegativeInt = z.string().regex(/^\d{1,9}$/).transform(Number);
const empty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** Each variable: its schema, and what to tell the operator when the value does not fit. */
const variables = {
  PORT: [nonNegativeInt.refine((n) => n <= 65535), 'a port number from 0 to 65535'],
  HOST: [z.string().min(1), 'a host name or address to listen on'],
  DATABASE_URL: [z.string().regex(/^postgres(ql)?:\/\/./), 'a postgres:// or postgresql:// URL, or unset for the embedded database'],
  FANTDU_DATA_DIR: [z.string().min(1), 'a folder for the embedded database'],
  FANTDU_IP_MODE: [z.enum(['drop', 'truncate']), '"drop" or "truncate"'],
  FANTDU_RETENTION_DAYS: [nonNegativeInt, 'a whole number of days, 0 or more'],
  FANTDU_AUDIT_RETENTION_DAYS: [nonNegativeInt.refine((n) => n >= 1), 'a whole number of days, 1 or more'],
  FANTDU_TRUST_PROXY: [nonNegativeInt.refine((n) => n <= 10), 'the number of trusted reverse-proxy hops, 0 to 10'],
  FANTDU_RATE_LIMIT: [
    z
      .string()
      .regex(/^[1-9]\d{0,6}\/[1-9]\d{0,6}$/)
      .transform((s) => {
        const [points, seconds] = s.split('/').map(Number) as [number, number];
        return { points, seconds };
      }),
    'N/SECONDS, e.g. 20/600 (20 posts per client per 10 minutes)',
  ],
  FANTDU_RATE_LIMIT_STORE: [z.enum(['memory', 'postgres', 'redis']), '"memory", "postgres" or "redis"'],
  REDIS_URL: [z.string().regex(/^rediss?:\/\/./), 'a redis:// or rediss:// URL'],
  FANTDU_SECRET: [z.string().min(32), 'at least 32 characters of random key material (e.g. `openssl rand -base64 48`)'],
  FANTDU_PUBLIC_URL: [
    z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin),
    'the http(s) address browsers reach this service at, e.g. https://feedback.example.no',
  ],
  FANTDU_METRICS_TOKEN: [z.string().regex(/^[\x21-\x7e]{16,512}$/), 'at least 16 printable characters without spaces (e.g. `openssl rand -hex 24`)'],
  LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'one of fatal, error, warn, info, debug, trace, silent'],
} as const satisfies Record<string, readonly [z.ZodType, string]>;

type Name = keyof typeof variables;
type Value<N extends Name> = z.output<(typeof variables)[N][0]>;

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  function read<N extends Name>(name: N, fallback: Value<N>): Value<N>;
  function read<N extends Name>(name: N): Value<N> | undefined;
  function read<N extends Name>(name: N, fallback?: Value<N>): Value<N> | undefined {
    const raw = empty(env[name]);
    if (raw === undefined) return fallback;
    const [schema, accepts] = variables[name];
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`${name} must be ${accepts}.`);
    return parsed.data as Value<N>;
  }

  const port = read('PORT', 3000);
  const host = read('HOST', '127.0.0.1');
  const rateLimitStore = read('FANTDU_RATE_LIMIT_STORE', 'memory');
  const redisUrl = read('REDIS_URL');
  if (rateLimitStore === 'redis' && !redisUrl) {
    throw new ConfigError('REDIS_URL must be set when FANTDU_RATE_LIMIT_STORE is "redis", e.g. redis://127.0.0.1:6379.');
  }
  const databaseUrl = read('DATABASE_URL');
  if (rateLimitStore === 'postgres' && !databaseUrl) {
    throw new ConfigError('FANTDU_RATE_LIMIT_STORE=postgres needs DATABASE_URL: the embedded database serves one process, for which "memory" is the store.');
  }
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return Object.freeze({
    port,
    host,
    databaseUrl,
    dataDir: read('FANTDU_DATA_DIR', './data'),
    ipMode: read('FANTDU_IP_MODE', 'drop'),
    retentionDays: read('FANTDU_RETENTION_DAYS', 180),
    auditRetentionDays: read('FANTDU_AUDIT_RETENTION_DAYS', 365),
    trustProxy: read('FANTDU_TRUST_PROXY', 0),
    rateLimit: read('FANTDU_RATE_LIMIT', { points: 20, seconds: 600 }),
    rateLimitStore,
    redisUrl,
    secret: read('FANTDU_SECRET'),
    publicUrl: read('FANTDU_PUBLIC_URL', `http://${hostInUrl}:${port}`),
    logLevel: read('LOG_LEVEL', 'info'),
    metricsToken: read('FANTDU_METRICS_TOKEN'),
  });
}
