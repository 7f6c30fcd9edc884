import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

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
    limitWindowsDropped: new Counter({
      name: 'fantdu_rate_limit_windows_dropped_total',
      help: 'Clients whose rate-limit window this process let go early, holding as many as it keeps',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    viewsCounted: new Counter({
      name: 'fantdu_views_counted_total',
      help: 'Page views counted, by site',
      labelNames: ['site'] as const,
      registers: [registry],
    }),
    viewsDropped: new Counter({
      name: 'fantdu_views_dropped_total',
      help: 'Page views not counted: too many distinct pages waiting to be written, or a write that kept failing',
      registers: [registry],
    }),
    viewsRateLimited: new Counter({
      name: 'fantdu_views_rate_limited_total',
      help: 'Page views refused by FANTDU_VIEW_LIMIT',
      registers: [registry],
    }),
    notificationsSent: new Counter({
      name: 'fantdu_notifications_sent_total',
      help: 'Mails and webhook posts delivered, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    notificationsFailed: new Counter({
      name: 'fantdu_notifications_failed_total',
      help: 'Failed attempts to deliver mails and webhook posts, by channel (each is retried with back-off)',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
