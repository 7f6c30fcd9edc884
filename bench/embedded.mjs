// npm run bench:embedded: `npm start` on the embedded database, as a small municipality first meets fantdu, on a new
// data folder: its resident memory after start-up and its peak (the kernel's high-water mark, VmHWM) while it takes
// BENCH_POSTS posts (20 000 unless told; the mix of npm run bench, 50 connections, each answered after its batch
// commits), then the posts counted in the database itself once the server has stopped. Posts per second are
// comparable only with other runs of this script in the same spell of the machine.
// BENCH_POSTGRES=1: `npm start` on a new database of the Postgres server (BENCH_DATABASE_URL, else TEST_DATABASE_URL's
// server), each post from a client of its own and the limit out of reach, as npm run bench's storing instance takes
// them: what the rate limits' memory and the heap come to (BENCH_POSTS=200000 for the README's figures).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { createDb } from '../dist/src/db.js';
import { client, rssOf } from './load.mjs';

const total = Number(process.env.BENCH_POSTS ?? 20_000);
const port = 3194;
const origin = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'fantdu-embedded-'));
const onPostgres = process.env.BENCH_POSTGRES === '1';
const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_start_${process.pid}`;
const admin = (sql) => execFileSync('psql', [serverUrl, '-qc', sql]);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
if (onPostgres) admin(`create database ${database}`);
const onPostgresEnv = { DATABASE_URL: databaseUrl, FANTDU_RATE_LIMIT: '1000000/60' };

/** Resident memory now (VmRSS) and at its highest so far (VmHWM), in MB. */
const memoryOf = (pid) => ({ rssMB: Math.round(rssOf(pid)), peakMB: Math.round(rssOf(pid, 'VmHWM')) });

const server = spawn('sh', ['scripts/start.sh'], {
  env: {
    ...process.env,
    DATABASE_URL: '',
    PORT: String(port),
    FANTDU_DATA_DIR: dataDir,
    FANTDU_TRUST_PROXY: '1',
    ...(onPostgres ? onPostgresEnv : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const startedAt = performance.now();
  for (let i = 0; ; i++) {
    if (i === 600) throw new Error('fantdu did not start');
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      await sleep(100);
    }
  }
  const started = { seconds: Math.round(performance.now() - startedAt) / 1000, ...memoryOf(server.pid) };
  let n = 0;
  // autocannon ends on a whole second: the posting time runs to the last answer.
  const postingFrom = performance.now();
  let lastAnswer = postingFrom;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/feedback`,
    connections: 50,
    amount: total,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          const body = {
            site: 'demo',
            url: `${origin}/side/${n % 5000}?q=1`,
            found: n % 3 === 0,
            ...(n % 10 < 3 ? { comment: `Finner ikke skjema ${n}, ring 912 34 567` } : {}),
          };
          // Clients taken in turn (10 000) so that none meets the rate limit; on Postgres each post from a new one.
          return {
            ...req,
            headers: { ...req.headers, 'x-forwarded-for': client(onPostgres ? n : n % 10_000) },
            body: JSON.stringify(body),
          };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const postingSeconds = (lastAnswer - postingFrom) / 1000;
  const posted = memoryOf(server.pid);
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  const db = createDb(onPostgres ? { url: databaseUrl } : { dataDir });
  const [{ stored }] = (await db.raw('select count(*)::int as stored from feedback')).rows;
  await db.destroy();
  console.log(
    JSON.stringify({
      bench: onPostgres ? 'start on Postgres' : 'embedded',
      posts: total,
      answered201: result['2xx'],
      other: result.non2xx + result.errors + result.timeouts,
      stored,
      perSecond: Math.round(result['2xx'] / postingSeconds),
      p99: result.latency.p99,
      started,
      afterPosts: posted,
    }),
  );
} finally {
  server.kill('SIGTERM');
  await sleep(500);
  rmSync(dataDir, { recursive: true, force: true });
  if (onPostgres) admin(`drop database if exists ${database} with (force)`);
}
