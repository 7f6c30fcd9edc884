// The ceiling with storage and nothing else: bare Koa + @koa/router + koa-body parsing the same JSON, storing each post
// through fantdu's FeedbackStore (group commit, the same table, indexes and report triggers) and answering 201 with its
// id once the batch has committed. None of fantdu's checks, scrubbing, rate limit, logging or metrics: what Koa and the
// database allow on this machine before fantdu's own code. On DATABASE_URL, else an embedded database in DATA_DIR.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import { createDb, migrate } from '../dist/src/db.js';
import { FeedbackStore } from '../dist/src/intake/feedback-store.js';

const db = createDb(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: process.env.DATA_DIR });
await migrate(db);
await db('sites').insert({ id: 'demo', name: 'Demo', origins: [] }).onConflict('id').ignore();
const store = new FeedbackStore(db);
const sameCommentWindowMs = 10 * 60 * 1000;

const app = new Koa();
const router = new Router();
router.post('/api/v1/feedback', koaBody({ jsonLimit: '16kb' }), async (ctx) => {
  const { site, url, found, comment } = ctx.request.body;
  const id = randomUUID();
  const now = new Date();
  await store.insert({
    id,
    siteId: site,
    path: new URL(url).pathname,
    found,
    comment: comment ?? null,
    redactions: [],
    lang: null,
    clientAddress: null,
    createdAt: now,
    sameCommentSince: new Date(now.getTime() - sameCommentWindowMs),
  });
  ctx.status = 201;
  ctx.body = { id };
});
app.use(router.routes());
const server = createServer(app.callback());
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => console.log('storing baseline listening'));
process.on('SIGTERM', () => server.close(() => db.destroy().then(() => process.exit(0))));
