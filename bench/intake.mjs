// npm run bench: accepted posts per second at 50 connections, fantdu (full pipeline, answered after commit) against
// the ceiling (bare Koa + @koa/router + koa-body parsing the same JSON and answering 204), measured A B A B.
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

function start(script, env) {
  const child = spawn(process.execPath, [script], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

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

async function load(port, origin, flood = false) {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/feedback`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ site: 'demo', url: `${origin}/side/${n++ % 5000}?q=1`, found: n % 3 === 0, ...(n % 5 === 0 ? { comment: `Finner ikke skjema ${n}, ring 912 34 567` } : {}) }),
        }),
      },
    ],
  });
  const accepted = flood ? result['4xx'] : result['2xx'];
  return { perSecond: accepted / result.duration, p50: result.latency.p50, p99: result.latency.p99, other: result.non2xx - (flood ? result['4xx'] : 0) };
}

admin(`create database ${database}`);
const ceiling = start('bench/ceiling.mjs', { PORT: '3190' });
const fantdu = start('dist/src/server.js', { PORT: '3191', DATABASE_URL: databaseUrl, FANTDU_RATE_LIMIT: '9999999/60' });
const origin = 'http://localhost:3191';
try {
  await Promise.all([waitFor('http://127.0.0.1:3190/'), waitFor('http://127.0.0.1:3191/healthz')]);
  await load(3191, origin); // warm-up
  const rows = [];
  for (const round of [1, 2]) {
    rows.push({ run: `A${round} ceiling`, ...(await load(3190, origin)) });
    rows.push({ run: `B${round} fantdu`, ...(await load(3191, origin)), rssMB: Math.round(rssOf(fantdu.pid)) });
  }
  const mean = (prefix) => rows.filter((r) => r.run.includes(prefix)).reduce((s, r) => s + r.perSecond, 0) / 2;
  console.table(rows.map((r) => ({ ...r, perSecond: Math.round(r.perSecond) })));
  const fantduRows = rows.filter((r) => r.run.includes('fantdu'));
  console.log(
    JSON.stringify({
      bench: 'intake',
      connections,
      seconds,
      ceilingPerSecond: Math.round(mean('ceiling')),
      fantduPerSecond: Math.round(mean('fantdu')),
      ratio: Number((mean('fantdu') / mean('ceiling')).toFixed(3)),
      p50: Math.max(...fantduRows.map((r) => r.p50)),
      p99: Math.max(...fantduRows.map((r) => r.p99)),
      rssMB: Math.max(...fantduRows.map((r) => r.rssMB)),
    }),
  );
} finally {
  ceiling.kill('SIGTERM');
  fantdu.kill('SIGTERM');
  await sleep(500);
  admin(`drop database if exists ${database} with (force)`);
}
