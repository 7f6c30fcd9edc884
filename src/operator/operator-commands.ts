import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { Invalid } from '../errors.ts';
import { createLogger } from '../log.ts';
import { createStores } from '../services.ts';
import { backup, restore } from './backup.ts';
import { checkParts, formatLine } from './check.ts';

/**
 * The operator's commands: `check`, `backup FILE`, `restore FILE`. Each opens what it needs itself (the embedded
 * database may be held by a running server), and answers its exit code.
 */
export type OperatorCommand = (config: Readonly<Config>, args: string[]) => Promise<number>;

function positionalsOf(args: string[], command: string, count: number): string[] {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== count)
    throw Invalid.field('FILE', 'is needed', count ? `${command} needs one FILE.` : `${command} takes no arguments.`);
  return positionals;
}

const onServer = {
  backup:
    'DATABASE_URL names a Postgres server: back it up with pg_dump, e.g.\n' +
    '  pg_dump --format=custom --file=fantdu.dump "$DATABASE_URL"',
  restore:
    'DATABASE_URL names a Postgres server: restore a pg_dump into a new, empty database with pg_restore, e.g.\n' +
    '  createdb fantdu_restored && pg_restore --no-owner --dbname=fantdu_restored fantdu.dump',
};

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const operatorCommands: Record<string, OperatorCommand> = {
  async check(config, args) {
    positionalsOf(args, 'check', 0);
    const lines = await checkParts(config);
    for (const line of lines) console.log(formatLine(line));
    const failing = lines.filter((line) => line.state === 'fail').map((line) => line.part);
    console.log(failing.length ? `Not ready: ${failing.join(', ')}.` : 'Every part answers.');
    return failing.length ? 1 : 0;
  },

  async backup(config, args) {
    if (config.databaseUrl) {
      console.error(`fantdu: ${onServer.backup}`);
      return 2;
    }
    const [file] = positionalsOf(args, 'backup', 1) as [string];
    const made = await backup(config.dataDir, file);
    console.log(
      `Wrote ${file} (${megabytes(made.bytes)}, made by ${made.madeBy}): the embedded database in ` +
        `${config.dataDir}, with every answer acknowledged before the backup began.`,
    );
    console.log(`Restore it into a new folder with: FANTDU_DATA_DIR=NEW-FOLDER npx fantdu restore ${file}`);
    return 0;
  },

  async restore(config, args) {
    if (config.databaseUrl) {
      console.error(`fantdu: ${onServer.restore}`);
      return 2;
    }
    const [file] = positionalsOf(args, 'restore', 1) as [string];
    const log = createLogger('silent');
    const { pending, found } = await restore(config.dataDir, file, (db) =>
      createStores(db, { ...config, rateLimitStore: 'memory' }, systemClock, log).system.holdings(),
    );
    console.log(`Restored ${file} into ${config.dataDir}: ${found.sites} site(s), ${found.answers} answer(s).`);
    if (pending.length) console.log(`This fantdu applies ${pending.length} newer migration(s) to it when it starts.`);
    return 0;
  },
};
