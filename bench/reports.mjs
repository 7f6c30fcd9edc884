// npm run bench:reports: seeds answers with generate_series (BENCH_ROWS, default 10 million, over 100 000 pages and
// one year; page popularity skewed as on real sites; a fifth of the last 180 days' answers with a comment, about a
// million comments of 4 to 12 words drawn, the common ones more often, from the words of src/themes/background.txt)
// and measures p50/p95 of the report endpoints, terms, themes and alerts among them, one request at a time. Needs the
// build and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server. BENCH_KEEP=1 keeps the seeded
// database (its URL is printed) for looking into a query.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../dist/src/clock.js';
import { loadConfig } from '../dist/src/config.js';
import { createDb, migrateBefore } from '../dist/src/db.js';
import { createLogger } from '../dist/src/log.js';
import { createServices, createStores } from '../dist/src/services.js';
import { rssOf } from './load.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const pages = 100_000;
const samples = Number(process.env.BENCH_SAMPLES ?? 200);
const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_reports_${process.pid}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const psql = (url, sql) =>
  execFileSync('psql', [url, '-qAtc', sql], { maxBuffer: 64 * 1024 * 1024 })
    .toString()
    .trim();
/** The words comments are made of, as an SQL array literal: some 3 000 of them, in the order they first occur. */
const vocabulary = [
  ...new Set(
    readFileSync('src/themes/background.txt', 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join(' ')
      .toLowerCase()
      .match(/[a-zæøå]{2,}/g),
  ),
];
const words = `array[${vocabulary.map((w) => `'${w}'`).join(',')}]`;
const cli = (...args) =>
  execFileSync(process.execPath, ['bin/fantdu.js', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } })
    .toString()
    .trim();
const port = 3192;
const base = `http://127.0.0.1:${port}/api/v1/sites/bench`;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name, urlOf, token, count = samples) {
  // Twenty requests first, unmeasured: the server's code warmed up and its database connections open.
  for (let i = 0; i < Math.min(20, count); i++)
    await (await fetch(urlOf(count + i), { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(urlOf(i), { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
    times.push(performance.now() - started);
  }
  return {
    endpoint: name,
    p50: Number(percentile(times, 50).toFixed(1)),
    p95: Number(percentile(times, 95).toFixed(1)),
  };
}

/**
 * The CSV export of about a million rows (the newest days that hold them): rows per second, and how much the RSS grew.
 */
async function exportCsv(token, day) {
  const days = Math.max(1, Math.round((365 * 1_000_000) / rows));
  const rssBefore = rssOf(server.pid);
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(server.pid))), 100);
  const started = performance.now();
  const res = await fetch(`${base}/feedback.csv?from=${day(days - 1)}&to=${day(0)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let lines = 0;
  for await (const chunk of res.body) for (const byte of chunk) if (byte === 10) lines++;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    export: `CSV, last ${days} days`,
    rows: lines - 1,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round((lines - 1) / seconds),
    rssGrowthMB: Math.round(rssMax - rssBefore),
  };
}

/**
 * A notifier's run with one digest due, as the server's 15-minute job makes it: a person who watches the 20 busiest
 * pages and the 11 111 pages under /side/1, with comments let into mails, mailed to an SMTP server on loopback. The
 * run reads the site's alerts, the watched pages, their comments and changes and the site's most "no", renders and
 * sends. Seconds per run, for a daily and a weekly digest, five runs each (the outbox emptied between them).
 */
async function digests() {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, done) {
      stream.resume();
      stream.on('end', () => done());
    },
  });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FANTDU_SMTP_URL: `smtp://127.0.0.1:${smtp.server.address().port}`,
    LOG_LEVEL: 'silent',
  });
  const log = createLogger('silent');
  const db = createDb({ url: databaseUrl });
  const stores = createStores(db, config, systemClock, log);
  const services = createServices({ stores, config, clock: systemClock, log });
  const results = [];
  try {
    await services.sites.save({ id: 'bench', commentsInNotifications: true }, true);
    await services.users.addUser('digest@bench.no', 'bench', 'editor');
    const { id } = await stores.users.findByEmail('digest@bench.no');
    for (let i = 0; i < 20; i++) await stores.watches.add(id, 'bench', { path: `/side/${i}` }, new Date(), 500);
    await stores.watches.add(id, 'bench', { pathPrefix: '/side/1' }, new Date(), 500);
    for (const digest of ['daily', 'weekly']) {
      await stores.watches.setPreferences(id, { digest, alerts: true });
      const times = [];
      for (let i = 0; i < 5; i++) {
        psql(databaseUrl, 'delete from outbox');
        const started = performance.now();
        const sent = await services.notifier.run();
        times.push(performance.now() - started);
        if (!sent.some((d) => d.kind === 'digest' && d.outcome === 'sent')) throw new Error(`no ${digest} digest sent`);
      }
      results.push({
        run: `${digest} digest`,
        p50: Number(percentile(times, 50).toFixed(0)),
        max: Math.round(Math.max(...times)),
      });
    }
  } finally {
    await services.close();
    await db.destroy();
    smtp.close();
  }
  return results;
}

psql(serverUrl, `create database ${database}`);
let server;
try {
  // The answers go in before the migrations that make the read models (page_days, page_months), which then fill them
  // with one statement each, as on an upgrade; the triggers would add them up insert by insert (14 minutes).
  const db = createDb({ url: databaseUrl });
  await migrateBefore(db, '20261124090000_page_days');
  await db('sites').insert({ id: 'bench', name: 'Bench', origins: ['https://www.bench.no'] });
  await db.destroy();
  const seeded = Date.now();
  // A million answers at a time, oldest first and in time order, as the intake appends them. power(random(), 3)
  // skews answers towards the first pages, as a few pages get most of the traffic. Times are whole milliseconds, as
  // fantdu stores them; comments older than the retention (180 days by default) have been erased, as they would be.
  const chunks = Math.ceil(rows / 1_000_000);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const n = Math.min(1_000_000, rows - chunk * 1_000_000);
    psql(
      databaseUrl,
      `insert into feedback (id, site_id, path, found, comment, redactions, lang, created_at, commented_at)
       select gen_random_uuid(), 'bench', '/side/' || floor(power(random(), 3) * ${pages})::int, random() < 0.6,
              c, '{}', 'nb', t, case when c is null then null else t end
       from (select case when random() < 0.2 and t > now() - interval '180 days'
                         then (select string_agg((${words})[1 + floor(power(random(), 2.5) * ${vocabulary.length})
                                                                   ::int], ' ')
                               from generate_series(1, 4 + (g % 9))) end as c, t, g
             from (select date_trunc('milliseconds',
                                     now() - interval '365 days' * (${chunks - chunk - 1} + random()) / ${chunks})
                            as t, g
                   from generate_series(1, ${n}) g) times) s
       order by s.t`,
    );
  }
  cli('migrate');
  cli('purge'); // the first daily purge, which finds nothing to erase, done before the server starts
  const token = cli('token', 'create', '--site', 'bench', '--name', 'bench').split('\n').at(-1);
  // A database in use has been vacuumed, analyzed and checkpointed; measuring beside autovacuum's first pass would
  // not be fair.
  psql(databaseUrl, 'vacuum analyze');
  psql(databaseUrl, 'checkpoint'); // the seed's writes on disk now, not during the measurements
  const seedSeconds = (Date.now() - seeded) / 1000;
  server = spawn(process.execPath, ['dist/src/server.js'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await sleep(100);
  const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const results = [
    await measure(
      'one page summary (30 days by day)',
      (i) => `${base}/pages/summary?path=/side/${(i * 7919) % 5000}`,
      token,
    ),
    await measure('top 100 pages over 90 days', () => `${base}/pages?from=${day(89)}&to=${day(0)}&limit=100`, token),
    await measure(
      'top 100 pages by answers, 30 days',
      () => `${base}/pages?from=${day(29)}&to=${day(0)}&limit=100&sort=total`,
      token,
    ),
    await measure('site terms over 90 days', () => `${base}/terms?from=${day(89)}&to=${day(0)}`, token),
    await measure(
      'site terms over 90 days, compared with the 90 before',
      () => `${base}/terms?from=${day(89)}&to=${day(0)}&compare=previous`,
      token,
    ),
    await measure(
      "a page's terms over 90 days",
      (i) => `${base}/terms?path=/side/${(i * 7919) % 5000}&from=${day(89)}&to=${day(0)}`,
      token,
    ),
    await measure('themes over 90 days', () => `${base}/themes?from=${day(89)}&to=${day(0)}`, token),
    // Alerts read every page's last 35 days: fewer samples, each a second or so at most.
    await measure("today's spike alerts", () => `${base}/alerts`, token, 20),
    await measure('spike alerts over the last 14 days', () => `${base}/alerts?from=${day(13)}&to=${day(0)}`, token, 10),
    await measure(
      'feedback list, filtered',
      (i) => `${base}/feedback?found=false&hasComment=true&pathPrefix=/side/${i % 10}&limit=50`,
      token,
    ),
  ];
  console.table(results);
  const csv = await exportCsv(token, day);
  console.table([csv]);
  const notify = await digests();
  console.table(notify);
  console.log(JSON.stringify({ bench: 'reports', rows, pages, samples, seedSeconds, results, csv, notify }));
} finally {
  server?.kill('SIGTERM');
  await sleep(500);
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${databaseUrl}`);
  else psql(serverUrl, `drop database if exists ${database} with (force)`);
}
