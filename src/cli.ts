import { createReadStream, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from './clock.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Db, migrate, openDb } from './db.ts';
import { DomainError } from './errors.ts';
import { createLogger } from './log.ts';
import { claimDataDir, type DataDirClaim } from './operator/data-dir.ts';
import { operatorCommands } from './operator/operator-commands.ts';
import { createServices, createStores, type Services } from './services.ts';
import { isRole, type Role } from './values.ts';

const usage = `Usage: fantdu <command>

  migrate                                      bring the database schema up to date
  site add ID --name NAME --origin ORIGIN... [--controller NAME] [--contact EMAIL] [--dpo EMAIL]
                                               add a site (or change its name and origins)
  site set ID [--name NAME] [--origin ORIGIN...] [--controller NAME] [--contact EMAIL] [--dpo EMAIL]
                                               change a site; the privacy page names controller, contact and DPO
  site list                                    list the sites and their origins
  purge                                        erase comments older than FANTDU_RETENTION_DAYS (0: all)
  rescrub [--site ID]                          run the current scrubber over the comments already stored
  import --site ID FILE                        bring answers along from a CSV file with the export's columns
  user add EMAIL --site ID [--role editor|admin]
                                               add an editor (prints a first password on its last line)
  token create --site ID --name LABEL [--role editor|admin] [--expires-days N]
                                               make an API token (printed once, on its last line)
  token list --site ID                         list a site's tokens (never their secrets)
  token revoke ID                              revoke a token at once
  check                                        try each part the configuration names; exit 0 when all answer
  backup FILE                                  write a backup of the embedded database (the server may be running)
  restore FILE                                 restore a backup into FANTDU_DATA_DIR, which must be new or empty

The CLI reads the same environment as the server (DATABASE_URL, FANTDU_DATA_DIR, ...).
With the embedded database, stop the server first (except for check and backup): only one process may open it.`;

class UsageError extends Error {}

function roleOf(value: string | undefined): Role {
  if (isRole(value)) return value;
  throw new UsageError(`--role must be editor or admin, not "${value}".`);
}

/** What a command works with: the database (for migrations) and the services, as the server builds them. */
interface Cli {
  db: Db;
  config: Readonly<Config>;
  services: Services;
}

/** A command; it may answer its exit code (else 0). */
type Command = (cli: Cli, args: string[]) => Promise<unknown>;

/**
 * `site add ID --name NAME --origin ORIGIN...` and `site set ID [--name] [--origin...] [--controller] [--contact]
 * [--dpo]`.
 */
async function saveSite({ db, services }: Cli, args: string[], existing: boolean): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      controller: { type: 'string' },
      contact: { type: 'string' },
      dpo: { type: 'string' },
    },
  });
  const [id, ...moreOrigins] = positionals;
  const origins = [...(values.origin ?? []), ...moreOrigins].flatMap((o) => o.split(',')).filter(Boolean);
  if (!id) throw new UsageError(`site ${existing ? 'set' : 'add'} needs a site ID.`);
  if (!existing && (!values.name || origins.length === 0))
    throw new UsageError('site add needs an ID, --name NAME and at least one --origin ORIGIN.');
  await migrate(db);
  const { name, controller, contact, dpo } = values;
  const site = await services.sites.save(
    { id, name, origins: origins.length ? origins : undefined, controller, contact, dpo },
    existing,
  );
  console.log(`Site "${site.id}" (${site.name}) accepts feedback from ${site.origins.join(', ')}.`);
  const missing = (['controller', 'contact', 'dpo'] as const).filter((key) => !site[key]);
  if (missing.length)
    console.log(
      `Its privacy page (/privacy?site=${site.id}) lacks: ${missing.map((k) => `--${k}`).join(', ')} (set them with: ` +
        `fantdu site set ${site.id} ...).`,
    );
}

const commands: Record<string, Command> = {
  async migrate({ db }) {
    const applied = await migrate(db);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s):\n${applied.join('\n')}` : 'The database is up to date.',
    );
  },

  'site add': (cli, args) => saveSite(cli, args, false),
  'site set': (cli, args) => saveSite(cli, args, true),

  async purge({ db, config, services }) {
    await migrate(db);
    const result = await services.retention.purge('cli');
    if (!result.ran) return console.log('Another purge is running right now; nothing was done.');
    const erased = Object.values(result.commentsErased).reduce((a, b) => a + b, 0);
    const age = config.retentionDays === 0 ? 'all comments' : `comments older than ${config.retentionDays} days`;
    console.log(
      `Erased ${erased} comment(s) (${age}); answers and counts are kept. Deleted ${result.auditDeleted} audit ` +
        `entries older than ${config.auditRetentionDays} days.`,
    );
  },

  async rescrub({ db, services }, args) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' } } });
    await migrate(db);
    if (values.site !== undefined && !(await services.sites.get(values.site)))
      throw new UsageError(`There is no site "${values.site}".`);
    const result = await services.rescrub.rescrub('cli', values.site);
    const changed = Object.values(result.changed).reduce((a, b) => a + b, 0);
    const bySite = Object.entries(result.changed).map(([site, n]) => `${site}: ${n}`);
    const byKind = Object.entries(result.removals).map(([kind, n]) => `${kind}: ${n}`);
    const where = bySite.length ? ` (${bySite.join(', ')})` : '';
    console.log(`Scrubbed ${result.read} stored comment(s) again; ${changed} changed${where}.`);
    console.log(byKind.length ? `Removed now: ${byKind.join(', ')}.` : 'Nothing more to remove.');
    if (result.termsRenewed) console.log(`Made the terms of ${result.termsRenewed} other comment(s) again.`);
  },

  async import({ db, services }, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { site: { type: 'string' } } });
    const [file] = positionals;
    if (!values.site || !file || positionals.length > 1) throw new UsageError('import needs --site ID and one FILE.');
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`There is no file "${file}".`);
    await migrate(db);
    const result = await services.import.fromCsv('cli', values.site, createReadStream(file, { encoding: 'utf8' }));
    for (const { line, reason } of result.refusals) console.log(`line ${line}: ${reason}`);
    const unlisted = result.refused - result.refusals.length;
    if (unlisted > 0) console.log(`... and ${unlisted} more refused row(s)`);
    console.log(`imported ${result.imported}, skipped ${result.skipped}, refused ${result.refused}`);
    return result.refused > 0 ? 1 : 0;
  },

  async 'user add'({ db, services }, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { site: { type: 'string' }, role: { type: 'string', default: 'editor' } },
    });
    const [email] = positionals;
    if (!email || !values.site) throw new UsageError('user add needs an EMAIL and --site ID.');
    const role = roleOf(values.role);
    await migrate(db);
    const { password } = await services.users.addUser(email, values.site, role);
    if (!password) return console.log(`${email} already has an account, and is now ${role} of "${values.site}".`);
    console.log(`Made ${email}, ${role} of "${values.site}". The first password (shown once; change it under /admin):`);
    console.log(password);
  },

  async 'token create'({ db, services }, args) {
    const { values } = parseArgs({
      args,
      options: {
        site: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', default: 'editor' },
        'expires-days': { type: 'string' },
      },
    });
    if (!values.site || !values.name) throw new UsageError('token create needs --site ID and --name LABEL.');
    const role = roleOf(values.role);
    const days = values['expires-days'];
    if (days !== undefined && !/^\d{1,4}$/.test(days))
      throw new UsageError(`--expires-days must be a whole number of days, not "${days}".`);
    await migrate(db);
    const token = await services.tokens.createToken(
      values.site,
      values.name,
      role,
      'cli',
      days === undefined ? undefined : Number(days),
    );
    const expiry = days === undefined ? '' : `, valid for ${days} days`;
    console.log(
      `Token "${values.name}" (${role} of "${values.site}"${expiry}). Send it as "Authorization: Bearer <token>"; it ` +
        `is shown only now:`,
    );
    console.log(token);
  },

  async 'token list'({ db, services }, args) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' } } });
    if (!values.site) throw new UsageError('token list needs --site ID.');
    await migrate(db);
    const tokens = await services.tokens.listTokens(values.site);
    if (tokens.length === 0)
      return console.log(
        `Site "${values.site}" has no tokens. Make one with: fantdu token create --site ${values.site} --name LABEL`,
      );
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');
    const state = (t: (typeof tokens)[number]) =>
      t.revokedAt
        ? `revoked ${day(t.revokedAt)}`
        : t.expiresAt && t.expiresAt <= new Date()
          ? `expired ${day(t.expiresAt)}`
          : t.expiresAt
            ? `valid until ${day(t.expiresAt)}`
            : 'valid';
    printTable([
      ['ID', 'NAME', 'ROLE', 'MADE (UTC)', 'LAST USED (UTC)', 'STATE'],
      ...tokens.map((t) => [t.id, t.name, t.role, day(t.createdAt), day(t.lastUsedAt), state(t)]),
    ]);
  },

  async 'token revoke'({ db, services }, args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const [id] = positionals;
    if (!id || positionals.length > 1)
      throw new UsageError('token revoke needs one token ID (see: fantdu token list --site ID).');
    await migrate(db);
    const revoked = await services.tokens.revokeToken(id);
    console.log(`Revoked token ${id} ("${revoked.name}" of "${revoked.siteId}"): it is refused from now on.`);
  },

  async 'site list'({ db, services }) {
    await migrate(db);
    const sites = await services.sites.list();
    if (sites.length === 0)
      return console.log('No sites yet. Add one with: fantdu site add ID --name NAME --origin ORIGIN');
    printTable([['ID', 'NAME', 'ORIGINS'], ...sites.map((s) => [s.id, s.name, s.origins.join(' ')])]);
  },
};

/** Columns padded to their widest cell; the last one as it is. */
function printTable(rows: string[][]): void {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows)
    console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

export async function run(argv: string[]): Promise<number> {
  const name = [argv.slice(0, 2).join(' '), argv[0] ?? ''].find((n) => n in commands || n in operatorCommands);
  if (!name) {
    console.error(
      argv.length && !['help', '--help', '-h'].includes(argv[0] ?? '')
        ? `Unknown command: ${argv.join(' ')}\n\n${usage}`
        : usage,
    );
    return argv.length ? 2 : 0;
  }
  let db: Db | undefined;
  let claim: DataDirClaim | undefined;
  try {
    const config = loadConfig();
    const operatorCommand = operatorCommands[name];
    if (operatorCommand) return await operatorCommand(config, argv.slice(1));
    // The embedded database is this process's alone while the command runs: a server holding it refuses it.
    claim = config.databaseUrl ? undefined : await claimDataDir(config.dataDir, name);
    db = openDb(config);
    // The CLI counts no posts or logins, so its limits stay in memory whatever store the server uses.
    const log = createLogger('silent');
    const stores = createStores(db, { ...config, rateLimitStore: 'memory' }, systemClock, log);
    const services = createServices({ stores, config, clock: systemClock, log });
    const code = await (commands[name] as Command)({ db, config, services }, argv.slice(name.split(' ').length));
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof UsageError ||
      err instanceof DomainError ||
      String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`fantdu: ${(err as Error).message}`);
      return 2;
    }
    console.error(`fantdu: ${(err as Error).message}`);
    return 1;
  } finally {
    await db?.destroy();
    await claim?.release();
  }
}
