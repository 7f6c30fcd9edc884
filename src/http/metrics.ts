import type { Context, Next } from 'koa';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

/**
 * The citizens' posts (answers and page views) are the traffic: thousands a second at their peak, each counted and
 * timed in the metrics. A line each costs a good part of the time a page view takes, so those that succeed are logged
 * at debug; their failures, and every other request, at info.
 */
const trafficRoutes = new Set(['/api/v1/feedback', '/api/v1/views']);

/** Counts, times and logs every request by its route pattern; the query string is never logged. */
export function observe(metrics: Metrics, log: Logger) {
  // One child per label set, made once: incrementing it needs no hashing of labels on every request.
  const counters = new Map<string, ReturnType<Metrics['requests']['labels']>>();
  const timers = new Map<string, ReturnType<Metrics['duration']['labels']>>();
  const counterOf = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = metrics.requests.labels({ method, route, status });
      counters.set(key, counter);
    }
    return counter;
  };
  const timerOf = (route: string) => {
    let timer = timers.get(route);
    if (!timer) {
      timer = metrics.duration.labels({ route });
      timers.set(route, timer);
    }
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
      const level = ctx.status < 400 && trafficRoutes.has(route) ? 'debug' : 'info';
      log[level]({ method: ctx.method, route, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
    }
  };
}
