// The bench database of the report benchmarks (bench/reports.mjs, bench/xlsx.mjs): answers seeded with
// generate_series on a Postgres server (BENCH_DATABASE_URL, else TEST_DATABASE_URL's server), a server started on
// it, and how much memory a download makes that server take.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, migrateBefore } from '../dist/src/db.js';
import { rssOf } from './load.mjs';

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

/**
 * A database of its own, `fantdu_bench_NAME_PID`, seeded with `rows` answers to site `bench` over `pages` pages and
 * one year, page popularity skewed as on real sites, a fifth of the last 180 days' answers with a comment of 4 to 12
 * words from src/themes/background.txt. Answers its URL, an editor's token, the seconds seeding took, and drop().
 */
export async function seedBench(name, { rows, pages }) {
  const database = `fantdu_bench_${name}_${process.pid}`;
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
  const cli = (...args) =>
    execFileSync(process.execPath, ['bin/fantdu.js', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } })
      .toString()
      .trim();
  const drop = () => psql(serverUrl, `drop database if exists ${database} with (force)`);
  psql(serverUrl, `create database ${database}`);
  try {
    // The answers go in before the migrations that make the read models (page_days, page_months), which then fill
    // them with one statement each, as on an upgrade; the triggers would add them up insert by insert (14 minutes).
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
    return { databaseUrl, token, seedSeconds: (Date.now() - seeded) / 1000, drop };
  } catch (error) {
    drop();
    throw error;
  }
}

/** The built server on the database, answering /readyz, as a child process. */
export async function startServer(databaseUrl, port) {
  const server = spawn(process.execPath, ['dist/src/server.js'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  const ready = () =>
    fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
  for (let i = 0; i < 100 && !(await ready()); i++) await sleep(100);
  return server;
}

/**
 * Downloads `url`, handing each chunk to `read`, while sampling the server's resident memory every 100 ms: answers
 * the seconds taken and how far the RSS rose above where it was before the request.
 */
export async function download(url, token, server, read) {
  const rssBefore = rssOf(server.pid);
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(server.pid))), 100);
  const started = performance.now();
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    for await (const chunk of res.body) await read(chunk);
  } finally {
    clearInterval(sampler);
  }
  return { seconds: (performance.now() - started) / 1000, rssGrowthMB: Math.round(rssMax - rssBefore) };
}
