import { LoginThrottle } from './accounts/login-throttle.ts';
import { ThrottleStore } from './accounts/throttle-store.ts';
import { TokenService } from './accounts/token-service.ts';
import { TokenStore } from './accounts/token-store.ts';
import { UserService } from './accounts/user-service.ts';
import { UserStore } from './accounts/user-store.ts';
import { AlertReadModel } from './alerts/alert-read-model.ts';
import { AlertService } from './alerts/alert-service.ts';
import { AuditLog } from './audit/audit-log.ts';
import { AuditStore } from './audit/audit-store.ts';
import { ChangeService } from './changes/change-service.ts';
import { ChangeStore } from './changes/change-store.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { IntakeCors } from './intake/cors.ts';
import { FeedbackStore } from './intake/feedback-store.ts';
import { ImportService } from './intake/import.ts';
import { IntakeService } from './intake/intake-service.ts';
import { feedbackPath, PostLimit, tooManyPostsText, tooManyViewsText, viewsPath } from './intake/post-limit.ts';
import type { Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { NoticeReadModel } from './notifications/notice-read-model.ts';
import { NotificationService } from './notifications/notification-service.ts';
import { Notifier } from './notifications/notifier.ts';
import { OutboxStore } from './notifications/outbox-store.ts';
import { WatchStore } from './notifications/watch-store.ts';
import { WebhookService } from './notifications/webhook-service.ts';
import { WebhookStore } from './notifications/webhook-store.ts';
import { CommentStore } from './privacy/comment-store.ts';
import { RescrubService } from './privacy/rescrub.ts';
import { RetentionService } from './privacy/retention.ts';
import { StatementService } from './privacy/statement-service.ts';
import { ClientKeys } from './rate-limit/client-keys.ts';
import { createLimiters } from './rate-limit/rate-limit.ts';
import { SaltStore } from './rate-limit/salt-store.ts';
import { CountFolding } from './reports/count-fold.ts';
import { ReportReadModel } from './reports/report-read-model.ts';
import { ReportService } from './reports/report-service.ts';
import { SiteService } from './sites/site-service.ts';
import { SiteStore } from './sites/site-store.ts';
import { GrantService } from './sso/grant-service.ts';
import { GrantStore } from './sso/grant-store.ts';
import { singleSignOn } from './sso/sso-service.ts';
import { SystemStore } from './system/system-store.ts';
import { TermsReadModel } from './terms/terms-read-model.ts';
import { TermsService } from './terms/terms-service.ts';
import { Suggester } from './themes/suggester.ts';
import { ThemeService } from './themes/theme-service.ts';
import { ThemeStore } from './themes/theme-store.ts';
import { ViewCounter } from './views/view-counter.ts';
import { ViewStore } from './views/view-store.ts';

/**
 * The composition root, in two steps: the stores (all SQL, and the rate-limit counters in their configured store),
 * then the services made from them. The server, the CLI and the tests all build fantdu this way; nothing else calls
 * `new` on a store, read model or service.
 */
export function createStores(db: Db, config: Config, clock: Clock, log: Logger) {
  const counts = new CountFolding(db, log);
  return {
    feedback: new FeedbackStore(db),
    reports: new ReportReadModel(db, counts),
    terms: new TermsReadModel(db, counts),
    changes: new ChangeStore(db),
    alerts: new AlertReadModel(db, counts),
    watches: new WatchStore(db),
    notices: new NoticeReadModel(db, counts),
    outbox: new OutboxStore(db),
    webhooks: new WebhookStore(db),
    themes: new ThemeStore(db),
    sites: new SiteStore(db),
    users: new UserStore(db),
    tokens: new TokenStore(db),
    grants: new GrantStore(db),
    throttle: new ThrottleStore(db),
    audit: new AuditStore(db, clock),
    salts: new SaltStore(db),
    views: new ViewStore(db),
    comments: new CommentStore(db),
    system: new SystemStore(db),
    limits: createLimiters(config, db, log),
    counts,
  };
}

export type Stores = ReturnType<typeof createStores>;

export interface ServiceDeps {
  stores: Stores;
  config: Readonly<Config>;
  clock: Clock;
  log: Logger;
}

export function createServices({ stores, config, clock, log }: ServiceDeps) {
  const metrics = createMetrics();
  const audit = new AuditLog(stores.audit);
  const sites = new SiteService(stores.sites, audit, clock);
  const clientKeys = new ClientKeys(stores.salts, clock, log);
  // A client gets 100 wrong passwords a day, whichever accounts they are for.
  const dropped = (limit: string) => metrics.limitWindowsDropped.labels(limit);
  const loginsByClient = stores.limits.create({
    keyPrefix: 'login-client',
    points: 100,
    duration: 86_400,
    dropped: dropped('login-client'),
  });
  const throttle = new LoginThrottle(stores.throttle, loginsByClient, clock);
  // And 100 codes an hour from the identity provider that sign no one in (its own count: wrong passwords from the
  // same address do not stop single sign-on).
  const ssoRedeemsByClient = stores.limits.create({
    keyPrefix: 'sso-client',
    points: 100,
    duration: 3600,
    dropped: dropped('sso-client'),
  });
  const posts = stores.limits.create({
    keyPrefix: 'post',
    points: config.rateLimit.points,
    duration: config.rateLimit.seconds,
    dropped: dropped('post'),
  });
  const viewsByClient = stores.limits.create({
    keyPrefix: 'view',
    points: config.viewLimit.points,
    duration: config.viewLimit.seconds,
    dropped: dropped('view'),
  });
  const suggester = new Suggester(stores.themes, log);
  const views = new ViewCounter(stores.views, clock, metrics, log);
  const alerts = new AlertService(stores.alerts, clock);
  const changes = new ChangeService(stores.changes, audit, clock);
  /** FANTDU_SECRET, or else the one kept in the database (made by the first instance that asks). */
  const secret = () => (config.secret ? Promise.resolve(config.secret) : stores.system.secret());
  const users = new UserService(stores.users, sites, throttle, audit, clock);
  return {
    metrics,
    audit,
    suggester,
    sites,
    clientKeys,
    users,
    grants: new GrantService(stores.grants, sites, audit, clock),
    /** Single sign-on with OpenID Connect; undefined unless FANTDU_OIDC_ISSUER is set. */
    sso: singleSignOn(config, stores.grants, users, ssoRedeemsByClient, log),
    tokens: new TokenService(stores.tokens, sites, audit, clock),
    intake: new IntakeService(stores.feedback, suggester, config, metrics, clock),
    import: new ImportService(stores.feedback, sites, suggester, audit, config, clock),
    postLimit: new PostLimit(
      { path: feedbackPath, tooMany: tooManyPostsText, refused: metrics.rateLimited },
      posts,
      clientKeys,
      config.trustProxy,
      log,
    ),
    viewLimit: new PostLimit(
      { path: viewsPath, tooMany: tooManyViewsText, refused: metrics.viewsRateLimited },
      viewsByClient,
      clientKeys,
      config.trustProxy,
      log,
    ),
    views,
    /** Folds the answers the intake noted into the counts per page and term, every few seconds (reads fold first). */
    counts: stores.counts,
    cors: new IntakeCors(config, sites),
    reports: new ReportService(stores.reports, stores.feedback, audit, stores.changes, clock),
    terms: new TermsService(stores.terms, clock),
    themes: new ThemeService(stores.themes, suggester, audit),
    changes,
    alerts,
    notifications: new NotificationService(stores.watches, audit, clock),
    webhooks: new WebhookService(stores.webhooks, sites, audit, clock),
    notifier: new Notifier({
      outbox: stores.outbox,
      webhooks: stores.webhooks,
      notices: stores.notices,
      reports: stores.reports,
      system: stores.system,
      alerts,
      changes,
      sites,
      config,
      secret,
      metrics,
      clock,
      log,
    }),
    retention: new RetentionService(stores, config, clock, suggester),
    rescrub: new RescrubService(stores, audit),
    statements: new StatementService(sites, config),
    /** Whether the database answers within a second. */
    ready: () => stores.system.ping(1000),
    secret,
    /**
     * Whether the shared rate-limit store (Redis) is connected within `timeoutMs` (in-memory limits serve meanwhile).
     */
    limitStoreReady: (timeoutMs: number) => stores.limits.ready(timeoutMs),
    /**
     * Writes the page views held in memory and releases what the services hold besides the database (the rate
     * limiter's Redis connection); called before the database closes.
     */
    close: async () => {
      await views.stop();
      await stores.counts.stop();
      await suggester.stop();
      await stores.limits.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
