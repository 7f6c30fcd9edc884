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
import type { Grant } from './sso/grant.ts';
import type { GrantTarget } from './sso/grant-service.ts';
import { isRole, type Role } from './values.ts';

const usage = `Usage: fantdu <command>

  migrate                                      bring the database schema up to date
  site add ID --name NAME --origin ORIGIN... [--controller NAME] [--contact EMAIL] [--dpo EMAIL]
                                               add a site (or change its name and origins)
  site set ID [--name NAME] [--origin ORIGIN...] [--controller NAME] [--contact EMAIL] [--dpo EMAIL]
                                               change a site; the privacy page names controller, contact and DPO
      [--legal-basis public-task|consent|legitimate-interest] [--processor NAME...] [--hosting TEXT]
                                               change a site; the privacy page states these (--processor '' and
                                               --hosting '' remove what was set)
      [--comments-in-notifications yes|no]      whether mails and webhooks may carry comments (default no)
  site list                                    list the sites, their origins and what their privacy page states
  purge                                        erase comments older than FANTDU_RETENTION_DAYS (0: all)
  rescrub [--site ID]                          run the current scrubber over the comments already stored
  import --site ID FILE                        bring answers along from a CSV file with the export's columns
  user add EMAIL --site ID [--role editor|admin]
                                               add an editor (prints a first password on its last line)
  token create --site ID --name LABEL [--role editor|admin] [--expires-days N]
                                               make an API token (printed once, on its last line)
  token list --site ID                         list a site's tokens (never their secrets)
  token revoke ID                              revoke a token at once
  notify                                       send the digests and alerts due now (one line per message)
  webhook add --site ID --url URL [--format json|teams|slack]
                                               post the site's alerts there (prints the signing secret once)
  webhook list [--site ID]                     list the webhooks (never their secrets)
  webhook remove ID                            stop posting to a webhook
  sso grant --site ID (--claim VALUE | --email-domain DOMAIN) [--role editor|admin]
                                               give a site to everyone who signs in with that value in their roles
                                               claim (FANTDU_OIDC_ROLES_CLAIM), or with an e-mail at that domain
  sso list [--site ID]                         list the grants of single sign-on
  sso revoke ID | sso revoke --site ID (--claim VALUE | --email-domain DOMAIN)
                                               revoke a grant (those it gave a site lose it at once)
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
 * [--dpo] [--legal-basis] [--processor...] [--hosting]`.
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
      'legal-basis': { type: 'string' },
      processor: { type: 'string', multiple: true },
      hosting: { type: 'string' },
      'comments-in-notifications': { type: 'string' },
    },
  });
  const [id, ...moreOrigins] = positionals;
  const origins = [...(values.origin ?? []), ...moreOrigins].flatMap((o) => o.split(',')).filter(Boolean);
  if (!id) throw new UsageError(`site ${existing ? 'set' : 'add'} needs a site ID.`);
  if (!existing && (!values.name || origins.length === 0))
    throw new UsageError('site add needs an ID, --name NAME and at least one --origin ORIGIN.');
  await migrate(db);
  const { name, controller, contact, dpo, hosting } = values;
  const comments = values['comments-in-notifications'];
  if (comments !== undefined && comments !== 'yes' && comments !== 'no')
    throw new UsageError(`--comments-in-notifications must be yes or no, not "${comments}".`);
  const commentsInNotifications = comments === undefined ? undefined : comments === 'yes';
  const site = await services.sites.save(
    {
      id,
      name,
      origins: origins.length ? origins : undefined,
      controller,
      contact,
      dpo,
      legalBasis: values['legal-basis'],
      processors: values.processor,
      hosting,
      commentsInNotifications,
    },
    existing,
  );
  console.log(`Site "${site.id}" (${site.name}) accepts feedback from ${site.origins.join(', ')}.`);
  console.log(
    `Its privacy page states the legal basis ${site.legalBasis}, processors: ${site.processors.join('; ') || '-'}, ` +
      `hosting: ${site.hosting ?? '-'}.`,
  );
  if (commentsInNotifications !== undefined)
    console.log(`Mails and webhooks ${site.commentsInNotifications ? 'carry' : 'do not carry'} its comments.`);
  const missing = (['controller', 'contact', 'dpo', 'hosting'] as const).filter((key) => !site[key]);
  if (missing.length)
    console.log(
      `Its privacy page (/privacy?site=${site.id}) lacks: ${missing.map((k) => `--${k}`).join(', ')} (set them with: ` +
        `fantdu site set ${site.id} ...).`,
    );
}

const grantOptions = {
  site: { type: 'string' },
  claim: { type: 'string' },
  'email-domain': { type: 'string' },
  role: { type: 'string', default: 'editor' },
} as const;

/** `--claim VALUE` or `--email-domain DOMAIN`, exactly one of them. */
function grantTarget(values: { claim?: string; 'email-domain'?: string }, command: string): GrantTarget {
  const { claim, 'email-domain': emailDomain } = values;
  if ((claim === undefined) === (emailDomain === undefined))
    throw new UsageError(`${command} needs --site ID and either --claim VALUE or --email-domain DOMAIN.`);
  return claim !== undefined ? { claim } : { emailDomain: emailDomain as string };
}

const grantMatches = (grant: Grant, claim: string) =>
  grant.kind === 'claim' ? `${claim} claim holds "${grant.value}"` : `e-mail at ${grant.value}`;

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

  async notify({ db, config, services }, args) {
    parseArgs({ args, options: {} });
    await migrate(db);
    if (!config.smtpUrl) console.log('FANTDU_SMTP_URL is not set: no mail is sent (webhooks are).');
    const deliveries = await services.notifier.run();
    for (const d of deliveries)
      console.log([d.outcome, d.channel, d.kind, d.to, d.key, d.reason ?? ''].join('  ').trimEnd());
    if (deliveries.length === 0) console.log('Nothing is due.');
    return deliveries.some((d) => d.outcome !== 'sent') ? 1 : 0;
  },

  async 'webhook add'({ db, services }, args) {
    const { values } = parseArgs({
      args,
      options: { site: { type: 'string' }, url: { type: 'string' }, format: { type: 'string', default: 'json' } },
    });
    if (!values.site || !values.url) throw new UsageError('webhook add needs --site ID and --url URL.');
    await migrate(db);
    const hook = await services.webhooks.add(values.site, values.url, values.format, 'cli');
    console.log(
      `Webhook ${hook.id} posts the alerts of "${hook.siteId}" to ${new URL(hook.url).host} as ${hook.format}.`,
    );
    console.log(
      hook.format === 'json'
        ? 'Each body is signed: X-Fantdu-Signature: sha256=<HMAC-SHA256 of the body under this secret, shown only now>:'
        : 'Its secret (shown only now; only json bodies are signed with it):',
    );
    console.log(hook.secret);
  },

  async 'webhook list'({ db, services }, args) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' } } });
    await migrate(db);
    const hooks = await services.webhooks.list(values.site);
    if (hooks.length === 0) return console.log('No webhooks. Add one with: fantdu webhook add --site ID --url URL');
    // The address's path is often its secret (Teams, Slack): only the host is shown.
    printTable([
      ['ID', 'SITE', 'FORMAT', 'MADE (UTC)', 'HOST'],
      ...hooks.map((h) => [
        h.id,
        h.siteId,
        h.format,
        h.createdAt.toISOString().slice(0, 16).replace('T', ' '),
        new URL(h.url).host,
      ]),
    ]);
  },

  async 'sso grant'({ db, config, services }, args) {
    const { values } = parseArgs({ args, options: grantOptions });
    const to = grantTarget(values, 'sso grant');
    if (!values.site) throw new UsageError('sso grant needs --site ID.');
    const role = roleOf(values.role);
    await migrate(db);
    const { grant, created } = await services.grants.grant(values.site, to, role);
    console.log(
      `${created ? 'Granted' : 'Changed'} ${grant.id}: ${role} of "${grant.siteId}" for everyone whose ` +
        `${grantMatches(grant, config.oidcRolesClaim)}, from their next sign-in.`,
    );
    if (!config.oidcIssuer) console.log('Single sign-on is not set up yet (FANTDU_OIDC_ISSUER is unset).');
  },

  async 'sso list'({ db, config, services }, args) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' } } });
    await migrate(db);
    const grants = await services.grants.list(values.site);
    if (grants.length === 0) return console.log('No grants. Make one with: fantdu sso grant --site ID --claim VALUE');
    printTable([
      ['ID', 'SITE', 'ROLE', 'MADE (UTC)', 'FOR EVERYONE WHOSE'],
      ...grants.map((g) => [
        g.id,
        g.siteId,
        g.role,
        g.createdAt.toISOString().slice(0, 16).replace('T', ' '),
        grantMatches(g, config.oidcRolesClaim),
      ]),
    ]);
  },

  async 'webhook remove'({ db, services }, args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const [id] = positionals;
    if (!id || positionals.length > 1)
      throw new UsageError('webhook remove needs one webhook ID (see: fantdu webhook list).');
    await migrate(db);
    const removed = await services.webhooks.remove(id, 'cli');
    console.log(`Removed webhook ${id} of "${removed.siteId}": nothing more is posted to it.`);
  },

  async 'sso revoke'({ db, services }, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: grantOptions });
    const [id, ...more] = positionals;
    if (more.length || (id === undefined) === (values.site === undefined))
      throw new UsageError('sso revoke needs a grant ID, or --site ID with --claim VALUE or --email-domain DOMAIN.');
    const which = id ?? { siteId: values.site as string, to: grantTarget(values, 'sso revoke') };
    await migrate(db);
    const revoked = await services.grants.revoke(which);
    console.log(`Revoked grant ${revoked.id} (${revoked.role} of "${revoked.siteId}"): it gives nothing from now on.`);
  },

  async 'site list'({ db, services }) {
    await migrate(db);
    const sites = await services.sites.list();
    if (sites.length === 0)
      return console.log('No sites yet. Add one with: fantdu site add ID --name NAME --origin ORIGIN');
    printTable([
      ['ID', 'NAME', 'ORIGINS', 'LEGAL BASIS', 'HOSTING', 'PROCESSORS'],
      ...sites.map((s) => [
        s.id,
        s.name,
        s.origins.join(' '),
        s.legalBasis,
        s.hosting ?? '-',
        s.processors.join('; ') || '-',
      ]),
    ]);
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
    db = await openDb(config);
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
