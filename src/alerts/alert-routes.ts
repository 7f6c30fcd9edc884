import Router from '@koa/router';
import { z } from 'zod';
import { siteInScope } from '../http/auth.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { day, parseInput } from '../reports/report-query.ts';
import { siteId } from '../values.ts';
import { alertList } from './alert-answers.ts';
import type { AlertService } from './alert-service.ts';

const alertsQuery = z.object({ from: day.optional(), to: day.optional() });

/** The alert route's description in GET /api/v1/openapi.json. */
export const alertApi: ApiRoute[] = [
  {
    operationId: 'listAlerts',
    method: 'get',
    path: '/api/v1/sites/:site/alerts',
    tag: 'Alerts',
    access: 'editor',
    summary: 'Pages that alerted on a day of the range',
    description:
      'At most 14 days; by default today. Each page once, as of the last day it alerted: its share of "no" over ' +
      'the 7 days up to it above that of the 28 days before, one-sided at p < 0.01, with at least 10 answers.',
    params: { site: siteId },
    query: alertsQuery,
    answers: {
      200: {
        description: 'The alerts.',
        content: json(alertList, {
          items: [
            {
              path: '/renovasjon/tommekalender/',
              kind: 'spike',
              at: '2026-11-20',
              recent: { yes: 4, no: 14, from: '2026-11-14', to: '2026-11-20' },
              baseline: { yes: 60, no: 12, from: '2026-10-17', to: '2026-11-13' },
              p: 0.00002,
            },
          ],
        }),
      },
    },
  },
];

/** Spike alerts of a site, for every reader of it. */
export function alertRoutes({ alerts }: { alerts: AlertService }): Router {
  const router = new Router({ prefix: '/api/v1/sites/:site' });
  router.get('/alerts', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = { items: await alerts.alerts(siteId, parseInput(alertsQuery, ctx.query)) };
  });
  return router;
}
