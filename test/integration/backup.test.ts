import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.ts';
import { foldCounts } from '../../src/reports/count-fold.ts';
import { freePort, killServers, runCli, type ServerProcess, startServer } from '../helpers/processes.ts';

/**
 * `fantdu backup` and `restore` of the embedded database, as an operator runs them: the built server taking posts, the
 * CLI beside it. (The embedded database only: the Postgres project runs this file's one test of DATABASE_URL too.)
 */
const embedded = process.env.FANTDU_TEST_DB === 'pglite';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fantdu-backup-'));
});
afterAll(() => {
  killServers();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts answers to the demo site, `concurrency` at a time, until stopped; keeps the ids of those acknowledged. */
function keepPosting(server: ServerProcess, concurrency: number) {
  const acknowledged: { id: string; at: number }[] = [];
  const refused: number[] = [];
  let posting = true;
  const poster = async () => {
    for (let n = 0; posting; n++) {
      const id = randomUUID();
      const res = await fetch(`${server.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ id, site: 'demo', url: `${server.url}/side-${n % 40}/`, found: n % 3 === 0 }),
      });
      if (res.status === 201) acknowledged.push({ id, at: performance.now() });
      else refused.push(res.status);
    }
  };
  const posters = Promise.all(Array.from({ length: concurrency }, poster));
  return {
    acknowledged,
    refused,
    async stop() {
      posting = false;
      await posters;
    },
  };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
};

/** What the restored folder holds: the ids of its answers, and whether the page counts agree with them. */
async function contents(dataDir: string) {
  const db = createDb({ dataDir });
  try {
    const ids = new Set((await db('feedback').pluck('id')) as string[]);
    await foldCounts(db);
    const counted = await db('page_days').sum({ n: db.raw('yes + no') });
    return { ids, counted: Number(counted[0]?.n ?? 0) };
  } finally {
    await db.destroy();
  }
}

const server = (dataDir: string, port: number) =>
  startServer({ FANTDU_DATA_DIR: dataDir, PORT: String(port), FANTDU_RATE_LIMIT: '9999999/1' });

describe.runIf(embedded)('backups of the embedded database', () => {
  let dataDir: string;
  let file: string;
  let before: string[];
  let all: string[];
  /** The demo site's origin: that of the first server, which made it. */
  let origin: string;

  it('a backup taken while the server takes posts holds every answer acknowledged before it began', async () => {
    dataDir = join(dir, 'data');
    file = join(dir, 'fantdu.tar.gz');
    const running = await server(dataDir, await freePort());
    origin = running.url;
    const load = keepPosting(running, 8);
    await until(() => load.acknowledged.length >= 300);
    const began = performance.now();
    const run = await runCli(['backup', file], { FANTDU_DATA_DIR: dataDir });
    const ended = performance.now();
    const after = load.acknowledged.length;
    await until(() => load.acknowledged.length >= after + 100);
    await load.stop();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*fantdu\.tar\.gz \(\d+\.\d MB, made by the running server \(pid \d+\)\)/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Posts went on during the backup, none refused.
    expect(load.acknowledged.some((a) => a.at > began && a.at < ended)).toBe(true);
    expect(load.refused).toEqual([]);
    before = load.acknowledged.filter((a) => a.at < began).map((a) => a.id);
    all = load.acknowledged.map((a) => a.id);

    // While the server holds the folder, other commands and a second server are refused.
    const listed = await runCli(['site', 'list'], { FANTDU_DATA_DIR: dataDir });
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(/in use by a running fantdu server \(pid \d+\)/);
    const restoredOver = await runCli(['restore', file], { FANTDU_DATA_DIR: dataDir });
    expect(restoredOver.code).toBe(2);
    expect(restoredOver.stderr).toMatch(/in use by a running fantdu server/);
    await expect(server(dataDir, await freePort())).rejects.toThrow(/in use by a running fantdu server/);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 90_000);

  it('restores into a new folder that a fresh server opens, consistent, with those answers', async () => {
    const restored = join(dir, 'restored');
    const run = await runCli(['restore', file], { FANTDU_DATA_DIR: restored });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { ids, counted } = await contents(restored);
    expect(run.stdout).toContain(`into ${restored}: 1 site(s), ${ids.size} answer(s).`);
    expect(before.filter((id) => !ids.has(id))).toEqual([]);
    // Nothing but what was posted, and the page counts (kept by triggers) agree with the rows: one moment's copy.
    expect([...ids].filter((id) => !all.includes(id))).toEqual([]);
    expect(counted).toBe(ids.size);
    expect(statSync(restored).mode & 0o777).toBe(0o700);

    const fresh = await server(restored, await freePort());
    expect((await fetch(`${fresh.url}/readyz`)).status).toBe(200);
    const posted = await fetch(`${fresh.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ site: 'demo', url: `${origin}/etter/`, found: true }),
    });
    expect(posted.status).toBe(201);
    fresh.child.kill('SIGTERM');
    expect(await fresh.exited).toBe(0);
    expect((await contents(restored)).ids.size).toBe(ids.size + 1);
  }, 90_000);

  it('with no server running, the CLI makes the backup itself: the restored copy holds the same answers', async () => {
    const copy = join(dir, 'stopped.tar.gz');
    const run = await runCli(['backup', copy], { FANTDU_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('made by this process');
    const restored = join(dir, 'restored-stopped');
    mkdirSync(restored); // an empty folder is as good as a new one
    expect((await runCli(['restore', copy], { FANTDU_DATA_DIR: restored })).code).toBe(0);
    const original = await contents(dataDir);
    const copied = await contents(restored);
    expect(copied.ids).toEqual(original.ids);
    expect(copied.counted).toBe(original.counted);
    expect(original.ids.size).toBeGreaterThan(before.length);
  }, 90_000);

  it('refuses a folder not empty, a file not a backup, and bad arguments, changing nothing', async () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'x');
    const notEmpty = await runCli(['restore', file], { FANTDU_DATA_DIR: full });
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/is not empty: restore into a new folder/);
    const garbage = join(dir, 'garbage.tar.gz');
    writeFileSync(garbage, 'dette er ingen sikkerhetskopi');
    const bad = await runCli(['restore', garbage], { FANTDU_DATA_DIR: join(dir, 'never') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a fantdu backup/);
    expect(statSync(join(dir, 'never'), { throwIfNoEntry: false })).toBeUndefined();
    for (const args of [
      ['backup'],
      ['restore'],
      ['backup', 'a', 'b'],
      ['backup', join(dir, 'no-such-folder', 'x.gz')],
    ]) {
      const run = await runCli(args, { FANTDU_DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^fantdu: /);
    }
    const nothing = await runCli(['backup', join(dir, 'x.tar.gz')], { FANTDU_DATA_DIR: join(dir, 'empty') });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/There is no embedded database in/);
  }, 60_000);
});

describe('backups with DATABASE_URL', () => {
  it('point to pg_dump and pg_restore, exit 2, and print no password', async () => {
    const env = { DATABASE_URL: 'postgres://fantdu:hemmelig-passord@127.0.0.1:5432/fantdu' };
    const backup = await runCli(['backup'], env);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/pg_dump --format=custom/);
    const restore = await runCli(['restore', join(dir, 'x.dump')], env);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/pg_restore/);
    expect(backup.stderr + backup.stdout + restore.stderr + restore.stdout).not.toContain('hemmelig-passord');
  });
});
