import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { appliedMigrations, createDb, type Db, migrationStatus } from '../db.ts';
import type { Logger } from '../log.ts';
import { isLoopback } from '../privacy/ip.ts';
import {
  advice,
  type CheckLine,
  type CheckState,
  checkLine,
  codeOf,
  masked,
  messageOf,
  secretParams,
} from './check-line.ts';
import { oidcLine, redisLine, smtpLine } from './check-services.ts';
import { askHolder, claimDataDir, holderOf, inUse, readAnswer } from './data-dir.ts';

/**
 * `fantdu check`: each part the configuration names, tried with a short timeout, one line each. A line names the part
 * by its variable and never holds a secret: URLs are shown with their passwords masked, and any secret of the
 * configuration that an error message might quote is masked as well.
 */

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Every secret the configuration holds, as it may appear in a message (decoded and as written). */
function secretsOf(config: Config): string[] {
  const fromUrl = (url: string | undefined) => {
    if (!url) return [];
    const u = new URL(url);
    const values = [u.password, ...[...u.searchParams].filter(([name]) => secretParams.test(name)).map(([, v]) => v)];
    return values.flatMap((v) => [v, decoded(v)]);
  };
  return [
    ...fromUrl(config.databaseUrl),
    ...fromUrl(config.redisUrl),
    ...fromUrl(config.smtpUrl),
    config.secret,
    config.oidcClientSecret,
    config.metricsToken,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

const redact = (text: string, secrets: string[]) =>
  secrets.reduce((masked, secret) => masked.split(secret).join('***'), text);

async function statusLine(part: string, where: string, applied: string[], server = false): Promise<CheckLine> {
  const { pending, unknown } = await migrationStatus(applied);
  if (unknown.length)
    return checkLine(
      part,
      'fail',
      `${where} has migrations this fantdu lacks (${unknown.at(-1)}): a newer fantdu used it; run that version`,
    );
  if (pending.length)
    return checkLine(
      part,
      'fail',
      `${where} lacks ${pending.length} migration(s) of this fantdu (up to ${pending.at(-1)}): ` +
        (server
          ? 'restart the server, which applies them'
          : 'run npx fantdu migrate (the server applies them at start)'),
    );
  return checkLine(part, 'ok', `${where} answers; its ${applied.length} migrations are this fantdu's`);
}

async function postgresLine(url: string, open?: Db): Promise<CheckLine> {
  const db = open ?? createDb({ url });
  const { hostname, port } = new URL(url);
  try {
    return await statusLine('DATABASE_URL', masked(url), await appliedMigrations(db));
  } catch (err) {
    return checkLine('DATABASE_URL', 'fail', advice(err, `${hostname}:${port || 5432}`, 'Postgres'));
  } finally {
    if (!open) await db.destroy();
  }
}

/** The first folder of `path` or above it that exists. */
const existingAncestor = (path: string): string => (existsSync(path) ? path : existingAncestor(dirname(path)));

async function embeddedLine(dataDir: string, open?: Db): Promise<CheckLine> {
  const part = 'FANTDU_DATA_DIR';
  const where = `the embedded database in ${dataDir}`;
  if (open) return statusLine(part, where, await appliedMigrations(open));
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const parent = existingAncestor(resolve(dataDir));
    try {
      accessSync(parent, constants.W_OK);
      return checkLine(part, 'ok', `no database in ${dataDir} yet: the first start (or npx fantdu migrate) makes it`);
    } catch {
      return checkLine(part, 'fail', `cannot make ${dataDir}: ${parent} is not writable for this user`);
    }
  }
  const holder = await holderOf(dataDir);
  if (holder?.by === 'server' && holder.answering) {
    const applied = JSON.parse(await readAnswer(await askHolder(holder.lock, 'GET', '/migrations', 5000)));
    return statusLine(part, `${where} (held by the running server, pid ${holder.pid})`, applied, true);
  }
  if (holder) return checkLine(part, 'warn', inUse(dataDir, holder).message);
  const claim = await claimDataDir(dataDir, 'check');
  const db = createDb({ dataDir });
  try {
    return await statusLine(part, where, await appliedMigrations(db));
  } catch (err) {
    const fix = codeOf(err) === 'EACCES' ? ': it must belong to the user fantdu runs as' : '';
    return checkLine(part, 'fail', `cannot open ${where}: ${messageOf(err)}${fix}`);
  } finally {
    await db.destroy();
    await claim.release();
  }
}

const isLocalHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || isLoopback(host.replace(/^\[|\]$/g, ''));

function publicUrlLine({ publicUrl, host }: Config): CheckLine {
  const part = 'FANTDU_PUBLIC_URL';
  const { hostname, protocol } = new URL(publicUrl);
  if (['0.0.0.0', '[::]'].includes(hostname))
    return checkLine(
      part,
      'fail',
      `${publicUrl}: browsers cannot reach ${hostname}; set FANTDU_PUBLIC_URL to the address people use, e.g. ` +
        'https://tilbakemelding.kommune.no',
    );
  if (isLocalHost(hostname) && !isLocalHost(host))
    return checkLine(
      part,
      'warn',
      `${publicUrl} is this machine's own address, but fantdu listens for others on ${host}: set FANTDU_PUBLIC_URL ` +
        'to the address people use',
    );
  if (protocol === 'http:' && !isLocalHost(hostname))
    return checkLine(
      part,
      'warn',
      `${publicUrl} is plain http: browsers block an http widget on https pages; put fantdu behind TLS (README, ` +
        '"Running it for real") and set FANTDU_PUBLIC_URL to its https address',
    );
  return checkLine(part, 'ok', `${publicUrl} (the widget, links and the privacy page use it)`);
}

/** Resolves to a failing line for `part` if `work` takes longer than `ms`. */
async function within(part: string, ms: number, work: () => Promise<CheckLine>): Promise<CheckLine> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckLine>((done) => {
    timer = setTimeout(() => done(checkLine(part, 'fail', `no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work().catch((err) => checkLine(part, 'fail', messageOf(err))), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Tries every part at once: the database (the server passes the one it has open; the CLI opens it, or asks the server
 * that holds the embedded one), Redis when it holds the limits, SMTP and the OIDC issuer when set, the public URL.
 */
export async function checkParts(config: Config, open?: Db): Promise<CheckLine[]> {
  const parts: [string, number, () => Promise<CheckLine>][] = [
    config.databaseUrl
      ? ['DATABASE_URL', 5000, () => postgresLine(config.databaseUrl as string, open)]
      : ['FANTDU_DATA_DIR', 30_000, () => embeddedLine(config.dataDir, open)],
    ['REDIS_URL', 5000, () => redisLine(config)],
    ['FANTDU_SMTP_URL', 5000, () => smtpLine(config)],
    ['FANTDU_OIDC_ISSUER', 5000, () => oidcLine(config)],
    ['FANTDU_PUBLIC_URL', 1000, async () => publicUrlLine(config)],
  ];
  const secrets = secretsOf(config);
  const lines = await Promise.all(parts.map(([part, ms, work]) => within(part, ms, work)));
  return lines.map((line) => ({ ...line, text: redact(line.text, secrets) }));
}

const marks: Record<CheckState, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: '-   ' };

export const formatLine = ({ part, state, text }: CheckLine): string => `${marks[state]} ${part}: ${text}`;

/** The server's start: the same lines in its log, a part that fails as a warning (the server runs on without it). */
export async function logCheck(config: Config, db: Db, log: Logger): Promise<void> {
  for (const line of await checkParts(config, db)) {
    const fields = { part: line.part, state: line.state };
    if (line.state === 'fail' || line.state === 'warn') log.warn(fields, `${line.part}: ${line.text}`);
    else log.info(fields, `${line.part}: ${line.text}`);
  }
}
