import type { RequestListener } from 'node:http';
import Koa from 'koa';
import { adminRoutes } from './admin/admin-routes.ts';
import { citizenRoutes } from './citizen/citizen-routes.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { healthRoutes } from './http/health-routes.ts';
import { createMetrics, observe } from './http/metrics.ts';
import { handleErrors } from './http/problem.ts';
import { authenticate } from './http/auth.ts';
import { AccountService } from './accounts/account-service.ts';
import { AccountStore } from './accounts/account-store.ts';
import { AuditLog } from './audit/audit-log.ts';
import { ReportReadModel } from './reports/report-read-model.ts';
import { reportRoutes } from './reports/report-routes.ts';
import { ReportService } from './reports/report-service.ts';
import { RetentionService } from './privacy/retention.ts';
import { FeedbackStore } from './intake/feedback-store.ts';
import { intakeRoutes } from './intake/intake-routes.ts';
import { IntakeService } from './intake/intake-service.ts';
import { IntakeCors } from './intake/cors.ts';
import { createPostLimit, limitPosts } from './intake/post-limit.ts';
import type { Logger } from './log.ts';
import { ClientKeys, SaltStore } from './rate-limit/client-keys.ts';
import { createLimiters } from './rate-limit/rate-limit.ts';
import { SiteService } from './sites/site-service.ts';
import { SiteStore } from './sites/site-store.ts';

export interface AppDeps {
  config: Readonly<Config>;
  db: Db;
  log: Logger;
  /** FANTDU_SECRET, or the one kept in the database (see loadSecret). */
  secret: string;
  clock?: Clock;
}

/** The composition root: stores, then services. Controllers get services, never stores. */
export function createServices({ config, db, log, secret, clock = systemClock }: AppDeps) {
  const metrics = createMetrics();
  const feedbackStore = new FeedbackStore(db);
  const audit = new AuditLog(db, clock);
  const sites = new SiteService(new SiteStore(db));
  const intake = new IntakeService(feedbackStore, config, metrics, clock);
  const clientKeys = new ClientKeys(new SaltStore(db), clock, log);
  const limiters = createLimiters(config, db, log);
  const accounts = new AccountService(new AccountStore(db), sites, audit, secret, clock, limiters);
  const reports = new ReportService(new ReportReadModel(db), feedbackStore, audit, clock);
  const retention = new RetentionService(db, config, clock);
  const cors = new IntakeCors(config, sites);
  const postLimit = createPostLimit({ config, limiters, clientKeys, log });
  return { metrics, audit, sites, intake, cors, clientKeys, limiters, postLimit, accounts, reports, retention };
}

export type Services = ReturnType<typeof createServices>;

export interface Fantdu {
  app: Koa;
  /** The request listener: posts over the rate limit are refused before they reach the app. */
  callback: RequestListener;
  services: Services;
  /** Releases what the app holds besides the database (the Redis connection of the rate limiter). */
  close(): Promise<void>;
}

/** A Koa app that never listens: the entry point listens, tests call the callback. */
export function buildApp(deps: AppDeps): Fantdu {
  const { config, db, log } = deps;
  const services = createServices(deps);
  const app = new Koa({ proxy: config.trustProxy > 0, maxIpsCount: config.trustProxy });
  app.silent = true;
  app.on('error', (err: unknown, ctx?: Koa.Context) => log.error({ err, method: ctx?.method, route: (ctx as { _matchedRoute?: string })?._matchedRoute }, 'request failed'));

  // A request the database refused (a value past our checks): the client's error, logged without the value.
  app.on('refused', (err: { code?: string }, ctx?: Koa.Context) => log.warn({ code: err.code, method: ctx?.method, route: (ctx as { _matchedRoute?: string })?._matchedRoute }, 'request refused by the database'));

  let warnedAt = 0;
  app.on('unavailable', (err: unknown) => {
    if (Date.now() - warnedAt < 10_000) return;
    warnedAt = Date.now();
    log.warn({ err }, 'database unreachable: answering 503');
  });

  app.use(observe(services.metrics, log));
  app.use(handleErrors);
  app.use(authenticate(services.accounts, config.publicUrl));
  app.use(async function securityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: a form posted from a no-referrer page carries `Origin: null`.
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  });
  // The intake first: it is where the traffic is.
  for (const router of [
    intakeRoutes(services),
    healthRoutes(db, services.metrics, config),
    reportRoutes(services.reports, services.audit),
    adminRoutes({ config, clock: deps.clock, ...services }),
    citizenRoutes(services.sites, config),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return { app, callback: limitPosts({ config, log, ...services }, app.callback()), services, close: () => services.limiters.close() };
}
