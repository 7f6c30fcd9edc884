import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  openAsBlob,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { appliedMigrations, createDb, type Db, dumpEmbedded, migrationStatus } from '../db.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { askHolder, claimDataDir, type HolderAnswers, holderOf, inUse, readAnswer } from './data-dir.ts';

/**
 * Backups of the embedded database: a gzipped tar of its folder (PGlite's own dump), taken between two queries, so
 * that every answer acknowledged before the backup began is in it. A running server makes it (the CLI asks it over
 * loopback); with no server running, the CLI opens the folder itself.
 */

/** What the server answers on behalf of its embedded database. */
export function holderAnswers(db: Db): HolderAnswers {
  return {
    backup: async () => gzipped(await dumpEmbedded(db)),
    migrations: () => appliedMigrations(db),
  };
}

const gzipped = (tar: Blob): Readable => Readable.fromWeb(tar.stream() as never).pipe(createGzip());

export interface BackupMade {
  bytes: number;
  /** `the running server (pid N)`, or `this process` when none ran. */
  madeBy: string;
}

/** Writes a backup of the embedded database in `dataDir` to `file` (replaced whole, only once it is complete). */
export async function backup(dataDir: string, file: string): Promise<BackupMade> {
  const target = resolve(file);
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    throw new NotFound(`There is no embedded database in ${dataDir} (FANTDU_DATA_DIR) to back up.`);
  if (!existsSync(dirname(target)) || (existsSync(target) && statSync(target).isDirectory()))
    throw Invalid.field('FILE', 'must be a file in a folder that exists', `There is no folder for ${file}.`);
  if (!relative(resolve(dataDir), target).startsWith('..'))
    throw Invalid.field('FILE', 'must be outside FANTDU_DATA_DIR', `${file} must be outside ${dataDir}.`);
  const holder = await holderOf(dataDir);
  if (holder && (holder.by !== 'server' || !holder.answering)) throw inUse(dataDir, holder);
  if (holder) {
    const res = await askHolder(holder.lock, 'POST', '/backup', 600_000);
    if (res.statusCode !== 200) {
      const { error } = JSON.parse(await readAnswer(res)) as { error?: string };
      throw new Conflict(`The running server (pid ${holder.pid}) could not make the backup: ${error}`);
    }
    return { bytes: await writeWhole(res, target), madeBy: `the running server (pid ${holder.pid})` };
  }
  const claim = await claimDataDir(dataDir, 'backup');
  const db = createDb({ dataDir });
  try {
    return { bytes: await writeWhole(gzipped(await dumpEmbedded(db)), target), madeBy: 'this process' };
  } finally {
    await db.destroy();
    await claim.release();
  }
}

/** Writes `source` beside `target`, checks that it is a whole gzipped tarball, then puts it in place. */
async function writeWhole(source: Readable, target: string): Promise<number> {
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    // The backup holds what the database holds (comments, sessions): for its owner's eyes only.
    await pipeline(source, createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
    if (!(await isTarball(partial))) throw new Error('the backup came back incomplete');
    renameSync(partial, target);
    return statSync(target).size;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Whether `file` unpacks as gzip, whole, into something that begins as a tar archive does. */
async function isTarball(file: string): Promise<boolean> {
  let head = Buffer.alloc(0);
  const reader = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (head.length < 512) head = Buffer.concat([head, chunk]).subarray(0, 512);
      done();
    },
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), reader);
  } catch {
    return false;
  }
  return head.length === 512 && head.toString('latin1', 257, 262) === 'ustar';
}

export interface Restored<T> {
  /** Migrations this code has that the backup lacks: they are applied at the next start. */
  pending: string[];
  /** What `inspect` found in the restored database. */
  found: T;
}

/**
 * Restores `file` into `dataDir`, which must be new or empty (and so held by no server). It is unpacked into a folder
 * beside it and moved into place once it opens and `inspect` has read it, so that a half-restored database never
 * stands where one is expected.
 */
export async function restore<T>(dataDir: string, file: string, inspect: (db: Db) => Promise<T>): Promise<Restored<T>> {
  const target = resolve(dataDir);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new NotFound(`There is no file "${file}".`);
  if (existsSync(target)) {
    const holder = await holderOf(target);
    if (holder) throw inUse(dataDir, holder);
    if (readdirSync(target).length > 0) throw notEmpty(dataDir);
  }
  if (!(await isTarball(file)))
    throw Invalid.field('FILE', 'is not a fantdu backup', `${file} is not a fantdu backup.`);
  const unpacked = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(4).toString('hex')}`);
  const db = createDb({ dataDir: unpacked, restoreFrom: await openAsBlob(file, { type: 'application/gzip' }) });
  try {
    const { pending, unknown } = await migrationStatus(await appliedMigrations(db)).catch(() => {
      throw Invalid.field('FILE', 'cannot be opened', `${file} could not be opened as a fantdu database.`);
    });
    if (unknown.length)
      throw new Conflict(
        `${file} was made by a newer fantdu (its database has ${unknown.join(', ')}): restore it with that version.`,
      );
    const found = await inspect(db);
    await db.destroy();
    // The lock of the process that made the backup came along in it.
    rmSync(join(unpacked, 'fantdu.lock'), { force: true });
    try {
      if (existsSync(target)) rmdirSync(target);
      renameSync(unpacked, target);
    } catch {
      throw notEmpty(dataDir);
    }
    return { pending, found };
  } finally {
    await db.destroy().catch(() => {});
    rmSync(unpacked, { recursive: true, force: true });
  }
}

const notEmpty = (dataDir: string) =>
  new Conflict(
    `${dataDir} (FANTDU_DATA_DIR) is not empty: restore into a new folder (set FANTDU_DATA_DIR to one), or move ` +
      'this one away first.',
  );
