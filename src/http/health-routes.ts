import Router from '@koa/router';
import type { Db } from '../db.ts';
import type { Metrics } from './metrics.ts';

/** Liveness, readiness (the database answers within a second) and Prometheus metrics. */
export function healthRoutes(db: Db, metrics: Metrics): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await Promise.race([
      db.raw('select 1').then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(resolve, 1000, false).unref()),
    ]);
    ctx.status = ready ? 200 : 503;
    if (!ready) ctx.set('Retry-After', '5');
    ctx.body = { status: ready ? 'ready' : 'database unreachable' };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
