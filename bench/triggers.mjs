// npm run bench:triggers: what the read models' triggers cost Postgres. Inserts 100 000 answers in statements of
// 100 (as group commit writes them; one transaction each, today's date, pages skewed as in bench:reports) into a fresh
// database four times: with no triggers, and with the counts' triggers folded in three ways (below).
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

// The counts are folded in after the insert (migration 20261128120000_counts_folded): an insert only notes its rows,
// and fold_read_models() adds them up. An instance folds and vacuums the note every 5 s (here every 50 statements:
// 5 000 answers, as at 1 000 posts/s), and each read of the counts folds first (here after each statement, as when
// reports are read all the time).
const variants = [
  { name: 'no triggers', disable: ['user'], foldEvery: 0 },
  { name: 'rows noted, counts not folded', disable: [], foldEvery: 0 },
  { name: 'noted, folded and vacuumed every 50 statements', disable: [], foldEvery: 50 },
  { name: 'noted, folded after each statement', disable: [], foldEvery: 1 },
];
/** The statements of a variant: 1 000 inserts of 100 answers, folds, and a vacuum every 50 inserts when it folds. */
const script = (foldEvery) =>
  Array.from(
    { length: 1000 },
    (_, i) =>
      insert +
      (foldEvery && (i + 1) % foldEvery === 0 ? 'select fold_read_models();\n' : '') +
      (foldEvery && (i + 1) % 50 === 0 ? 'vacuum read_models_pending;\n' : ''),
  ).join('');
const results = [];
for (const { name, disable, foldEvery } of variants) {
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
    execFileSync('psql', [databaseUrl, '-qX', '-v', 'ON_ERROR_STOP=1'], { input: script(foldEvery) });
    results.push({ triggers: name, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  } finally {
    psql(serverUrl, '-c', `drop database if exists ${database} with (force)`);
  }
}
console.table(results);
console.log(JSON.stringify({ bench: 'triggers', rows: 100_000, perStatement: 100, results }));
