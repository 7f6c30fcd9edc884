import Router from '@koa/router';
import type { AccountService } from '../accounts/account-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { Problem } from '../http/problem.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { ReportService } from '../reports/report-service.ts';
import type { SiteService } from '../sites/site-service.ts';
import { accountPages } from './account-pages.ts';
import { adminHeaders, pageSender, renderErrors, sendCss } from './admin-http.ts';
import { feedbackActions } from './feedback-actions.ts';
import { reportPages } from './report-pages.ts';

export interface AdminDeps {
  config: Pick<Config, 'publicUrl'>;
  clock?: Clock | undefined;
  accounts: AccountService;
  clientKeys: ClientKeys;
  reports: ReportService;
  audit: AuditLog;
  sites: SiteService;
}

/** /admin: the editors' pages, server-rendered HTML in bokmål that needs no JavaScript. */
export function adminRoutes(deps: AdminDeps): Router {
  const router = new Router();
  const send = pageSender(deps.accounts);
  const withClock = { ...deps, clock: deps.clock ?? systemClock };
  router.use(adminHeaders, renderErrors(send));
  router.get('/admin/static/admin.css', sendCss);
  accountPages(router, withClock, send);
  reportPages(router, withClock, send);
  feedbackActions(router, withClock, send);
  router.all('/admin{/*rest}', () => {
    throw new Problem(404, 'There is nothing at this address.');
  });
  return router;
}
