// npm run bench:triggers: what the read models' triggers cost Postgres. Inserts 100 000 answers in statements of
// 100 (as group commit writes them; one transaction each, today's date, pages skewed as in bench:reports) into a fresh
// database three times: with no triggers, with page_days's only, and with page_days's and page_months's.
// Needs the build and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server.
import { execFileSync } from 'node:child_process';

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_triggers_${process.pid}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const psql = (url, ...args) => execFileSync('psql', [url, '-qX', '-v', 'ON_ERROR_STOP=1', ...args]);
const insert = `insert into feedback (id, site_id, path, found, redactions, lang, created_at)
  select gen_random_uuid(), 'bench', '/side/' || floor(power(random(), 3) * 100000)::int, random() < 0.6, '{}', 'nb',
         now()
  from generate_series(1, 100);\n`;

const variants = [
  { name: 'no triggers', disable: ['user'] },
  { name: 'page_days', disable: ['feedback_page_months_insert'] },
  { name: 'page_days and page_months', disable: [] },
];
const results = [];
for (const { name, disable } of variants) {
  psql(serverUrl, '-c', `drop database if exists ${database} with (force)`, '-c', `create database ${database}`);
  try {
    execFileSync(process.execPath, ['bin/fantdu.js', 'migrate'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    psql(
      databaseUrl,
      '-c',
      `insert into sites (id, name, origins) values ('bench', 'Bench', '{https://www.bench.no}')`,
    );
    for (const trigger of disable) psql(databaseUrl, '-c', `alter table feedback disable trigger ${trigger}`);
    const started = performance.now();
    execFileSync('psql', [databaseUrl, '-qX', '-v', 'ON_ERROR_STOP=1'], { input: insert.repeat(1000) });
    results.push({ triggers: name, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  } finally {
    psql(serverUrl, '-c', `drop database if exists ${database} with (force)`);
  }
}
console.table(results);
console.log(JSON.stringify({ bench: 'triggers', rows: 100_000, perStatement: 100, results }));
