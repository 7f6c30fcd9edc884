// npm run bench: fantdu's intake against the ceiling (bare Koa + @koa/router + koa-body parsing the same JSON and
// answering 204), at 50 connections, measured A B C A B C in one run:
//   A the ceiling; B fantdu taking posts (full pipeline, each answered after its batch commits);
//   C fantdu refusing a flood from one client (429).
// Then D: the flood again, with five connections of other clients posting beside it, against those clients alone.
// Needs the build (npm run build) and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server.
import { spawn, execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 50;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_${process.pid}`;
const admin = (sql) => execFileSync('psql', [serverUrl, '-qc', sql]);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;

const start = (script, env) => spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url, { method: 'OPTIONS' });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${url} did not answer`);
}

const rssOf = (pid) => Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024;

/** Posts as the widget makes them: 5000 pages, a third "no", every fifth with a comment that holds a phone number. */
function posts(port, { origin, from, conns = connections }) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/api/v1/feedback`,
    connections: conns,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          const body = { site: 'demo', url: `${origin}/side/${n % 5000}?q=1`, found: n % 3 === 0, ...(n % 5 === 0 ? { comment: `Finner ikke skjema ${n}, ring 912 34 567` } : {}) };
          return { ...req, headers: { ...req.headers, 'x-forwarded-for': from(n) }, body: JSON.stringify(body) };
        },
      },
    ],
  });
}

const summary = (result, status) => ({
  perSecond: result[status] / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  other: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - result[status] + result.errors + result.timeouts,
});

admin(`create database ${database}`);
const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', DATABASE_URL: databaseUrl, FANTDU_TRUST_PROXY: '1' };
const ceiling = start('bench/ceiling.mjs', { PORT: '3190' });
// B: the limit is out of reach, so that every post goes the whole way to the database.
const taking = start('dist/src/server.js', { ...env, PORT: '3191', FANTDU_RATE_LIMIT: '1000000/60' });
const origin = 'http://localhost:3191';
/** Ten thousand clients, as many as a busy hour might bring. */
const client = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const crowd = (n) => client(n % 10_000);
let refusing;
try {
  await Promise.all([waitFor('http://127.0.0.1:3190/'), waitFor('http://127.0.0.1:3191/healthz')]);
  // C: the default limit (20 posts in 10 minutes); the site is made by the first instance.
  refusing = start('dist/src/server.js', { ...env, PORT: '3192', FANTDU_PUBLIC_URL: origin });
  await waitFor('http://127.0.0.1:3192/healthz');
  // Warm-up of both instances.
  await posts(3191, { origin, from: crowd });
  await posts(3192, { origin, from: () => '198.51.100.66' });
  const rows = [];
  for (const round of [1, 2]) {
    rows.push({ run: `A${round} ceiling`, ...summary(await posts(3190, { origin, from: crowd }), '2xx') });
    rows.push({ run: `B${round} fantdu stores`, ...summary(await posts(3191, { origin, from: crowd }), '2xx'), rssMB: Math.round(rssOf(taking.pid)) });
    rows.push({ run: `C${round} fantdu refuses a flood`, ...summary(await posts(3192, { origin, from: () => '198.51.100.66' }), '4xx'), rssMB: Math.round(rssOf(refusing.pid)) });
  }
  const othersAlone = summary(await posts(3192, { origin, from: (n) => client(n + 1e6), conns: 5 }), '2xx');
  const [flood, othersBeside] = await Promise.all([
    posts(3192, { origin, from: () => '198.51.100.66' }),
    posts(3192, { origin, from: (n) => client(n + 2e6), conns: 5 }),
  ]);
  rows.push({ run: 'D others alone (5 connections)', ...othersAlone });
  rows.push({ run: 'D others beside the flood', ...summary(othersBeside, '2xx') });
  rows.push({ run: 'D the flood beside them', ...summary(flood, '4xx') });
  const mean = (prefix) => rows.filter((r) => r.run.startsWith(prefix)).reduce((s, r) => s + r.perSecond, 0) / 2;
  const ratio = (prefix) => Number((mean(prefix) / mean('A')).toFixed(3));
  console.table(rows.map((r) => ({ ...r, perSecond: Math.round(r.perSecond) })));
  const stores = rows.filter((r) => r.run.includes('stores'));
  console.log(
    JSON.stringify({
      bench: 'intake',
      connections,
      seconds,
      logLevel: env.LOG_LEVEL,
      ceilingPerSecond: Math.round(mean('A')),
      fantduPerSecond: Math.round(mean('B')),
      ratio: ratio('B'),
      p50: Math.max(...stores.map((r) => r.p50)),
      p99: Math.max(...stores.map((r) => r.p99)),
      rssMB: Math.max(...rows.filter((r) => r.rssMB).map((r) => r.rssMB)),
      refusedPerSecond: Math.round(mean('C')),
      floodRatio: ratio('C'),
      othersAlone: { perSecond: Math.round(othersAlone.perSecond), p50: othersAlone.p50, p99: othersAlone.p99 },
      othersBesideFlood: { perSecond: Math.round(summary(othersBeside, '2xx').perSecond), p50: othersBeside.latency.p50, p99: othersBeside.latency.p99 },
    }),
  );
} finally {
  for (const child of [ceiling, taking, refusing]) child?.kill('SIGTERM');
  await sleep(1000);
  admin(`drop database if exists ${database} with (force)`);
}
