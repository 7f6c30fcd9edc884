import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../config.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { isLoopback } from '../privacy/ip.ts';

const sameSecret = (given: string, expected: string) => {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * /metrics is for the operator: clients on this machine (the address after FANTDU_TRUST_PROXY's hops, so a proxy on
 * the same machine does not open it to everyone), and others only with `Authorization: Bearer FANTDU_METRICS_TOKEN`.
 */
function mayReadMetrics(ctx: Context, token: string | undefined): void {
  if (isLoopback(ctx.ip)) return;
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1];
  if (token && bearer && sameSecret(bearer, token)) return;
  if (!token)
    throw new Forbidden(
      'Metrics are answered only on this machine (set FANTDU_METRICS_TOKEN to read them from elsewhere).',
    );
  ctx.set('WWW-Authenticate', 'Bearer realm="fantdu metrics"');
  throw new Unauthenticated('Send FANTDU_METRICS_TOKEN as "Authorization: Bearer <token>" to read the metrics.');
}

/** Liveness, readiness (the database answers within a second) and Prometheus metrics. */
export function healthRoutes(
  { metrics, ready }: { metrics: Metrics; ready: () => Promise<boolean> },
  config: Pick<Config, 'metricsToken'>,
): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const up = await ready();
    ctx.status = up ? 200 : 503;
    if (!up) ctx.set('Retry-After', '5');
    ctx.body = { status: up ? 'ready' : 'database unreachable' };
  });
  router.get('/metrics', async (ctx) => {
    mayReadMetrics(ctx, config.metricsToken);
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
