import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const nonNegativeInt = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
/** A rate limit, `N/SECONDS`: N requests per client in any window of that many seconds. */
const perClient = z
  .string()
  .regex(/^[1-9]\d{0,6}\/[1-9]\d{0,6}$/)
  .transform((s) => {
    const [points, seconds] = s.split('/').map(Number) as [number, number];
    return { points, seconds };
  });
const empty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The values a default may depend on: those earlier in the table. */
interface Earlier {
  host: string;
  port: number;
  publicUrl: string;
}

/** One environment variable: its name, its schema, what to tell the operator when a value does not fit, its default. */
interface Variable<T> {
  name: string;
  schema: z.ZodType<T, string>;
  accepts: string;
  /** The value when the variable is unset; a function of the listen address where it depends on it. */
  fallback: T | ((config: Earlier) => T);
}

const variable = <T>(
  name: string,
  schema: z.ZodType<T, string>,
  accepts: string,
  fallback: Variable<T>['fallback'],
): Variable<T> => ({ name, schema, accepts, fallback });
const optional = <T>(name: string, schema: z.ZodType<T, string>, accepts: string): Variable<T | undefined> =>
  variable<T | undefined>(name, schema, accepts, undefined);

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable of CONTRACT.md's table: the Config type below is made from this table. */
const variables = {
  port: variable(
    'PORT',
    nonNegativeInt.refine((n) => n <= 65535),
    'a port number from 0 to 65535',
    3000,
  ),
  host: variable('HOST', z.string().min(1), 'a host name or address to listen on', '127.0.0.1'),
  databaseUrl: optional(
    'DATABASE_URL',
    z.string().regex(/^postgres(ql)?:\/\/./),
    'a postgres:// or postgresql:// URL, or unset for the embedded database',
  ),
  dataDir: variable('FANTDU_DATA_DIR', z.string().min(1), 'a folder for the embedded database', './data'),
  ipMode: variable('FANTDU_IP_MODE', z.enum(['drop', 'truncate']), '"drop" or "truncate"', 'drop'),
  retentionDays: variable('FANTDU_RETENTION_DAYS', nonNegativeInt, 'a whole number of days, 0 or more', 180),
  auditRetentionDays: variable(
    'FANTDU_AUDIT_RETENTION_DAYS',
    nonNegativeInt.refine((n) => n >= 1),
    'a whole number of days, 1 or more',
    365,
  ),
  trustProxy: variable(
    'FANTDU_TRUST_PROXY',
    nonNegativeInt.refine((n) => n <= 10),
    'the number of trusted reverse-proxy hops, 0 to 10',
    0,
  ),
  rateLimit: variable('FANTDU_RATE_LIMIT', perClient, 'N/SECONDS, e.g. 20/600 (20 posts per client per 10 minutes)', {
    points: 20,
    seconds: 600,
  }),
  viewLimit: variable(
    'FANTDU_VIEW_LIMIT',
    perClient,
    'N/SECONDS, e.g. 300/600 (300 page views counted per client per 10 minutes)',
    { points: 300, seconds: 600 },
  ),
  rateLimitStore: variable(
    'FANTDU_RATE_LIMIT_STORE',
    z.enum(['memory', 'postgres', 'redis']),
    '"memory", "postgres" or "redis"',
    'memory',
  ),
  redisUrl: optional('REDIS_URL', z.string().regex(/^rediss?:\/\/./), 'a redis:// or rediss:// URL'),
  secret: optional(
    'FANTDU_SECRET',
    z.string().min(32),
    'at least 32 characters of random key material (e.g. `openssl rand -base64 48`)',
  ),
  publicUrl: variable(
    'FANTDU_PUBLIC_URL',
    z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin),
    'the http(s) address browsers reach this service at, e.g. https://feedback.example.no',
    ({ host, port }) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
  ),
  logLevel: variable('LOG_LEVEL', z.enum(logLevels), `one of ${logLevels.join(', ')}`, 'info'),
  metricsToken: optional(
    'FANTDU_METRICS_TOKEN',
    z.string().regex(/^[\x21-\x7e]{16,512}$/),
    'at least 16 printable characters without spaces (e.g. `openssl rand -hex 24`)',
  ),
  logFormat: optional('LOG_FORMAT', z.enum(['json']), '"json" (JSON lines on a terminal too), or unset'),
  smtpUrl: optional(
    'FANTDU_SMTP_URL',
    z.url({ protocol: /^smtps?$/ }),
    'an smtp:// or smtps:// URL of the mail server, e.g. smtps://user:password@smtp.example.no',
  ),
  mailFrom: variable(
    'FANTDU_MAIL_FROM',
    z.email(),
    'an e-mail address, e.g. fantdu@kommune.no',
    ({ publicUrl }) => `fantdu@${new URL(publicUrl).hostname}`,
  ),
  oidcIssuer: optional(
    'FANTDU_OIDC_ISSUER',
    z.url({ protocol: /^https?$/ }),
    'the https address of the OpenID Connect issuer, e.g. https://login.microsoftonline.com/TENANT/v2.0',
  ),
  oidcClientId: optional('FANTDU_OIDC_CLIENT_ID', z.string().max(500), 'the client id registered for fantdu'),
  oidcClientSecret: optional(
    'FANTDU_OIDC_CLIENT_SECRET',
    z.string().max(2000),
    'the client secret registered for fantdu',
  ),
  oidcRolesClaim: variable(
    'FANTDU_OIDC_ROLES_CLAIM',
    z.string().regex(/^[\w.:/-]{1,100}$/),
    'the name of the claim holding group ids or app roles, e.g. groups or roles',
    'groups',
  ),
  passwordLogin: variable('FANTDU_PASSWORD_LOGIN', z.enum(['on', 'off']), '"on" or "off"', 'on'),
  oidcName: optional(
    'FANTDU_OIDC_NAME',
    z.string().regex(/^[^\p{Cc}<>]{1,60}$/u),
    'a short name for the sign-in button, at most 60 characters, e.g. "Sandnes kommune"',
  ),
};

type Variables = typeof variables;
/** The environment, parsed once: one field per variable of the table above. */
export type Config = { [K in keyof Variables]: Variables[K] extends Variable<infer T> ? T : never };

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const read = <T>({ name, schema, accepts }: Variable<T>): T | undefined => {
    const raw = empty(env[name]);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`${name} must be ${accepts}.`);
    return parsed.data;
  };
  const config = {} as Record<string, unknown>;
  // In the table's order: a default that depends on other values (the public URL on HOST and PORT) comes after them.
  for (const [key, entry] of Object.entries(variables) as [keyof Config, Variable<unknown>][]) {
    const value = read(entry);
    const { fallback } = entry;
    config[key] =
      value !== undefined ? value : typeof fallback === 'function' ? fallback(config as unknown as Earlier) : fallback;
  }
  const parsed = config as Config;
  if (parsed.rateLimitStore === 'redis' && !parsed.redisUrl) {
    throw new ConfigError(
      'REDIS_URL must be set when FANTDU_RATE_LIMIT_STORE is "redis", e.g. redis://127.0.0.1:6379.',
    );
  }
  if (parsed.rateLimitStore === 'postgres' && !parsed.databaseUrl) {
    throw new ConfigError(
      'FANTDU_RATE_LIMIT_STORE=postgres needs DATABASE_URL: the embedded database serves one process, for which ' +
        '"memory" is the store.',
    );
  }
  checkSingleSignOn(parsed);
  return Object.freeze(parsed);
}

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** An issuer is https (http only on this machine, for tests), and comes with the client fantdu is registered as. */
function checkSingleSignOn({ oidcIssuer, oidcClientId, oidcClientSecret }: Config): void {
  if (!oidcIssuer) {
    if (oidcClientId || oidcClientSecret)
      throw new ConfigError('FANTDU_OIDC_ISSUER must be set when FANTDU_OIDC_CLIENT_ID or _SECRET is.');
    return;
  }
  const url = new URL(oidcIssuer);
  if (url.protocol !== 'https:' && !loopback(url.hostname))
    throw new ConfigError('FANTDU_OIDC_ISSUER must be an https address (http only on a loopback address, for tests).');
  if (url.search || url.hash || url.username || url.password)
    throw new ConfigError('FANTDU_OIDC_ISSUER must be the issuer alone, without query, fragment or user.');
  if (!oidcClientId || !oidcClientSecret)
    throw new ConfigError(
      'FANTDU_OIDC_CLIENT_ID and FANTDU_OIDC_CLIENT_SECRET must be set when FANTDU_OIDC_ISSUER is.',
    );
}
