// npm run bench:reports: seeds answers with generate_series (BENCH_ROWS, default 10 million, over 100 000 pages and
// one year; page popularity skewed as on real sites; a fifth of the last 180 days' answers with a comment, about a
// million comments of 4 to 12 words drawn, the common ones more often, from the words of src/themes/background.txt)
// and measures p50/p95 of the report endpoints, terms, themes and alerts among them, one request at a time. Needs the
// build and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server. BENCH_KEEP=1 keeps the seeded
// database (its URL is printed) for looking into a query.
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../dist/src/clock.js';
import { loadConfig } from '../dist/src/config.js';
import { createDb } from '../dist/src/db.js';
import { createLogger } from '../dist/src/log.js';
import { createServices, createStores } from '../dist/src/services.js';
import { download, seedBench, startServer } from './seed.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const pages = 100_000;
const samples = Number(process.env.BENCH_SAMPLES ?? 200);
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
  const days = Math.min(366, Math.max(1, Math.round((365 * 1_000_000) / rows)));
  let lines = 0;
  const { seconds, rssGrowthMB } = await download(
    `${base}/feedback.csv?from=${day(days - 1)}&to=${day(0)}`,
    token,
    server,
    (chunk) => {
      for (const byte of chunk) if (byte === 10) lines++;
    },
  );
  return {
    export: `CSV, last ${days} days`,
    rows: lines - 1,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round((lines - 1) / seconds),
    rssGrowthMB,
  };
}

/**
 * A notifier's run with one digest due, as the server's 15-minute job makes it: a person who watches the 20 busiest
 * pages and the 11 111 pages under /side/1, with comments let into mails, mailed to an SMTP server on loopback. The
 * run reads the site's alerts, the watched pages, their comments and changes and the site's most "no", renders and
 * sends. Milliseconds per run, for a daily and a weekly digest, five runs each (the outbox emptied between them).
 */
async function digests(databaseUrl) {
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
        await db('outbox').delete();
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

const bench = await seedBench('reports', { rows, pages });
let server;
try {
  const { token, seedSeconds } = bench;
  server = await startServer(bench.databaseUrl, port);
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
  const notify = await digests(bench.databaseUrl);
  console.table(notify);
  console.log(JSON.stringify({ bench: 'reports', rows, pages, samples, seedSeconds, results, csv, notify }));
} finally {
  server?.kill('SIGTERM');
  await sleep(500);
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${bench.databaseUrl}`);
  else bench.drop();
}
