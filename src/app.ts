import type { RequestListener } from 'node:http';
import Koa from 'koa';
import { adminRoutes } from './admin/admin-routes.ts';
import { adminErrorPages } from './admin/render.ts';
import { alertApi, alertRoutes } from './alerts/alert-routes.ts';
import { changeApi, changeRoutes } from './changes/change-routes.ts';
import { citizenRoutes } from './citizen/citizen-routes.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { authenticate } from './http/auth.ts';
import { healthRoutes } from './http/health-routes.ts';
import { observe } from './http/metrics.ts';
import { type ApiRoute, openApiApi, openApiDocument, openApiRoutes } from './http/openapi.ts';
import { handleErrors } from './http/problem.ts';
import { intakeApi, intakeRoutes, limitPosts, storePostsFirst } from './intake/intake-routes.ts';
import type { Logger } from './log.ts';
import { notificationApi, notificationRoutes } from './notifications/notification-routes.ts';
import { reportApi, reportRoutes } from './reports/report-routes.ts';
import type { Services } from './services.ts';
import { themeApi, themeRoutes } from './themes/theme-routes.ts';
import { countViewsFirst, viewApi, viewRoutes } from './views/view-routes.ts';

export interface AppDeps {
  config: Readonly<Config>;
  log: Logger;
  services: Services;
  /** FANTDU_SECRET, or the one kept in the database: key material for the forms' CSRF tokens. */
  secret: string;
  clock: Clock;
}

export interface Fantdu {
  app: Koa;
  /** The request listener: posts and views over their rate limits are refused before they reach the app. */
  callback: RequestListener;
  services: Services;
}

const goneCodes = new Set([
  'ERR_HTTP_REQUEST_TIMEOUT',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const clientGone = (err: unknown) => goneCodes.has(String((err as { code?: unknown } | undefined)?.code));

/** Every /api/v1 route, described: GET /api/v1/openapi.json is made of these (a test holds them to the routers). */
export const apiRoutes: readonly ApiRoute[] = [
  ...intakeApi,
  ...viewApi,
  ...reportApi,
  ...themeApi,
  ...changeApi,
  ...alertApi,
  ...notificationApi,
  ...openApiApi,
];

/** What a failure reported to the app tells of its request: a Koa context, or what a path before Koa gives. */
type Reported = Pick<Koa.Context, 'method'> & { _matchedRoute?: string };

const routeOf = (ctx?: Reported) => ctx?._matchedRoute;

/** The Koa app of the services: it never listens (the entry point does; tests call the callback). */
export function buildApp({ config, log, services, secret, clock }: AppDeps): Fantdu {
  const app = new Koa({ proxy: config.trustProxy > 0, maxIpsCount: config.trustProxy });
  app.silent = true;
  app.on('error', (err: unknown, ctx?: Reported) => {
    // A client that went away or was cut off for being slow is not our failure, and a flood of them must not page
    // anyone.
    if (clientGone(err))
      return log.debug({ code: (err as { code?: string }).code, route: routeOf(ctx) }, 'client gone');
    log.error({ err, method: ctx?.method, route: routeOf(ctx) }, 'request failed');
  });
  // A request the database refused (a value past our checks, or a statement it cancelled for time: 57014), logged
  // with its SQLSTATE and without the value.
  app.on('refused', (err: { code?: string }, ctx?: Reported) =>
    log.warn({ code: err.code, method: ctx?.method, route: routeOf(ctx) }, 'request refused by the database'),
  );
  let warnedAt = 0;
  app.on('unavailable', (err: unknown) => {
    if (Date.now() - warnedAt < 10_000) return;
    warnedAt = Date.now();
    log.warn({ err }, 'database unreachable: answering 503');
  });

  app.use(observe(services.metrics, log));
  app.use(handleErrors(adminErrorPages(secret, config.passwordLogin === 'on')));
  app.use(authenticate(services, config.publicUrl));
  app.use(async function securityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: a form posted from a no-referrer page carries `Origin: null`.
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  });
  // The intake first: it is where the traffic is.
  for (const router of [
    intakeRoutes(services),
    viewRoutes(services),
    healthRoutes(services, config),
    reportRoutes(services),
    themeRoutes(services),
    changeRoutes(services),
    alertRoutes(services),
    notificationRoutes(services),
    openApiRoutes(() => openApiDocument(apiRoutes, config.publicUrl)),
    adminRoutes({ ...services, config, secret, clock }),
    citizenRoutes(services.sites, services.statements, config.publicUrl),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  const limits = [services.postLimit, services.viewLimit];
  const trustProxy = config.trustProxy;
  const callback = storePostsFirst(
    { ...services, log, trustProxy, app },
    countViewsFirst({ ...services, metrics: services.metrics }, app.callback()),
  );
  return { app, callback: limitPosts({ ...services, limits, log }, callback), services };
}
