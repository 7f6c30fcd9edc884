import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { Config } from './config.ts';
import { prepareDataDir } from './embedded-template.ts';
import type { Logger } from './log.ts';

export type Db = Knex;

/** A Postgres server, the embedded database in a folder (made from a backup when `restoreFrom` is given), or memory. */
export type DbTarget = { url: string } | { dataDir: string; restoreFrom?: Blob } | { memory: true };

const embedded = new WeakMap<Db, PGlite>();

/**
 * The embedded database's memory: its WASM heap grows to what it has used and never gives it back, so its buffers
 * are kept small (Postgres's defaults: 128 MB shared buffers, 4 MB per sort, 64 MB for maintenance). The operating
 * system's file cache still holds the folder's pages.
 */
const embeddedSettings = [
  'shared_buffers=8MB',
  'wal_buffers=512kB',
  'temp_buffers=2MB',
  'work_mem=2MB',
  'maintenance_work_mem=8MB',
  // One backend in this process: room for four (the default is 100) keeps the shared lock tables small.
  'max_connections=4',
];

/** knex on a Postgres server, or on an embedded PGlite (one connection) when there is no server. */
export function createDb(target: DbTarget, log?: Logger): Db {
  // Errors name the SQL with placeholders, never the bound values (which may hold a comment).
  const common = {
    compileSqlOnError: false,
    log: {
      warn: (message: string) => log?.warn({ knex: String(message).split('\n')[0] }, 'database warning'),
      error: (message: string) => log?.error({ knex: String(message).split('\n')[0] }, 'database error'),
      deprecate: (message: string) => log?.warn({ knex: message }, 'database deprecation'),
      debug: () => {},
    },
  } as const;
  if ('url' in target) {
    const db = knex({
      ...common,
      acquireConnectionTimeout: 2000,
      client: 'pg',
      connection: { connectionString: target.url, connectionTimeoutMillis: 1500, keepAlive: true },
      // A connection idle for a few seconds is closed: one that a failover left hanging is gone before it is used.
      pool: { min: 0, max: 10, idleTimeoutMillis: 5_000 },
    });
    onServer.add(db);
    return db;
  }
  if ('dataDir' in target) mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
  const pglite =
    'dataDir' in target
      ? new PGlite(target.dataDir, { loadDataDir: target.restoreFrom, postgresqlconf: embeddedSettings })
      : new PGlite({ postgresqlconf: embeddedSettings });
  // One in-process connection: queries wait their turn, and a new data folder takes seconds to initialize.
  const db = knex({
    ...common,
    acquireConnectionTimeout: 60_000,
    client: ClientPgLite,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
  });
  // knex closes the PGlite through the connection it made; one still opening when knex was destroyed (a CLI usage
  // error) stayed open and kept the process alive.
  const destroy = db.destroy.bind(db);
  Object.defineProperty(db, 'destroy', {
    value: async () => {
      await destroy();
      if (!pglite.closed) await pglite.close();
    },
  });
  embedded.set(db, pglite);
  return db;
}

/**
 * The embedded database's files as an uncompressed tarball, taken between two queries: every transaction committed
 * before the call is in it, and one still open is not (it is rolled back when the copy is opened, as after a crash).
 */
export async function dumpEmbedded(db: Db): Promise<Blob> {
  const pglite = embedded.get(db);
  if (!pglite) throw new Error('only the embedded database can be dumped');
  // The checkpoint writes the changed pages out, so that a restored copy has little of the log to replay.
  await db.raw('checkpoint');
  return pglite.dumpDataDir('none');
}

/**
 * The database the configuration names: a Postgres server, or the embedded one under FANTDU_DATA_DIR (a new one made
 * from the template).
 */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>, log?: Logger): Promise<Db> {
  if (config.databaseUrl) return createDb({ url: config.databaseUrl }, log);
  if (await prepareDataDir(config.dataDir)) log?.info('made the embedded database from its template');
  return createDb({ dataDir: config.dataDir }, log);
}

/** Migrations are the files in migrations/, named without extension so .ts (tests) and .js (built) agree. */
const migrationsDir = new URL('../migrations/', import.meta.url);

const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    const files = await readdir(migrationsDir);
    return files
      .filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f))
      .map((f) => f.replace(/\.(ts|js)$/, ''))
      .filter((name, i, names) => names.indexOf(name) === i)
      .sort();
  },
  getMigrationName: (name) => name,
  async getMigration(name) {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    return import(new URL(`${name}.${ext}`, migrationsDir).href) as Promise<Knex.Migration>;
  },
};

const migrationLockKey = 0x66616e75; // "fanu"
const onServer = new WeakSet<Db>();

/** What a query on the hot path takes at most: the posts and pages waiting on it are answered well before. */
export const hotPathMs = 2000;

/**
 * A query on the hot path, given `ms` to answer on a Postgres server. Past that, its connection is taken for one that
 * no longer answers (left hanging by a failover or a firewall) and thrown away, so the next query gets a fresh one.
 * The embedded database is one connection on this thread, which cannot hang that way (and closing it closes the
 * database), so its queries go as they are.
 */
export function inTime<Q extends { timeout(ms: number): Q }>(db: Db, query: Q, ms = hotPathMs): Q {
  return onServer.has(db) ? query.timeout(ms) : query;
}

/** Runs pending migrations. Instances starting together wait for each other instead of failing. */
export async function migrate(db: Db): Promise<string[]> {
  const latest = async () => ((await db.migrate.latest({ migrationSource })) as [number, string[]])[1];
  // The embedded database has one connection and one process; on a server, instances starting together take turns.
  if (!onServer.has(db)) return latest();
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [migrationLockKey]);
    return latest();
  });
}

/** The migrations the database has had, read without changing anything (none before the first). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  if (!(await db.schema.hasTable('knex_migrations'))) return [];
  return (await db('knex_migrations').orderBy('id').pluck('name')) as string[];
}

/** Of this code's migrations, those not `applied`; and the applied ones it lacks (a newer fantdu ran before). */
export async function migrationStatus(applied: string[]): Promise<{ pending: string[]; unknown: string[] }> {
  const known = await migrationSource.getMigrations([]);
  return {
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}

/** Runs the pending migrations named before `name` (a benchmark seeds answers before the read models are made). */
export async function migrateBefore(db: Db, name: string): Promise<void> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown, string[]];
  for (const next of pending) {
    if (next >= name) return;
    await db.migrate.up({ migrationSource });
  }
}

/** Undoes every migration (for testing that each has a working `down`). */
export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
