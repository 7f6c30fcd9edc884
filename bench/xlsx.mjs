// npm run bench:xlsx: the Excel export at scale. Seeds BENCH_ROWS answers (default a million; bench/seed.mjs) and
// downloads all of them as feedback.xlsx from the built server, sampling the server's resident memory: how far it
// rose, the rows per second, the file's size. The first download is the server's first export since it started (the
// writer's thread and exceljs loaded then). The file is read back with exceljs's streaming reader (a row per answer,
// dates as dates). Then the same export again, then three at once (the server writes two and answers the third 503),
// and last a client that reads a little and then stops for BENCH_STALL seconds (default 15): the server must wait
// for it rather than hold the workbook. Needs the build and a Postgres server, as bench/reports.mjs does.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { rssOf } from './load.mjs';
import { download, seedBench, startServer } from './seed.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const stallSeconds = Number(process.env.BENCH_STALL ?? 15);
const port = 3193;
const url = `http://127.0.0.1:${port}/api/v1/sites/bench/feedback.xlsx`;

/** The rows of every sheet, and whether the first answer's time is a date. */
async function readBack(file) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { styles: 'cache' });
  let count = 0;
  let sheets = 0;
  let dated = false;
  for await (const sheet of reader) {
    sheets++;
    for await (const row of sheet) {
      if (count === 1) dated = row.getCell(2).value instanceof Date;
      count++;
    }
  }
  return { rows: count - sheets, sheets, dated };
}

/** Reads one chunk, then nothing for `seconds`, sampling the server's memory meanwhile; then goes away. */
async function stalledClient(token, server, seconds) {
  const controller = new AbortController();
  const rssBefore = rssOf(server.pid);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = res.body.getReader();
  await reader.read();
  const samples = [];
  for (let i = 0; i < seconds * 2; i++) {
    await sleep(500);
    samples.push(rssOf(server.pid));
  }
  controller.abort();
  await reader.cancel().catch(() => {});
  return {
    stalledSeconds: seconds,
    rssGrowthMB: Math.round(Math.max(...samples) - rssBefore),
    lastSecondsGrowthMB: Math.round(Math.max(...samples.slice(-4)) - Math.min(...samples.slice(-4))),
  };
}

/** Three downloads of every answer started together: their statuses, and how far the server's RSS rose meanwhile. */
async function threeAtOnce(token, server) {
  const rssBefore = rssOf(server.pid);
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(server.pid))), 100);
  const started = performance.now();
  try {
    const statuses = await Promise.all(
      [0, 1, 2].map(async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        for await (const _ of res.body);
        return res.status;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rssGrowthMB: Math.round(rssMax - rssBefore), statuses: statuses.sort() };
  } finally {
    clearInterval(sampler);
  }
}

const bench = await seedBench('xlsx', { rows, pages: 100_000 });
const dir = await mkdtemp(join(tmpdir(), 'fantdu-xlsx-'));
let server;
try {
  server = await startServer(bench.databaseUrl, port);
  const file = join(dir, 'svar.xlsx');
  const out = createWriteStream(file);
  const fetched = await download(url, bench.token, server, (chunk) => {
    if (!out.write(chunk)) return new Promise((resolve) => out.once('drain', resolve));
  });
  await new Promise((resolve) => out.end(resolve));
  const megabytes = (await stat(file)).size / 1e6;
  const started = performance.now();
  const read = await readBack(file);
  const result = {
    export: 'xlsx, every answer',
    rows: read.rows,
    sheets: read.sheets,
    datesAsDates: read.dated,
    seconds: Number(fetched.seconds.toFixed(1)),
    rowsPerSecond: Math.round(read.rows / fetched.seconds),
    fileMB: Number(megabytes.toFixed(1)),
    rssGrowthMB: fetched.rssGrowthMB,
    readBackSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
  const again = await download(url, bench.token, server, () => {});
  const second = {
    export: 'xlsx, every answer, again',
    seconds: Number(again.seconds.toFixed(1)),
    rowsPerSecond: Math.round(read.rows / again.seconds),
    rssGrowthMB: again.rssGrowthMB,
  };
  const atOnce = await threeAtOnce(bench.token, server);
  const third = {
    export: 'xlsx, three at once',
    seconds: Number(atOnce.seconds.toFixed(1)),
    rssGrowthMB: atOnce.rssGrowthMB,
    statuses: atOnce.statuses.join(' '),
  };
  console.table([result, second, third]);
  const stalled = await stalledClient(bench.token, server, stallSeconds);
  console.table([stalled]);
  console.log(
    JSON.stringify({ bench: 'xlsx', seeded: rows, seedSeconds: bench.seedSeconds, result, second, third, stalled }),
  );
  if (read.rows !== rows) throw new Error(`the workbook has ${read.rows} rows of ${rows} answers`);
} finally {
  server?.kill('SIGTERM');
  await sleep(500);
  await rm(dir, { recursive: true, force: true });
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${bench.databaseUrl}`);
  else bench.drop();
}
