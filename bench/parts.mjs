// npm run bench:parts: what the parts of the intake cost, one by one, in CPU time: the scrubber on three comments,
// the client key and in-memory limiter, storing posts through FeedbackStore in batches of 24 (as at 50 connections),
// storing comments that are then suggested into a learnt theme (through IntakeService), beside a `select 1` through
// the same knex. Needs the build and a Postgres server: BENCH_DATABASE_URL, else TEST_DATABASE_URL's server.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createDb, migrate } from '../dist/src/db.js';
import { FeedbackStore } from '../dist/src/intake/feedback-store.js';
import { IntakeService } from '../dist/src/intake/intake-service.js';
import { createLogger } from '../dist/src/log.js';
import { createMetrics } from '../dist/src/metrics.js';
import { scrub } from '../dist/src/privacy/scrub.js';
import { ClientKeys } from '../dist/src/rate-limit/client-keys.js';
import { termsOf } from '../dist/src/terms/terms.js';
import { features, learnTheme, score } from '../dist/src/themes/naive-bayes.js';
import { Suggester } from '../dist/src/themes/suggester.js';
import { ThemeStore } from '../dist/src/themes/theme-store.js';
import { postgresCpu, postgresCpuSince } from './load.mjs';

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `fantdu_bench_parts_${process.pid}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const psql = (url, sql) => execFileSync('psql', [url, '-qAtc', sql]).toString().trim();

/**
 * CPU µs per call of `work(i)` (of node, and of Postgres's processes if asked), after a warm-up; `per` divides further.
 */
async function cost(work, { times, per = 1, postgres = false }) {
  for (let i = 0; i < Math.min(times, 2000); i++) await work(i);
  const node = process.cpuUsage();
  const before = postgresCpu();
  for (let i = 0; i < times; i++) await work(i);
  const used = process.cpuUsage(node);
  return {
    nodeUs: Number(((used.user + used.system) / times / per).toFixed(1)),
    ...(postgres ? { postgresUs: Math.round((postgresCpuSince(before) * 1e6) / times / per) } : {}),
  };
}

const rows = [];
const comments = {
  'scrub, plain comment': 'Fant ikke det jeg lette etter om søppeltømming i sommer',
  'scrub, short with a phone number': (i) => `Finner ikke skjema ${i}, ring 912 34 567`,
  'scrub, 200 characters, several kinds': (i) =>
    `Jeg lette etter informasjon om byggesøknad for garasje og fant ikke skjemaet ${i}. Kan dere sende det til meg? ` +
    `Mvh Ola, tlf 912 34 567, ola.nordmann@example.com, født 01.02.1980.`,
  'scrub, 200 characters, names, an address and a plate': (i) =>
    `Sønnen min Emil fikk ikke plass på SFO ${i}. Bilen vår AB 12345 ble tauet fra Storgata 5, 4306 Sandnes, ` +
    `uten varsel. Kan dere svare? Vennlig hilsen Kari Nordmann og Per-Arne Johansen`,
};
for (const [part, text] of Object.entries(comments))
  rows.push({ part, ...(await cost((i) => scrub(typeof text === 'string' ? text : text(i)), { times: 50_000 })) });

// Suggesting themes for a new comment: its terms, and its score under each of ten learnt themes (as many as a busy
// site's editors might teach), as the intake does after storing it.
{
  const background = readFileSync('src/themes/background.txt', 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => features(termsOf(line).terms));
  const topics = ['brøyt', 'parker', 'barnehag', 'skol', 'bibliotek', 'søppel', 'bygg', 'lege', 'buss', 'skatt'];
  const models = topics
    .map((topic) => background.filter((terms) => terms.some((t) => t.startsWith(topic))).slice(0, 12))
    .map((chosen) => learnTheme({ chosen, rejected: [], rest: background }))
    .filter(Boolean);
  const comment = (i) =>
    `Brøytebilen har ikke vært her på tre dager, og fortauet ved skolen ${i} er glatt. Når kommer dere?`;
  rows.push({
    part: `suggesting themes for a new comment (terms + ${models.length} learnt themes)`,
    ...(await cost(
      (i) => {
        const scored = features(termsOf(comment(i)).terms);
        for (const model of models) score(model, scored) > model.threshold;
      },
      { times: 50_000 },
    )),
  });
}

const keys = new ClientKeys({ saltOf: async () => Buffer.alloc(32, 7) }, () => new Date(), createLogger('silent'));
await keys.keyOf('10.0.0.1');
const limiter = new RateLimiterMemory({ points: 1_000_000, duration: 60 });
const address = (i) => `10.0.${(i >> 8) & 255}.${i & 255}`;
rows.push({
  part: 'client key (HMAC of the day)',
  ...(await cost((i) => keys.keyOf(address(i % 10_000)), { times: 100_000 })),
});
rows.push({
  part: 'in-memory limiter, 10 000 clients',
  ...(await cost((i) => limiter.consume(`k${i % 10_000}`), { times: 100_000 })),
});

psql(serverUrl, `create database ${database}`);
const db = createDb({ url: databaseUrl });
try {
  await migrate(db);
  await db('sites').insert({ id: 'bench', name: 'Bench', origins: ['https://www.bench.no'] });
  const store = new FeedbackStore(db);
  const batch = 24;
  const post = (n) => {
    const now = new Date();
    return {
      id: randomUUID(),
      siteId: 'bench',
      path: `/side/${n % 5000}`,
      found: n % 3 === 0,
      comment: n % 5 === 0 ? `Finner ikke skjema ${n}, ring [telefon]` : null,
      redactions: n % 5 === 0 ? ['telefon'] : [],
      lang: null,
      clientAddress: '10.0.0.0',
      createdAt: now,
      sameCommentSince: new Date(now.getTime() - 600_000),
    };
  };
  // Each round adds 24 posts while the previous round's batch is being written, so that group commit writes them as
  // one batch (as at 50 connections), then waits for that previous batch; `last` waits for the last round.
  let n = 0;
  const inRounds = (write) => {
    let previous = Promise.resolve();
    return {
      round: () => {
        const waitFor = previous;
        previous = Promise.all(Array.from({ length: batch }, () => write(n++)));
        return waitFor;
      },
      last: () => previous,
    };
  };
  const storing = inRounds((i) => store.insert(post(i)));
  rows.push({
    part: `storing posts in batches of ${batch}, per post`,
    ...(await cost(storing.round, { times: 300, per: batch, postgres: true })),
  });
  await storing.last();

  // The intake's whole write for posts whose comments an editor's theme is learnt for (snow clearing: the eight
  // comments the tests put in it): each comment post stored, then suggested into the theme, as IntakeService does.
  const themes = new ThemeStore(db);
  const suggester = new Suggester(themes, createLogger('silent'));
  await themes.insert('bench', { id: 'broyting', name: 'Brøyting', words: [], patterns: [] });
  const { chosen } = JSON.parse(readFileSync('test/helpers/snow-clearing.json', 'utf8'));
  for (const [i, comment] of chosen.entries()) {
    const id = randomUUID();
    await store.insert({ ...post(i), id, comment, sameCommentSince: new Date() });
    await themes.setEditorThemes('bench', id, ['broyting']);
  }
  await suggester.relearn('bench');
  const intake = new IntakeService(store, suggester, { ipMode: 'drop' }, createMetrics(), () => new Date());
  const site = { id: 'bench' };
  const suggestedPost = (i) => ({
    url: new URL(`https://www.bench.no/side/${i % 5000}`),
    found: false,
    comment: `Gata ${i} er ikke brøytet, og snøen sperrer innkjørselen`,
  });
  const suggesting = inRounds((i) => intake.submit(site, suggestedPost(i), '10.0.0.1'));
  rows.push({
    part: `storing comments suggested into a learnt theme, in batches of ${batch}, per post`,
    ...(await cost(suggesting.round, { times: 100, per: batch, postgres: true })),
  });
  await suggesting.last();
  const suggested = await db('feedback_themes').where({ by: 'suggestion' }).count({ n: '*' });
  if (Number(suggested[0].n) < 100 * batch) throw new Error(`only ${suggested[0].n} comments were suggested`);

  rows.push({
    part: 'select 1 through knex, per query',
    ...(await cost(() => db.raw('select 1'), { times: 2000, postgres: true })),
  });
} finally {
  await db.destroy();
  psql(serverUrl, `drop database if exists ${database} with (force)`);
}
console.table(rows);
console.log(JSON.stringify({ bench: 'parts', rows }));
