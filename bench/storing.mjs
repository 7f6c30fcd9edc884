// K: the ceiling that stores, as someone outside fantdu would build it. Bare Koa + @koa/router + koa-body parsing the
// same JSON, each post's fields written durably with group commit (the posts that arrive while a batch is written go
// together in the next: one `insert ... select * from unnest(...)` per batch into a table with one index, no triggers),
// answered 201 with its id once its batch has committed. No checks, scrubbing, rate limit, logging or metrics: what
// Koa and the database allow on this machine for storing posts. On DATABASE_URL, else an embedded database in DATA_DIR.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import { createDb } from '../dist/src/db.js';

const db = createDb(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: process.env.DATA_DIR });
await db.raw(`create table if not exists k_feedback (
  id uuid primary key, site text not null, path text not null, found boolean not null, comment text,
  created_at timestamptz not null)`);
const insert = `insert into k_feedback (id, site, path, found, comment, created_at)
  select * from unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::timestamptz[])`;
// One connection, with the driver's own parameters (pg and PGlite both send arrays as arrays).
const connection = await db.client.acquireConnection();

/** Posts waiting for the next batch, and whether batches are being written (from the end of this turn on). */
const waiting = [];
let writing = false;

async function writeBatches() {
  while (waiting.length) {
    const batch = waiting.splice(0, 500);
    const column = (name) => batch.map((p) => p.row[name]);
    try {
      await connection.query(insert, ['id', 'site', 'path', 'found', 'comment', 'createdAt'].map(column));
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
  writing = false;
}

function store(row) {
  return new Promise((resolve, reject) => {
    waiting.push({ row, resolve, reject });
    if (writing) return;
    writing = true;
    setImmediate(writeBatches);
  });
}

const app = new Koa();
const router = new Router();
router.post('/api/v1/feedback', koaBody({ jsonLimit: '16kb' }), async (ctx) => {
  const { site, url, found, comment } = ctx.request.body;
  const id = randomUUID();
  await store({ id, site, path: new URL(url).pathname, found, comment: comment ?? null, createdAt: new Date() });
  ctx.status = 201;
  ctx.body = { id };
});
app.use(router.routes());
const server = createServer(app.callback());
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => console.log('storing baseline listening'));
process.on('SIGTERM', () =>
  server.close(async () => {
    await db.client.releaseConnection(connection);
    await db.destroy();
    process.exit(0);
  }),
);
