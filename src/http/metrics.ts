import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.ts';

/** Prometheus metrics of one app. Labels carry routes, statuses, sites and kinds: never a value someone typed. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fantdu_' });
  return {
    registry,
    requests: new Counter({
      name: 'fantdu_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'fantdu_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    feedbackStored: new Counter({
      name: 'fantdu_feedback_stored_total',
      help: 'Feedback stored, by site',
      labelNames: ['site'] as const,
      registers: [registry],
    }),
    removals: new Counter({
      name: 'fantdu_scrub_removals_total',
      help: 'Personal data removed from comments, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'fantdu_rate_limited_total',
      help: 'Posts refused by the rate limit',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Counts, times and logs every request by its route pattern; the query string is never logged. */
export function observe(metrics: Metrics, log: Logger) {
  // One child per label set, made once: incrementing it needs no hashing of labels on every request.
  const counters = new Map<string, ReturnType<Metrics['requests']['labels']>>();
  const timers = new Map<string, ReturnType<Metrics['duration']['labels']>>();
  const counterOf = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let counter = counters.get(key);
    if (!counter) counters.set(key, (counter = metrics.requests.labels({ method, route, status })));
    return counter;
  };
  const timerOf = (route: string) => {
    let timer = timers.get(route);
    if (!timer) timers.set(route, (timer = metrics.duration.labels({ route })));
    return timer;
  };
  return async function observeRequest(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      counterOf(ctx.method, route, String(ctx.status)).inc();
      timerOf(route).observe(seconds);
      log.info({ method: ctx.method, route, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
    }
  };
}
