// npm run bench:fold: what a fold of the counts costs Postgres. Into a fresh database (this build's migrations), eight
// rounds of 12 000 answers (over 5 000 pages, 3 in 10 with a comment and its terms, today's date: some 12 s of posts
// at the bench's rate), each followed by one fold_read_models(); prints the fold's CPU time in the database's process
// (from /proc: Postgres on this machine) for each round, as the counts grow. Compare builds by running it in each (a
// git worktree) in turn. Needs the build and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server.
import { execFileSync } from 'node:child_process';
import { cpuSecondsOf } from './load.mjs';

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_fold_${process.pid}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const psql = (url, sql) => execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql]).toString().trim();

const answers = `insert into feedback (id, site_id, path, found, comment, created_at, terms, forms, stems)
  select gen_random_uuid(), 'bench', '/side/' || (g % 5000), g % 3 = 0,
         case when g % 10 < 3 then 'Finner ikke skjema ' || g end, now(),
         case when g % 10 < 3 then '{skjem,ring}'::text[] end, case when g % 10 < 3 then '{skjema,ring}'::text[] end,
         case when g % 10 < 3 then ' finn ikk skjem | ring ' end
  from generate_series(1, 12000) g`;

psql(serverUrl, `create database ${database}`);
try {
  execFileSync(process.execPath, ['bin/fantdu.js', 'migrate'], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  psql(databaseUrl, `insert into sites (id, name, origins) values ('bench', 'Bench', '{https://www.bench.no}')`);
  const { default: pg } = await import('pg');
  const client = new pg.Client(databaseUrl);
  await client.connect();
  const { rows } = await client.query('select pg_backend_pid() as pid');
  const foldMs = [];
  for (let round = 0; round < 8; round++) {
    await client.query(answers);
    await client.query('vacuum read_models_pending');
    const before = cpuSecondsOf(rows[0].pid);
    await client.query('select fold_read_models()');
    foldMs.push(Math.round((cpuSecondsOf(rows[0].pid) - before) * 1000));
  }
  await client.end();
  console.log(JSON.stringify({ bench: 'fold', answersPerFold: 12_000, pages: 5_000, foldCpuMs: foldMs }));
} finally {
  psql(serverUrl, `drop database if exists ${database} with (force)`);
}
