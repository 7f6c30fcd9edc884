import { randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Conflict } from '../errors.ts';

/**
 * The embedded database may be opened by one process at a time (PGlite does not guard against a second, which would
 * corrupt it). The process that opens it claims its folder: it writes `fantdu.lock` there, naming its pid and a
 * loopback port on which it answers, with the lock's token only, who it is, and (the server) backups and migrations.
 * A lock whose process is gone, or whose port nobody answers on, is stale and taken over.
 */
const lockName = 'fantdu.lock';

interface Lock {
  pid: number;
  port: number;
  token: string;
  /** What holds it: `server`, or the CLI command. */
  by: string;
}

/** What the holder answers to other processes on this machine. */
export interface HolderAnswers {
  /** The database's files as a gzipped tarball. */
  backup?: () => Promise<Readable>;
  /** The names of the migrations the database has had. */
  migrations?: () => Promise<string[]>;
}

export interface Holder {
  pid: number;
  by: string;
  /** False when the process lives but did not answer in time. */
  answering: boolean;
  lock: Lock;
}

export interface DataDirClaim {
  answer(answers: HolderAnswers): void;
  release(): Promise<void>;
}

const lockPath = (dataDir: string) => join(dataDir, lockName);

function readLock(dataDir: string): { raw: string; lock?: Lock } | undefined {
  let raw: string;
  try {
    raw = readFileSync(lockPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const lock = JSON.parse(raw) as Lock;
    const valid = Number.isInteger(lock.pid) && Number.isInteger(lock.port) && typeof lock.token === 'string';
    return { raw, lock: valid ? lock : undefined };
  } catch {
    return { raw };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** A request to the holder of `lock` over loopback; rejects after `timeoutMs` without an answer. */
export function askHolder(lock: Lock, method: string, path: string, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: lock.port,
      method,
      path,
      headers: { authorization: `Bearer ${lock.token}` },
      timeout: timeoutMs,
      agent: false,
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

export async function readAnswer(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}

/** The process that holds the embedded database in `dataDir`, if one does. */
export async function holderOf(dataDir: string): Promise<Holder | undefined> {
  const lock = readLock(dataDir)?.lock;
  if (!lock || !alive(lock.pid)) return undefined;
  const holder = { pid: lock.pid, by: lock.by, answering: true, lock };
  try {
    const res = await askHolder(lock, 'GET', '/holder', 2000);
    const answer = JSON.parse(await readAnswer(res)) as { dataDir?: string };
    // A process that took over the port of one that is gone is not the holder.
    return res.statusCode === 200 && answer.dataDir === realpathSync(dataDir) ? holder : undefined;
  } catch (err) {
    // Nobody listens on its port: the holder is gone. Otherwise it lives and is slow: to be safe, it holds it.
    return (err as { code?: string }).code === 'ECONNREFUSED' ? undefined : { ...holder, answering: false };
  }
}

/** Refuses with a line that says what holds the folder and what to do. */
export function inUse(dataDir: string, holder: Pick<Holder, 'pid' | 'by' | 'answering'>): Conflict {
  const who = holder.by === 'server' ? 'a running fantdu server' : `fantdu ${holder.by}`;
  const stale = holder.answering
    ? ''
    : ` It does not answer; if no fantdu runs as pid ${holder.pid}, delete ${lockPath(dataDir)}.`;
  return new Conflict(
    `The embedded database in ${dataDir} (FANTDU_DATA_DIR) is in use by ${who} (pid ${holder.pid}): only one ` +
      `process may open it. ${holder.by === 'server' ? 'Stop it first' : 'Try again when it is done'}.${stale}`,
  );
}

const sameToken = (header: string | undefined, token: string) => {
  const given = Buffer.from(/^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Claims the folder for this process, or refuses (Conflict) when another holds it. */
export async function claimDataDir(dataDir: string, by: string): Promise<DataDirClaim> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const realDir = realpathSync(dataDir);
  const token = randomBytes(32).toString('base64url');
  const answers: HolderAnswers = {};
  let backingUp = false;
  const server = createServer(async (req, res) => {
    if (!sameToken(req.headers.authorization, token)) return send(res, 401, { error: 'a token is needed' });
    const route = `${req.method} ${req.url}`;
    if (route === 'GET /holder') return send(res, 200, { pid: process.pid, by, dataDir: realDir });
    try {
      if (route === 'GET /migrations' && answers.migrations) return send(res, 200, await answers.migrations());
      if (route === 'POST /backup' && answers.backup) {
        if (backingUp) return send(res, 409, { error: 'a backup is being made: try again when it is done' });
        // One at a time: each holds a copy of the folder in memory until it is sent.
        backingUp = true;
        res.on('close', () => (backingUp = false));
        const tarball = await answers.backup();
        res.writeHead(200, { 'content-type': 'application/gzip' });
        tarball.on('error', () => res.destroy());
        return void tarball.pipe(res);
      }
    } catch (err) {
      return send(res, 503, { error: (err as Error).message });
    }
    send(res, 404, { error: `${by} does not answer ${route}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  server.unref();
  const lock: Lock = { pid: process.pid, port: (server.address() as { port: number }).port, token, by };
  try {
    await writeLock(dataDir, lock);
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    answer: (more) => Object.assign(answers, more),
    async release() {
      await new Promise((resolve) => server.close(resolve));
      if (readLock(dataDir)?.lock?.token === token) unlinkSync(lockPath(dataDir));
    },
  };
}

/**
 * Writes the lock unless a live holder has one. It is made whole beside the folder's lock and linked into place, which
 * fails if another process linked its own first; a stale lock is removed only while it is still the one judged stale.
 */
async function writeLock(dataDir: string, lock: Lock): Promise<void> {
  const temp = `${lockPath(dataDir)}.${lock.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, JSON.stringify(lock), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const seen = readLock(dataDir);
      if (seen) {
        const holder = await holderOf(dataDir);
        if (holder) throw inUse(dataDir, holder);
        if (readLock(dataDir)?.raw === seen.raw) rmSync(lockPath(dataDir), { force: true });
      }
      try {
        return linkSync(temp, lockPath(dataDir));
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
      }
    }
    throw new Conflict(`Another process is claiming the embedded database in ${dataDir} right now: try again.`);
  } finally {
    unlinkSync(temp);
  }
}
