import Router from '@koa/router';
import { z } from 'zod';
import { siteInScope } from '../http/auth.ts';
import { day, parseInput } from '../reports/report-query.ts';
import type { AlertService } from './alert-service.ts';

const alertsQuery = z.object({ from: day.optional(), to: day.optional() });

/** Spike alerts of a site, for every reader of it. */
export function alertRoutes({ alerts }: { alerts: AlertService }): Router {
  const router = new Router({ prefix: '/api/v1/sites/:site' });
  router.get('/alerts', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = { items: await alerts.alerts(siteId, parseInput(alertsQuery, ctx.query)) };
  });
  return router;
}
