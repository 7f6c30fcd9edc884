import Koa from 'koa';
import { citizenRoutes } from './citizen/citizen-routes.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { healthRoutes } from './http/health-routes.ts';
import { createMetrics, observe } from './http/metrics.ts';
import { handleErrors } from './http/problem.ts';
import { FeedbackStore } from './intake/feedback-store.ts';
import { intakeRoutes } from './intake/intake-routes.ts';
import { IntakeService } from './intake/intake-service.ts';
import type { Logger } from './log.ts';
import { ClientKeys, SaltStore } from './rate-limit/client-keys.ts';
import { createPostLimiter } from './rate-limit/rate-limit.ts';
import { SiteService } from './sites/site-service.ts';
import { SiteStore } from './sites/site-store.ts';

export interface AppDeps {
  config: Readonly<Config>;
  db: Db;
  log: Logger;
  clock?: Clock;
}

/** The composition root: stores, then services. Controllers get services, never stores. */
export function createServices({ config, db, log, clock = systemClock }: AppDeps) {
  const metrics = createMetrics();
  const sites = new SiteService(new SiteStore(db));
  const intake = new IntakeService(new FeedbackStore(db), config, metrics, clock);
  const clientKeys = new ClientKeys(new SaltStore(db), clock, log);
  const postLimiter = createPostLimiter(config, db, log);
  return { metrics, sites, intake, clientKeys, postLimiter };
}

export type Services = ReturnType<typeof createServices>;

export interface Fantdu {
  app: Koa;
  services: Services;
  /** Releases what the app holds besides the database (the Redis connection of the rate limiter). */
  close(): Promise<void>;
}

/** A Koa app that never listens: the entry point listens, tests call app.callback(). */
export function buildApp(deps: AppDeps): Fantdu {
  const { config, db, log } = deps;
  const services = createServices(deps);
  const app = new Koa({ proxy: config.trustProxy > 0, maxIpsCount: config.trustProxy });
  app.silent = true;
  app.on('error', (err: unknown, ctx?: Koa.Context) => log.error({ err, method: ctx?.method, route: (ctx as { _matchedRoute?: string })?._matchedRoute }, 'request failed'));

  let warnedAt = 0;
  app.on('unavailable', (err: unknown) => {
    if (Date.now() - warnedAt < 10_000) return;
    warnedAt = Date.now();
    log.warn({ err }, 'database unreachable: answering 503');
  });

  app.use(observe(services.metrics, log));
  app.use(handleErrors);
  app.use(async function securityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: a form posted from a no-referrer page carries `Origin: null`.
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  });
  for (const router of [
    healthRoutes(db, services.metrics),
    intakeRoutes({ config, ...services }),
    citizenRoutes(services.sites, config.publicUrl),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return { app, services, close: () => services.postLimiter.close() };
}
