import Router from '@koa/router';
import type { TokenService } from '../accounts/token-service.ts';
import type { UserService } from '../accounts/user-service.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChangeService } from '../changes/change-service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { NotFound } from '../errors.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { ReportService } from '../reports/report-service.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { SsoService } from '../sso/sso-service.ts';
import type { TermsService } from '../terms/terms-service.ts';
import type { ThemeService } from '../themes/theme-service.ts';
import { accountPages } from './account-pages.ts';
import { changeActions } from './change-actions.ts';
import { feedbackActions } from './feedback-actions.ts';
import { notificationPages } from './notification-pages.ts';
import { pageSender, sendCss } from './render.ts';
import { reportPages } from './report-pages.ts';
import { ssoPages } from './sso-pages.ts';
import { themePages } from './theme-pages.ts';

export interface AdminDeps {
  config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'passwordLogin'>;
  /** Key material for the forms' CSRF tokens. */
  secret: string;
  clock: Clock;
  users: UserService;
  tokens: TokenService;
  clientKeys: ClientKeys;
  reports: ReportService;
  terms: TermsService;
  themes: ThemeService;
  changes: ChangeService;
  alerts: AlertService;
  notifications: NotificationService;
  audit: AuditLog;
  sites: SiteService;
  /** Single sign-on, when it is configured. */
  sso: SsoService | undefined;
}

/** /admin: the editors' pages, server-rendered HTML in bokmål, nynorsk or English that needs no JavaScript. */
export function adminRoutes(deps: AdminDeps): Router {
  const router = new Router();
  const send = pageSender(deps.secret, deps.config.passwordLogin === 'on');
  router.get('/admin/static/admin.css', sendCss);
  accountPages(router, deps, send);
  ssoPages(router, deps, send);
  reportPages(router, deps, send);
  feedbackActions(router, deps, send);
  themePages(router, deps, send);
  changeActions(router, deps);
  notificationPages(router, deps, send);
  router.all('/admin{/*rest}', () => {
    throw new NotFound('There is nothing at this address.');
  });
  return router;
}
