// npm run bench: fantdu's intake against the ceiling (bare Koa + @koa/router + koa-body parsing the same JSON and
// answering 204), at 50 connections, measured A K B C E A K B C E in one run:
//   A the ceiling; K the ceiling storing each post as someone outside fantdu would (bench/storing.mjs: one unnest
//   insert per batch, one index, no triggers); B fantdu taking posts (full pipeline, each answered after its
//   batch commits); C fantdu refusing a flood from one client (429); E fantdu counting page views (beacons, 204).
// Then D: other clients posting 100 times a second alone, then beside the flood (from a process of their own).
// Each run also reports the CPU time per answer of the server, of the local Postgres and of the load (autocannon),
// read from /proc: on two cores, that is what bounds the figures.
// Needs the build (npm run build) and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server.
// BENCH_RATE_LIMIT_STORE=redis (BENCH_REDIS_URL, else TEST_REDIS_URL's) or postgres keeps the limits in a shared store.
// BENCH_EMBEDDED=1 runs fantdu on the embedded database (PGlite), as `npm start` does.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clients, connections, cpuSecondsOf, postgresCpu, postgresCpuSince, posts, rssOf, summary } from './load.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_${process.pid}`;
const admin = (sql) => execFileSync('psql', [serverUrl, '-qc', sql]);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;

// fantdu starts as `npm start` starts it (scripts/start.sh, with its Node flags), the baselines with plain node.
const start = (script, env) =>
  spawn(script.endsWith('.sh') ? 'sh' : process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(url, { method: 'OPTIONS' });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${url} did not answer`);
}

/** CPU seconds used so far by the server, by the local Postgres's processes (if any) and by this process (the load). */
const cpu = (server) => ({ server: cpuSecondsOf(server.pid), postgres: postgresCpu(), load: cpuSecondsOf('self') });

/** CPU microseconds per answer of each process between two readings. */
function cpuPerAnswer(before, after, answered) {
  const us = (seconds) =>
    seconds === undefined || Number.isNaN(seconds) ? undefined : Math.round((seconds * 1e6) / answered);
  return {
    serverUs: us(after.server - before.server),
    postgresUs: before.postgres.size ? us(postgresCpuSince(before.postgres, after.postgres)) : undefined,
    loadUs: us(after.load - before.load),
  };
}

/** One measured run against `server` (a child process), counting answers of `status`. */
async function measure(run, server, port, status, options) {
  const before = cpu(server);
  const result = await posts({ port, origin, seconds, ...options, from: clients(options) });
  const s = summary(result, status);
  return {
    run,
    ...s,
    ...cpuPerAnswer(before, cpu(server), s.answered),
    rssMB: Math.round(rssOf(server.pid)),
    peakMB: Math.round(rssOf(server.pid, 'VmHWM')),
  };
}

/**
 * Other clients, from a process of their own (they share no event loop with the flood's client), at a steady 100 posts
 * a second over five connections, as people post: not faster when the answers come faster.
 */
const othersRate = 100;
function othersPosting(port, offset) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bench/load.mjs', JSON.stringify({ port, origin, seconds, conns: 5, rate: othersRate, offset, status: '2xx' })],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench/load.mjs exited with ${code}`)),
    );
  });
}

const origin = 'http://localhost:3191';
const flood = '198.51.100.66';
/** Ten thousand clients, as many as a busy hour might bring. */
const crowd = 10_000;

// BENCH_RATE_LIMIT_STORE=redis (or postgres) measures fantdu as several instances run it: limits in a shared store.
const store = process.env.BENCH_RATE_LIMIT_STORE ?? 'memory';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// BENCH_EMBEDDED=1: each fantdu instance on an embedded database of its own (PGlite), as `npm start` runs it.
const embedded = process.env.BENCH_EMBEDDED === '1';
const dataDirs = mkdtempSync(join(tmpdir(), 'fantdu-bench-'));
if (!embedded) admin(`create database ${database}`);
if (!embedded) admin(`create database ${database}_storing`);
const env = {
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  DATABASE_URL: embedded ? '' : databaseUrl,
  FANTDU_TRUST_PROXY: '1',
  FANTDU_RATE_LIMIT_STORE: store,
  ...(store === 'redis' ? { REDIS_URL: redisUrl } : {}),
};
const ceiling = start('bench/ceiling.mjs', { PORT: '3190' });
const storing = start('bench/storing.mjs', {
  PORT: '3193',
  DATABASE_URL: embedded ? '' : `${databaseUrl}_storing`,
  DATA_DIR: join(dataDirs, 'k'),
});
// B: the limit is out of reach, so that every post goes the whole way to the database.
const taking = start('scripts/start.sh', {
  ...env,
  PORT: '3191',
  FANTDU_RATE_LIMIT: '1000000/60',
  FANTDU_VIEW_LIMIT: '1000000/60',
  FANTDU_DATA_DIR: join(dataDirs, 'b'),
});
let refusing;
try {
  await Promise.all([
    waitFor('http://127.0.0.1:3190/'),
    waitFor('http://127.0.0.1:3191/healthz'),
    waitFor('http://127.0.0.1:3193/'),
  ]);
  // C: the default limit (20 posts in 10 minutes); the site is made by the first instance.
  refusing = start('scripts/start.sh', {
    ...env,
    PORT: '3192',
    FANTDU_PUBLIC_URL: origin,
    FANTDU_DATA_DIR: join(dataDirs, 'c'),
  });
  await waitFor('http://127.0.0.1:3192/healthz');
  // Warm-up of the instances that store.
  await posts({ port: 3193, origin, seconds, from: clients({ crowd }) });
  await posts({ port: 3191, origin, seconds, from: clients({ crowd }) });
  await posts({ port: 3192, origin, seconds, from: clients({ flood }) });
  const rows = [];
  for (const round of [1, 2]) {
    rows.push(await measure(`A${round} ceiling`, ceiling, 3190, '2xx', { crowd }));
    rows.push(await measure(`K${round} Koa + storage`, storing, 3193, '2xx', { crowd }));
    rows.push(await measure(`B${round} fantdu stores`, taking, 3191, '2xx', { crowd }));
    rows.push(await measure(`C${round} fantdu refuses a flood`, refusing, 3192, '4xx', { flood }));
    rows.push(await measure(`E${round} fantdu counts views`, taking, 3191, '2xx', { crowd, views: true }));
  }
  const othersAlone = await othersPosting(3192, 1e6);
  const [floodBeside, othersBeside] = await Promise.all([
    measure('D the flood beside them', refusing, 3192, '4xx', { flood }),
    othersPosting(3192, 2e6),
  ]);
  rows.push({ run: `D others alone (${othersRate}/s)`, ...othersAlone });
  rows.push({ run: 'D others beside the flood', ...othersBeside });
  rows.push(floodBeside);
  const mean = (prefix) => rows.filter((r) => r.run.startsWith(prefix)).reduce((s, r) => s + r.perSecond, 0) / 2;
  const meanOf = (prefix, field) =>
    Math.round(rows.filter((r) => r.run.startsWith(prefix)).reduce((s, r) => s + r[field], 0) / 2);
  const ratio = (prefix) => Number((mean(prefix) / mean('A')).toFixed(3));
  const cpuOf = (prefix) => ({
    serverUs: meanOf(prefix, 'serverUs'),
    postgresUs: meanOf(prefix, 'postgresUs'),
    loadUs: meanOf(prefix, 'loadUs'),
  });
  console.table(rows.map(({ answered, loadCpuSeconds, ...r }) => ({ ...r, perSecond: Math.round(r.perSecond) })));
  const stores = rows.filter((r) => r.run.includes('stores'));
  const others = (r) => ({ perSecond: Math.round(r.perSecond), p50: r.p50, p99: r.p99 });
  console.log(
    JSON.stringify({
      bench: 'intake',
      connections,
      seconds,
      logLevel: env.LOG_LEVEL,
      database: embedded ? 'embedded' : 'postgres',
      rateLimitStore: store,
      ceilingPerSecond: Math.round(mean('A')),
      fantduPerSecond: Math.round(mean('B')),
      ratio: ratio('B'),
      storingPerSecond: Math.round(mean('K')),
      storingRatio: ratio('K'),
      fantduOfStoring: Number((mean('B') / mean('K')).toFixed(3)),
      p50: Math.max(...stores.map((r) => r.p50)),
      p99: Math.max(...stores.map((r) => r.p99)),
      rssMB: Math.max(...rows.filter((r) => r.rssMB && !/^[AK]/.test(r.run)).map((r) => r.rssMB)),
      // The highest resident memory of the instance that stores, since it started (its views runs included).
      peakRssMB: Math.max(...rows.filter((r) => /^[BE]/.test(r.run)).map((r) => r.peakMB)),
      refusedPerSecond: Math.round(mean('C')),
      floodRatio: ratio('C'),
      viewsPerSecond: Math.round(mean('E')),
      viewsRatio: ratio('E'),
      othersAlone: others(othersAlone),
      othersBesideFlood: others(othersBeside),
      cpuPerAnswer: {
        ceiling: cpuOf('A'),
        storing: cpuOf('K'),
        stores: cpuOf('B'),
        refuses: cpuOf('C'),
        views: cpuOf('E'),
      },
    }),
  );
} finally {
  for (const child of [ceiling, storing, taking, refusing]) child?.kill('SIGTERM');
  await sleep(1000);
  if (!embedded) admin(`drop database if exists ${database} with (force)`);
  if (!embedded) admin(`drop database if exists ${database}_storing with (force)`);
  rmSync(dataDirs, { recursive: true, force: true });
}
