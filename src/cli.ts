import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { migrate, openDb, type Db } from './db.ts';
import { Problem } from './http/problem.ts';
import { SiteService } from './sites/site-service.ts';
import { SiteStore } from './sites/site-store.ts';

const usage = `Usage: fantdu <command>

  migrate                                      bring the database schema up to date
  site add ID --name NAME --origin ORIGIN...   add a site (or change its name and origins)
  site list                                    list the sites and their origins

The CLI reads the same environment as the server (DATABASE_URL, FANTDU_DATA_DIR, ...).
With the embedded database, stop the server first: only one process may open it.`;

class UsageError extends Error {}

type Command = (db: Db, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate(db) {
    const applied = await migrate(db);
    console.log(applied.length ? `Applied ${applied.length} migration(s):\n${applied.join('\n')}` : 'The database is up to date.');
  },

  async 'site add'(db, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } },
    });
    const [id, ...moreOrigins] = positionals;
    const origins = [...(values.origin ?? []), ...moreOrigins].flatMap((o) => o.split(',')).filter(Boolean);
    if (!id || !values.name || origins.length === 0) throw new UsageError('site add needs an ID, --name NAME and at least one --origin ORIGIN.');
    await migrate(db);
    const site = await new SiteService(new SiteStore(db)).add({ id, name: values.name, origins });
    console.log(`Site "${site.id}" (${site.name}) accepts feedback from ${site.origins.join(', ')}.`);
  },

  async 'site list'(db) {
    await migrate(db);
    const sites = await new SiteStore(db).list();
    if (sites.length === 0) return console.log('No sites yet. Add one with: fantdu site add ID --name NAME --origin ORIGIN');
    const rows = [['ID', 'NAME', 'ORIGINS'], ...sites.map((s) => [s.id, s.name, s.origins.join(' ')])];
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const [id = '', name = '', origins = ''] of rows) console.log(`${id.padEnd(widths[0] ?? 0)}  ${name.padEnd(widths[1] ?? 0)}  ${origins}`);
  },
};

export async function run(argv: string[]): Promise<number> {
  const name = [argv.slice(0, 2).join(' '), argv[0] ?? ''].find((n) => n in commands);
  if (!name) {
    console.error(argv.length && !['help', '--help', '-h'].includes(argv[0] ?? '') ? `Unknown command: ${argv.join(' ')}\n\n${usage}` : usage);
    return argv.length ? 2 : 0;
  }
  let db: Db | undefined;
  try {
    const config = loadConfig();
    db = openDb(config);
    await (commands[name] as Command)(db, argv.slice(name.split(' ').length));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof Problem || String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`fantdu: ${(err as Error).message}`);
      return 2;
    }
    console.error(`fantdu: ${(err as Error).message}`);
    return 1;
  } finally {
    await db?.destroy();
  }
}
